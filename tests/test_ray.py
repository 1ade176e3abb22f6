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
