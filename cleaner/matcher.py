"""Apply a profile's line rules to a document's lines: kept lines plus a Hit per removal."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import CompiledRule
from .view import view

# Literal markers are at most 200 characters; a longer line cannot be one, so its view is
# never computed (NFKC and casefold are the costly part of a literal lookup).
_MAX_VIEW_LEN = 400
# A line that ends like a sentence is a paragraph, not a headline under a block marker.
_SENTENCE_END = re.compile(r"[.!?।॥][\"'”’)»]*$")
# The rule stage repeats until nothing changes; real documents settle in two passes.
_MAX_PASSES = 6

Line = tuple[int, str]  # (1-based line number in the normalised text, text)


@dataclass(frozen=True, slots=True)
class Hit:
    """One removal: which rule removed what, where. `replacement` is set for replace rules."""

    pack: str
    rule: str
    kind: str
    line: int
    text: str
    replacement: str | None = None
    credit: str | None = None


def apply_rules(lines: list[Line], rules: tuple[CompiledRule, ...]) -> tuple[list[Line], list[Hit]]:
    """Run rules without `where`, then rules with it, until a pass changes nothing."""
    free = tuple(r for r in rules if r.where_first is None and r.where_last is None)
    placed = tuple(r for r in rules if r.where_first is not None or r.where_last is not None)
    hits: list[Hit] = []
    for _ in range(_MAX_PASSES):
        before = len(hits)
        lines = _run_pass(lines, free, hits)
        if placed:
            lines = _run_pass(lines, placed, hits)
        if len(hits) == before:
            break
    return lines, hits


def _run_pass(lines: list[Line], rules: tuple[CompiledRule, ...], hits: list[Hit]) -> list[Line]:
    if not rules:
        return lines
    rank = _nonblank_rank(lines)
    total = max(rank, default=-1) + 1
    out: list[Line] = []
    i, n = 0, len(lines)
    while i < n:
        num, text = lines[i]
        stripped = text.rstrip()
        if not stripped:
            out.append(lines[i])
            i += 1
            continue
        line_view = view(stripped) if len(stripped) <= _MAX_VIEW_LEN else None
        pos = rank[i]
        consumed = 0  # lines taken by a drop-block or cut-rest, besides this one
        dropped = False
        for rule in rules:
            if not _placed(rule, pos, total):
                continue
            if rule.kind == "replace":
                new = _replace(rule, num, stripped, text, hits)
                if new is None:
                    continue
                text, stripped = new, new.rstrip()
                if not stripped:
                    dropped = True
                    break
                line_view = view(stripped) if len(stripped) <= _MAX_VIEW_LEN else None
                continue
            if not rule.fires(stripped, line_view):
                continue
            if rule.kind == "cut-rest" and not any(t.strip() for _, t in out):
                continue  # a footer marker before any content: cutting would empty the document
            hits.append(_hit(rule, num, stripped))
            dropped = True
            if rule.kind == "drop-block":
                consumed = _block_items(lines, i + 1, rule, hits)
            elif rule.kind == "cut-rest":
                consumed = n - i - 1
                hits.extend(_hit(rule, m, t.rstrip()) for m, t in lines[i + 1:] if t.strip())
            break
        if not dropped:
            out.append((num, text))
        i += 1 + consumed
    return out


def _nonblank_rank(lines: list[Line]) -> list[int]:
    """For each line, its index among the non-blank lines (blank lines get -1)."""
    rank: list[int] = []
    k = 0
    for _, text in lines:
        if text.strip():
            rank.append(k)
            k += 1
        else:
            rank.append(-1)
    return rank


def _placed(rule: CompiledRule, pos: int, total: int) -> bool:
    """Is the non-blank line at `pos` (of `total`) inside the rule's `where` window?"""
    if rule.where_first is not None:
        return pos < rule.where_first
    if rule.where_last is not None:
        return pos >= total - rule.where_last
    return True


def _hit(rule: CompiledRule, num: int, text: str) -> Hit:
    return Hit(rule.pack, rule.id, rule.kind, num, text, credit=_credit(rule, text))


def _credit(rule: CompiledRule, text: str) -> str | None:
    if rule.credit is None or rule.regex is None:
        return None
    m = rule.regex.search(text)
    value = m.group(rule.credit) if m else None
    return value.strip() if value else None


def _replace(rule: CompiledRule, num: int, stripped: str, text: str, hits: list[Hit]) -> str | None:
    """Apply a replace rule; record one hit per match; the new text, or None if unchanged."""
    assert rule.regex is not None and rule.replace is not None
    found = [m for m in rule.regex.finditer(stripped) if m.group(0)]
    if not found:
        return None
    new = rule.regex.sub(rule.replace, stripped)
    if new == stripped:
        return None
    for m in found:
        credit = m.group(rule.credit) if rule.credit is not None else None
        hits.append(Hit(rule.pack, rule.id, rule.kind, num, m.group(0), m.expand(rule.replace),
                        credit.strip() if credit else None))
    # Keep the line's own trailing whitespace only if the replacement left text before it.
    return new + text[len(stripped):] if new.strip() else ""


def _block_items(lines: list[Line], start: int, rule: CompiledRule, hits: list[Hit]) -> int:
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
        if not _is_item(stripped, block.max_words):
            break
        hits.append(Hit(rule.pack, rule.id, rule.kind, num, text.rstrip()))
        taken += 1
        j += 1
        last_item = j
    return last_item - start


def _is_item(text: str, max_words: int) -> bool:
    """A headline or link title: short, and not ending like a sentence."""
    return len(text.split()) <= max_words and _SENTENCE_END.search(text) is None
