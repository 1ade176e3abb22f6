"""Golden tests, all in one place: every sample under samples/ (text, HTML, JSONL) comes out
exactly as its file under samples/expected/, through the library and through the command."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import Library, Profile, clean_text, load_library
from cleaner.cli import app
from cleaner.decode import decode
from cleaner.documents import Document
from cleaner.html import declared_charset, extract
from cleaner.pipeline import clean_document

from .conftest import ROOT

SAMPLES = ROOT / "samples"
TEXT = sorted((SAMPLES / "text").glob("*.txt"))
HTML_SAMPLES = sorted((SAMPLES / "html").glob("*.html"))


def expected_for(path: Path) -> Path:
    rel = path.relative_to(SAMPLES)
    return SAMPLES / "expected" / rel.with_suffix(".txt")


def test_there_are_enough_samples() -> None:
    assert len(TEXT) >= 8
    for path in TEXT:
        assert expected_for(path).is_file(), f"{path} has no expected output"


@pytest.mark.parametrize("path", TEXT, ids=lambda p: p.name)
def test_sample_comes_out_as_expected(library: Library, path: Path) -> None:
    result = clean_document(Document(str(path), "text", path=path), library)
    assert result.text == expected_for(path).read_text(encoding="utf-8")
    again = clean_document(Document(str(path), "text", path=path, data=result.text), library)
    assert again.text == result.text and not again.hits


def test_acceptance_article(library: Library) -> None:
    """Markers, also-read lines and the credit go; every other line comes out verbatim."""
    raw = (SAMPLES / "text" / "acceptance.txt").read_text(encoding="utf-8")
    result = clean_document(Document("acceptance", "text", data=raw), library)
    removed = {h.text for h in result.hits}
    out_lines = result.text.splitlines()
    for line in raw.splitlines():
        tidy = line.replace("\u00a0", " ").rstrip()
        if not tidy:
            continue
        furniture = tidy in ("Advertisment", "(With inputs from agencies)") or tidy.startswith(
            "Also read: ")
        if furniture:
            assert tidy in removed and tidy not in out_lines
        else:
            assert tidy in out_lines, f"content line lost or changed: {tidy!r}"
    assert "Russia rejects swapping" in out_lines
    assert any(h.credit == "agencies" for h in result.hits)


def test_cli_cleans_the_samples_tree(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["clean", str(SAMPLES / "text"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for path in TEXT:
        got = (tmp_path / path.name).read_text(encoding="utf-8")
        assert got == expected_for(path).read_text(encoding="utf-8"), path.name


def test_jsonl_sample_mixing_text_and_html_records(tmp_path: Path) -> None:
    """Each record's clean text is the hand-written expectation of the same article."""
    import json

    result = CliRunner().invoke(app, ["clean", str(SAMPLES / "jsonl" / "crawl.jsonl"), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (SAMPLES / "expected" / "jsonl" / "crawl.jsonl").read_text(encoding="utf-8")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    by_hand = ["text/acceptance.txt", "html/desk_also_read.txt", "text/spiegel_dpa_de.txt",
               "html/courier_related_share.txt"]
    for record, name in zip(records, by_hand, strict=True):
        assert record["text"] == (SAMPLES / "expected" / name).read_text(encoding="utf-8"), name
    assert {"lang", "id"} <= set(records[0]) and "html" not in records[1]
    assert records[1]["cleaner"]["title"] and records[1]["cleaner"]["url"].startswith("https://")


def test_cli_cleans_the_html_samples(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["clean", str(SAMPLES / "html"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for page in sorted((SAMPLES / "html").glob("*.html")):
        got = (tmp_path / page.name).with_suffix(".txt").read_text(encoding="utf-8")
        assert got == expected_for(page).read_text(encoding="utf-8"), page.name


# --- HTML through the library: extraction, then the rules -----------------------------------


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_library().profile()


def test_there_are_enough_html_samples() -> None:
    assert len(HTML_SAMPLES) >= 6
    for path in HTML_SAMPLES:
        assert expected_for(path).is_file(), path.name


@pytest.mark.parametrize("path", HTML_SAMPLES, ids=lambda p: p.name)
def test_html_sample_comes_out_as_expected(path: Path, profile: Profile) -> None:
    data = path.read_bytes()
    page = extract(decode(data, declared_charset(data)), profile)
    result = clean_text(page.text, profile)
    expected = expected_for(path).read_text(encoding="utf-8")
    assert result.text == expected
    assert page.title and page.hits
    again = clean_text(result.text, profile)
    assert again.text == result.text and not again.hits
