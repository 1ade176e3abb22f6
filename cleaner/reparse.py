"""Read what a compiled regex needs in order to match: anchors, first and last characters,
required substrings, and the longest match. Each answer is a necessary condition, so a
line that fails it provably has no match and the regex need not run on it.

Everything here walks the parse tree of Python's own regex parser (`re._parser`, the
parser `re.compile` itself uses) and builds character tests as regexes compiled with the
same flags, so case-insensitive matching is judged by the same engine that runs the rule.
Anything the walk does not understand makes the answer "no condition", never a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

try:  # the parser behind re.compile; private, so any surprise falls back to "no condition"
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python without re._parser
    _c = _p = None  # type: ignore[assignment]

# Lines never contain a newline; a character test only ever sees one character of a line.
_UNBOUNDED = 1 << 20
_CATEGORY_TEXT = {}
if _c is not None:
    _CATEGORY_TEXT = {
        _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D",
        _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_NOT_SPACE: r"\S",
        _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W",
    }
# Characters whose str.lower() does not line up with how re's IGNORECASE matches ASCII
# letters: U+0130 lowers to two characters, U+0131 and U+017F match "i" and "s" in re but
# stay themselves in str.lower(). `fold` maps them first (tests/test_fastpath.py checks,
# over every code point, that nothing else matches an ASCII letter and folds otherwise).
CASE_TRAPS = "\u0130\u0131\u017f"


def fold(text: str, traps: bool | None = None) -> str:
    """Lowercase `text` so that wherever an IGNORECASE pattern matches a folded atom (ASCII,
    or characters without case), the folded text contains the atom. `traps`: whether the
    text may hold a CASE_TRAPS character (None: look)."""
    if traps is None or traps:
        # str.replace scans with memchr; str.translate would look up every character.
        text = text.replace("\u0130", "i").replace("\u0131", "i").replace("\u017f", "s")
    return text.lower()


def has_traps(text: str) -> bool:
    """Does `text` hold a CASE_TRAPS character?"""
    return "\u0130" in text or "\u0131" in text or "\u017f" in text


# A required substring: (text, folded). Folded ones are lowercase and looked for in the
# lowercased line (the pattern ignores case there); the others in the line as it is.
Atom = tuple[str, bool]


class Unknown(Exception):
    """The parse tree holds something this module does not reason about."""


# A character class: regex text for one character, and the flags (IGNORECASE, ASCII) it is
# read under. None stands for "any character".
Frag = tuple[str, int]
# The characters at one edge of a match, nearest the edge first (at most EDGE of them), and
# whether the match may consist of just those ("complete"; else it goes on).
Edge = tuple[tuple[Frag | None, ...], bool]
EDGE = 2
_MAX_EDGES = 96  # more alternatives than this: no condition


@dataclass(frozen=True)
class Shape:
    """Necessary conditions for `regex.search(line)` to find a match in a newline-free line.

    - `head`: when `start` is set every match starts at 0, so the line's first characters
      must fit one of these edges (None: no condition).
    - `tail`: when `end` is set every match ends at len(line) (a stripped line has no final
      newline for `$` to stop before), so its last characters must fit one of these.
    - `atoms`: the line contains one of these strings, the folded ones in the lowercased
      line (None: no condition).
    - `width`: the longest possible match, when bounded; with `end`, a search may start at
      len(line) - width, because lookbehinds and `^` still see the whole string.
    """

    start: bool
    head: tuple[Edge, ...] | None
    end: bool
    tail: tuple[Edge, ...] | None
    atoms: frozenset[Atom] | None
    width: int | None


NO_SHAPE = Shape(False, None, False, None, None, None)


@lru_cache(maxsize=1024)
def shape(pattern: str, flags: int) -> Shape:
    """The conditions for one regex, given as (pattern text, compiled flags); cached."""
    if _p is None:
        return NO_SHAPE
    try:
        tree = _p.parse(pattern, flags)
        flags |= tree.state.flags
        items = list(tree)
        start = _anchored(items, flags, (_c.AT_BEGINNING, _c.AT_BEGINNING_STRING), 0)
        end = _anchored(items, flags, (_c.AT_END, _c.AT_END_STRING), -1)
        head = _edges(items, flags, 0) if start else None
        tail = _edges(items, flags, -1) if end else None
        atoms = _atoms(items, flags)
        hi = tree.getwidth()[1]
        width = hi if hi < _UNBOUNDED else None
    except (Unknown, re.error, RecursionError, AttributeError, TypeError, ValueError):
        return NO_SHAPE
    return Shape(start, head, end, tail, atoms, width)


def fits(edges: tuple[Edge, ...], chars: str) -> bool:
    """Do the characters at a line's edge (nearest the edge first, up to EDGE of them) fit
    one of the edges? A line shorter than an edge cannot hold a match that long."""
    for classes, _ in edges:
        if len(chars) >= len(classes) and all(f is None or member(f, ch) for f, ch in zip(classes, chars,
                                                                                            strict=False)):
            return True
    return False


@lru_cache(maxsize=1 << 16)
def member(frag: Frag, ch: str) -> bool:
    return _class_regex(frag).match(ch) is not None


@lru_cache(maxsize=4096)
def _class_regex(frag: Frag) -> re.Pattern[str]:
    text, flags = frag
    return re.compile(text, flags | re.DOTALL)


def _anchored(items: list[tuple[object, object]], flags: int, ats: tuple[object, ...], side: int) -> bool:
    """Does every match begin (side 0) or end (side -1) at the string's edge?"""
    seq = items if side == 0 else items[::-1]
    for op, av in seq:
        if op is _c.AT:
            if av in ats and not (flags & re.MULTILINE and av in (_c.AT_BEGINNING, _c.AT_END)):
                return True
            continue  # \b and friends are zero-width: look further in
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        if op is _c.SUBPATTERN:
            _, add, rem, sub = av
            return _anchored(list(sub), (flags | add) & ~rem, ats, side)
        if op is _c.ATOMIC_GROUP:
            return _anchored(list(av), flags, ats, side)
        if op is _c.BRANCH:
            return all(_anchored(list(alt), flags, ats, side) for alt in av[1])
        return False
    return False


