"""Which rules could fire on a line: one RE2 pass over all of a rule tuple's patterns.

`Prefilter(rules)` answers two questions about a line (trailing whitespace removed, as the
matcher sees it), and both answers are proofs, never guesses:

- `verdict(line)`: -1 when no rule of the tuple can fire on the line, so the matcher keeps
  it without running a single rule (most lines of an article);
- `possible(line)`: a bit mask (bit `bits[k]` for rule k) of the pattern rules whose
  pattern can match the line; a rule outside it provably does not match, so the matcher
  does not run it even on a line where some other rule fires.

How: every pattern is written as an RE2 pattern that matches wherever the Python one does
(`re2syntax.translate`), and all of them are matched against the line at once with an
`re2.Set`, in time linear in the line whatever the patterns. Python's `re` then runs only
the rules the set names, and decides. A pattern with no RE2 form runs on every line.
Literal markers are a set lookup of the line's view, computed only for lines short enough
to be one.
"""

from __future__ import annotations

import contextlib
import re
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any, TypeVar

import re2

from .kinds import stage_of
from .re2syntax import CASE_TRAPS, Translation, Untranslatable, translate
from .rules import CompiledRule, PackFile, compile_rule
from .view import DECORATION, view

_K = TypeVar("_K")
_V = TypeVar("_V")
# The matcher computes a line's view only up to this length (literal markers are short).
MAX_VIEW_LEN = 400
# ASCII bytes that are not letters or digits: deleting them leaves the count of a line's
# ASCII letters and digits, a lower bound on the length of its view.
_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())
# A pattern anchored at the start of the line (after its flags, as translate writes them).
_STARTS = re.compile(r"(?:\(\?[a-z]+\))?\^")
# Room for a profile's set of patterns (RE2's default is 8 MB).
_MAX_MEM = 64 << 20
# Patterns per re2.Set, anchored at the start (True) or not: small enough that each set's
# DFA stays inside _MAX_MEM on real pages (bench/rules_cost.py), few enough sets that a line
# is not scanned many times over.
_SET_SIZE = {True: 64, False: 32}
# How each pattern rule is run, as `cleaner rules check` reports it: RE2 screens the line
# and Python's re decides on the lines it passes; "exact" when the RE2 form matches the
# same lines, "widened" when it matches more (look-around, \b or a back-reference dropped).
ENGINE_EXACT = "re2 screen, exact"
ENGINE_WIDE = "re2 screen, widened"
ENGINE_RE = "re only, on every line (no RE2 form)"
# A line rule whose screens all match plain prose (a look-around inside an alternation, a
# main form reduced to "a line of N characters"): Python's re then runs on nearly every line.
ENGINE_LOOSE = "re2 screen passes plain prose: re runs on most lines (look-around in an alternation?)"


def _view_keeps_alnum() -> bool:
    """The view bound holds while the view keeps each ASCII letter and digit as a character."""
    alnum = "".join(chr(b) for b in range(128) if chr(b).isalnum())
    return not set(alnum) & set(DECORATION) and all(view(f"-{c}-") == c.lower() for c in alnum)


_VIEW_BOUND = _view_keeps_alnum()


def has_traps(text: str) -> bool:
    """Does `text` hold a character RE2 folds unlike Python's IGNORECASE (re2syntax.CASE_TRAPS)?"""
    # isascii() is a flag CPython keeps on every str: most lines are answered without a scan.
    return not text.isascii() and any(ch in text for ch in CASE_TRAPS)


def _untrap(line: str) -> str:
    """The line with each CASE_TRAPS character read as the "i" Python's IGNORECASE takes it for."""
    for ch in CASE_TRAPS:
        line = line.replace(ch, "i")
    return line


def _options() -> re2.Options:
    opts = re2.Options()
    opts.max_mem = _MAX_MEM
    opts.log_errors = False
    return opts


