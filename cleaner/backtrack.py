"""Spot regexes that can backtrack catastrophically: `(x+)+`, `(\\w+\\s?)*` and their kin.

The pattern's text is read here (a small reader of Python's regex syntax), not CPython's
private parse tree: the tree this reader builds has the parts the test needs (repeats with
their bounds, groups, alternatives, look-arounds, anchors), and everything else is an atom
that matches at least one character. Anything it cannot read gives "no warning", never a
crash: the pattern compiled when its pack was checked, so that would be a gap of this reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BIG = 50  # a repeat allowing more than this many matches counts as unbounded
_MANY = 1 << 32  # the high bound of `*`, `+` and `{m,}`
# `(?i)` (the rest of the pattern) or `(?i-s:` (a group).
_FLAG_GROUP = re.compile(r"\?([aiLmsux]*)(?:-([imsx]*))?([:)])")
_ANCHORS = set("AZbB")
_QUANT = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")


# The tree: a sequence is a tuple of nodes; a node is one of these.
@dataclass(frozen=True)
class Atom:
    """Something that matches at least one character (or that the test need not look into:
    a back-reference, a conditional, an atomic group, a possessive repeat)."""

    text: str


@dataclass(frozen=True)
class Anchor:
    """`^`, `$`, `\\b`... : matches the empty string."""

    text: str


@dataclass(frozen=True)
class Repeat:
    low: int
    high: int
    body: tuple[object, ...]


@dataclass(frozen=True)
class Group:
    body: tuple[object, ...]


@dataclass(frozen=True)
class Branch:
    options: tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class Look:
    """A look-around: matches the empty string; its body is searched too."""

    body: tuple[object, ...]


def nested_quantifier(pattern: str, flags: int = 0) -> bool:
    """True if an unbounded repeat holds a piece that is itself an unbounded repeat with
    everything else around it optional: then a run of text splits into iterations in
    exponentially many ways, and a failing match tries them all (`(a+)+$` on "aaaa…b").

    A repeat whose iterations need a separator (`(?:\\s+\\w+)*`) is linear and not flagged.
    """
    try:
        reader = _Reader(pattern, bool(flags & re.VERBOSE))
        tree = reader.alternatives()
        if reader.i != len(pattern):
            return False  # an unbalanced ")": re.compile refuses it too
        return _walk(tree)
    except _Unreadable:
        return False


class _Unreadable(Exception):
    """The pattern holds something the reader does not know."""


class _Reader:
    """One left-to-right pass over a pattern's text, building the tree above."""

    def __init__(self, pattern: str, verbose: bool) -> None:
        self.p = pattern
        self.i = 0
        self.verbose = verbose

    def peek(self) -> str:
        return self.p[self.i] if self.i < len(self.p) else ""

    def alternatives(self) -> tuple[object, ...]:
        """Alternatives up to a ")" or the end, as one sequence (a Branch when several)."""
        options = [self.sequence()]
        while self.peek() == "|":
            self.i += 1
            options.append(self.sequence())
        if len(options) == 1:
            return options[0]
        # What the alternatives all start with is taken out of them, as re's parser does.
        prefix: list[object] = []
        lists = [list(o) for o in options]
        while all(lists) and all(o[0] == lists[0][0] for o in lists):
            prefix.append(lists[0][0])
            for o in lists:
                del o[0]
        return (*prefix, Branch(tuple(tuple(o) for o in lists)))

    def sequence(self) -> tuple[object, ...]:
        items: list[object] = []
        while self.i < len(self.p):
            c = self.p[self.i]
            if c in "|)":
                break
            if self.verbose and c in " \t\n\r\f\v":
                self.i += 1
                continue
            if self.verbose and c == "#":
                end = self.p.find("\n", self.i)
                self.i = len(self.p) if end < 0 else end + 1
                continue
            if c in "*+?" or (c == "{" and self._quantifier(peek=True)):
                if not items or isinstance(items[-1], Anchor):
                    raise _Unreadable(c)  # nothing to repeat
                items[-1] = self._repeat(items[-1])
                continue
            node = self.atom()
            if node is not None:
                items.append(node)
        return tuple(items)

    def _quantifier(self, peek: bool = False) -> tuple[int, int] | None:
        m = _QUANT.match(self.p, self.i)
        if m is None or not (m.group(1) or m.group(2)):
            return None  # "{}" or "{x": a literal brace
        if not peek:
            self.i = m.end()
        low = int(m.group(1)) if m.group(1) else 0
        if not m.group(2):
            return low, low  # {m}
        return low, int(m.group(3)) if m.group(3) else _MANY

    def _repeat(self, item: object) -> object:
        c = self.p[self.i]
        if c == "{":
            bounds = self._quantifier()
            assert bounds is not None
            low, high = bounds
        else:
            self.i += 1
            low, high = {"*": (0, _MANY), "+": (1, _MANY), "?": (0, 1)}[c]
        if self.peek() == "?":
            self.i += 1  # lazy: backtracks as a greedy repeat does
        elif self.peek() == "+":
            self.i += 1
            return Atom("possessive")  # never gives back what it took: no backtracking into it
        if isinstance(item, Repeat):
            raise _Unreadable("multiple repeat")
        # A repeat of a plain group repeats the group's sequence, as in re's parser.
        body = item.body if isinstance(item, Group) else (item,)
        return Repeat(low, high, body)

    def atom(self) -> object | None:
        c = self.p[self.i]
        if c == "(":
            return self._group()
        if c == "[":
            start = self.i
            self._skip_class()
            return Atom(self.p[start:self.i])
        if c == "\\":
            return self._escape()
        self.i += 1
        if c in "^$":
            return Anchor(c)
        return Atom(c)

    def _escape(self) -> object:
        p, i = self.p, self.i + 1
        if i >= len(p):
            raise _Unreadable("trailing backslash")
        c = p[i]
        self.i = i + 1
        if c in _ANCHORS:
            return Anchor("\\" + c)
        if c == "x":
            self.i += 2
        elif c == "u":
            self.i += 4
        elif c == "U":
            self.i += 8
        elif c == "N" and self.peek() == "{":
            end = p.find("}", self.i)
            if end < 0:
                raise _Unreadable("\\N")
            self.i = end + 1
        elif c == "0":
            while self.i < min(len(p), i + 3) and p[self.i] in "01234567":
                self.i += 1
        elif c.isdigit():
            if len(p[i:i + 3]) == 3 and all(ch in "01234567" for ch in p[i:i + 3]):
                self.i = i + 3  # an octal escape: one character
                return Atom(p[i:i + 3])
            if self.peek().isdigit():
                self.i += 1
            return Atom("backref")
        return Atom(p[i - 1:self.i])

    def _skip_class(self) -> None:
        p = self.p
        i = self.i + 1
        if i < len(p) and p[i] == "^":
            i += 1
        if i < len(p) and p[i] == "]":
            i += 1  # a "]" first in the class is a literal
        while i < len(p) and p[i] != "]":
            i += 2 if p[i] == "\\" else 1
        if i >= len(p):
            raise _Unreadable("unterminated class")
        self.i = i + 1

    def _group(self) -> object | None:
        p = self.p
        self.i += 1
        verbose = self.verbose
        kind = "group"
        if p.startswith("?", self.i):
            rest = p[self.i + 1:]
            if rest.startswith(("=", "!")):
                self.i += 2
                kind = "look"
            elif rest.startswith(("<=", "<!")):
                self.i += 3
                kind = "look"
            elif rest.startswith("#"):
                end = p.find(")", self.i)
                if end < 0:
                    raise _Unreadable("comment")
                self.i = end + 1
                return None
            elif rest.startswith("P<"):
                end = p.find(">", self.i)
                if end < 0:
                    raise _Unreadable("group name")
                self.i = end + 1
            elif rest.startswith("P="):
                end = p.find(")", self.i)
                if end < 0:
                    raise _Unreadable("group reference")
                self.i = end + 1
                return Atom("backref")
            elif rest.startswith(">"):
                self.i += 2
                kind = "opaque"  # atomic: never gives back what it matched
            elif rest.startswith("("):
                self.i += 1
                kind = "opaque"  # a conditional `(?(1)yes|no)`: not looked into
                end = p.find(")", self.i)
                if end < 0:
                    raise _Unreadable("conditional")
                self.i = end + 1
            else:
                m = _FLAG_GROUP.match(p, self.i)
                if m is None:
                    raise _Unreadable("group")
                self.i = m.end()
                on, off = m.group(1), m.group(2) or ""
                if m.group(3) == ")":
                    if "x" in on:
                        self.verbose = True  # a global flag: the rest of the pattern
                    return None
                if "x" in on:
                    self.verbose = True
                elif "x" in off:
                    self.verbose = False
        body = self.alternatives()
        self.verbose = verbose  # a scoped (?x:...) ends with its group
        if self.peek() != ")":
            raise _Unreadable("missing )")
        self.i += 1
        if kind == "look":
            return Look(body)
        if kind == "opaque":
            return Atom("opaque")
        return Group(body)


