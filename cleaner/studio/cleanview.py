"""Cleaning for the page: a pasted or folder article through the pipeline, decoded as the
pipeline reads it, with ftfy's repairs line by line."""

from __future__ import annotations

from typing import Any

from ..documents import Document
from ..pipeline import Cleaned, clean_text, site_for
from ..rules import Library
from ..timeout import DocumentTimeout

MAX_REPAIRS = 50


def too_slow(seconds: float, exc: DocumentTimeout) -> str:
    return (f"cleaning took longer than {seconds:g}s{exc.where}: a pattern that can backtrack without "
            "end (as in (a+)+); rewrite it")


def clean_pasted(lib: Library, site: str | None, text: str) -> tuple[Cleaned, str]:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<head", "<body")):
        from ..htmltext import extract

        profile = lib.profile(site_for(lib, site, None, None))
        page = extract(text, profile)
        result = clean_text(page.text, profile)
        result.hits[:0] = page.hits
        result.title = page.title
        return result, page.text
    return clean_text(text, lib.profile(site_for(lib, site, None, None))), text


def profile_name(result: Cleaned) -> str | None:
    return None if result.profile == "default" else result.profile


def decoded(doc: Document) -> str:
    """A file's text as the pipeline reads it (HTML by its declared charset)."""
    from ..decode import decode
    from ..htmltext import declared_charset

    raw = doc.load()
    if isinstance(raw, str):
        return raw
    return decode(raw, declared_charset(raw)) if doc.kind == "html" else decode(raw)


def repairs(source: str, fixed: str) -> list[dict[str, Any]]:
    """ftfy's changes line by line (when it kept the line count), for the page to show."""
    before, after = source.split("\n"), fixed.split("\n")
    if len(before) != len(after):
        return [{"line": 0, "before": "", "after": "", "note": "ftfy changed the line breaks"}]
    out = [{"line": i + 1, "before": b[:300], "after": a[:300]}
           for i, (b, a) in enumerate(zip(before, after, strict=True)) if b != a]
    return out[:MAX_REPAIRS]