def re2_form(pattern: re.Pattern[str]) -> Translation | None:
    """The RE2 screen of a pattern, as RE2 accepts it (None: it has none)."""
    try:
        tr = translate(pattern.pattern, pattern.flags)
        re2.compile(tr.pattern, _options())
    except (Untranslatable, re2.error, ValueError):
        return None
    return tr


def engine_of(rule: CompiledRule) -> str | None:
    """How the matcher runs the rule's pattern (None: the rule has none)."""
    if rule.regex is None:
        return None
    tr = re2_form(rule.regex)
    if tr is None:
        return ENGINE_RE
    if not tr.exact and stage_of(rule.kind) == "line" and passes_prose(rule):
        return ENGINE_LOOSE
    return ENGINE_EXACT if tr.exact else ENGINE_WIDE


def passes_prose(rule: CompiledRule) -> bool:
    """Do all the RE2 screens the matcher keeps for the rule match a sentence of PROSE?"""
    assert rule.regex is not None
    kept = translated(rule.regex.pattern, rule.regex.flags)
    screens = [re2.compile(s, _options()) for s in (kept.pattern, *kept.also)]
    return any(all(screen.search(text) for screen in screens) for text in PROSE)


def rule_engines(packs: Iterable[PackFile]) -> list[tuple[str, str, str]]:
    """(source "path:line", rule id, engine) for every pattern rule of the packs."""
    found = []
    for pf in packs:
        for i, spec in enumerate(pf.pack.rules):
            rule = compile_rule(pf, i, spec)
            engine = engine_of(rule)
            if engine is not None:
                found.append((rule.source, rule.id, engine))
    return found


# translate()'s answers by (pattern, flags): a profile's screen and the next one built in the
# process share most patterns, and libcache keeps them on disk with the library.
_TRANSLATED: dict[tuple[str, int], Translation | None] = {}


def translated(pattern: str, flags: int) -> Translation:
    """translate(pattern, flags), remembered (raises Untranslatable as translate does)."""
    key = (pattern, flags)
    if key not in _TRANSLATED:
        try:
            _TRANSLATED[key] = _sharpest(translate(pattern, flags))
        except (Untranslatable, ValueError):
            _TRANSLATED[key] = None
    found = _TRANSLATED[key]
    if found is None:
        raise Untranslatable(pattern)
    return found


# Plain news prose: a screen that matches it lets most lines through.
PROSE = ("The minister said on Tuesday that the plan, which was approved last year, would cost "
          "more than two billion dollars from next year.",
          "Officials in the city agreed, and residents who spoke to reporters said they were "
          "worried about the work.")


def _sharpest(tr: Translation) -> Translation:
    """A translation with look-around screens, keeping only the screens plain prose does
    not match (all of them if each one does). Every screen matches wherever the Python
    pattern does, so any of them alone is a proof; requiring the weak ones as well (such
    as a main form reduced to "a line of 20 characters") costs a scan and proves little.
    The first screen kept becomes `pattern`: what the matcher screens with, never what
    `rules check` reports (engine_of translates afresh)."""
    if not tr.also:
        return tr
    screens = (tr.pattern, *tr.also)
    sharp = []
    for screen in screens:
        try:
            rx = re2.compile(screen, _options())
        except (re2.error, ValueError):
            sharp.append(screen)  # the screen keeps its place; the Prefilter judges it
            continue
        if not any(rx.search(text) for text in PROSE):
            sharp.append(screen)
    if not sharp or len(sharp) == len(screens):
        return tr
    return Translation(sharp[0], tr.exact, tr.folded, tuple(sharp[1:]))


def translations(keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Translation | None]:
    """The translations of these (pattern, flags) pairs (None: no RE2 form), for the cache."""
    keys = list(keys)
    for pattern, flags in keys:
        with contextlib.suppress(Untranslatable):
            translated(pattern, flags)
    return {key: _TRANSLATED[key] for key in keys}


def remember(known: dict[tuple[str, int], Translation | None]) -> None:
    """Take translations made by an earlier process (the library cache)."""
    _TRANSLATED.update(known)


