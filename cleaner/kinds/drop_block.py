"""drop-block: a block marker ("Recommended Stories") and the headline lines under it go.

The item lines are short (`block.max_words`), do not end like a sentence, and number at most
`block.max_items`; one blank line may sit between the marker and its first item, and between
items only with `block.gaps`. cut-rest uses the same reading of a block (`block_items`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .base import Fail, Hit, KindSpec, Line, fires_on_line, hit, needs_marker

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..model import Rule

# A line that ends like a sentence is a paragraph, not a headline under a block marker.
_SENTENCE_END = re.compile(r"[.!?।॥][\"'”’)»]*$")


def check(rule: Rule, fail: Fail) -> None:
    needs_marker(rule, fail)


def drop(rule: CompiledRule, lines: list[Line], i: int, num: int, text: str,
         out: list[Line], hits: list[Hit]) -> int | None:
    hits.append(hit(rule, num, text))
    return block_items(lines, i + 1, rule, hits)


def block_items(lines: list[Line], start: int, rule: CompiledRule, hits: list[Hit]) -> int:
    """Drop the headline lines under a block marker; return how many lines were consumed."""
    j, n, taken = start, len(lines), 0
    block = rule.block
    last_item = start  # index after the last item dropped; blanks after it are not consumed
    while j < n and taken < block.max_items:
        num, text = lines[j]
        stripped = text.strip()
        if not stripped:
            # One blank between the marker and its first item; between items only with gaps.
            if (taken == 0 and j == start) or (taken > 0 and block.gaps):
                j += 1
                continue
            break
        if not is_item(stripped, block.max_words):
            break
        hits.append(Hit(rule.pack, rule.id, rule.kind, num, text.rstrip()))
        taken += 1
        j += 1
        last_item = j
    return last_item - start


def is_item(text: str, max_words: int) -> bool:
    """A headline or link title: short, and not ending like a sentence."""
    return len(text.split()) <= max_words and _SENTENCE_END.search(text) is None


KIND = KindSpec("drop-block", "line", check, owns=("block",), drop=drop, fires=fires_on_line)
