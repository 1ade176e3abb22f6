"""drop-run: runs of short furniture lines go (a site's navigation printed one short line
each, a list of other stories' headlines after the last paragraph), judged by their shape.

An item is a non-blank line of `run.min_words` to `run.max_words` words and `run.max_chars`
characters that does not end like a sentence (unless `run.sentences`), and that matches the
rule's `lines` or `pattern` when it has them; see model.Run for the rest. structure.py runs
these rules in turn with the line rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..view import view
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
    for key in ("after", "anchor"):
        source = getattr(rule.run, key)
        if source is None:
            continue
        try:
            re.compile(source, flags_of(rule.flags))
        except re.error as exc:
            raise fail(("run", key), f"bad regex: {exc.msg} at position {exc.pos}") from None


def drop_runs(lines: list[Line], rule: CompiledRule, hits: list[Hit]) -> list[Line]:
    """Drop every run of at least `run.min_lines` item lines that sits where the rule says.

    Blank lines inside a run do not end it (and are left for tidy); any other line does. A run that would take
    every non-blank line of the document is left alone: furniture never is a whole article.
    """
    run = rule.run
    assert run is not None
    body = [i for i, (_, text) in enumerate(lines) if text and not text.isspace()]
    if len(body) <= run.min_lines:
        return lines
    groups: list[list[int]] = []
    current: list[int] = []
    for i in body:
        text = lines[i][1]
        # Most lines of a story are paragraphs, far longer than any item: the length test
        # settles them before anything costlier runs.
        if len(text) <= run.max_chars + 8 and _is_item(text.strip(), rule):
            if run.same and current and view(lines[current[0]][1]) != view(text):
                groups.append(current)  # another line: a run of repeats ends, another may start
                current = []
            current.append(i)
            continue
        if current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    doomed: set[int] = set()
    for group in groups:
        if len(group) < run.min_lines or len(group) == len(body):
            continue
        if run.at == "end" and group[-1] != body[-1]:
            continue
        if run.at == "start" and group[0] != body[0]:
            continue
        if run.after is not None and not _after_matches(lines, body, group[0], run.after):
            continue
        if run.anchor is not None and sum(
                1 for i in group if run.anchor.search(lines[i][1].strip())) < run.min_anchors:
            continue  # a list of short lines, but none of the words navigation is made of
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
    return rule.fires(text, view(text) if rule.literals else None)


def _after_matches(lines: Sequence[Line], body: list[int], first: int, after: re.Pattern[str]) -> bool:
    """Does the non-blank line before the run's first line match `after`?"""
    k = body.index(first)
    return k > 0 and after.search(lines[body[k - 1]][1].rstrip()) is not None


KIND = KindSpec("drop-run", "run", check, owns=("run",), apply_run=drop_runs)
