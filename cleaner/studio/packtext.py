"""Editing a pack's text: parse it, add a rule where its `rules:` list ends (comments kept), or
dump it in the documented key order."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from .draft import StudioError


def pack_data(text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        raise StudioError(f"fix the pack's YAML first: {first_line(exc)}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise StudioError("the pack must be a mapping (name, description, rules, ...)")
    return data


_ORDER = ("name", "description", "extends", "sites", "disable", "normalize", "tidy", "html", "limits",
          "rules")


def keys_ordered(data: dict[str, Any]) -> dict[str, Any]:
    """The pack's keys in the order the docs use, rules last (unknown keys kept, for the check)."""
    return {**{k: data[k] for k in _ORDER if k in data and k != "rules"},
            **{k: v for k, v in data.items() if k not in _ORDER}, "rules": data.get("rules", [])}


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)


_RULES_KEY = re.compile(r"^rules:[ \t]*(\[\][ \t]*)?(#.*)?$")
_ITEM = re.compile(r"^([ \t]*)- ")


def with_rule_appended(text: str, spec: dict[str, Any], sites: list[str] | None) -> str | None:
    """`text` with the rule added at the end of its `rules:` list (and a `sites:` line), so
    its comments are kept; None when its layout is not one this can edit in place. The
    caller checks that the result parses to the pack it should be."""
    lines = text.splitlines()
    at = next((i for i, line in enumerate(lines) if _RULES_KEY.match(line)), None)
    if at is None:
        return None
    indent = next((m.group(1) for line in lines[at + 1:] if (m := _ITEM.match(line))), "  ")
    item = [indent + line for line in dump_yaml([spec]).splitlines()]
    if _RULES_KEY.match(lines[at]).group(1):  # type: ignore[union-attr] - matched just above
        lines[at:at + 1] = ["rules:", *item]
    else:
        # The list ends before the next top-level key; trailing blank and comment lines stay after it.
        end = next((j for j in range(at + 1, len(lines)) if lines[j][:1] not in ("", " ", "\t", "#", "-")),
                   len(lines))
        while end > at + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        lines[end:end] = item
    if sites is not None:
        lines.insert(at, f"sites: {json.dumps(sites, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def pack_header(text: str) -> str:
    """The comment lines at the top of a pack (its $schema line), kept across an edit."""
    head = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        head.append(line + "\n")
    return "".join(head)


def first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]
