"""cut-rest: a footer marker ("Related Articles") and every line after it go.

Unless article paragraphs follow it: then it is a box mid-article, and only the marker and
the headline lines under it go, as for a drop-block. A marker before any content is left
alone: cutting there would empty the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Fail, Hit, KindSpec, Line, fires_on_line, hit, needs_marker
from .drop_block import block_items

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..model import Rule


def check(rule: Rule, fail: Fail) -> None:
    needs_marker(rule, fail)


def drop(rule: CompiledRule, lines: list[Line], i: int, num: int, text: str,
         out: list[Line], hits: list[Hit]) -> int | None:
    if not any(t.strip() for _, t in out):
        return None  # a footer marker before any content: cutting would empty the document
    hits.append(hit(rule, num, text))
    if paragraph_follows(lines, i + 1, rule.block.max_words):
        return block_items(lines, i + 1, rule, hits)
    hits.extend(hit(rule, m, t.rstrip()) for m, t in lines[i + 1:] if t.strip())
    return len(lines) - i - 1


def paragraph_follows(lines: list[Line], start: int, max_words: int) -> bool:
    """Whether a line longer than a headline (more than `max_words` words) comes after `start`."""
    return any(len(text.split()) > max_words for _, text in lines[start:])


KIND = KindSpec("cut-rest", "line", check, drop=drop, fires=fires_on_line)
