"""The outputs fed to the field's tools: JSONL that schema-inferring loaders take as is, dotted
field names (datatrove's `metadata.url`), output folders that hold only outputs, stable ids."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.json as paj
import pytest
from typer.testing import CliRunner

from cleaner import fieldpath
from cleaner.cli import app
from cleaner.manifest import LEGACY_NAME, NAME

from .data import ARTICLE, CLEAN, EXAMPLE_SITE_PACK

runner = CliRunner()

FURNITURE_ONLY = "Advertisement\n\nAlso read: Markets rally as oil falls\n\nShort line.\n"
PAGE = ("<html><head><title>Talks resume</title></head><body><article>"
        "<p>MOSCOW: Talks resumed on Monday, officials said.</p>"
        "<p>The ministry said the offer was not serious. (With inputs from PTI)</p>"
        "</article></body></html>")


def jsonl(*records: dict[str, Any]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def _shards(tmp_path: Path) -> list[Path]:
    """Two shards whose first records have nothing to report (no title, credit or flag), and
    whose later ones have all of it: the order that broke schema inference."""
    src = tmp_path / "crawl"
    src.mkdir()
    plain = [{"id": f"p{i}", "url": f"https://other.org/{i}", "text": "Only content here.\n"}
             for i in range(3)]
    (src / "a.jsonl").write_text(jsonl(*plain), encoding="utf-8")
    rich = [{"id": "h1", "url": "https://other.org/h1", "html": PAGE},
            {"id": "f1", "url": "https://other.org/f1", "text": FURNITURE_ONLY},
            {"id": "t1", "url": "https://other.org/t1", "text": ARTICLE}]
    (src / "b.jsonl").write_text(jsonl(*rich), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return [out / "a.jsonl", out / "b.jsonl"]


def _tables_like_datasets(paths: list[Path], lines_per_chunk: int) -> list[pa.Table]:
    """What `datasets.load_dataset("json", data_files=paths)` does: pyarrow's JSON reader on
    each chunk of each file, every table then cast to the schema of the very first one."""
    tables = []
    for path in paths:
        lines = path.read_bytes().splitlines(keepends=True)
        for start in range(0, len(lines), lines_per_chunk):
            tables.append(paj.read_json(io.BytesIO(b"".join(lines[start:start + lines_per_chunk]))))
    schema = tables[0].schema
    return [t.cast(schema) for t in tables]


def _null_types(dtype: pa.DataType, where: str) -> list[str]:
    if pa.types.is_null(dtype):
        return [where]
    if pa.types.is_struct(dtype):
        return [n for f in dtype for n in _null_types(f.type, f"{where}.{f.name}")]
    if pa.types.is_list(dtype) or pa.types.is_large_list(dtype):
        return _null_types(dtype.value_type, f"{where}[]")
    return []


def test_multi_shard_output_loads_with_pyarrow_as_datasets_does(tmp_path: Path) -> None:
    shards = _shards(tmp_path)
    records = [json.loads(line) for p in shards for line in p.read_text(encoding="utf-8").splitlines()]
    flagged = next(r for r in records if r["id"] == "f1")["cleaner"]
    assert flagged["over_limit"].startswith("removed")
    page = next(r for r in records if r["id"] == "h1")["cleaner"]
    assert page["title"] == "Talks resume" and page["credits"] == "PTI"
    # Every field of the cleaner object has one JSON type in every record: no nulls, no [].
    for key in records[0]["cleaner"]:
        assert len({type(r["cleaner"][key]) for r in records}) == 1, key
    for chunk in (1, 2, 100):
        tables = _tables_like_datasets(shards, chunk)
        table = pa.concat_tables(tables)
        assert table.num_rows == 6
        assert _null_types(table.schema.field("cleaner").type, "cleaner") == []
        assert table.column("cleaner").combine_chunks().field("credits").to_pylist() == [
            "", "", "", "PTI", "", "agencies"]


def test_the_old_record_shape_is_what_the_check_catches() -> None:
    """The loader check above fails on a null that becomes a string later (the bug it guards)."""
    first = paj.read_json(io.BytesIO(b'{"cleaner": {"title": null, "credits": []}}\n'))
    later = paj.read_json(io.BytesIO(b'{"cleaner": {"title": "T", "credits": ["PTI"]}}\n'))
    nulls = _null_types(first.schema.field("cleaner").type, "cleaner")
    assert nulls == ["cleaner.title", "cleaner.credits[]"]
    with pytest.raises((pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError)):
        later.cast(first.schema)


def test_dotted_field_names_reach_inside_objects(tmp_path: Path, write_pack) -> None:
    pack = write_pack("example.com.yaml", EXAMPLE_SITE_PACK)
    record = {"id": "d1", "metadata": {"url": "https://news.example.com/a", "lang": "en",
                                       "body": "Body.\n\nEXN desk 24x7\n"}}
    result = runner.invoke(app, ["clean", "--rules", str(pack), "--input-format", "jsonl",
                                 "--url-field", "metadata.url", "--text-field", "metadata.body",
                                 "--output-field", "metadata.clean"], input=jsonl(record))
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["cleaner"]["pack"] == "example.com" and out["cleaner"]["url"] == "https://news.example.com/a"
    assert out["metadata"] == {"url": "https://news.example.com/a", "lang": "en", "clean": "Body.\n"}


def test_a_field_option_no_record_has_is_named_in_the_summary(tmp_path: Path) -> None:
    src = tmp_path / "crawl.jsonl"
    src.write_text(jsonl({"id": "x", "text": ARTICLE, "metadata": {"url": "https://a.org/x"}}),
                   encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(src), "-o", str(out), "--url-field", "meta.url",
                                 "--id-field", "metadata.url"])
    assert result.exit_code == 0, result.output
    (line,) = [x for x in result.stderr.splitlines() if x.strip().startswith("fields")]
    assert "no record has --url-field 'meta.url'" in line and "--id-field" not in line
    quiet = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "o2"), "--url-field", "metadata.url"])
    assert quiet.exit_code == 0 and "no record has" not in quiet.stderr


def test_fieldpath_prefers_a_literal_key_and_never_changes_the_input() -> None:
    record = {"a.b": 1, "a": {"b": 2, "c": 3}}
    assert fieldpath.get(record, "a.b") == 1 and fieldpath.get({"a": {"b": 2}}, "a.b") == 2
    assert not fieldpath.found(fieldpath.get(record, "a.x")) and not fieldpath.has({"a": 5}, "a.b")
    nested = {"a": {"b": 2, "c": 3}}
    stripped = fieldpath.without(nested, "a.b")
    assert stripped == {"a": {"c": 3}} and nested == {"a": {"b": 2, "c": 3}}
    fieldpath.put(stripped, "a.d.e", "x")
    assert stripped == {"a": {"c": 3, "d": {"e": "x"}}} and nested == {"a": {"b": 2, "c": 3}}
    blocked = {"a": "text"}
    fieldpath.put(blocked, "a.b", "x")  # "a" is not an object: nothing of the input is lost
    assert blocked == {"a": "text", "a.b": "x"}


def test_output_folder_holds_only_outputs(tmp_path: Path) -> None:
    shards = _shards(tmp_path)
    out = shards[0].parent
    data = sorted(p.name for p in out.rglob("*") if p.name.endswith((".jsonl", ".txt", ".jsonl.gz")))
    assert data == ["a.jsonl", "b.jsonl"]
    assert (out / NAME).is_file() and not NAME.endswith((".jsonl", ".txt", ".json"))


def test_an_earlier_output_folder_inside_the_input_is_not_cleaned_again(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    (crawl / "site").mkdir(parents=True)
    (crawl / "site" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    first = runner.invoke(app, ["clean", str(crawl / "site"), "-o", str(crawl / "cleaned")])
    assert first.exit_code == 0 and (crawl / "cleaned" / "a.txt").read_text() == CLEAN
    legacy = crawl / "old-run"  # an output folder of an older version, with its manifest name
    legacy.mkdir()
    (legacy / LEGACY_NAME).write_text("", encoding="utf-8")
    (legacy / "b.txt").write_text(ARTICLE, encoding="utf-8")
    second = runner.invoke(app, ["clean", str(crawl), "-o", str(tmp_path / "out")])
    assert second.exit_code == 0, second.output
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.txt"))
    assert written == ["site/a.txt"]


def test_a_legacy_manifest_is_renamed_and_still_counts(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert runner.invoke(app, ["clean", str(src), "-o", str(out)]).exit_code == 0
    (out / NAME).rename(out / LEGACY_NAME)  # as an older version left it
    again = runner.invoke(app, ["clean", str(src), "-o", str(out)])
    assert again.exit_code == 0 and "1 unchanged" in again.stderr
    assert (out / NAME).is_file() and not (out / LEGACY_NAME).exists()


def test_jsonl_ids_are_relative_to_the_input_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crawl = tmp_path / "crawl"
    (crawl / "other").mkdir(parents=True)
    (crawl / "other" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (crawl / "y.txt").write_text(ARTICLE, encoding="utf-8")

    def ids(folder: str, cwd: Path) -> list[str]:
        monkeypatch.chdir(cwd)
        result = runner.invoke(app, ["clean", folder, "--format", "jsonl", "-o", str(tmp_path / "all.jsonl")])
        assert result.exit_code == 0, result.output
        return [json.loads(x)["id"] for x in (tmp_path / "all.jsonl").read_text().splitlines()]

    expected = ["y.txt", "other/x.txt"]
    assert ids("crawl", tmp_path) == expected
    assert ids(str(crawl), tmp_path / "crawl" / "other") == expected
    assert ids(".", crawl) == expected
    assert ids("crawl/", tmp_path) == expected
