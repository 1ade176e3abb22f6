"""The mojibake witness of ftfy's detector regex: characters any match of it must hold.

`bad_witness` reads the detector's alternatives from the regex's own text, with a reader
for the small part of the syntax such a regex uses (literal characters, classes with
ranges, escapes, `\\s`/`\\w`, `.`, `^`, `?`, alternation, verbose whitespace and
comments), and returns the rare characters, or pairs of adjacent non-ASCII characters, one
of which every match contains; normalize.py then runs ftfy only on the segments holding one.
Anything the reader does not understand (groups, counted repeats, ignorecase...) gives None
("run the detector everywhere"), never a wrong answer. It reads the pattern string, not
CPython's private parse tree. (The matcher's screens do not read regexes
either: they are RE2 patterns, see re2syntax.py.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise


class Unknown(Exception):
    """The parse tree holds something this module does not reason about."""


def _esc(cp: int) -> str:
    return f"\\U{cp:08x}"


@dataclass(frozen=True)
class Witness:
    """What any string matched by a regex like ftfy's mojibake detector holds: a character
    of `singles`, or two adjacent characters forming one of `pairs` (a class of firsts and a
    class of seconds each). `found(text)` is False only when the text holds neither."""

    singles: frozenset[int]
    pairs: tuple[tuple[frozenset[int], frozenset[int]], ...]

    def __post_init__(self) -> None:
        single = _set_text(set(self.singles)) if self.singles else None
        firsts = set().union(*(a for a, _ in self.pairs)) if self.pairs else set()
        seconds = set().union(*(b for _, b in self.pairs)) if self.pairs else set()
        # Cheap scans first (a class leading a regex lets re skip ahead fast): a single, or
        # a (first, second) pair drawn from the unions, then checked against the real pairs.
        object.__setattr__(self, "_single", re.compile(single) if single else None)
        object.__setattr__(self, "_pair", re.compile(f"{_set_text(firsts)}{_set_text(seconds)}")
                           if self.pairs else None)
        allowed: dict[str, set[str]] = {}
        for a, b in self.pairs:
            seconds_text = {chr(cp) for cp in b}
            for cp in a:
                allowed.setdefault(chr(cp), set()).update(seconds_text)
        object.__setattr__(self, "_allowed", {k: frozenset(v) for k, v in allowed.items()})

    def found(self, text: str) -> bool:
        if self._single is not None and self._single.search(text) is not None:  # type: ignore[attr-defined]
            return True
        pair = self._pair  # type: ignore[attr-defined]
        if pair is not None:
            allowed = self._allowed  # type: ignore[attr-defined]
            m = pair.search(text)
            while m is not None:
                first, second = m.group()
                if second in allowed.get(first, ()):
                    return True
                m = pair.search(text, m.start() + 1)  # pairs may overlap: step one character
        return False

    def clue_regexes(self) -> list[re.Pattern[str]]:
        """Regexes one of which matches wherever `found` is true (for jumping from clue to clue)."""
        return [rx for rx in (self._single, self._pair) if rx is not None]  # type: ignore[attr-defined]


def bad_witness(pattern: re.Pattern[str]) -> Witness | None:
    """The witness of a regex where every alternative needs one character of a rare set or
    two adjacent non-ASCII characters (ftfy's mojibake detector is such a regex). None
    when some alternative has no such witness (then the regex itself must be run)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        alternatives = _Reader(pattern.pattern, bool(pattern.flags & re.VERBOSE)).alternatives()
        singles: set[int] = set()
        pairs: dict[tuple[frozenset[int], frozenset[int]], None] = {}
        for alt in alternatives:
            found = _witness(alt)
            if found is None:
                return None
            if len(found) == 1:
                singles |= found[0]
            else:
                pairs[(frozenset(found[0]), frozenset(found[1]))] = None
    except Unknown:
        return None
    return Witness(frozenset(singles), tuple(pairs))


# One item of an alternative: the code points one character may be (a class or a literal;
# {0}, an ASCII stand-in, for negated classes and \s, \w, \d), None for an item that breaks
# adjacency (`.`, an optional or repeated item), or _ZERO_WIDTH for `^`/`$`.
Item = set[int] | None
_ZERO_WIDTH: set[int] = set()
_CATEGORIES = "sSwWdD"
_HEX = {"x": 2, "u": 4, "U": 8}


class _Reader:
    """Top-level alternatives of a regex, each as its items (see `Item`)."""

    def __init__(self, text: str, verbose: bool) -> None:
        self.text, self.verbose, self.i = text, verbose, 0

    def alternatives(self) -> list[list[Item]]:
        alts: list[list[Item]] = [[]]
        text = self.text
        while self.i < len(text):
            c = text[self.i]
            self.i += 1
            if self.verbose and c.isspace():
                continue
            if self.verbose and c == "#":
                end = text.find("\n", self.i)
                self.i = len(text) if end == -1 else end + 1
            elif c == "|":
                alts.append([])
            elif c == "[":
                alts[-1].append(self._class())
            elif c == "\\":
                alts[-1].append(self._escape())
            elif c == ".":
                alts[-1].append(None)
            elif c in "^$":
                alts[-1].append(_ZERO_WIDTH)
            elif c in "?*+":
                if not alts[-1] or alts[-1][-1] is _ZERO_WIDTH:
                    raise Unknown(f"repeat at {self.i - 1}")
                if text.startswith("?", self.i):
                    self.i += 1  # lazy: still optional or repeated
                alts[-1][-1] = None
            elif c in "(){}":
                raise Unknown(f"{c!r} at {self.i - 1}")
            else:
                alts[-1].append({ord(c)})
        return alts

    def _escape(self) -> set[int]:
        """The item an escape outside a class stands for."""
        cp = self._escaped()
        return {0} if cp is None else {cp}

    def _escaped(self) -> int | None:
        """The code point after a backslash (None for a category such as \\s)."""
        text = self.text
        if self.i >= len(text):
            raise Unknown("trailing backslash")
        c = text[self.i]
        self.i += 1
        if c in _CATEGORIES:
            return None
        if c in _HEX:
            digits = text[self.i:self.i + _HEX[c]]
            if len(digits) != _HEX[c] or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise Unknown(f"bad \\{c} escape")
            self.i += _HEX[c]
            return int(digits, 16)
        if c.isalnum():
            raise Unknown(f"escape \\{c}")  # \b, \A, back-references, \N{...}: not read here
        return ord(c)

    def _class(self) -> set[int]:
        """The members of a class, from just after its "["."""
        text = self.text
        negated = text.startswith("^", self.i)
        if negated:
            self.i += 1
        members: set[int] = set()
        category = False
        first = True
        while True:
            if self.i >= len(text):
                raise Unknown("unclosed class")
            c = text[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            lo = self._member()
            if lo is None:
                category = True
                continue
            if text.startswith("-", self.i) and not text.startswith("-]", self.i):
                self.i += 1
                hi = self._member()
                if hi is None or hi < lo:
                    raise Unknown("bad range")
                members.update(range(lo, hi + 1))
            else:
                members.add(lo)
        return {0} if negated or category else members

    def _member(self) -> int | None:
        c = self.text[self.i]
        self.i += 1
        if c == "\\":
            return self._escaped()
        if c == "[":
            raise Unknown("nested set syntax")
        return ord(c)


def _set_text(members: set[int]) -> str:
    """A character class for a set of code points, runs written as ranges."""
    parts: list[str] = []
    cps = sorted(members)
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        parts.append(_esc(cps[i]) if i == j else f"{_esc(cps[i])}-{_esc(cps[j])}")
        i = j + 1
    return f"[{''.join(parts)}]"


def _witness(alt: list[Item]) -> tuple[set[int], ...] | None:
    """The members of one rare class, else of two adjacent non-ASCII classes, else of any
    non-ASCII class, that every match of the alternative contains."""
    classes = [item for item in alt if item is not _ZERO_WIDTH]  # zero-width keeps neighbours adjacent
    known = [c for c in classes if c and min(c) >= 0x80]
    # Rare: C1 controls, or a handful of characters that correct text seldom holds.
    rare = [c for c in known if not c & _LEGIT and (len(c) <= 8 or max(c) < 0xA0)]
    if rare:
        return (min(rare, key=len),)
    for a, b in pairwise(classes):
        if a and b and min(a) >= 0x80 and min(b) >= 0x80:
            return (a, b)
    return (min(known, key=len),) if known else None  # a poor witness, but a sound one


# Non-ASCII characters common in correct text; a witness built on them would fire everywhere.
_LEGIT = {ord(c) for c in "\u00a0’‘“”„–—…«»°€£©®™•·¿¡ß"} | set(range(0xE0, 0x100))
