"""Which rules could fire on a line: a prefilter compiled once per rule tuple.

`Prefilter(rules)` answers two questions about a line (trailing whitespace removed, as the
matcher sees it), and both answers are proofs, never guesses:

- `maybe(line)`: False when no rule of the tuple can fire on the line, so the matcher
  keeps it without running a single rule (most lines of an article);
- `possible(line)`: a bit mask (bit `bits[k]` for rule k) of the pattern rules whose
  pattern can match the line; a rule outside it provably does not match, so the matcher
  does not run it even on a line where some other rule fires.

How, cheapest first:

- Literal markers: the view (NFKC, casefold, folds, whitespace, decoration) costs far more
  than a regex, and markers are short. Every ASCII letter or digit of a line survives into
  its view as a character of its own, so a line with more of them than the longest marker
  has cannot be one, and its view is not computed.
- Patterns, read with `reparse.shape`: one anchored at the start needs the line's first
  two characters to fit one of its start edges (character classes, compiled as regexes),
  one anchored at the end its last two characters to fit an end edge. The answers are
  cached per character pair as bit masks of the rules still in play, so a paragraph
  starting "Th" and ending "d." costs two dict lookups. A pattern that most lines could
  start, or that is not anchored, needs one of its required substrings in the line (e.g.
  "input" for "(With inputs from PTI)"); the substrings of all the rules still in play are
  looked for in one sweep of the line (lowercased, for patterns that ignore case). Only
  then does a pattern run: the anchored ones merged into one regex where many are left,
  and one anchored at the end, of bounded length, only over the line's tail.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from .reparse import EDGE, Atom, Edge, Frag, Shape, fold, member, merge_anchored, score, shape, usable
from .rules import CompiledRule
from .view import DECORATION, view

_K = TypeVar("_K")
_V = TypeVar("_V")
# The matcher computes a line's view only up to this length (literal markers are short).
MAX_VIEW_LEN = 400
# ASCII bytes that are not letters or digits: deleting them leaves the count of a line's
# ASCII letters and digits, a lower bound on the length of its view.
_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())
# First characters of ordinary lines: a first-character class admitting most of them
# filters nothing, and such a pattern is screened by its substrings instead.
_COMMON_FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _view_keeps_alnum() -> bool:
    """The view bound holds while the view keeps each ASCII letter and digit as a character."""
    alnum = "".join(chr(b) for b in range(128) if chr(b).isalnum())
    return not set(alnum) & set(DECORATION) and all(view(f"-{c}-") == c.lower() for c in alnum)


_VIEW_BOUND = _view_keeps_alnum()


@dataclass(frozen=True, slots=True)
class _Check:
    """One pattern rule: its bit, its required substrings, its search."""

    bit: int
    atoms: frozenset[Atom] | None
    search: Callable[..., re.Match[str] | None]
    window: int | None  # search from len(line) - window: an end-anchored pattern of bounded width
    regex: re.Pattern[str]
    start: bool  # anchored at the start: found only at 0
    rule: CompiledRule  # named in the time-limit message if its pattern hangs


@dataclass(frozen=True, slots=True)
class _Group:
    """The rules a (first, last) character pair admits, and the substrings they look for."""

    checks: tuple[_Check, ...]
    gated: tuple[_Check, ...]  # those screened by substrings
    gated_bits: int
    # Where many anchored patterns run unscreened, they are tried at 0 as one merged regex.
    merged: Callable[[str], re.Match[str] | None] | None
    merged_bits: int
    cased: tuple[Atom, ...]
    folded: tuple[Atom, ...]
    # A line holding none of the cased gates and, lowercased, none of the folded ones holds
    # none of the atoms (a string holding another is found through that one).
    cased_gate: tuple[str, ...]
    folded_gate: tuple[str, ...]


_EMPTY = _Group((), (), 0, None, 0, (), (), (), ())
# Caches keyed by characters or lines grow with the variety of the text; past this size
# they start again.
_CACHE_LIMIT = 1 << 14


class Prefilter:
    """The compiled screen of one rule tuple (see the module docstring)."""

    def __init__(self, rules: tuple[CompiledRule, ...]) -> None:
        self.literals: frozenset[str] = frozenset().union(*(r.literals for r in rules))
        self.longest = max(map(len, self.literals), default=0)
        self._shapes: list[Shape] = []
        self._checks: list[_Check] = []
        bits: list[int] = []
        for rule in rules:
            if rule.regex is None:
                bits.append(0)
                continue
            bit = 1 << len(self._checks)
            bits.append(bit)
            sh = shape(rule.regex.pattern, rule.regex.flags)
            # An end-anchored match of at most `width` characters starts in the last width + 1
            # (one more in case `$` stopped before a final newline).
            window = sh.width + 1 if sh.end and sh.width is not None else None
            # An anchored pattern usually fails at once on a line it cannot start, so it is
            # screened by its substrings only when they are telling (a long word), or when
            # almost any line can start it (a lookahead over the line, an optional run of
            # word characters): such patterns are also the costly ones.
            strong = sh.atoms is not None and score(sh.atoms) >= 4
            atoms = sh.atoms if not sh.start or strong or _broad(sh.head) else None
            if atoms is not None:
                # Atoms without cased characters are looked for in the line as it is.
                atoms = frozenset((t, folded and t.lower() != t.upper()) for t, folded in atoms)
            self._shapes.append(sh)
            self._checks.append(_Check(bit, atoms, rule.regex.search, window, rule.regex, sh.start, rule))
        self.bits: tuple[int, ...] = tuple(bits)
        self._by_bit = {c.bit: c for c in self._checks}
        # For the matcher: where each pattern rule sits in the tuple, and which rules own
        # each literal marker, so that a line runs only the rules that could fire on it.
        self.position = {bit: k for k, bit in enumerate(bits) if bit}
        by_view: dict[str, list[int]] = {}
        for k, rule in enumerate(rules):
            for marker in rule.literals:
                by_view.setdefault(marker, []).append(k)
        self.by_view = {marker: tuple(ks) for marker, ks in by_view.items()}
        # The anchored patterns that run unscreened, merged into one regex tried at 0: one
        # call instead of one per rule. The patterns a line's first character rules out
        # fail on it at once, so one merged regex serves every line.
        anchored = [c for c in self._checks if c.start and c.atoms is None]
        merged = merge_anchored([c.regex for c in anchored]) if len(anchored) > 1 else None
        self._merged = merged.match if merged is not None else None
        self._merged_bits = sum(c.bit for c in anchored) if merged is not None else 0
        self._any = bool(self._checks)
        self._by_first: dict[str, int] = {}
        self._by_last: dict[str, int] = {}
        self._near_first: dict[str, tuple[int, tuple[tuple[int, tuple[Frag | None, ...]], ...]]] = {}
        self._near_last: dict[str, tuple[int, tuple[tuple[int, tuple[Frag | None, ...]], ...]]] = {}
        self._groups: dict[int, _Group] = {}

    def maybe(self, line: str) -> bool:
        """Could some rule fire on `line`? False is a proof that none can."""
        return self.verdict(line) >= 0

    def verdict(self, line: str, traps: bool | None = None) -> int:
        """-1 when no rule can fire on `line`; else the bits of the pattern rules that might
        match it (as `possible` gives them). `traps`: False when the caller knows the line
        holds no reparse.CASE_TRAPS character (it saves looking)."""
        group, mask = self._screen(line, traps)
        if self.literal(line):
            return mask
        if not mask:
            return -1
        rest = mask
        if rest & group.merged_bits:
            assert group.merged is not None
            if group.merged(line) is not None:
                return mask
            rest &= ~group.merged_bits
        by_bit = self._by_bit
        while rest:
            bit = rest & -rest  # the lowest bit left
            rest ^= bit
            if _runs(by_bit[bit], line):
                return mask
        return -1

    def candidates(self, possible: int, line_view: str | None) -> list[int]:
        """Positions, in rule order, of the rules that might fire on a line whose pattern
        screen gave `possible` and whose view is `line_view` (None: not computed)."""
        found = list(self.by_view.get(line_view, ())) if line_view is not None else []
        while possible:
            bit = possible & -possible
            possible ^= bit
            found.append(self.position[bit])
        found.sort()
        return found

    def literal(self, line: str) -> bool:
        """Is the line's view one of the literal markers (as the matcher would see it)?"""
        if not self.literals or len(line) > MAX_VIEW_LEN:
            return False
        known = _LINES.get(line)
        if known is None:
            known = _put(_LINES, line, [None, None])
        if known[0] is None:
            known[0] = len(line.encode("ascii", "ignore").translate(None, _NOT_ALNUM))
        if len(line) > self.longest and _VIEW_BOUND and known[0] > self.longest:
            return False
        if known[1] is None:
            known[1] = view(line)
        return known[1] in self.literals

    def possible(self, line: str) -> int:
        """The bits of the pattern rules whose pattern might match `line` (0: none can)."""
        return self._screen(line, None)[1]

    def _screen(self, line: str, traps: bool | None) -> tuple[_Group, int]:
        if not self._any:
            return _EMPTY, 0
        head = line[:EDGE]
        first = self._by_first.get(head)
        if first is None:
            first = _put(self._by_first, head, self._mask(head, True))
        tail = line[-EDGE:]
        last = self._by_last.get(tail)
        if last is None:
            last = _put(self._by_last, tail, self._mask(tail, False))
        mask = first & last
        if not mask:
            return _EMPTY, 0
        group = self._groups.get(mask)
        if group is None:
            group = _put(self._groups, mask, self._group(mask))
        if group.gated_bits:
            present = _present(line, group, traps)
            if not present:
                mask &= ~group.gated_bits
            else:
                for check in group.gated:
                    if check.atoms is not None and check.atoms.isdisjoint(present):
                        mask &= ~check.bit
        return group, mask

    def _mask(self, chars: str, at_start: bool) -> int:
        """Bits of the rules whose start (or end) edges admit a line starting (or ending)
        with `chars` (EDGE characters, fewer for a shorter line)."""
        near = chars if at_start else chars[::-1]  # nearest the edge first
        table = self._near_first if at_start else self._near_last
        step = table.get(near[0])
        if step is None:
            step = _put(table, near[0], self._step(near[0], at_start))
        mask, partial = step
        if len(near) > 1:
            second = near[1]
            for bit, frags in partial:
                if any(f is None or member(f, second) for f in frags):
                    mask |= bit
        return mask

    def _step(self, ch: str, at_start: bool) -> tuple[int, tuple[tuple[int, tuple[Frag | None, ...]], ...]]:
        """For lines whose edge character is `ch`: the bits admitted whatever comes next,
        and for the other rules the classes the next character must fall in (EDGE is 2)."""
        mask = 0
        partial = []
        for check, sh in zip(self._checks, self._shapes, strict=True):
            anchored, edges = (sh.start, sh.head) if at_start else (sh.end, sh.tail)
            if not anchored or edges is None:
                mask |= check.bit
                continue
            fitting = [classes for classes, _ in edges if classes[0] is None or member(classes[0], ch)]
            if any(len(classes) == 1 for classes in fitting):
                mask |= check.bit  # a one-character edge: any line with `ch` there fits it
            elif fitting:
                partial.append((check.bit, tuple(dict.fromkeys(classes[1] for classes in fitting))))
        return mask, tuple(partial)

    def _group(self, mask: int) -> _Group:
        checks = tuple(c for c in self._checks if mask & c.bit)
        gated = tuple(c for c in checks if c.atoms is not None)
        atoms = list(dict.fromkeys(a for c in gated for a in sorted(c.atoms or ())))
        cased = tuple(dict.fromkeys(a for a in atoms if not a[1]))
        folded = tuple(dict.fromkeys(a for a in atoms if a[1]))
        folded_gate = _minimal({t for t, _ in folded})
        # A cased atom holding a folded gate string (up to case) is found through that one.
        cased_gate = _minimal({t for t, _ in cased
                               if not (all(map(usable, t)) and any(g in t.lower() for g in folded_gate))})
        # One call to the merged regex costs about as much as a handful of patterns tried alone.
        merged = self._merged if len([c for c in checks if c.bit & self._merged_bits]) > 6 else None
        merged_bits = mask & self._merged_bits if merged is not None else 0
        return _Group(checks, gated, sum(c.bit for c in gated), merged, merged_bits, cased, folded,
                      cased_gate, folded_gate)


