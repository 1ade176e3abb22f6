"""Apply a profile's line rules to a document's lines: kept lines plus a Hit per removal.

The engine is the loop over lines: the RE2 screen (fastmatch.py) names the rules that could
fire on a line, and each of those, in order, is handed to its kind (kinds/): a rewriting
kind edits the line and the loop goes on with the new text, a dropping kind removes it (and
maybe lines after it). What each kind does is its own module's; the loop only keeps count.
"""

from __future__ import annotations

from .fastmatch import MAX_VIEW_LEN, has_traps, prefilter
from .fastmatch import line_view as cached_view
from .kinds import KINDS
from .rules import CompiledRule
from .timeout import running
from .types import Hit, Line  # defined there (the shared vocabulary); re-exported here
from .view import view

# Literal markers are at most 200 characters; a longer line cannot be one, so its view is
# never computed (NFKC and casefold are the costly part of a literal lookup).
_MAX_VIEW_LEN = MAX_VIEW_LEN
# The rule stage repeats until nothing changes; real documents settle in two passes.
MAX_PASSES = 6

__all__ = ["MAX_PASSES", "MAX_VIEW_LEN", "Hit", "Line", "apply_rules", "in_window", "nonblank_rank"]


def apply_rules(lines: list[Line], rules: tuple[CompiledRule, ...],
                seen: dict[str, tuple[int, tuple[int, ...]]] | None = None) -> tuple[list[Line], list[Hit]]:
    """Run rules without `where`, then rules with it, until a pass changes nothing.

    `seen` holds the screen's verdict on a line, by line text: one screen serves every
    rule of the tuple (free and placed alike), so the verdict depends on the text alone,
    never on where the line stands; later passes see mostly the same lines, so a caller
    that runs the same rules again on the same document (structure.apply_all) passes one in.
    """
    plan = _plan(rules)
    hits: list[Hit] = []
    if seen is None:
        seen = {}
    # Whether a line may hold a character RE2 folds unlike re (re2syntax.CASE_TRAPS):
    # asked once of the whole document, unless a replacement could bring one in.
    traps = None if plan.replaces_traps else has_traps("\n".join(t for _, t in lines))
    for _ in range(MAX_PASSES):
        before = len(hits)
        if plan.free:
            lines = _run_pass(lines, plan, False, hits, seen, traps)
        if plan.placed:
            lines = _run_pass(lines, plan, True, hits, seen, traps)
        if len(hits) == before:
            break
    return lines, hits


class _Plan:
    """A rule tuple split into rules without and with `where`, and one screen for all of
    them (a line is scanned once, whichever pass asks): each pass, and each set of placed
    rules that share a window position, takes from its answer the bits of its own rules."""

    def __init__(self, rules: tuple[CompiledRule, ...]) -> None:
        self.rules = rules
        self.free = tuple(r for r in rules if r.where_first is None and r.where_last is None)
        self.placed = tuple(r for r in rules if r.where_first is not None or r.where_last is not None)
        self.filter = prefilter(rules)
        self.replaces_traps = any(has_traps(r.replace or "") for r in rules)
        bits = self.filter.bits
        free_at = frozenset(k for k, r in enumerate(rules) if r.where_first is None and r.where_last is None)
        self.free_part = _Part(free_at, bits)
        self._placed_at = tuple(k for k, r in enumerate(rules)
                                if r.where_first is not None or r.where_last is not None)
        self._subsets: dict[int, _Part] = {}
        # Which placed rules hold a line, by its rank from the start and from the end (as
        # in_window decides: a `first` window wins over a `last` one).
        firsts = [(r.where_first, 1 << k) for k, r in enumerate(self.placed) if r.where_first is not None]
        lasts = [(r.where_last, 1 << k) for k, r in enumerate(self.placed)
                 if r.where_first is None and r.where_last is not None]
        self._by_first = [sum(b for n, b in firsts if p < n)
                          for p in range(max((n for n, _ in firsts), default=0))]
        self._by_last = [sum(b for n, b in lasts if d < n)
                         for d in range(max((n for n, _ in lasts), default=0))]

    def at(self, pos: int, total: int) -> _Part | None:
        """The placed rules whose window holds the non-blank line `pos` of `total` (None: no
        rule is placed there)."""
        key = (self._by_first[pos] if pos < len(self._by_first) else 0) | (
            self._by_last[total - 1 - pos] if 0 <= total - 1 - pos < len(self._by_last) else 0)
        if not key:
            return None
        found = self._subsets.get(key)
        if found is None:
            at = frozenset(k for j, k in enumerate(self._placed_at) if key >> j & 1)
            found = self._subsets[key] = _Part(at, self.filter.bits)
        return found


