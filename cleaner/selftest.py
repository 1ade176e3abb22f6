"""Run every rule's own examples in isolation, and its keep examples against its whole set."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import normalize
from .backtrack import nested_quantifier
from .kinds import KINDS, stage_of
from .rules import CompiledRule, Library, PackFile, Profile, compile_rule, flags_of
from .structure import apply_all


@dataclass(frozen=True)
class RuleProblem:
    """An example that did not behave as its rule says, or a warning about the rule's pattern:
    `file:line: rule id: message`. (Not documents.Failure, which is a document that could not be
    read.)"""

    path: str
    line: int | None
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: rule {self.rule}: {self.message}"


def check(library: Library, paths: set[Path] | None = None) -> list[RuleProblem]:
    """Failures of every rule of the packs at `paths` (all packs when None)."""
    failures: list[RuleProblem] = []
    for pf in library.packs.values():
        if paths is not None and pf.path.resolve() not in paths:
            continue
        profile = library.profile(pf.name if pf.pack.sites else None)
        for i, _ in enumerate(pf.pack.rules):
            failures.extend(check_rule(pf, i, profile))
    return failures


def warnings(library: Library, paths: set[Path] | None = None) -> list[RuleProblem]:
    """Patterns that can backtrack catastrophically (they still run, under the time limit)."""
    found: list[RuleProblem] = []
    for pf in library.packs.values():
        if paths is not None and pf.path.resolve() not in paths:
            continue
        for i, rule in enumerate(pf.pack.rules):
            if rule.pattern is not None and nested_quantifier(rule.pattern, flags_of(rule.flags)):
                found.append(RuleProblem(
                    str(pf.path), pf.line("rules", i, "pattern"), rule.id,
                    "warning: the pattern nests an unbounded repeat in another, as in "
                    "(a+)+, and can backtrack catastrophically on long lines; rewrite it"))
    return found


def check_rule(pf: PackFile, i: int, profile: Profile) -> Iterator[RuleProblem]:
    """The failures of rule `i` of `pf`, its keep examples checked against `profile` too."""
    spec = pf.pack.rules[i]
    rule = compile_rule(pf, i, spec)
    ex = spec.examples

    def fail(key: str, j: int, message: str) -> RuleProblem:
        return RuleProblem(str(pf.path), pf.line("rules", i, "examples", key, j), spec.id, message)

    kind = KINDS[rule.kind]
    if kind.stage == "html":
        assert kind.fires is not None
        for j, snippet in enumerate(ex.match):
            if not kind.fires(rule, snippet):
                yield fail("match", j, f"no selector matches the match example {snippet!r}")
        for j, snippet in enumerate(ex.keep):
            if kind.fires(rule, snippet):
                yield fail("keep", j, f"a selector matches the keep example {snippet!r}")
        return
    for j, example in enumerate(ex.match):
        if kind.stage == "run":
            # A structural rule judges a run of lines: its examples are snippets of documents.
            if _run(example, (rule,), profile) == _run(example, (), profile):
                yield fail("match", j, f"removes nothing from the match example {example!r}")
        elif not _fires(rule, _prepare(example, profile)):
            yield fail("match", j, f"does not fire on the match example {example!r}")
    for j, (given, wanted) in enumerate(ex.fix):
        got = _run(given, (rule,), profile)
        want = normalize.join_lines(normalize.split_lines(wanted, profile.tidy), profile.tidy)
        if got != want:
            yield fail("fix", j, f"fix example {given!r} gives {got!r}, expected {want!r}")
    for j, example in enumerate(ex.keep):
        alone = (_run(example, (rule,), profile) != _run(example, (), profile) if kind.stage == "run"
                 else _fires(rule, _prepare(example, profile)))
        if alone:
            yield fail("keep", j, f"fires on the keep example {example!r}")
            continue
        kept = _run(example, profile.line_rules + profile.run_rules, profile)
        if kept != _run(example, (), profile):
            yield fail("keep", j, f"keep example {example!r} is changed by another rule of the "
                       f"'{profile.name}' set: {kept!r}")


def _prepare(example: str, profile: Profile) -> str:
    return normalize.lines_of(example, profile.normalize, profile.tidy)[0][1].rstrip()


def _fires(rule: CompiledRule, line: str) -> bool:
    fires = KINDS[rule.kind].fires
    assert fires is not None
    return fires(rule, line)


def _run(text: str, rules: tuple[CompiledRule, ...], profile: Profile) -> str:
    lines = normalize.lines_of(text, profile.normalize, profile.tidy)
    kept, _ = apply_all(lines, tuple(r for r in rules if stage_of(r.kind) == "line"),
                        tuple(r for r in rules if stage_of(r.kind) == "run"))
    return normalize.join_lines(kept, profile.tidy)
