"""A rule's regex, compiled by Python's `re` the first time it is used rather than at load.

A profile holds a couple of hundred patterns, and `re.compile` of all of them is a third of a
short run's CPU time; the RE2 screen (fastmatch.py) reads only the source and flags, and on
most documents Python's `re` then runs a handful of the rules. `LazyPattern` stands in for
the `re.Pattern`: it has its `pattern` and `flags`, and the matching methods compile on first
call, then put the compiled pattern's own bound methods on the instance, so every later call
costs what calling the compiled pattern does. The pattern was already checked (rules.py
compiles each one when it validates a pack), so a late compile does not fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

# A global inline flag group, `(?i)` or `(?x)`, which changes a compiled pattern's `flags`;
# scoped groups `(?i:...)` do not.
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str] | LazyPattern:
    """A LazyPattern whose `flags` are those `re.compile(pattern, flags)` would have, or, for
    a pattern that sets flags inside its text, the compiled pattern at once (rare: telling
    those flags without compiling would mean parsing the pattern)."""
    if "(?" in pattern and _GLOBAL_FLAGS.search(pattern):
        return re.compile(pattern, flags)
    return LazyPattern(pattern, flags if flags & re.ASCII else flags | re.UNICODE)


class LazyPattern:
    """`re.compile(pattern, flags)`, done on first use (see the module docstring)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        if self._compiled is None:
            rx = self._compiled = re.compile(self.pattern, self.flags)
            # Instance attributes win over these methods: later calls go straight to `re`.
            self.search: Callable[..., re.Match[str] | None] = rx.search
            self.match: Callable[..., re.Match[str] | None] = rx.match
            self.fullmatch: Callable[..., re.Match[str] | None] = rx.fullmatch
            self.sub: Callable[..., str] = rx.sub
            self.subn: Callable[..., tuple[str, int]] = rx.subn
            self.finditer: Callable[..., Iterator[re.Match[str]]] = rx.finditer
            self.findall: Callable[..., list[Any]] = rx.findall
            self.split: Callable[..., list[Any]] = rx.split
        return self._compiled

    def search(self, *args: Any) -> re.Match[str] | None:  # type: ignore[no-redef]
        return self.compiled().search(*args)

    def match(self, *args: Any) -> re.Match[str] | None:  # type: ignore[no-redef]
        return self.compiled().match(*args)

    def fullmatch(self, *args: Any) -> re.Match[str] | None:  # type: ignore[no-redef]
        return self.compiled().fullmatch(*args)

    def sub(self, *args: Any) -> str:  # type: ignore[no-redef]
        return self.compiled().sub(*args)

    def subn(self, *args: Any) -> tuple[str, int]:  # type: ignore[no-redef]
        return self.compiled().subn(*args)

    def finditer(self, *args: Any) -> Iterator[re.Match[str]]:  # type: ignore[no-redef]
        return self.compiled().finditer(*args)

    def findall(self, *args: Any) -> list[Any]:  # type: ignore[no-redef]
        return self.compiled().findall(*args)

    def split(self, *args: Any) -> list[Any]:  # type: ignore[no-redef]
        return self.compiled().split(*args)

    @property
    def groupindex(self) -> Mapping[str, int]:
        return self.compiled().groupindex

    @property
    def groups(self) -> int:
        return self.compiled().groups

    def _key(self) -> tuple[str, int]:
        # lazy_compile gives re's own flags, so comparing needs no compile.
        return self.pattern, self.flags

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyPattern):
            return self._key() == other._key()
        if isinstance(other, re.Pattern):
            return self._key() == (other.pattern, other.flags)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags})"

    def __reduce__(self) -> tuple[type[LazyPattern], tuple[str, int]]:
        return LazyPattern, (self.pattern, self.flags)
