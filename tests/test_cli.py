"""The command line: folders, pipes, --explain, site choice, errors and exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

# The shared data moved to tests/data.py; re-exported here only so that branches still
# importing it from test_cli keep working until they are merged. New tests: import tests.data.
from .data import ARTICLE, BODY, CLEAN, EXAMPLE_SITE_PACK, pack_text  # noqa: F401

runner = CliRunner()


def run(*args: str, stdin: str | bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_stdin_to_stdout() -> None:
    result = run("clean", stdin=ARTICLE)
    assert result.exit_code == 0, result.output
    assert result.stdout == CLEAN


def test_folder_is_mirrored_and_summarised(tmp_path: Path) -> None:
    src = tmp_path / "crawl"
    (src / "a" / "b").mkdir(parents=True)
    (src / "a" / "b" / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "two.txt").write_text("Just content.\n", encoding="utf-8")
    (src / "skip.md").write_text("not picked", encoding="utf-8")
    out = tmp_path / "clean"
    result = run("clean", str(src), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "a" / "b" / "one.txt").read_text(encoding="utf-8") == CLEAN
    assert (out / "two.txt").read_text(encoding="utf-8") == "Just content.\n"
    assert not (out / "skip.md").exists()
    assert "documents  2 cleaned, 0 failed" in result.stderr
    assert "lines removed  3" in result.stderr and "top rules  " in result.stderr
    assert (src / "a" / "b" / "one.txt").read_text(encoding="utf-8") == ARTICLE  # input intact


def test_glob_picks_other_names(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(ARTICLE, encoding="utf-8")
    result = run("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--glob", "*.md")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == CLEAN


def test_outdir_inside_input_is_not_walked(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    first = run("clean", str(tmp_path), "-o", str(tmp_path / "out"))
    second = run("clean", str(tmp_path), "-o", str(tmp_path / "out"))
    assert first.exit_code == second.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").rglob("*") if not p.name.startswith(".")) == ["a.txt"]


def test_output_onto_input_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("clean", str(tmp_path), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "would overwrite an input" in result.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == ARTICLE


def test_explain_names_path_line_rule_and_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run("clean", str(path), "--explain")
    assert result.exit_code == 0
    assert result.stdout == CLEAN
    lines = result.stderr.splitlines()
    assert f'{path}:3: ad-marker: "Advertisment"' in lines, lines
    assert any(line.startswith(f"{path}:5: ") and '"Also read: Markets rally as oil falls"' in line
               for line in lines), lines
    assert any(line.startswith(f"{path}:11: ") for line in lines), lines


def test_missing_and_binary_inputs_fail_alone(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    out = tmp_path / "out"
    result = run("clean", str(src), str(tmp_path / "nope.txt"), "-o", str(out))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("cleaner:")]
    assert f"cleaner: {tmp_path / 'nope.txt'}: no such file or folder (check the path)" in errors
    assert any(str(src / "image.txt") in e and "binary file (a PNG image)" in e for e in errors)
    assert "Traceback" not in result.output
    assert (out / "good.txt").read_text(encoding="utf-8") == CLEAN
    assert not (out / "image.txt").exists()


def test_broken_pack_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    bad = Path(__file__).parent / "packs" / "broken" / "bad-regex.yaml"
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--rules", str(bad))
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("rule also-read-x: bad regex: missing ), unterminated "
                                          "subpattern at position 0")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_unknown_site_and_usage_errors() -> None:
    result = run("clean", "--site", "nowhere.example", stdin="x")
    assert result.exit_code == 2 and "unknown site 'nowhere.example'" in result.stderr
    result = run("clean", "a.txt", "b.txt")
    assert result.exit_code == 2 and "-o OUTDIR" in result.stderr


def test_extra_pack_and_no_default(tmp_path: Path, write_pack) -> None:
    pack = write_pack("mine.yaml", pack_text("extra"))
    text = "Body.\n\nAdvertisement\n\nCopyright Example News\n"
    both = run("clean", "--rules", str(pack), stdin=text)
    assert both.stdout == "Body.\n"
    only = run("clean", "--rules", str(pack), "--no-default", stdin=text)
    assert only.stdout == "Body.\n\nAdvertisement\n"


def test_site_pack_chosen_by_flag_and_by_folder(tmp_path: Path, write_pack) -> None:
    pack = write_pack("example.com.yaml", EXAMPLE_SITE_PACK)
    text = "Body.\n\nEXN desk 24x7\n"
    assert run("clean", "--rules", str(pack), stdin=text).stdout == text
    assert run("clean", "--rules", str(pack), "--site", "www.example.com",
               stdin=text).stdout == "Body.\n"
    folder = tmp_path / "crawl" / "news.example.com"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(text, encoding="utf-8")
    result = run("clean", str(tmp_path / "crawl"), "-o", str(tmp_path / "out"), "--rules", str(pack))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "news.example.com" / "a.txt").read_text() == "Body.\n"


def test_rules_list_and_check() -> None:
    listed = run("rules", "list")
    assert listed.exit_code == 0 and "ad-marker" in listed.stdout
    checked = run("rules", "check")
    assert checked.exit_code == 0, checked.stderr
    assert checked.stderr.startswith("ok: ")


def _check_fixture(tmp_path: Path, name: str) -> tuple[Path, str]:
    """A copy of fixture pack `name` and what `rules check --no-default` says of it (it passes)."""
    pack = tmp_path / f"{name}.yaml"
    pack.write_text(pack_text(name), encoding="utf-8")
    result = run("rules", "check", "--no-default", str(pack))
    assert result.exit_code == 0, result.stderr
    return pack, result.stderr


def test_rules_check_names_each_rules_engine(tmp_path: Path) -> None:
    """A pattern RE2 cannot screen (a conditional group) is named; --engines lists them all."""
    pack, said = _check_fixture(tmp_path, "no-re2-form")
    assert "cond-ad: re only, on every line (no RE2 form)" in said
    assert "promo: " not in said
    assert "patterns: 1 re only, on every line (no RE2 form), 1 re2 screen, widened" in said
    listed = run("rules", "check", "--engines", "--no-default", str(pack))
    assert "promo: re2 screen, widened" in listed.stderr


def test_rules_check_names_a_rule_whose_screen_passes_plain_prose(tmp_path: Path) -> None:
    """Look-aheads inside an alternation leave RE2 a screen every sentence passes: the rule
    still works, but re runs on every line, and `rules check` says so (the same note with its
    look-aheads outside the alternation is screened and not named)."""
    said = _check_fixture(tmp_path, "loose-screen")[1]
    assert "affiliate-note: re2 screen passes plain prose: re runs on most lines" in said
    assert "affiliate-sharp:" not in said
    assert "1 re2 screen passes plain prose" in said and "1 re2 screen, widened" in said


def test_rules_check_fails_on_a_failing_example() -> None:
    path = Path(__file__).parent / "packs" / "broken" / "failing-example.yaml"
    result = run("rules", "check", "--no-default", str(path))
    assert result.exit_code == 1
    assert "rule greedy-ad: fires on the keep example" in result.stderr


def test_real_pipe_and_python_m(tmp_path: Path) -> None:
    """`cat a.txt | cleaner clean | wc -w` through real processes, and `python -m cleaner`."""
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    pipe = subprocess.run(f'cat "{path}" | "{sys.executable}" -m cleaner clean | wc -w',
                          shell=True, capture_output=True, text=True, check=True)
    assert int(pipe.stdout.strip()) == len(CLEAN.split())
    assert pipe.stderr == ""
    version = subprocess.run([sys.executable, "-m", "cleaner", "--version"],
                             capture_output=True, text=True, check=True)
    assert version.stdout.startswith("cleaner ")


@pytest.mark.parametrize("args", [["clean", "-"], ["clean"]])
def test_dash_and_no_argument_read_stdin(args: list[str]) -> None:
    assert run(*args, stdin=ARTICLE).stdout == CLEAN
