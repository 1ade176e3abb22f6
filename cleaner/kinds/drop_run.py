"""drop-run: runs of short furniture lines go (a site's navigation printed one short line
each, a list of other stories' headlines after the last paragraph), judged by their shape.

An item is a non-blank line of `run.min_words` to `run.max_words` words and `run.max_chars`
characters that does not end like a sentence (unless `run.sentences`), and that matches the
rule's `lines` or `pattern` when it has them; see model.Run for the rest. structure.py runs
these rules in turn with the line rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from .base import Fail, Hit, KindSpec, Line

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..model import Rule

# A line that ends like a sentence is prose, not a link title or a headline.
SENTENCE_END = re.compile(r"[.!?।॥:;,][\"'”’)»]*$")


def check(rule: Rule, fail: Fail) -> None:
    from ..packfile import flags_of  # packfile imports the kinds

    if rule.run is None:
        raise fail(("kind",), "drop-run needs 'run' (min_lines, max_words, ... of the run to drop)")
    for key in ("after", "anchor", "not_after"):
        source = getattr(rule.run, key)
        if source is None:
            continue
        try:
            re.compile(source, flags_of(rule.flags))
        except re.error as exc:
            raise fail(("run", key), f"bad regex: {exc.msg} at position {exc.pos}") from None


def drop_runs(lines: list[Line], rule: CompiledRule, hits: list[Hit],
              body: list[int] | None = None) -> list[Line]:
    """Drop every run of at least `run.min_lines` item lines that sits where the rule says.

    Blank lines inside a run do not end it (and are left for tidy); any other line does. A run that would take
    every non-blank line of the document is left alone: furniture never is a whole article.
    `body` is `non_blank(lines)` when the caller has it already.
    """
    run = rule.run
    assert run is not None
    if body is None:
        body = non_blank(lines)
    if len(body) <= run.min_lines:
        return lines
    if run.repeated:
        # Only the lines printed often enough are items: runs of them, wherever they sit (an
        # edge run is checked below like any other).
        order = _repeated(lines, body, rule)
        if not order:
            return lines
        groups = _adjacent(lines, order)
    elif run.at == "any":
        groups = _groups(lines, body, rule, edge=False)
    else:
        # A run that must reach the last line (or begin at the first) can only be the one
        # there: judging the lines from that end up to the first that is no item spares the
        # rest of the document, which is most of it.
        edge = _groups(lines, body[::-1] if run.at == "end" else body, rule, edge=True)
        groups = [g[::-1] if run.at == "end" else g for g in edge]
    doomed: set[int] = set()
    for group in groups:
        if len(group) < run.min_lines or len(group) == len(body):
            continue
        if run.at == "end" and group[-1] != body[-1]:
            continue
        if run.after is not None:
            under = _under_heading(lines, body, group, run.after, run.min_lines, hits)
            if under is None:
                continue
            group = under
        if run.at == "start" and group[0] != body[0]:
            continue
        if run.not_after is not None and _lead_in(lines, body, group, run.not_after):
            continue  # the list the line above introduces ("The winners were:") is the story's
        if run.anchor is not None and sum(
                1 for i in group if run.anchor.search(lines[i][1].strip())) < run.min_anchors:
            continue  # a list of short lines, but none of the words navigation is made of
        if run.echoed and not _echoed(lines, body, group):
            continue
        # Only the run's own lines go: the blank lines between them stay (tidy collapses
        # them), so the input minus the audit is the output, as for every other rule.
        doomed.update(group)
    if not doomed:
        return lines
    out: list[Line] = []
    for i, (num, text) in enumerate(lines):
        if i not in doomed:
            out.append((num, text))
        elif text.strip():
            hits.append(Hit(rule.pack, rule.id, rule.kind, num, text.rstrip()))
    return out


def non_blank(lines: Sequence[Line]) -> list[int]:
    """The indexes of the lines that hold more than whitespace."""
    return [i for i, (_, text) in enumerate(lines) if text and not text.isspace()]


def _groups(lines: Sequence[Line], order: list[int], rule: CompiledRule, edge: bool) -> list[list[int]]:
    """The runs of items among the non-blank lines `order`, in that order; with `edge`, only
    the run that starts at the first of them (none if it is no item)."""
    run = rule.run
    assert run is not None
    groups: list[list[int]] = []
    current: list[int] = []
    current_view = ""
    for i in order:
        text = lines[i][1]
        # Most lines of a story are paragraphs, far longer than any item: the length test
        # settles them before anything costlier runs.
        if len(text) <= run.max_chars + 8 and _is_item(text.strip(), rule):
            if run.same:
                line_view = _view(text)
                if current and line_view != current_view:
                    groups.append(current)  # another line: a run of repeats ends, another may start
                    current = []
                    if edge:
                        return groups
                current_view = line_view
            current.append(i)
            continue
        if current:
            groups.append(current)
            current = []
        if edge:
            return groups
    if current:
        groups.append(current)
    return groups


def _adjacent(lines: Sequence[Line], items: list[int]) -> list[list[int]]:
    """The `items` (indexes in order) in runs: items with only blank lines between them."""
    groups: list[list[int]] = []
    for i in items:
        if groups and not any(lines[j][1].strip() for j in range(groups[-1][-1] + 1, i)):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _repeated(lines: Sequence[Line], body: list[int], rule: CompiledRule) -> list[int]:
    """The items among the non-blank lines `body` whose line the document prints at least
    `run.repeated` times (compared through the matching view)."""
    run = rule.run
    assert run is not None
    items: dict[str, list[int]] = {}
    for i in body:
        text = lines[i][1]
        if len(text) <= run.max_chars + 8 and _is_item(text.strip(), rule):
            items.setdefault(_view(text), []).append(i)
    return sorted(i for found in items.values() if len(found) >= run.repeated for i in found)


def _view(text: str) -> str:
    """The matching view of a line, from the cache the matcher fills (it has taken the view
    of most short lines already): view() strips the ends, so the stripped line's is the same."""
    return _cached_view()(text.strip())