def _edges(items: list[tuple[object, object]], flags: int, side: int) -> tuple[Edge, ...] | None:
    """The edges of a match of the sequence at its start (side 0) or end (side -1)."""
    got = _seq_edges(items, flags, side)
    if any(not classes and complete for classes, complete in got):
        return None  # the match may be empty: no condition
    return tuple(got) if len(got) <= _MAX_EDGES else None


def _seq_edges(items: list[tuple[object, object]], flags: int, side: int) -> list[Edge]:
    current: list[Edge] = [((), True)]
    for op, av in items if side == 0 else items[::-1]:
        if op is _c.AT or op in (_c.ASSERT, _c.ASSERT_NOT):
            continue  # zero-width
        if all(not complete for _, complete in current):
            break  # every edge is full: later items cannot change them
        current = _concat(current, _item_edges(op, av, flags, side))
    return current


def _concat(left: list[Edge], right: list[Edge]) -> list[Edge]:
    """Edges of "left then right" (seen from the edge): full edges stay, open ones extend."""
    out: dict[tuple[Frag | None, ...], bool] = {}
    for classes, complete in left:
        if not complete:
            out[classes] = out.get(classes, False)
            continue
        for more, more_complete in right:
            joined = classes + more
            if len(joined) >= EDGE:
                out[joined[:EDGE]] = out.get(joined[:EDGE], False)
            else:
                out[joined] = out.get(joined, False) or more_complete
    if len(out) > _MAX_EDGES:
        raise Unknown("too many edges")
    return list(out.items())


_ANYTHING: list[Edge] = [((), True), ((None,) * EDGE, False)]


def _item_edges(op: object, av: object, flags: int, side: int) -> list[Edge]:
    if op in (_c.LITERAL, _c.NOT_LITERAL, _c.IN):
        return [(((_class_text(op, av), flags & (re.IGNORECASE | re.ASCII)),), True)]
    if op is _c.ANY:
        return [((None,), True)]
    if op is _c.SUBPATTERN:
        _, add, rem, sub = av  # type: ignore[misc]
        return _seq_edges(list(sub), (flags | add) & ~rem, side)
    if op is _c.ATOMIC_GROUP:
        return _seq_edges(list(av), flags, side)  # type: ignore[arg-type]
    if op is _c.BRANCH:
        out: list[Edge] = []
        for alt in av[1]:  # type: ignore[index]
            out.extend(_seq_edges(list(alt), flags, side))
        return _concat([((), True)], out)  # merge duplicates
    if op in _repeats():
        lo, hi, sub = av  # type: ignore[misc]
        one = _seq_edges(list(sub), flags, side)
        found: list[Edge] = [((), True)] if lo == 0 else []
        layer: list[Edge] = [((), True)]
        count = 0
        # Past lo + EDGE copies the open edges (of a body that may match nothing) repeat.
        limit = min(hi, lo + EDGE + 1)
        while layer and count < limit:
            count += 1
            layer = _concat(layer, one)
            found.extend(e for e in layer if not e[1] or count >= lo)
            layer = [e for e in layer if e[1]]
        if layer and count < hi:
            found.extend(((classes + (None,) * EDGE)[:EDGE], False) for classes, _ in layer)
        return _concat([((), True)], found)
    return _ANYTHING  # group references, conditionals: anything at all