# Per line text: its ASCII letters and digits, and its view once computed. A line is
# screened by the free rules, again by the placed ones, and its view taken by the matcher.
_LINES: dict[str, list[Any]] = {}


def line_view(line: str) -> str:
    """view(line), remembered for the lines the prefilters have seen lately."""
    known = _LINES.get(line)
    if known is None:
        return _put(_LINES, line, [None, view(line)])[1]  # type: ignore[no-any-return]
    if known[1] is None:
        known[1] = view(line)
    return known[1]  # type: ignore[no-any-return]


def _put(cache: dict[_K, _V], key: _K, value: _V) -> _V:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def _minimal(strings: set[str]) -> tuple[str, ...]:
    """The strings that hold no other member: finding none of them means finding none."""
    return tuple(sorted(s for s in strings if not any(o != s and o in s for o in strings)))


def _broad(head: tuple[Edge, ...] | None) -> bool:
    """Could most ordinary lines start a match (judged by the first character alone)?"""
    if head is None:
        return True
    firsts = [classes[0] for classes, _ in head]
    return sum(any(f is None or member(f, ch) for f in firsts) for ch in _COMMON_FIRST) > 40


def _runs(check: _Check, line: str) -> bool:
    """Does the pattern match (over the tail that can hold an end-anchored match)?"""
    rule = check.rule  # noqa: F841  (limits.time_limit names the rule of the running frame)
    if check.window is not None and len(line) > check.window:
        return check.search(line, len(line) - check.window) is not None
    return check.search(line) is not None


