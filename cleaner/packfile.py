"""One rule pack file read and validated: the schema (model.py), then what it cannot say
(each kind's own checks, kinds/; regexes, examples), each error naming the file and line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from . import model
from .errors import PackError
from .kinds import KINDS, OWNERS
from .view import view
from .yamlsrc import Loc, line_of, load_yaml

_FLAGS = {"ignorecase": re.IGNORECASE, "verbose": re.VERBOSE, "ascii": re.ASCII, "dotall": re.DOTALL}


@dataclass(frozen=True)
class PackFile:
    """A validated pack and where it came from."""

    path: Path
    pack: model.Pack
    lines: dict[Loc, int]
    group: str | None = None  # "default" for the built-in default packs

    @property
    def name(self) -> str:
        return self.pack.name or self.path.name.removesuffix(".yaml").removesuffix(".yml")

    def line(self, *loc: str | int) -> int | None:
        return line_of(self.lines, loc)

    def error(self, loc: Loc, message: str, rule: str | None = None) -> PackError:
        return PackError(str(self.path), self.line(*loc), message, rule)


def load_pack(path: Path, group: str | None = None) -> PackFile:
    """Read and validate one pack file (schema, regexes, selectors, examples present)."""
    data, lines = load_yaml(path)
    shown = str(path)
    if not isinstance(data, dict):
        raise PackError(shown, 1, "a rule pack must be a mapping with a 'rules' list")
    try:
        pack = model.Pack.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        rule = _rule_id_at(data, loc)
        raise PackError(shown, line_of(lines, loc), _explain(first, loc), rule) from None
    pf = PackFile(path, pack, lines, group)
    for i, rule in enumerate(pack.rules):
        _check_rule(pf, i, rule)
    return pf


def _rule_id_at(data: dict[str, object], loc: Loc) -> str | None:
    """The id of the rule an error location points into, if any."""
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules")
        if isinstance(rules, list) and loc[1] < len(rules) and isinstance(rules[loc[1]], dict):
            rid = rules[loc[1]].get("id")
            return str(rid) if rid is not None else None
    return None


def _explain(error: dict[str, object], loc: Loc) -> str:
    """One readable sentence for a pydantic error, with a hint where one helps."""
    kind = error["type"]
    key = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        known = _known_keys(loc)
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(known)})"
        return f"unknown key '{key}'{hint}"
    if kind == "missing":
        return f"missing required key '{key}'"
    if kind == "literal_error":
        return f"'{key}' {error['msg'].lower()}, got {error.get('input')!r}"
    if kind == "string_type" and isinstance(error.get("input"), dict):
        return "expected a text, got a mapping: quote the value (a ': ' inside makes YAML read a key)"
    where = f"'{key}': " if isinstance(key, str) and key else ""
    return f"{where}{error['msg']}"


def _known_keys(loc: Loc) -> list[str]:
    """The keys allowed at the mapping that holds `loc` (walking the model by location)."""
    cls: type[model.Strict] = model.Pack
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        annotation = cls.model_fields[part].annotation if part in cls.model_fields else None
        nested = _model_in(annotation)
        if nested is None:
            break
        cls = nested
    return list(cls.model_fields)


def _model_in(annotation: object) -> type[model.Strict] | None:
    if isinstance(annotation, type) and issubclass(annotation, model.Strict):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _check_rule(pf: PackFile, i: int, rule: model.Rule) -> None:
    """What the schema cannot say: the kind's own checks (kinds/), the keys only another kind
    may set, then regexes, markers and examples, which every kind's rules share."""
    at: Loc = ("rules", i)

    def fail_at(loc: tuple[str | int, ...], message: str) -> PackError:
        return pf.error((*at, *loc), message, rule.id)

    def fail(key: str, message: str) -> PackError:
        return fail_at((key,), message)

    kind = KINDS[rule.kind]
    kind.check(rule, fail_at)
    for key, owner in OWNERS.items():
        value = getattr(rule, key)
        if owner != rule.kind and value is not None and value != []:
            raise fail(key, f"'{key}' is only for kind {owner}")
    if rule.pattern is not None:
        try:
            regex = re.compile(rule.pattern, flags_of(rule.flags))
        except re.error as exc:
            raise fail("pattern", f"bad regex: {exc.msg} at position {exc.pos}") from None
        if regex.search("") is not None and not kind.edits:
            raise fail("pattern", "pattern matches an empty line, so it would fire on every line")
        if rule.credit is not None and rule.credit not in regex.groupindex:
            raise fail("credit", f"credit names group '{rule.credit}', which the pattern lacks")
        if kind.check_pattern is not None:
            kind.check_pattern(regex, rule, fail_at)
    elif rule.credit is not None:
        raise fail("credit", "'credit' names a group of 'pattern', and this rule has none")
    run_regexes = rule.run is not None and any(
        r is not None for r in (rule.run.after, rule.run.anchor, rule.run.not_after))
    if rule.flags and rule.pattern is None and not run_regexes:
        raise fail("flags", "'flags' apply to 'pattern' (and 'run.after', 'run.anchor', 'run.not_after'), "
                   "and this rule has none")
    for j, marker in enumerate(rule.lines):
        if not view(marker):
            raise pf.error((*at, "lines", j), f"marker {marker!r} is empty once decoration is stripped",
                           rule.id)
    ex = rule.examples
    if not ex.match and not ex.fix:
        raise fail("examples", "needs at least one 'match' or 'fix' example")
    if not ex.keep:
        raise fail("examples", "needs at least one 'keep' example (a content line it must not touch)")


def flags_of(names: Iterable[str]) -> int:
    value = 0
    for name in names:
        value |= _FLAGS[name]
    return value