@cache
def _cached_view() -> Callable[[str], str]:
    """fastmatch.line_view, asked for on first use: fastmatch imports the rules, which import
    this module."""
    from ..fastmatch import line_view

    return line_view


def _is_item(text: str, rule: CompiledRule) -> bool:
    """Is `text` one line of the furniture the rule's run is made of?"""
    run = rule.run
    assert run is not None
    if len(text) > run.max_chars:
        return False
    if not run.min_words <= len(text.split()) <= run.max_words:
        return False
    if not run.sentences and SENTENCE_END.search(text):
        return False
    if rule.regex is None and not rule.literals:
        return True
    return rule.fires(text, _view(text) if rule.literals else None)


def _under_heading(lines: Sequence[Line], body: list[int], group: list[int],
                   after: re.Pattern[str], min_lines: int, hits: Sequence[Hit]) -> list[int] | None:
    """The part of the run under the first line that matches `after`, if it holds enough items.

    That line is the non-blank line kept before an item, or one of the lines an earlier rule
    removed between the two (a "Read more:" heading is often removed by a line rule before its
    list is seen here, and the list still sits under it), or an item itself: a heading short
    enough to be one ("Mehr zu", "See also") opens the run and goes with it. The items above
    the heading, under no heading, stay.
    """
    start = body.index(group[0])
    removed = [h for h in hits if h.kind in _removing() and after.search(h.text) is not None]
    for k, i in enumerate(group):
        prev = group[k - 1] if k else (body[start - 1] if start else None)
        if k == 0 and prev is not None and after.search(lines[prev][1].rstrip()) is not None:
            return group if len(group) >= min_lines else None
        low = lines[prev][0] if prev is not None else 0
        if any(low < h.line < lines[i][0] for h in removed):
            return group[k:] if len(group) - k >= min_lines else None
        if after.search(lines[i][1].rstrip()) is not None:
            return group[k:] if len(group) - k - 1 >= min_lines else None
    return None


def _lead_in(lines: Sequence[Line], body: list[int], group: list[int], not_after: re.Pattern[str]) -> bool:
    """Does the non-blank line kept just before the run match `not_after` (a lead-in)?"""
    start = body.index(group[0])
    return start > 0 and not_after.search(lines[body[start - 1]][1].rstrip()) is not None


def _echoed(lines: Sequence[Line], body: list[int], group: list[int]) -> bool:
    """Is every line of the run printed again, alone, below it, and none twice in the run?

    A table of contents lists each of the story's subheadings once, and each is printed again
    over its section: dropping the list loses no line of the story.
    """
    views = [_view(lines[i][1]) for i in group]
    if len(set(views)) != len(views):
        return False
    last = group[-1]
    below = {_view(lines[i][1]) for i in body if i > last}
    return all(v in below for v in views)


@cache
def _removing() -> frozenset[str]:
    """The kinds whose hits take a whole line away (a replace hit leaves its line, an html
    one is no line). Asked of the registry on first use: it imports this module."""
    from . import KINDS

    return frozenset(k.name for k in KINDS.values() if k.drop is not None or k.apply_run is not None)


KIND = KindSpec("drop-run", "run", check, owns=("run",), apply_run=drop_runs)
