"""The batch engine: parallel runs match serial ones, order is kept, re-runs are incremental."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.manifest import NAME

from .conftest import ROOT
from .data import ARTICLE, CLEAN

runner = CliRunner()
SAMPLES = ROOT / "samples" / "text"


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def _corpus(tmp_path: Path, copies: int = 6) -> Path:
    src = tmp_path / "in"
    for i in range(copies):
        (src / f"part{i}").mkdir(parents=True)
        for sample in SAMPLES.glob("*.txt"):
            (src / f"part{i}" / sample.name).write_bytes(sample.read_bytes())
    return src


def test_two_workers_write_what_one_writes(tmp_path: Path) -> None:
    src = _corpus(tmp_path)
    one = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "one"), "-j", "1"])
    two = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "two"), "-j", "2"])
    assert one.exit_code == two.exit_code == 0, two.output
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    assert len(_tree(tmp_path / "two")) == 6 * len(list(SAMPLES.glob("*.txt")))


def test_parallel_jsonl_stream_keeps_input_order(tmp_path: Path) -> None:
    src = _corpus(tmp_path)
    result = runner.invoke(app, ["clean", str(src), "--format", "jsonl", "-j", "2", "-q"])
    assert result.exit_code == 0
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    expected = [p.relative_to(src).as_posix() for p in sorted(src.rglob("*.txt"))]
    assert ids == expected


def test_rerun_skips_unchanged_and_redoes_what_changed(tmp_path: Path, write_pack) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a", "b", "c"):
        (src / f"{name}.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    first = runner.invoke(app, ["clean", str(src), "-o", str(out)])
    assert "3 cleaned" in first.stderr and (out / NAME).is_file()
    again = runner.invoke(app, ["clean", str(src), "-o", str(out)])
    assert "0 cleaned, 0 failed, 3 unchanged" in again.stderr
    (src / "b.txt").write_text(ARTICLE + "\nOne more line.\n", encoding="utf-8")
    (out / "c.txt").unlink()
    edited = runner.invoke(app, ["clean", str(src), "-o", str(out)])
    assert "2 cleaned, 0 failed, 1 unchanged" in edited.stderr
    assert (out / "b.txt").read_text() == CLEAN + "\nOne more line.\n"
    forced = runner.invoke(app, ["clean", str(src), "-o", str(out), "--force"])
    counts = forced.stderr.splitlines()[0]  # later lines name the output folder, "...unchanged.../out"
    assert "3 cleaned, 0 failed" in counts and "unchanged" not in counts
    pack = write_pack("extra.yaml", "name: extra\nrules: []\n")
    new_packs = runner.invoke(app, ["clean", str(src), "-o", str(out), "--rules", str(pack)])
    assert "3 cleaned" in new_packs.stderr


def test_interrupted_manifest_resumes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a", "b"):
        (src / f"{name}.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    runner.invoke(app, ["clean", str(src), "-o", str(out)])
    lines = (out / NAME).read_text().splitlines()
    # As if the run had been killed after the first output: its entry alone, and a torn line.
    (out / NAME).write_text(lines[0] + "\n" + lines[1][:20])
    (out / "b.txt").unlink()
    resumed = runner.invoke(app, ["clean", str(src), "-o", str(out)])
    assert "1 cleaned, 0 failed, 1 unchanged" in resumed.stderr
    assert (out / "b.txt").read_text() == CLEAN
    assert len((out / NAME).read_text().splitlines()) == 2


def test_jsonl_input_is_incremental_too(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "c.jsonl").write_text(json.dumps({"id": "x", "text": ARTICLE}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    runner.invoke(app, ["clean", str(src), "-o", str(out)])
    again = runner.invoke(app, ["clean", str(src), "-o", str(out)])
    assert "1 unchanged" in again.stderr
    assert json.loads((out / "c.jsonl").read_text())["text"] == CLEAN