def _repeats() -> tuple[object, ...]:
    return tuple(getattr(_c, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, n))


def _class_text(op: object, av: object) -> str:
    """One character class, as regex text that re compiles back to the same set."""
    if op is _c.LITERAL:
        return _esc(av)  # type: ignore[arg-type]
    if op is _c.NOT_LITERAL:
        return f"[^{_esc(av)}]"  # type: ignore[arg-type]
    parts: list[str] = []
    for iop, iav in av:  # type: ignore[attr-defined]
        if iop is _c.NEGATE:
            parts.insert(0, "^")
        elif iop is _c.LITERAL:
            parts.append(_esc(iav))
        elif iop is _c.RANGE:
            parts.append(f"{_esc(iav[0])}-{_esc(iav[1])}")
        elif iop is _c.CATEGORY and iav in _CATEGORY_TEXT:
            parts.append(_CATEGORY_TEXT[iav])
        else:
            raise Unknown(iop)
    return f"[{''.join(parts)}]"


def _esc(cp: int) -> str:
    return f"\\U{cp:08x}"


# -- required substrings ------------------------------------------------------------------

def usable(ch: str) -> bool:
    """Characters a case-folded substring may hold: ASCII, or non-ASCII without case (re
    and str.lower() then agree on what matches them, see CASE_TRAPS)."""
    return ch.isascii() or (ch.lower() == ch == ch.upper() and ch not in CASE_TRAPS)


def _one_char(op: object, av: object, folded: bool) -> tuple[str, bool] | None:
    """The one character an item matches, and whether it is only known up to case (then
    lowercased: "[Pp]" gives ("p", True)); None when the item is not one character."""
    if op is _c.LITERAL:
        chars = {chr(av)}  # type: ignore[arg-type]
    elif op is _c.IN:
        chars = set()
        for iop, iav in av:  # type: ignore[attr-defined]
            if iop is not _c.LITERAL:
                return None
            chars.add(chr(iav))
    else:
        return None
    if not folded and len(chars) == 1:
        return chars.pop(), False
    if not all(usable(ch) for ch in chars):
        return None
    lowered = {ch.lower() for ch in chars}
    return (lowered.pop(), True) if len(lowered) == 1 else None


def _atoms(items: list[tuple[object, object]], flags: int) -> frozenset[Atom] | None:
    """Substrings one of which every match contains; the most selective set found."""
    best = max(_candidates(items, flags), key=score, default=None)
    return best if best is not None and score(best) > 0 else None


def _candidates(items: list[tuple[object, object]], flags: int) -> list[frozenset[Atom]]:
    """Every set of substrings found such that each match holds a member of the set."""
    folded = bool(flags & re.IGNORECASE)
    candidates: list[frozenset[Atom]] = []
    run: list[tuple[str, bool]] = []

    def flush() -> None:
        if not run:
            return
        if any(f for _, f in run):
            # Known only up to case somewhere: the whole run is looked for lowercased, which
            # needs every character of it to lowercase the way re folds it.
            if all(usable(ch) for ch, _ in run):
                candidates.append(frozenset([("".join(ch.lower() for ch, _ in run), True)]))
        else:
            candidates.append(frozenset([("".join(ch for ch, _ in run), False)]))
        run.clear()

    for op, av in items:
        got = _one_char(op, av, folded)
        if got is not None:
            run.append(got)
            continue
        if op is _c.AT or op in (_c.ASSERT, _c.ASSERT_NOT):
            continue  # zero-width: the characters on both sides are still adjacent
        flush()
        candidates.extend(_item_candidates(op, av, flags))
    flush()
    return candidates


