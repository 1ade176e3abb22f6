"""What a new user meets: the READMEs' packs, help, messages, diff, quarantine names, the Python
API, the summary, and a `make demo` that installs only what the demo needs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cleaner import CleanerError, load_library, sizes
from cleaner.cli import app

from .conftest import ROOT
from .corpusgen import SITES, generate
from .data import ARTICLE, CLEAN, pack_text

runner = CliRunner()

_YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)
READMES = sorted([*ROOT.glob("README*.md"), *ROOT.glob("*/README*.md")])


def _readme_packs() -> list[tuple[str, str]]:
    """(where, text) of every ```yaml block in the READMEs that is a pack (a mapping with rules)."""
    found = []
    for path in READMES:
        text = path.read_text(encoding="utf-8")
        for m in _YAML_BLOCK.finditer(text):
            data = yaml.safe_load(m.group(1))
            if isinstance(data, dict) and "rules" in data:
                line = text.count("\n", 0, m.start()) + 1
                found.append((f"{path.relative_to(ROOT)}:{line}", m.group(1)))
    return found


def test_the_readmes_show_packs() -> None:
    where = {w.split(":")[0] for w, _ in _readme_packs()}
    assert {"README.md", "rules/README.md"} <= where


@pytest.mark.parametrize(("where", "text"), _readme_packs(), ids=[w for w, _ in _readme_packs()])
def test_every_readme_pack_passes_rules_check(where: str, text: str, tmp_path: Path) -> None:
    pack = tmp_path / "example-news.com.yaml"
    pack.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["rules", "check", str(pack)])
    assert result.exit_code == 0, f"{where}: {result.stderr}"
    assert "ok: 1 pack(s)" in result.stderr


def test_suggest_does_not_overwrite_a_pack_without_force(tmp_path: Path) -> None:
    site = next(iter(SITES))
    corpus = tmp_path / "corpus" / site
    corpus.mkdir(parents=True)
    for i, article in enumerate(generate(site, 120, 5, SITES[site])):
        (corpus / f"{i}.txt").write_text(article.text, encoding="utf-8")
    pack = tmp_path / "mine.yaml"
    pack.write_text("# hand-edited\nrules: []\n", encoding="utf-8")
    refused = runner.invoke(app, ["suggest", str(corpus), "-o", str(pack)])
    assert refused.exit_code == 2 and "already exists" in refused.stderr and "--force" in refused.stderr
    assert pack.read_text(encoding="utf-8") == "# hand-edited\nrules: []\n"
    forced = runner.invoke(app, ["suggest", str(corpus), "-o", str(pack), "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert "rules:" in pack.read_text(encoding="utf-8") and "hand-edited" not in pack.read_text()
    folder = tmp_path / "packs"
    assert runner.invoke(app, ["suggest", str(corpus), "-o", str(folder)]).exit_code == 0
    (written,) = folder.glob("*.yaml")
    written.write_text("# mine\n", encoding="utf-8")
    again = runner.invoke(app, ["suggest", str(corpus), "-o", str(folder)])
    assert again.exit_code == 2 and written.name in again.stderr and written.read_text() == "# mine\n"


def _help(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"})
    assert result.exit_code == 0
    return result.stdout


def test_help_lists_choices_and_no_bool_beside_flags() -> None:
    text = _help("clean")
    assert "<bool>" not in text and "--explain" in text
    assert "<auto|txt|jsonl>" in text and "<local|ray>" in text and "<clean|original|skip>" in text
    assert "<auto|text|html|jsonl>" in text
    check = _help("rules", "check")
    assert "--rules" not in check and "<bool>" not in check
    assert "--install-completion" in _help()


def test_a_bad_choice_names_the_choices() -> None:
    result = runner.invoke(app, ["clean", "--format", "xml"], input="text\n")
    assert result.exit_code == 2 and "xml" in result.output and "jsonl" in result.output
    upper = runner.invoke(app, ["clean", "--format", "JSONL", "--input-format", "text"], input=ARTICLE)
    assert upper.exit_code == 0 and upper.stdout.startswith('{"id": "<stdin>"')


@pytest.mark.parametrize(("size", "shown"), [(0, "0 B"), (612, "612 B"), (1_000, "1 kB"),
                                             (1_500, "1.5 kB"), (50_000_000, "50 MB"),
                                             (999_999, "1 MB"), (2_340_000_000, "2.3 GB")])
def test_human_sizes(size: int, shown: str) -> None:
    assert sizes.human(size) == shown


def test_sizes_that_round_alike_are_shown_exactly() -> None:
    assert sizes.over_limit(50_000_001, 50_000_000) == ("50,000,001 B", "50,000,000 B")
    assert sizes.over_limit(612, 600) == ("612 B", "600 B")


def test_max_bytes_message_has_human_sizes(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_bytes(b"x" * 611 + b"\n")
    result = runner.invoke(app, ["clean", str(src), "--max-bytes", "600"])
    assert result.exit_code == 1
    assert "612 B is over the --max-bytes limit of 600 B" in result.stderr


MOJIBAKE = "Paris bakery plans.\n\nThe owners donâ€™t like the cafÃ© plan.\n\nAdvertisement\n"


def test_diff_shows_ftfy_repairs(tmp_path: Path) -> None:
    src = tmp_path / "m.txt"
    src.write_text(MOJIBAKE, encoding="utf-8")
    lines = runner.invoke(app, ["diff", str(src), "--no-color"]).stdout.splitlines()
    assert "-The owners donâ€™t like the cafÃ© plan." in lines
    assert "+The owners don’t like the café plan.    [ftfy]" in lines
    assert "-Advertisement    [ad-marker]" in lines and " Paris bakery plans." in lines


def test_diff_reads_stdin_and_labels_html_line_numbers() -> None:
    text = runner.invoke(app, ["diff", "-"], input=ARTICLE)
    assert text.exit_code == 0 and text.stdout.startswith("--- <stdin>\n")
    assert "-Advertisment    [ad-marker]" in text.stdout
    page = (ROOT / "samples" / "html" / "ledger_ad_slots.html").read_text(encoding="utf-8")
    html = runner.invoke(app, ["diff", "-"], input=page)
    assert html.exit_code == 0, html.output
    first = html.stdout.splitlines()[0]
    assert first == "--- <stdin> (the article text extracted from the HTML; line numbers are its lines)"
    removals = [x for x in html.stdout.splitlines() if x.startswith("# html-remove")]
    assert "# html-remove html-ad-slot (HTML source line 50): Advertisement" in removals
    hunks = [x for x in html.stdout.splitlines() if x.startswith("@@")]
    assert hunks and "-ADVERTISEMENT    [ad-marker]" in html.stdout
    jsonl = runner.invoke(app, ["diff", "-"], input='{"text": "x"}\n')
    assert jsonl.exit_code == 2 and "one document" in jsonl.stderr


def test_quarantine_names_keep_one_extension(tmp_path: Path, write_pack) -> None:
    pack = write_pack("greedy.yaml", pack_text("greedy"))
    src = tmp_path / "in"
    (src / "short").mkdir(parents=True)
    (src / "short" / "brief.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "page.html").write_text(f"<html><body><p>{CLEAN}</p></body></html>", encoding="utf-8")
    (src / "recs.jsonl").write_text('{"id": "r1", "text": "Some words here.\\n"}\n', encoding="utf-8")
    quarantine = tmp_path / "q"
    result = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "out"), "--rules", str(pack),
                                 "--quarantine", str(quarantine)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in quarantine.iterdir())
    assert "short__brief.txt" in names and "short__brief.txt.audit.jsonl" in names
    assert "page.html" in names
    assert not any(n.endswith((".txt.txt", ".html.html", ".html.txt")) for n in names)
    record = [n for n in names if n.startswith("recs.jsonl_1") and not n.endswith(".audit.jsonl")]
    assert len(record) == 1 and record[0].endswith(".txt")
    assert f"{'quarantine':>14}  {quarantine} (3 flagged document(s))" in result.stderr


def test_profile_takes_pack_names_and_hosts(library) -> None:
    assert library.profile("www.ndtv.com").name == library.profile("ndtv.com").name == "ndtv.com"
    with pytest.raises(CleanerError, match=r"'www\.nowhere\.example'.*site packs: .*ndtv\.com"):
        library.profile("www.nowhere.example")
    assert load_library().profile("ndtv.com").rules  # a fresh library, not only the cache


def test_summary_says_where_everything_went(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out, audit, report = tmp_path / "out", tmp_path / "audit.jsonl", tmp_path / "report.json"
    result = runner.invoke(app, ["clean", str(src), "-o", str(out), "--audit", str(audit),
                                 "--report", str(report)])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert f"{'outputs':>14}  {out}" in lines and f"{'audit':>14}  {audit}" in lines
    assert f"{'report':>14}  {report}" in lines
    assert audit.is_file() and report.is_file()


def _make_n(target: str, tmp_path: Path) -> str:
    venv = tmp_path / "fresh-venv"  # does not exist: what a fresh clone would run
    result = subprocess.run(["make", "-n", target, f"VENV={venv}"], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    return result.stdout


def test_make_demo_installs_cleaner_alone_and_make_test_the_test_extras(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("no make on this machine")
    demo = [x for x in _make_n("demo", tmp_path).splitlines() if "pip install" in x]
    assert len(demo) == 1 and demo[0].rstrip().endswith("-e .")
    test = [x for x in _make_n("test", tmp_path).splitlines() if "pip install" in x]
    assert any("-e '.[test,ray,datatrove,browser]'" in x for x in test)


def _third_party_imports() -> set[str]:
    """Top-level modules the tests import that are neither the standard library nor cleaner."""
    names: set[str] = set()
    for path in (ROOT / "tests").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        names.update(re.findall(r"^\s*(?:from|import) ([A-Za-z_]\w*)", text, re.MULTILINE))
        names.update(re.findall(r"importorskip\(\"([A-Za-z_]\w*)", text))
    local = {p.stem for p in ROOT.glob("*/**/*.py")}  # the repo's own modules (bench/real/label.py)
    return {n for n in names if n not in sys.stdlib_module_names and n not in local | {"cleaner", "tests"}}


def test_make_test_installs_everything_the_tests_import() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = re.search(r"^DEV_EXTRAS := (.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert extras is not None
    wanted = list(project["dependencies"])
    for extra in extras.group(1).split(","):
        wanted.extend(project["optional-dependencies"][extra.strip()])
    declared = {re.split(r"[\[<>=~! ;]", req, maxsplit=1)[0].lower().replace("_", "-") for req in wanted}
    provides = packages_distributions()
    for module in sorted(_third_party_imports()):
        dists = {d.lower().replace("_", "-") for d in provides.get(module, [module])}
        assert dists & declared, f"tests import {module} ({', '.join(dists)}): not in make test"