class Prefilter:
    """The compiled screen of one rule tuple (see the module docstring)."""

    def __init__(self, rules: tuple[CompiledRule, ...]) -> None:
        self.literals: frozenset[str] = frozenset().union(*(r.literals for r in rules))
        self.longest = max(map(len, self.literals), default=0)
        bits: list[int] = []
        self._always = 0  # bits of the patterns without an RE2 form: run on every line
        # Case-insensitive patterns holding a CASE_TRAPS character themselves (Python matches
        # it to "i" and "I" too, RE2 not) run on every line, like those without an RE2 form.
        self._folded = False  # does some pattern ignore case (so CASE_TRAPS matter)?
        # Patterns anchored at the start, whose automaton dies within a few bytes of most
        # lines, and the others, which run the whole line, go to separate sets (in one set
        # the states of both multiply), each set at most _SET_SIZE patterns: a set of a few
        # hundred patterns outgrows RE2's memory budget for its DFA, and RE2 then falls back
        # to its far slower NFA on every line (measured: 5x the time on real pages).
        groups: list[tuple[Any, list[int]]] = []
        open_group: dict[bool, tuple[Any, list[int]]] = {}

        def add(pattern: str, bit: int) -> None:
            anchored = _STARTS.match(pattern) is not None
            group = open_group.get(anchored)
            if group is None or len(group[1]) >= _SET_SIZE[anchored]:
                group = open_group[anchored] = (re2.Set.SearchSet(_options()), [])
                groups.append(group)
            group[0].Add(pattern)  # parses it: a pattern RE2 refuses raises, and is left out
            group[1].append(bit)

        # A pattern with more than one screen (translate's `also`: a look-around's text) has
        # a bit of its own past the rules' for each screen, and is possible when all of them
        # match (`_conjoin`).
        pattern_rules = sum(1 for r in rules if r.regex is not None)
        extra = pattern_rules
        # For a screen's bit: its rule's bit and the bits of all of that rule's screens.
        self._part_rule: dict[int, tuple[int, int]] = {}
        self._trigger = 0  # screens' bits without which no such rule can be possible
        for rule in rules:
            if rule.regex is None:
                bits.append(0)
                continue
            bit = 1 << sum(1 for b in bits if b)  # one bit per pattern rule, in order
            bits.append(bit)
            try:
                tr = translated(rule.regex.pattern, rule.regex.flags)
            except (Untranslatable, ValueError):
                self._always |= bit
                continue
            if tr.folded and has_traps(rule.regex.pattern):
                self._always |= bit
                self._folded = True
                continue
            try:
                if tr.also:
                    first, extra = 1 << extra, extra + 1
                    add(tr.pattern, first)
                else:
                    add(tr.pattern, bit)
            except (re2.error, ValueError):
                self._always |= bit
                continue
            self._folded = self._folded or tr.folded
            if not tr.also:
                continue
            need = first
            for more in tr.also:
                part = 1 << extra
                try:
                    add(more, part)
                except (re2.error, ValueError):
                    continue  # a screen RE2 refuses is one fewer, never a wrong answer
                extra += 1
                need |= part
            # A line is judged on a rule with several screens when one of its look-around
            # screens matched it (they match fewer lines than the main form).
            for b in _bits_of(need & ~first if need != first else need):
                self._part_rule[b] = (bit, need)
                self._trigger |= b
        self._rule_bits = (1 << pattern_rules) - 1
        self.bits: tuple[int, ...] = tuple(bits)
        for regex_set, members in groups:
            if members:
                regex_set.Compile()
        self._sets = tuple((_matcher(regex_set), tuple(members)) for regex_set, members in groups if members)
        # For the matcher: where each pattern rule sits in the tuple, and which rules own
        # each literal marker, so that a line runs only the rules that could fire on it.
        self.position = {bit: k for k, bit in enumerate(bits) if bit}
        by_view: dict[str, list[int]] = {}
        for k, rule in enumerate(rules):
            for marker in rule.literals:
                by_view.setdefault(marker, []).append(k)
        self.by_view = {marker: tuple(ks) for marker, ks in by_view.items()}
        self._known: dict[str, tuple[int, tuple[int, ...]]] = {}

    def maybe(self, line: str) -> bool:
        """Could some rule fire on `line`? False is a proof that none can."""
        return self.verdict(line) >= 0

    def verdict(self, line: str, traps: bool | None = None) -> int:
        """-1 when no rule can fire on `line`; else the bits of the pattern rules that might
        match it (as `possible` gives them). `traps`: False when the caller knows the line
        holds no CASE_TRAPS character (it saves looking)."""
        mask = self.possible(line, traps)
        if mask or self.literal(line):
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
        return bool(self.owners(line))

    def owners(self, line: str) -> tuple[int, ...]:
        """Positions of the rules one of whose literal markers is the line's view (as the
        matcher would see it); () when none is, proved without the view where it can be."""
        if not self.literals or len(line) > MAX_VIEW_LEN:
            return ()
        known = _LINES.get(line)
        if known is None:
            known = _put(_LINES, line, [None, None])
        if known[0] is None:
            known[0] = len(line.encode("ascii", "ignore").translate(None, _NOT_ALNUM))
        if len(line) > self.longest and _VIEW_BOUND and known[0] > self.longest:
            return ()
        if known[1] is None:
            known[1] = view(line)
        return self.by_view.get(known[1], ())

    def screen(self, line: str, traps: bool | None = None) -> tuple[int, tuple[int, ...]]:
        """(possible(line), owners(line)): all the matcher needs to know of a line, for
        any subset of the rules (it masks the bits and filters the positions). Remembered
        for the lines seen lately: the answer depends on the text alone (`traps` only
        saves a look), and sites print the same lines in many documents."""
        known = self._known.get(line)
        if known is None:
            known = (self.possible(line, traps), self.owners(line))
            if len(line) <= _REMEMBER_LEN:
                _put(self._known, line, known)
        return known

    def possible(self, line: str, traps: bool | None = None) -> int:
        """The bits of the pattern rules whose pattern might match `line` (0: none can)."""
        mask = self._always
        # Python's IGNORECASE matches "i" and "I" to the dotted and dotless I, RE2 does not:
        # such a line is screened again with those read as "i", and the union taken (the
        # original line covers the patterns that match them as themselves).
        untrap = self._folded and (traps or traps is None) and has_traps(line)
        again = _untrap(line).encode() if untrap else None
        data = line.encode()  # once for both sets (the wrapper would encode it for each)
        for match, bit_of in self._sets:
            found = match(data)
            if again is not None:
                found = (found or []) + (match(again) or [])
            if found:
                for index in found:
                    mask |= bit_of[index]
        if mask & self._trigger:
            return self._conjoin(mask)
        return mask & self._rule_bits

    def _conjoin(self, mask: int) -> int:
        """The rule bits of a mask that holds screens' bits: a rule with several screens is
        possible when every one of them matched."""
        out = mask & self._rule_bits
        hit = mask & self._trigger
        while hit:
            b = hit & -hit
            hit ^= b
            bit, need = self._part_rule[b]
            if mask & need == need:
                out |= bit
        return out


def _bits_of(mask: int) -> list[int]:
    found = []
    while mask:
        b = mask & -mask
        mask ^= b
        found.append(b)
    return found


def _matcher(regex_set: Any) -> Any:
    """The Match of a compiled re2.Set, taking UTF-8 bytes: the extension's own method when
    the wrapper exposes it (a Python frame less per call, on every line), else the
    wrapper's, which takes bytes too."""
    raw = getattr(regex_set, "_set", None)
    match = getattr(raw, "Match", None)
    return match if callable(match) else regex_set.Match


# Caches keyed by lines grow with the variety of the text; past this size they start again.
_CACHE_LIMIT = 1 << 14
# Lines a screen remembers across documents are at most this long (repeated lines are short
# ones: bylines, prompts, furniture), so the cache stays small whatever the text.
_REMEMBER_LEN = 1000
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
