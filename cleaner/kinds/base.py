"""What every rule kind shares: the `Line` and `Hit` a kind reads and writes, the `KindSpec`
record a kind module fills in, and the helpers several kinds use.

A kind is data plus two functions: `check` (what a rule of the kind must have, beyond the
schema) and what it does to a document's lines, at one of three stages:

- "line": judged one line at a time by the matcher's loop (matcher.py), after the RE2
  screen (fastmatch.py) has named the rules that could fire. `drop` removes the line a rule
  fired on (and may take lines after it); `rewrite` edits the line and lets later rules see
  the new text.
- "run": judged on the whole list of lines (`apply_run`), in turn with the line rules until
  neither changes anything (structure.py).
- "html": applied to the HTML tree before its text is taken (html/remove.py); its `fires`
  says whether a rule selects an HTML snippet (for `rules check`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..types import Hit, Line
from ..view import view

if TYPE_CHECKING:  # the kinds are imported by model.py and compiled.py: no import back at run time
    from ..compiled import CompiledRule
    from ..errors import PackError
    from ..model import Rule

Stage = Literal["line", "run", "html"]
# A rule's error at a key of the rule (("kind",), ("selectors", 2)...), naming file and line.
Fail = Callable[[tuple[str | int, ...], str], "PackError"]
Check = Callable[["Rule", Fail], None]
# (rule, lines, index of the line it fired on, its number, its text without trailing space,
# the lines kept so far, the hits) -> how many lines after it the rule takes too, or None
# when the rule declines (the line is then judged by the next rule).
DropLines = Callable[["CompiledRule", list[Line], int, int, str, list[Line], list[Hit]], int | None]
# (rule, line number, text without trailing space, text, hits) -> the new text, or None.
Rewrite = Callable[["CompiledRule", int, str, str, list[Hit]], str | None]
# (lines, rule, hits, indexes of the non-blank lines) -> the lines kept (the same list
# object when the rule dropped nothing, so that the caller keeps its indexes).
ApplyRun = Callable[[list[Line], "CompiledRule", list[Hit], list[int]], list[Line]]
# (rule, an example line or snippet) -> does the rule act on it?
Fires = Callable[["CompiledRule", str], bool]


@dataclass(frozen=True)
class KindSpec:
    """One rule kind, as its module defines it (see the module docstring)."""

    name: str
    stage: Stage
    check: Check
    # Rule keys only this kind may set: any other kind setting one is an error.
    owns: tuple[str, ...] = ()
    drop: DropLines | None = None
    rewrite: Rewrite | None = None
    apply_run: ApplyRun | None = None
    fires: Fires | None = None
    # What the kind asks of the rule's compiled `pattern` (after the checks every pattern gets).
    check_pattern: Callable[[re.Pattern[str], Rule, Fail], None] | None = None
    # A pattern of a rule that edits lines may match the empty string; one of a rule that
    # drops them would fire on every line.
    edits: bool = False


def hit(rule: CompiledRule, num: int, text: str) -> Hit:
    """The hit of a rule that removed line `num` (its credit group read from the line)."""
    return Hit(rule.pack, rule.id, rule.kind, num, text, credit=credit(rule, text))


def credit(rule: CompiledRule, text: str) -> str | None:
    """The rule's `credit` group in `text`, stripped (None: no credit, or no match)."""
    if rule.credit is None or rule.regex is None:
        return None
    m = rule.regex.search(text)
    value = m.group(rule.credit) if m else None
    return value.strip() if value else None


def needs_marker(rule: Rule, fail: Fail) -> None:
    """A line rule fires on its literal `lines` or its `pattern`: it needs one of them."""
    if not rule.lines and rule.pattern is None:
        raise fail(("kind",), f"{rule.kind} needs 'lines' (literal markers) or 'pattern' (a regex)")


def fires_on_line(rule: CompiledRule, line: str) -> bool:
    """Does a line rule fire on `line` alone (an example, normalised as a document is)?"""
    return rule.fires(line, view(line))
