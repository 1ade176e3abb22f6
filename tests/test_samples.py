"""Golden tests: every sample under samples/ comes out exactly as its expected file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import Library
from cleaner.cli import app
from cleaner.documents import Document
from cleaner.pipeline import clean_document

from .conftest import ROOT

SAMPLES = ROOT / "samples"
TEXT = sorted((SAMPLES / "text").glob("*.txt"))


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
