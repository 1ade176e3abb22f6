"""drop-line: the line a rule's marker or pattern fires on is removed, alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Fail, Hit, KindSpec, Line, fires_on_line, hit, needs_marker

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..model import Rule


def check(rule: Rule, fail: Fail) -> None:
    needs_marker(rule, fail)


def drop(rule: CompiledRule, lines: list[Line], i: int, num: int, text: str,
         out: list[Line], hits: list[Hit]) -> int | None:
    hits.append(hit(rule, num, text))
    return 0


KIND = KindSpec("drop-line", "line", check, drop=drop, fires=fires_on_line)
