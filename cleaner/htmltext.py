"""The HTML extractor's former module path, kept so existing imports keep working: the
code lives in the package ``cleaner.html`` (head, prune, region, select, remove, render)."""

from __future__ import annotations

from .html import Page, declared_charset, extract, page_url

__all__ = ["Page", "declared_charset", "extract", "page_url"]
