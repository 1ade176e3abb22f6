"""Rules that see structure: runs of short furniture lines, and lines judged by their neighbours.

The line rules (matcher.py) judge one line at a time. Furniture that only shows as a shape is
judged here, by the kinds of the "run" stage (kinds/drop_run.py: a site's navigation printed
one short line each, a list of other stories' headlines after the last paragraph). Both
stages run in turn until neither changes anything, so removing a footer lets a trailing list
reach the end of the document, and cleaning stays idempotent.
"""

from __future__ import annotations

from .kinds import KINDS
from .kinds.drop_run import SENTENCE_END, drop_runs, non_blank
from .matcher import apply_rules
from .rules import CompiledRule
from .timeout import running
from .types import Hit, Line

# The two stages settle in two or three rounds on real documents; this bounds a pathology.
_MAX_ROUNDS = 6
# The kinds whose rules judge runs of lines (their examples are snippets of documents).
STRUCTURAL = frozenset(k.name for k in KINDS.values() if k.stage == "run")

__all__ = ["SENTENCE_END", "STRUCTURAL", "apply_all", "drop_runs", "non_blank"]


def apply_all(lines: list[Line], line_rules: tuple[CompiledRule, ...],
              run_rules: tuple[CompiledRule, ...]) -> tuple[list[Line], list[Hit]]:
    """The line rules, then the structural rules, in turn until a round changes nothing."""
    # One verdict cache for every round: after a run is dropped, the lines left are ones the
    # screen has already judged, so a round costs the rules that fire, not a second screen.
    seen: dict[str, tuple[int, tuple[int, ...]]] = {}
    kept, hits = apply_rules(lines, line_rules, seen)
    if not run_rules:
        return kept, hits
    now = running()  # told each rule before it runs, so a timeout names the rule that hung
    for _ in range(_MAX_ROUNDS):
        before = len(hits)
        # Which lines are non-blank changes only when a rule drops some: most rules of a
        # round drop nothing, so they share one list of them.
        body: list[int] | None = None
        for rule in run_rules:
            now.rule = rule
            apply_run = KINDS[rule.kind].apply_run
            assert apply_run is not None
            if body is None:
                body = non_blank(kept)
            out = apply_run(kept, rule, hits, body)
            if out is not kept:
                kept, body = out, None
        if len(hits) == before:
            break
        kept, more = apply_rules(kept, line_rules, seen)
        hits.extend(more)
    return kept, hits
