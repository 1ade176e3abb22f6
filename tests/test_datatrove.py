"""The datatrove step in a real pipeline: JsonlReader -> CleanerStep -> JsonlWriter."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datatrove", reason="no datatrove extra (pip install 'cleaner[datatrove]')")
pytest.importorskip("orjson", reason="datatrove's JSONL reader needs orjson (the datatrove extra)")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from typer.testing import CliRunner

from cleaner import CleanerError, load_library
from cleaner.cli import app
from cleaner.integrations.datatrove import CleanerStep

from .data import ARTICLE, CLEAN, EXAMPLE_SITE_PACK
from .test_ecosystem import FURNITURE_ONLY


def _crawl(folder: Path) -> None:
    folder.mkdir()
    records = [
        {"id": "a", "text": ARTICLE, "metadata": {"url": "https://other.org/a"}},
        {"id": "b", "text": "Body.\n\nEXN desk 24x7\n", "metadata": {"url": "https://news.example.com/b"}},
        {"id": "c", "text": FURNITURE_ONLY, "metadata": {"url": "https://other.org/c"}},
    ]
    (folder / "part.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _read(folder: Path) -> list[dict[str, Any]]:
    out = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            out.extend(json.loads(line) for line in fh)
    return out


def _run(tmp_path: Path, step: CleanerStep, name: str) -> list[dict[str, Any]]:
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(tmp_path / "crawl")), step, JsonlWriter(str(tmp_path / name))],
        tasks=1, logging_dir=str(tmp_path / f"logs-{name}"),
    ).run()
    return _read(tmp_path / name)


def test_pipeline_cleans_text_and_records_what_it_did(tmp_path: Path, write_pack) -> None:
    _crawl(tmp_path / "crawl")
    pack = write_pack("example.com.yaml", EXAMPLE_SITE_PACK)
    docs = {d["id"]: d for d in _run(tmp_path, CleanerStep(rules=[pack]), "clean")}
    assert docs["a"]["text"] == CLEAN
    summary = docs["a"]["metadata"]["cleaner"]
    assert summary["pack"] == "default" and summary["credits"] == "agencies"
    assert summary["removed_lines"] == 3 and summary["over_limit"] == ""
    # The URL in metadata (where datatrove's readers put it) chooses the site pack.
    assert docs["b"]["text"] == "Body.\n" and docs["b"]["metadata"]["cleaner"]["pack"] == "example.com"
    assert docs["c"]["metadata"]["cleaner"]["over_limit"].startswith("removed")
    assert docs["a"]["metadata"]["url"] == "https://other.org/a"  # the reader's metadata is kept


def test_pipeline_can_drop_flagged_documents_into_an_exclusion_writer(tmp_path: Path) -> None:
    _crawl(tmp_path / "crawl")
    step = CleanerStep(library=load_library(), drop_flagged=True,
                       exclusion_writer=JsonlWriter(str(tmp_path / "dropped")))
    kept = _run(tmp_path, step, "kept")
    assert sorted(d["id"] for d in kept) == ["a", "b"]
    (dropped,) = _read(tmp_path / "dropped")
    assert dropped["id"] == "c" and dropped["metadata"]["cleaner"]["over_limit"].startswith("removed")
    stats = json.loads((tmp_path / "logs-kept" / "stats.json").read_text(encoding="utf-8"))
    (ours,) = [s["stats"] for s in stats if "cleaner" in s["name"]]
    assert ours["documents"] == 3 and ours["flagged"] == 1 and ours["dropped"] == 1
    executor = json.loads((tmp_path / "logs-kept" / "executor.json").read_text(encoding="utf-8"))
    assert executor["pipeline"][1]["packs"] == "cleaner packs (built-in packs)"


def test_forced_site_and_an_unknown_one() -> None:
    doc = Document(text="Body.\n\nFollow NDTV for more\n", id="x")
    (out,) = CleanerStep(site="www.ndtv.com").run(iter([doc]))
    assert out.metadata["cleaner"]["pack"] == "ndtv.com"
    with pytest.raises(CleanerError, match=r"site='nowhere.example'.*site packs: .*ndtv.com"):
        list(CleanerStep(site="nowhere.example").run(iter([Document(text="x", id="y")])))


def test_a_globbing_reader_of_an_output_folder_reads_only_outputs(tmp_path: Path) -> None:
    _crawl(tmp_path / "crawl")
    (tmp_path / "crawl" / "sub").mkdir()
    (tmp_path / "crawl" / "sub" / "more.jsonl").write_text('{"id": "d", "text": "Body.\\n"}\n')
    result = CliRunner().invoke(app, ["clean", str(tmp_path / "crawl"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    folder = JsonlReader(str(tmp_path / "out")).data_folder
    assert folder.list_files(glob_pattern="*.jsonl") == ["part.jsonl"]
    assert folder.list_files(glob_pattern="**/*.jsonl") == ["part.jsonl", "sub/more.jsonl"]
    assert sorted(d.id for d in JsonlReader(str(tmp_path / "out"), glob_pattern="**/*.jsonl").run()) == [
        "a", "b", "c", "d"]