def _walk(items: tuple[object, ...]) -> bool:
    for item in items:
        if isinstance(item, Repeat) and _unbounded(item.high) and _ambiguous(item.body):
            return True
        if any(_walk(child) for child in _children(item)):
            return True
    return False


def _children(item: object) -> tuple[tuple[object, ...], ...]:
    """The sub-sequences of one node: a repeat's body, a group's, each branch, a look-around's."""
    if isinstance(item, (Repeat, Group, Look)):
        return (item.body,)
    if isinstance(item, Branch):
        return item.options
    return ()


def _ambiguous(body: tuple[object, ...]) -> bool:
    """Some unbounded repeat in `body` can make up a whole iteration on its own."""
    body = _unwrap(body)
    for i, item in enumerate(body):
        alone = all(_nullable(other) for j, other in enumerate(body) if j != i)
        if not alone:
            continue
        if isinstance(item, Repeat) and _unbounded(item.high):
            return True
        if isinstance(item, Branch) and any(_ambiguous(b) for b in item.options):
            return True
    return False


def _unwrap(items: tuple[object, ...]) -> tuple[object, ...]:
    while len(items) == 1 and isinstance(items[0], Group):
        items = items[0].body
    return items


def _nullable(item: object) -> bool:
    if isinstance(item, Repeat):
        return item.low == 0 or all(_nullable(x) for x in item.body)
    if isinstance(item, Group):
        return all(_nullable(x) for x in item.body)
    if isinstance(item, Branch):
        return any(all(_nullable(x) for x in b) for b in item.options)
    return isinstance(item, (Anchor, Look))


def _unbounded(high: int) -> bool:
    return high > _BIG