def _item_candidates(op: object, av: object, flags: int) -> list[frozenset[Atom]]:
    if op is _c.SUBPATTERN:
        _, add, rem, sub = av  # type: ignore[misc]
        return _candidates(list(sub), (flags | add) & ~rem)
    if op is _c.ATOMIC_GROUP:
        return _candidates(list(av), flags)  # type: ignore[arg-type]
    if op in _repeats():
        lo, _, sub = av  # type: ignore[misc]
        return _candidates(list(sub), flags) if lo >= 1 else []
    if op is _c.BRANCH:
        per_alt = [[c for c in _candidates(list(alt), flags) if score(c) > 0] for alt in av[1]]  # type: ignore[index]
        if not all(per_alt):
            return []
        found = [_reduce(set().union(*(max(c, key=score) for c in per_alt)))]
        # A substring every alternative needs (itself, or within one it needs) is one search
        # instead of one per alternative.
        singles = [{next(iter(c)) for c in cands if len(c) == 1} for cands in per_alt]
        for atom in set().union(*singles):
            if all(any(b[1] == atom[1] and atom[0] in b[0] for b in alt) for alt in singles):
                found.append(frozenset([atom]))
        return found
    return []


def score(atoms: frozenset[Atom]) -> float:
    """How well a set of substrings screens lines: its weakest member's rarity (letters
    count one each, rare punctuation much more, ordinary punctuation and spaces little),
    less one per further member (each one is a search). Blank members say nothing."""
    if not atoms or any(not text.strip() for text, _ in atoms):
        return 0.0
    return min(min(sum(_RARITY.get(ch, 1.0) for ch in text), 8.0) for text, _ in atoms) - (len(atoms) - 1)


_RARITY = {**dict.fromkeys(" \t.,;:!?'\"()-", 0.5), **dict.fromkeys("|<>@#/\\[]{}_=+*~^©®™", 5.0)}


def _reduce(atoms: set[Atom]) -> frozenset[Atom]:
    """Drop members another member already implies: one holding a smaller member of its
    kind, or a cased one whose lowercase holds a folded member."""
    def implied(a: Atom) -> bool:
        text, folded = a
        for o_text, o_folded in atoms:
            if (o_text, o_folded) == a:
                continue
            if o_folded == folded and o_text in text:
                return True
            if o_folded and not folded and all(map(usable, text)) and o_text in text.lower():
                return True
        return False
    return frozenset(a for a in atoms if not implied(a))


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


def merge_anchored(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One regex whose `match` at 0 succeeds exactly when one of the patterns (each anchored
    at the start, so found only at 0) matches: their parse trees as alternatives, each under
    its own flags. None when that cannot be built faithfully (a back-reference, say)."""
    if _p is None or not patterns:
        return None
    try:
        from re import _compiler

        state = _p.State()
        alternatives = []
        groups = 1
        for rx in patterns:
            tree = _p.parse(rx.pattern, rx.flags)
            if _refers_to_groups(list(tree)):
                return None  # group numbers change in the merged regex
            flags = (rx.flags | tree.state.flags) & (re.IGNORECASE | re.DOTALL | re.MULTILINE | re.ASCII
                                                     | re.UNICODE)
            alternatives.append(_p.SubPattern(state, [(_c.SUBPATTERN, (None, flags, 0, tree))]))
            groups = max(groups, tree.state.groups)
        # Capturing groups keep their own numbers; marks may collide, which matters to no
        # one: nothing refers to them, and only whether a match exists is asked.
        state.groupwidths = [None] * groups
        merged = _p.SubPattern(state, [(_c.BRANCH, (None, alternatives))])
        return _compiler.compile(merged, 0)
    except Exception:  # private machinery: any failure means "run them one by one"
        return None


def _refers_to_groups(items: list[tuple[object, object]]) -> bool:
    for op, av in items:
        if op in (_c.GROUPREF, _c.GROUPREF_EXISTS) or str(op).startswith("GROUPREF"):
            return True
        for sub in _children(op, av):
            if _refers_to_groups(list(sub)):
                return True
    return False


def _children(op: object, av: object) -> list[object]:
    """The sub-sequences of one parse-tree item."""
    if op is _c.SUBPATTERN:
        return [av[3]]  # type: ignore[index]
    if op is _c.BRANCH:
        return list(av[1])  # type: ignore[index]
    if op in _repeats():
        return [av[2]]  # type: ignore[index]
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]  # type: ignore[index]
    if op is _c.ATOMIC_GROUP:
        return [av]
    return []
