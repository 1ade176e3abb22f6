"""Apply a profile's line rules to a document's lines: kept lines plus a Hit per removal."""

from __future__ import annotations

import re

from .fastmatch import MAX_VIEW_LEN, Prefilter, has_traps, prefilter
from .fastmatch import line_view as cached_view
from .rules import CompiledRule
from .types import Hit, Line  # defined there (the shared vocabulary); re-exported here
from .view import view

# Literal markers are at most 200 characters; a longer line cannot be one, so its view is
# never computed (NFKC and casefold are the costly part of a literal lookup).
_MAX_VIEW_LEN = MAX_VIEW_LEN
# A line that ends like a sentence is a paragraph, not a headline under a block marker.
_SENTENCE_END = re.compile(r"[.!?।॥][\"'”’)»]*$")
# The rule stage repeats until nothing changes; real documents settle in two passes.
_MAX_PASSES = 6

def apply_rules(lines: list[Line], rules: tuple[CompiledRule, ...],
                seen: dict[tuple[int, str], int] | None = None) -> tuple[list[Line], list[Hit]]:
    """Run rules without `where`, then rules with it, until a pass changes nothing.

    `seen` holds the prefilter's verdict on a line, by rule subset and line text: later
    passes see mostly the same lines, and the verdict depends only on those two, so a caller
    that runs the same rules again on the same document (structure.apply_all) passes one in.
    """
    plan = _plan(rules)
    hits: list[Hit] = []
    if seen is None:
        seen = {}
    # Whether a line may hold a character RE2 folds unlike re (re2syntax.CASE_TRAPS):
    # asked once of the whole document, unless a replacement could bring one in.
    traps = None if plan.replaces_traps else has_traps("\n".join(t for _, t in lines))
    for _ in range(_MAX_PASSES):
        before = len(hits)
        if plan.free:
            lines = _run_pass(lines, plan, False, hits, seen, traps)
        if plan.placed:
            lines = _run_pass(lines, plan, True, hits, seen, traps)
        if len(hits) == before:
            break
    return lines, hits


class _Plan:
    """A rule tuple split into rules without and with `where`, with prefilters: one for the
    free rules, and one per set of placed rules that share a window position."""

    def __init__(self, rules: tuple[CompiledRule, ...]) -> None:
        self.free = tuple(r for r in rules if r.where_first is None and r.where_last is None)
        self.placed = tuple(r for r in rules if r.where_first is not None or r.where_last is not None)
        self.free_filter = prefilter(self.free)
        self.replaces_traps = any(has_traps(r.replace or "") for r in rules)
        self._subsets: dict[int, tuple[tuple[CompiledRule, ...], Prefilter]] = {}
        # Which placed rules hold a line, by its rank from the start and from the end (as
        # _placed decides: a `first` window wins over a `last` one).
        firsts = [(r.where_first, 1 << k) for k, r in enumerate(self.placed) if r.where_first is not None]
        lasts = [(r.where_last, 1 << k) for k, r in enumerate(self.placed)
                 if r.where_first is None and r.where_last is not None]
        self._by_first = [sum(b for n, b in firsts if p < n)
                          for p in range(max((n for n, _ in firsts), default=0))]
        self._by_last = [sum(b for n, b in lasts if d < n)
                         for d in range(max((n for n, _ in lasts), default=0))]

    def at(self, pos: int, total: int) -> tuple[int, tuple[CompiledRule, ...], Prefilter] | None:
        """The placed rules whose window holds the non-blank line `pos` of `total`, with
        their prefilter and a key naming the subset (None: no rule is placed there)."""
        key = (self._by_first[pos] if pos < len(self._by_first) else 0) | (
            self._by_last[total - 1 - pos] if 0 <= total - 1 - pos < len(self._by_last) else 0)
        if not key:
            return None
        found = self._subsets.get(key)
        if found is None:
            subset = tuple(r for k, r in enumerate(self.placed) if key >> k & 1)
            found = self._subsets[key] = (subset, Prefilter(subset))
        return (key, *found)


_PLANS: dict[int, tuple[tuple[CompiledRule, ...], _Plan]] = {}


def _plan(rules: tuple[CompiledRule, ...]) -> _Plan:
    """The plan of a rule tuple, made once per tuple object (profiles keep theirs)."""
    cached = _PLANS.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    plan = _Plan(rules)
    if len(_PLANS) >= 64:
        _PLANS.clear()  # one-off tuples (a rule checked alone): keep the cache small
    _PLANS[id(rules)] = (rules, plan)  # the tuple is held, so its id is not reused meanwhile
    return plan


