"""html-remove: the elements a rule's CSS `selectors` name are cut from a page's HTML before
its text is taken. The removal itself is html/remove.py's: it compiles every html-remove
rule of a profile into one plan, as the matcher screens every line rule at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Fail, KindSpec

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..model import Rule


def check(rule: Rule, fail: Fail) -> None:
    if not rule.selectors:
        raise fail(("kind",), "html-remove needs 'selectors' (CSS selectors of elements to drop)")
    for j, sel in enumerate(rule.selectors):
        try:
            compile_selector(sel)
        except Exception as exc:  # soupsieve raises several types for bad selectors
            raise fail(("selectors", j), f"bad CSS selector {sel!r}: {first_line(exc)}") from None


def compile_selector(selector: str) -> None:
    """Compile a CSS selector (raising soupsieve's error if it is bad). soupsieve is imported
    here, not at the top: it costs a tenth of a second, and a cached library skips this."""
    import soupsieve

    soupsieve.compile(selector)


def first_line(exc: Exception) -> str:
    """soupsieve's errors draw the selector with a caret below it; one line is enough here."""
    return str(exc).splitlines()[0]


def selects(rule: CompiledRule, snippet: str) -> bool:
    """Does one of the rule's selectors match an element of the HTML `snippet`?"""
    # Imported here: BeautifulSoup and soupsieve cost a tenth of a second, and only
    # html-remove examples need them (the CLI imports this module for every command).
    import soupsieve
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(snippet, "lxml")
    return any(soupsieve.select_one(sel, soup) is not None for sel in rule.selectors)


KIND = KindSpec("html-remove", "html", check, owns=("selectors",), fires=selects)
