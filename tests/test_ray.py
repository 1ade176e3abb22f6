"""The Ray engine writes byte-identical outputs to the local engine (skipped without the extra)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

from .conftest import ROOT
from .data import ARTICLE

ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install 'cleaner[ray]')")
runner = CliRunner()


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield
    ray.shutdown()


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def test_ray_outputs_match_the_local_engine(local_ray, tmp_path: Path) -> None:
    src = tmp_path / "in"
    shutil.copytree(ROOT / "samples", src / "samples")
    records = "".join(json.dumps({"id": f"r{i}", "text": ARTICLE}) + "\n" for i in range(3)) + "{bad\n"
    (src / "crawl.jsonl").write_text(records, encoding="utf-8")
    with gzip.open(src / "more.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(records)
    for fmt in ("auto", "txt"):
        local = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / f"local-{fmt}"), "--format", fmt])
        remote = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / f"ray-{fmt}"), "--format", fmt,
                                     "--engine", "ray"])
        assert local.exit_code == remote.exit_code == 1, remote.output  # the bad JSONL lines
        got, want = _tree(tmp_path / f"ray-{fmt}"), _tree(tmp_path / f"local-{fmt}")
        assert got == want
        assert len(want) > 20
    assert "crawl.jsonl:4: not valid JSON" in remote.stderr


def test_ray_refuses_what_it_cannot_do(local_ray, tmp_path: Path) -> None:
    no_out = runner.invoke(app, ["clean", str(tmp_path), "--engine", "ray"])
    assert no_out.exit_code == 2 and "-o OUTDIR" in no_out.stderr
    stream = runner.invoke(app, ["clean", str(tmp_path), "-o", str(tmp_path / "x.jsonl"), "--format", "jsonl",
                                 "--engine", "ray"])
    assert stream.exit_code == 2 and "local engine" in stream.stderr


def test_ray_keeps_the_local_engines_manifest(local_ray, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a", "b", "c"):
        (src / f"{name}.txt").write_text(ARTICLE.replace("Monday", f"Monday ({name})"), encoding="utf-8")
    (src / "crawl.jsonl").write_text("".join(json.dumps({"id": f"r{i}", "text": ARTICLE}) + "\n"
                                             for i in range(2)), encoding="utf-8")
    out = tmp_path / "out"
    local = runner.invoke(app, ["clean", str(src), "-o", str(out), "--no-repeats"])
    assert local.exit_code == 0, local.output
    manifest = (out / ".cleaner-manifest.json-lines").read_bytes()
    again = runner.invoke(app, ["clean", str(src), "-o", str(out), "--engine", "ray"])
    assert again.exit_code == 0, again.output
    assert "4 unchanged" in again.stderr  # three files and one JSONL file, written by the local engine
    assert (out / ".cleaner-manifest.json-lines").read_bytes() == manifest
    (src / "b.txt").write_text(ARTICLE.replace("Monday", "Tuesday"), encoding="utf-8")
    edited = runner.invoke(app, ["clean", str(src), "-o", str(out), "--engine", "ray"])
    assert edited.exit_code == 0 and "1 cleaned" in edited.stderr and "3 unchanged" in edited.stderr
    assert "Tuesday" in (out / "b.txt").read_text(encoding="utf-8")
    forced = runner.invoke(app, ["clean", str(src), "-o", str(out), "--engine", "ray", "--force"])
    assert forced.exit_code == 0 and "5 cleaned" in forced.stderr and "unchanged" not in forced.stderr
    lines = (out / ".cleaner-manifest.json-lines").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["key"] for line in lines) == ["a.txt", "b.txt", "c.txt", "crawl.jsonl"]
    assert not list(out.rglob("*.tmp"))


def test_ray_refuses_what_is_over_max_bytes_as_the_local_engine(local_ray, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "big.txt").write_text(ARTICLE * 20, encoding="utf-8")
    (src / "small.txt").write_text("A short note.\n", encoding="utf-8")
    (src / "crawl.jsonl").write_text(json.dumps({"id": "big", "text": ARTICLE * 20}) + "\n"
                                     + json.dumps({"id": "small", "text": "A short note."}) + "\n")
    runs = {}
    for engine in ("local", "ray"):
        runs[engine] = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / engine),
                                           "--max-bytes", "2000", "--engine", engine, "--no-repeats"])
        assert runs[engine].exit_code == 1, runs[engine].output
    assert _tree(tmp_path / "ray") == _tree(tmp_path / "local")
    assert sorted(_tree(tmp_path / "ray")) == ["crawl.jsonl", "small.txt"]
    for engine in ("local", "ray"):
        assert "big.txt: " in runs[engine].stderr and "is over the --max-bytes limit" in runs[engine].stderr
        assert "crawl.jsonl:1: " in runs[engine].stderr


def test_chunks_cut_the_file_list_by_bytes_and_keep_its_order() -> None:
    from cleaner.rayengine import CHUNK_FILES, chunks
    from cleaner.rayfiles import Item

    items = [Item(f"/in/{i}.txt", f"{i}.txt", f"{i}.txt", None, 1000) for i in range(100)]
    cut = chunks(items, cpus=2)  # 100 kB over 2 cores, 4 chunks each: chunks of at most 12.5 kB
    assert [i for chunk in cut for i in chunk] == items
    assert len(cut) == 9 and all(sum(i.size for i in chunk) <= 12_501 for chunk in cut)
    assert chunks([], cpus=2) == []
    many = [Item(f"/in/{i}.txt", f"{i}.txt", f"{i}.txt", None, 10) for i in range(5 * CHUNK_FILES + 1)]
    assert [len(c) for c in chunks(many, cpus=1)] == [CHUNK_FILES] * 5 + [1]  # tiny files: capped by count
    huge = [Item("/in/big.txt", "big.txt", "big.txt", None, 10**9), *items[:2]]
    assert [len(c) for c in chunks(huge, cpus=2)] == [1, 2]  # a file past the budget is a chunk alone