def _present(line: str, group: _Group, traps: bool | None) -> frozenset[Atom]:
    """The group's substrings found in the line, each looked for once."""
    folded = ""
    for gate in group.cased_gate:  # plain loops: no generator frame per line
        if gate in line:
            break
    else:
        if not group.folded_gate:
            return _NONE
        folded = fold(line, traps)
        for gate in group.folded_gate:
            if gate in folded:
                break
        else:
            return _NONE  # the usual case: no substring at all
    if group.folded and not folded:
        folded = fold(line, traps)
    found = [a for a in group.cased if a[0] in line]
    found.extend(a for a in group.folded if a[0] in folded)
    return frozenset(found)


_NONE: frozenset[Atom] = frozenset()


_CACHE: OrderedDict[int, tuple[tuple[CompiledRule, ...], Prefilter]] = OrderedDict()
_CACHE_SIZE = 64


def prefilter(rules: tuple[CompiledRule, ...]) -> Prefilter:
    """The prefilter of a rule tuple, built once per tuple object (profiles keep theirs)."""
    key = id(rules)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is rules:
        _CACHE.move_to_end(key)
        return hit[1]
    built = Prefilter(rules)
    _CACHE[key] = (rules, built)  # the tuple is held, so its id cannot be reused meanwhile
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return built
