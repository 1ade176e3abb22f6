"""JSONL in and out: records cleaned with their other fields kept, names sanitised, bad lines reported."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app, sniff
from cleaner.documents import safe_name

from .data import ARTICLE, CLEAN, EXAMPLE_SITE_PACK

runner = CliRunner()


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


RECORDS = jsonl(
    {"id": "a1", "url": "https://example.org/a1", "text": ARTICLE, "lang": "en"},
    "{not json",
    {"id": "a2", "text": 42},
    {"id": "a3", "html": f"<html><body><article><p>{CLEAN.splitlines()[0]}</p></article></body></html>"},
    ["a", "list"],
    {"id": "a4", "title": "no text here"},
)


def test_stdin_jsonl_to_stdout_keeps_fields_and_reports_bad_lines() -> None:
    result = runner.invoke(app, ["clean", "--input-format", "jsonl", "--format", "jsonl"], input=RECORDS)
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == ["a1", "a3"]
    first = out[0]
    assert first["text"] == CLEAN and first["lang"] == "en" and first["url"] == "https://example.org/a1"
    assert first["cleaner"]["credits"] == "agencies" and first["cleaner"]["removed_lines"] == 3
    assert "html" not in out[1] and out[1]["text"] == CLEAN.splitlines()[0] + "\n"
    errors = result.stderr.splitlines()
    assert any(e.startswith("cleaner: <stdin>:2: not valid JSON") for e in errors)
    assert any(e.startswith("cleaner: <stdin>:3: field 'text' is int, not a string") for e in errors)
    assert any(e.startswith("cleaner: <stdin>:5: a record must be a JSON object") for e in errors)
    assert any(e.startswith("cleaner: <stdin>:6: no 'html' or 'text' field") for e in errors)


def test_stdin_jsonl_is_sniffed() -> None:
    result = runner.invoke(app, ["clean"], input=jsonl({"id": "x", "text": ARTICLE}))
    assert json.loads(result.stdout)["text"] == CLEAN
    assert sniff(b'  {"a": 1}\n') == "jsonl"
    assert sniff(b"<!DOCTYPE html>\n") == "html"
    assert sniff(b"Plain words\n") == "text"


def test_custom_field_names(tmp_path: Path) -> None:
    data = jsonl({"doc_id": "z", "body": ARTICLE, "link": "https://x.org/z"})
    result = runner.invoke(app, ["clean", "--input-format", "jsonl", "--text-field", "body",
                                 "--output-field", "clean_body", "--url-field", "link"], input=data)
    (rec,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert rec["clean_body"] == CLEAN and "body" not in rec and rec["cleaner"]["url"] == "https://x.org/z"


def test_jsonl_file_mirrors_to_jsonl_and_gz_is_read(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "crawl.jsonl").write_text(RECORDS, encoding="utf-8")
    with gzip.open(src / "more.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(jsonl({"id": "g1", "text": ARTICLE}))
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(src), "-o", str(out)])
    assert result.exit_code == 1  # the bad records
    mirrored = [json.loads(x) for x in (out / "crawl.jsonl").read_text().splitlines()]
    assert [r["id"] for r in mirrored] == ["a1", "a3"]
    with gzip.open(out / "more.jsonl.gz", "rt", encoding="utf-8") as fh:
        assert json.loads(fh.read())["text"] == CLEAN


def test_txt_folder_becomes_one_jsonl_stream(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "sub" / "two.txt").write_text("Only content.\n", encoding="utf-8")
    target = tmp_path / "all.jsonl"
    result = runner.invoke(app, ["clean", str(src), "--format", "jsonl", "-o", str(target)])
    assert result.exit_code == 0, result.output
    recs = [json.loads(x) for x in target.read_text().splitlines()]
    assert [r["text"] for r in recs] == [CLEAN, "Only content.\n"]
    assert [r["id"] for r in recs] == ["one.txt", "sub/two.txt"]  # relative to the input folder
    bad = runner.invoke(app, ["clean", str(src), "--format", "jsonl", "-o", str(tmp_path)])
    assert bad.exit_code == 2 and "names the output file" in bad.stderr


def test_jsonl_becomes_a_txt_tree_with_sanitised_names(tmp_path: Path) -> None:
    src = tmp_path / "crawl.jsonl"
    src.write_text(jsonl(
        {"id": "../../escape", "text": "One.\n"},
        {"id": "/etc/passwd", "text": "Two.\n"},
        {"id": "line\nbreak name", "text": "Three.\n"},
        {"id": "same", "text": "Four.\n"},
        {"id": "same", "text": "Five.\n"},
        {"text": "Six.\n"},
        {"id": "..", "text": "Seven.\n"},
    ), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(src), "-o", str(out), "--format", "txt"])
    assert result.exit_code == 0, result.output
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file() and p.suffix == ".txt")
    assert all(out.resolve() in p.resolve().parents for p in files), files
    texts = sorted(p.read_text() for p in files)
    assert texts == sorted(["One.\n", "Two.\n", "Three.\n", "Four.\n", "Five.\n", "Six.\n", "Seven.\n"])
    names = {p.name for p in (out / "crawl").iterdir()}
    assert "same.txt" in names and "same-5.txt" in names and "000006.txt" in names


@pytest.mark.parametrize("value", ["../../x", "a/b\\c", "..", ".hidden", "\x00\n", "é" * 300, "ok-name_1.2"])
def test_safe_name_is_one_harmless_component(value: str) -> None:
    name = safe_name(value)
    assert name and "/" not in name and "\\" not in name and not name.startswith(".")
    assert len(name) <= 130
    assert name.isprintable()
    if value == "ok-name_1.2":
        assert name == value


def test_record_url_chooses_the_site_pack(write_pack) -> None:
    pack = write_pack("example.com.yaml", EXAMPLE_SITE_PACK)
    data = jsonl({"url": "https://news.example.com/a", "text": "Body.\n\nEXN desk 24x7\n"},
                 {"url": "https://other.org/a", "text": "Body.\n\nEXN desk 24x7\n"})
    result = runner.invoke(app, ["clean", "--rules", str(pack), "--input-format", "jsonl"], input=data)
    first, second = (json.loads(x) for x in result.stdout.splitlines())
    assert first["text"] == "Body.\n" and first["cleaner"]["pack"] == "example.com"
    assert second["text"] == "Body.\n\nEXN desk 24x7\n" and second["cleaner"]["pack"] == "default"
