"""Spot regexes that can backtrack catastrophically: `(x+)+`, `(\\w+\\s?)*` and their kin."""

from __future__ import annotations

from typing import Any

try:  # the parser behind re.compile; private, so a surprise means "no warning", never a crash
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover
    _c = _p = None  # type: ignore[assignment]

_BIG = 50  # a repeat allowing more than this many matches counts as unbounded
Items = list[tuple[Any, Any]]


def nested_quantifier(pattern: str, flags: int = 0) -> bool:
    """True if an unbounded repeat holds a piece that is itself an unbounded repeat with
    everything else around it optional: then a run of text splits into iterations in
    exponentially many ways, and a failing match tries them all (`(a+)+$` on "aaaa…b").

    A repeat whose iterations need a separator (`(?:\\s+\\w+)*`) is linear and not flagged.
    """
    if _p is None:
        return False
    try:
        return _walk(list(_p.parse(pattern, flags)))
    except Exception:
        return False


def _walk(items: Items) -> bool:
    for op, av in items:
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and _unbounded(av[1]) and _ambiguous(list(av[2])):
            return True
        if any(_walk(list(child)) for child in _children(op, av)):
            return True
    return False


def _children(op: Any, av: Any) -> list[Any]:
    """The sub-sequences of one parsed item: a repeat's body, a group's, each branch, a lookaround's."""
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        return [av[2]]
    if op is _c.SUBPATTERN:
        return [av[-1]]
    if op is _c.BRANCH:
        return list(av[1])
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]
    return []


def _ambiguous(body: Items) -> bool:
    """Some unbounded repeat in `body` can make up a whole iteration on its own."""
    body = _unwrap(body)
    for i, (op, av) in enumerate(body):
        alone = all(_nullable(item) for j, item in enumerate(body) if j != i)
        if not alone:
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and _unbounded(av[1]):
            return True
        if op is _c.BRANCH and any(_ambiguous(list(b)) for b in av[1]):
            return True
    return False


def _unwrap(items: Items) -> Items:
    while len(items) == 1 and items[0][0] is _c.SUBPATTERN:
        items = list(items[0][1][-1])
    return items


def _nullable(item: tuple[Any, Any]) -> bool:
    op, av = item
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        return av[0] == 0 or all(_nullable(x) for x in av[2])
    if op is _c.SUBPATTERN:
        return all(_nullable(x) for x in av[-1])
    if op is _c.BRANCH:
        return any(all(_nullable(x) for x in b) for b in av[1])
    return op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT)


def _unbounded(high: int) -> bool:
    return high is _c.MAXREPEAT or high > _BIG