class _Part:
    """Some of a plan's rules (positions `at` in its tuple): the bits of their patterns."""

    __slots__ = ("at", "mask")

    def __init__(self, at: frozenset[int], bits: tuple[int, ...]) -> None:
        self.at = at
        self.mask = sum(bits[k] for k in at)

    def order(self, possible: int, literal: tuple[int, ...], position: dict[int, int]) -> list[int]:
        """Positions, in rule order, of this part's rules that might fire on a line whose
        screen gave `possible` (already masked to the part) and literal owners `literal`."""
        found = [k for k in literal if k in self.at]
        while possible:
            bit = possible & -possible
            possible ^= bit
            found.append(position[bit])
        found.sort()
        return found


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
              seen: dict[str, tuple[int, tuple[int, ...]]], traps: bool | None) -> list[Line]:
    """One pass of the free (or the placed) rules over the lines. A line the screen clears
    for this pass's rules, or that no placed rule's window holds, is kept as it is."""
    now = running()  # told each rule before it runs, so a timeout names the rule that hung
    rank = nonblank_rank(lines) if placed else []
    total = max(rank, default=-1) + 1
    rules, pre = plan.rules, plan.filter
    position = pre.position
    screen = pre.screen
    part: _Part | None = plan.free_part
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
            part = plan.at(rank[i], total)
            if part is None:
                append(line)  # outside every window: no placed rule applies here
                i += 1
                continue
        assert part is not None
        found = seen.get(stripped)
        if found is None:
            found = seen[stripped] = screen(stripped, traps)
        possible = found[0] & part.mask
        literal = found[1]
        if not possible and not (literal and not part.at.isdisjoint(literal)):
            append(line)  # no rule of this pass can fire on this line
            i += 1
            continue
        # The rules that might fire, in order, as CompiledRule.fires would judge them (the
        # others provably do not); `part` holds only rules placed at this line, so the
        # `where` check is already done.
        line_view = cached_view(stripped) if len(stripped) <= _MAX_VIEW_LEN else None
        consumed = 0
        dropped = False
        order = part.order(possible, literal, position)
        j = 0
        while j < len(order):
            k = order[j]
            j += 1
            rule = now.rule = rules[k]
            kind = KINDS[rule.kind]
            if kind.rewrite is not None:
                new = kind.rewrite(rule, num, stripped, text, hits)
                if new is None:
                    continue
                text, stripped = new, new.rstrip()
                if not stripped:
                    dropped = True
                    break
                line_view = view(stripped) if len(stripped) <= _MAX_VIEW_LEN else None
                possible = pre.possible(stripped) & part.mask
                literal = pre.by_view.get(line_view, ()) if line_view is not None else ()
                order = [p for p in part.order(possible, literal, position) if p > k]
                j = 0
                continue
            if not _fires(rule, pre.bits[k], possible, stripped, line_view):
                continue
            assert kind.drop is not None
            taken = kind.drop(rule, lines, i, num, stripped, out, hits)
            if taken is None:
                continue  # the kind declines here (a footer marker before any content)
            consumed = taken  # lines taken by a drop-block or cut-rest, besides this one
            dropped = True
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


def nonblank_rank(lines: list[Line]) -> list[int]:
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


def in_window(rule: CompiledRule, pos: int, total: int) -> bool:
    """Is the non-blank line at `pos` (of `total`) inside the rule's `where` window?"""
    if rule.where_first is not None:
        return pos < rule.where_first
    if rule.where_last is not None:
        return pos >= total - rule.where_last
    return True
