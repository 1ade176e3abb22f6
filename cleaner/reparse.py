"""The mojibake witness of ftfy's detector regex: characters any match of it must hold.

`bad_witness` reads the detector's alternatives from the parse tree of Python's own regex
parser (`re._parser`) and returns the rare characters, or pairs of adjacent non-ASCII
characters, one of which every match contains; normalize.py then runs ftfy only on the
segments holding one. Anything the walk does not understand gives None ("run the detector
everywhere"), never a wrong answer. (The matcher's screens no longer read parse trees: they
are RE2 patterns, see re2syntax.py.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

try:  # the parser behind re.compile; private, so any surprise falls back to "no witness"
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python without re._parser
    _c = _p = None  # type: ignore[assignment]

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
    if _p is None:
        return None
    try:
        tree = _p.parse(pattern.pattern, pattern.flags)
        flags = pattern.flags | tree.state.flags
        items = list(tree)
        alternatives = items[0][1][1] if len(items) == 1 and items[0][0] is _c.BRANCH else [items]
        singles: set[int] = set()
        pairs: dict[tuple[frozenset[int], frozenset[int]], None] = {}
        for alt in alternatives:
            found = _witness(list(alt), flags)
            if found is None:
                return None
            if len(found) == 1:
                singles |= found[0]
            else:
                pairs[(frozenset(found[0]), frozenset(found[1]))] = None
    except (Unknown, re.error, IndexError, TypeError):
        return None
    return Witness(frozenset(singles), tuple(pairs))


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


def _witness(alt: list[tuple[object, object]], flags: int) -> tuple[set[int], ...] | None:
    """The members of one rare class, else of two adjacent non-ASCII classes, else of any
    non-ASCII class, that every match of the alternative contains."""
    if flags & re.IGNORECASE:
        raise Unknown("ignorecase")
    classes: list[set[int] | None] = []
    for op, av in alt:
        if op in (_c.LITERAL, _c.IN):
            classes.append(_members(op, av))
        elif op is not _c.AT:  # zero-width items keep their neighbours adjacent
            classes.append(None)  # optional parts, \s, . and groups break adjacency
    known = [c for c in classes if c and min(c) >= 0x80]
    # Rare: C1 controls, or a handful of characters that correct text seldom holds.
    rare = [c for c in known if not c & _LEGIT and (len(c) <= 8 or max(c) < 0xA0)]
    if rare:
        return (min(rare, key=len),)
    for a, b in pairwise(classes):
        if a and b and min(a) >= 0x80 and min(b) >= 0x80:
            return (a, b)
    return (min(known, key=len),) if known else None  # a poor witness, but a sound one


def _members(op: object, av: object) -> set[int]:
    """The code points of a class; {0} (an ASCII stand-in) for negated sets and categories."""
    if op is _c.LITERAL:
        return {av}  # type: ignore[arg-type]
    out: set[int] = set()
    for iop, iav in av:  # type: ignore[attr-defined]
        if iop is _c.LITERAL:
            out.add(iav)
        elif iop is _c.RANGE:
            out.update(range(iav[0], iav[1] + 1))
        else:
            return {0}
    return out


# Non-ASCII characters common in correct text; a witness built on them would fire everywhere.
_LEGIT = {ord(c) for c in "\u00a0’‘“”„–—…«»°€£©®™•·¿¡ß"} | set(range(0xE0, 0x100))