def _run_pass(lines: list[Line], plan: _Plan, placed: bool, hits: list[Hit],
              seen: dict[tuple[int, str], int], traps: bool | None) -> list[Line]:
    """One pass of the free (or the placed) rules over the lines. A line the prefilter
    clears, or that no placed rule's window holds, is kept as it is: no rule can fire."""
    rank = _nonblank_rank(lines) if placed else []
    total = max(rank, default=-1) + 1
    rules, pre, key = plan.free, plan.free_filter, -1
    verdict = pre.verdict
    out: list[Line] = []
    append = out.append
    i, n = 0, len(lines)
    while i < n:
        num, text = line = lines[i]
        stripped = text.rstrip()
        if not stripped:
            append(line)
            i += 1
            continue
        if placed:
            here = plan.at(rank[i], total)
            if here is None:
                append(line)  # outside every window: no placed rule applies here
                i += 1
                continue
            key, rules, pre = here
            verdict = pre.verdict
        possible = seen.get((key, stripped))
        if possible is None:
            possible = seen[(key, stripped)] = verdict(stripped, traps)
        if possible < 0:
            append(line)  # no rule can fire on this line
            i += 1
            continue
        # The rules that might fire, in order, as CompiledRule.fires would judge them (the
        # others provably do not); `rules` holds only rules placed at this line, so the
        # `where` check is already done.
        line_view = cached_view(stripped) if len(stripped) <= _MAX_VIEW_LEN else None
        consumed = 0  # lines taken by a drop-block or cut-rest, besides this one
        dropped = False
        order = pre.candidates(possible, line_view)
        j = 0
        while j < len(order):
            k = order[j]
            j += 1
            rule = rules[k]
            if rule.kind == "replace":
                new = _replace(rule, num, stripped, text, hits)
                if new is None:
                    continue
                text, stripped = new, new.rstrip()
                if not stripped:
                    dropped = True
                    break
                line_view = view(stripped) if len(stripped) <= _MAX_VIEW_LEN else None
                possible = pre.possible(stripped)
                order = [p for p in pre.candidates(possible, line_view) if p > k]
                j = 0
                continue
            if not _fires(rule, pre.bits[k], possible, stripped, line_view):
                continue
            if rule.kind == "cut-rest" and not any(t.strip() for _, t in out):
                continue  # a footer marker before any content: cutting would empty the document
            hits.append(_hit(rule, num, stripped))
            dropped = True
            if rule.kind == "cut-rest" and _paragraph_follows(lines, i + 1, rule.block.max_words):
                # The "footer" has article paragraphs under it: it is a box mid-article, so only
                # the marker and its headline lines go, as for a drop-block.
                consumed = _block_items(lines, i + 1, rule, hits)
            elif rule.kind == "drop-block":
                consumed = _block_items(lines, i + 1, rule, hits)
            elif rule.kind == "cut-rest":
                consumed = n - i - 1
                hits.extend(_hit(rule, m, t.rstrip()) for m, t in lines[i + 1:] if t.strip())
            break
        if not dropped:
            append((num, text))
        elif consumed:
            # A block that sat between two paragraphs leaves the break between them.
            blank = next((ln for ln in lines[i + 1:i + 1 + consumed] if not ln[1].strip()), None)
            if blank is not None:
                append(blank)
        i += 1 + consumed
    return out


def _fires(rule: CompiledRule, bit: int, possible: int, line: str, line_view: str | None) -> bool:
    """CompiledRule.fires, without running a pattern the prefilter has ruled out."""
    if line_view is not None and line_view in rule.literals:
        return True
    return rule.regex is not None and bool(possible & bit) and rule.regex.search(line) is not None


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
    shift = 0  # how far the replacements before this match have moved it
    for m in found:
        credit = m.group(rule.credit) if rule.credit is not None else None
        replacement = m.expand(rule.replace)
        hits.append(Hit(rule.pack, rule.id, rule.kind, num, m.group(0), replacement,
                        credit.strip() if credit else None, m.start() + shift + 1))
        shift += len(replacement) - len(m.group(0))
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


def _paragraph_follows(lines: list[Line], start: int, max_words: int) -> bool:
    """Whether a line longer than a headline (more than `max_words` words) comes after `start`."""
    return any(len(text.split()) > max_words for _, text in lines[start:])


def _is_item(text: str, max_words: int) -> bool:
    """A headline or link title: short, and not ending like a sentence."""
    return len(text.split()) <= max_words and _SENTENCE_END.search(text) is None
