"""replace: a pattern's matches are replaced inside the line (a credit glued to a caption);
a line left blank is dropped. Later rules see the new text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .base import Fail, Hit, KindSpec

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..model import Rule


def check(rule: Rule, fail: Fail) -> None:
    if rule.pattern is None or rule.replace is None:
        raise fail(("kind",), "replace needs 'pattern' and 'replace' (use \"\" to strip the match)")
    if rule.lines:
        raise fail(("lines",), "replace works on a 'pattern'; literal 'lines' can only drop lines")


def check_replacement(regex: re.Pattern[str], rule: Rule, fail: Fail) -> None:
    """The replacement expands against the pattern (group names and numbers exist)."""
    assert rule.replace is not None
    try:
        regex.sub(rule.replace, "")
        regex.sub(rule.replace, rule.examples.fix[0][0] if rule.examples.fix else "")
    except (re.error, IndexError) as exc:
        raise fail(("replace",), f"bad replacement: {exc}") from None


def rewrite(rule: CompiledRule, num: int, stripped: str, text: str, hits: list[Hit]) -> str | None:
    """Apply a replace rule; record one hit per match; the new text, or None if unchanged."""
    assert rule.regex is not None and rule.replace is not None
    found = [m for m in rule.regex.finditer(stripped) if m.group(0)]
    if not found:
        return None
    new = rule.regex.sub(rule.replace, stripped)
    if new == stripped:
        return None
    shift = 0  # how far the replacements before this match have moved it
    for m in found:
        credit = m.group(rule.credit) if rule.credit is not None else None
        replacement = m.expand(rule.replace)
        hits.append(Hit(rule.pack, rule.id, rule.kind, num, m.group(0), replacement,
                        credit.strip() if credit else None, m.start() + shift + 1))
        shift += len(replacement) - len(m.group(0))
    # Keep the line's own trailing whitespace only if the replacement left text before it.
    return new + text[len(stripped):] if new.strip() else ""


def fires(rule: CompiledRule, line: str) -> bool:
    """Does the rule change `line`?"""
    assert rule.regex is not None and rule.replace is not None
    return rule.regex.sub(rule.replace, line) != line


KIND = KindSpec("replace", "line", check, owns=("replace",), rewrite=rewrite, fires=fires,
            check_pattern=check_replacement, edits=True)
