"""Rules and profiles ready to run: a pack's rules compiled (`compile_rule`) and the
`Profile` that holds one document's rules in order with its merged options."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import ftfy

from . import model
from .kinds import stage_of
from .lazyre import LazyPattern, lazy_compile
from .packfile import PackFile, flags_of
from .view import view


@dataclass(frozen=True, slots=True)
class CompiledRun:
    """A drop-run rule's `run`, with its `after`, `anchor` and `not_after` regexes compiled."""

    min_lines: int
    max_words: int
    max_chars: int
    at: str
    sentences: bool
    after: re.Pattern[str] | None
    same: bool
    anchor: re.Pattern[str] | None = None
    min_anchors: int = 1
    min_words: int = 1
    not_after: re.Pattern[str] | None = None
    echoed: bool = False
    repeated: int = 0


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule ready to run: literal views as a set, the pattern compiled once."""

    pack: str
    id: str
    kind: str
    literals: frozenset[str]
    regex: re.Pattern[str] | LazyPattern | None
    replace: str | None
    where_first: int | None
    where_last: int | None
    block: model.Block
    selectors: tuple[str, ...]
    credit: str | None
    source: str  # "path:line", for messages
    run: CompiledRun | None = None

    def fires(self, line: str, line_view: str | None) -> bool:
        """Does this rule fire on `line` (trailing space removed) whose view is `line_view`?"""
        if line_view is not None and line_view in self.literals:
            return True
        return self.regex is not None and self.regex.search(line) is not None


@dataclass(frozen=True)
class Profile:
    """The packs that apply to one document, compiled: rules in order, merged options."""

    name: str
    packs: tuple[str, ...]
    rules: tuple[CompiledRule, ...]
    normalize: ftfy.TextFixerConfig
    tidy: dict[str, bool]
    html_content: tuple[str, ...]
    fingerprint: str
    limits: model.Limits = field(default_factory=model.Limits)

    @cached_property
    def line_rules(self) -> tuple[CompiledRule, ...]:
        """The rules that judge one line at a time (matcher.py)."""
        return tuple(r for r in self.rules if stage_of(r.kind) == "line")

    @cached_property
    def run_rules(self) -> tuple[CompiledRule, ...]:
        """The rules that judge runs of lines (structure.py)."""
        return tuple(r for r in self.rules if stage_of(r.kind) == "run")

    @cached_property
    def html_remove(self) -> tuple[CompiledRule, ...]:
        """The rules applied to a page's HTML (html/remove.py)."""
        return tuple(r for r in self.rules if stage_of(r.kind) == "html")


def compile_rule(pf: PackFile, i: int, rule: model.Rule) -> CompiledRule:
    return CompiledRule(
        pack=pf.name,
        id=rule.id,
        kind=rule.kind,
        literals=frozenset(view(m) for m in rule.lines),
        # Compiled on first use: validation compiled it already, and most never run (lazyre.py).
        regex=lazy_compile(rule.pattern, flags_of(rule.flags)) if rule.pattern is not None else None,
        replace=rule.replace,
        where_first=rule.where.first if rule.where else None,
        where_last=rule.where.last if rule.where else None,
        block=rule.block or model.Block(),
        selectors=tuple(rule.selectors),
        credit=rule.credit,
        source=f"{pf.path}:{pf.line('rules', i)}",
        run=_compile_run(rule),
    )


def _compile_run(rule: model.Rule) -> CompiledRun | None:
    if rule.run is None:
        return None
    r = rule.run
    flags = flags_of(rule.flags)
    after = re.compile(r.after, flags) if r.after is not None else None
    anchor = re.compile(r.anchor, flags) if r.anchor is not None else None
    not_after = re.compile(r.not_after, flags) if r.not_after is not None else None
    return CompiledRun(r.min_lines, r.max_words, r.max_chars, r.at, r.sentences, after, r.same,
                       anchor, r.min_anchors, r.min_words, not_after, r.echoed, r.repeated)
