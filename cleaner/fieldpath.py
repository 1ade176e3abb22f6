"""Dotted JSONL field names (`metadata.url`): read, set and drop a field inside nested objects.

A name is looked up as a key of the record first, so a field literally called `a.b` still
works; only when no such key exists is it read as a path of nested objects.
"""

from __future__ import annotations

from typing import Any

_MISSING = object()


def _steps(record: dict[str, Any], name: str) -> list[str]:
    """The keys that lead to `name` in `record`: [name] itself, or its dotted parts."""
    if name in record or "." not in name:
        return [name]
    return name.split(".")


def get(record: dict[str, Any], name: str) -> Any:
    """The value at `name`, or MISSING (see `has`) when some step of the path is absent."""
    value: Any = record
    for step in _steps(record, name):
        if not isinstance(value, dict) or step not in value:
            return _MISSING
        value = value[step]
    return value


def has(record: dict[str, Any], name: str) -> bool:
    return get(record, name) is not _MISSING


def found(value: Any) -> bool:
    """Whether a `get` result is a value (possibly None) rather than a missing field."""
    return value is not _MISSING


def without(record: dict[str, Any], name: str) -> dict[str, Any]:
    """A copy of `record` without the field `name`; the nested objects on its path are copied,
    the input record is left as it was."""
    steps = _steps(record, name)
    out = dict(record)
    inner = out
    for step in steps[:-1]:
        child = inner.get(step)
        if not isinstance(child, dict):
            return out
        inner[step] = inner = dict(child)
    inner.pop(steps[-1], None)
    return out


def put(record: dict[str, Any], name: str, value: Any) -> None:
    """Set `name` in `record` (in place), making the nested objects of a dotted path as needed;
    those on the path are copied first, since they may be shared with the input record.

    A step that holds something other than an object is not overwritten: the value then goes
    in a top-level key named `name`, so no input field is lost.
    """
    steps = _steps(record, name)
    inner = record
    for step in steps[:-1]:
        child = inner.get(step, _MISSING)
        if child is _MISSING:
            child = inner[step] = {}
        if not isinstance(child, dict):
            record[name] = value
            return
        inner[step] = inner = dict(child)
    inner[steps[-1]] = value
