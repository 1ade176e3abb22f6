"""Read a YAML file safely and remember the line of every key, for `file:line:` errors."""

from __future__ import annotations

import stat
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import PackError

if TYPE_CHECKING:
    import yaml

# Rule packs are small hand-written files; anything far bigger is a mistake or an attack.
MAX_PACK_BYTES = 2_000_000
MAX_DEPTH = 32

Loc = tuple[str | int, ...]

# The tags plain YAML data resolves to. Anything else (`!custom`, `!!python/name:os.system`,
# `!!binary`, `!!set`) is refused: the safe loader would not run it, but a pack is data.
_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map",
                                            "seq"))

@cache
def _yaml() -> tuple[Any, Any, Any]:
    """PyYAML, its loader and a scalar constructor, imported on the first pack read (a run
    whose library comes from the cache reads none)."""
    import yaml

    # libyaml's safe loader when PyYAML was built with it: the same nodes and marks, ten
    # times faster. One constructor turns scalar nodes into Python values (int, bool, str ...) safely.
    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.constructor.SafeConstructor()


def load_yaml(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse `path` with the safe loader; return the data and a map of location -> line (1-based)."""
    shown = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
            raise PackError(shown, None, "not a regular file; a rule pack must be a .yaml file")
        size = info.st_size
        if size > MAX_PACK_BYTES:
            raise PackError(shown, None, f"file is {size:,} bytes; a rule pack may be at most "
                            f"{MAX_PACK_BYTES:,} (split it into several packs)")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise PackError(shown, None, f"cannot read rule pack: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise PackError(shown, None, f"rule pack is not UTF-8 ({exc.reason}); save it as UTF-8") from None
    yaml, loader, _ = _yaml()
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PackError(shown, line, f"YAML syntax error: {exc.problem or exc.context} "
                        "(check the indentation and quoting there)") from None
    except yaml.YAMLError as exc:
        raise PackError(shown, None, f"YAML error: {exc}") from None
    except RecursionError:
        raise PackError(shown, None, "YAML is nested too deeply to be a rule pack") from None
    if node is None:
        return None, {}
    lines: dict[Loc, int] = {}
    data = _convert(node, (), lines, shown, set())
    return data, lines


def _convert(node: yaml.Node, loc: Loc, lines: dict[Loc, int], shown: str, seen: set[int]) -> Any:
    """Turn a node into plain data, refusing aliases and deep nesting, recording each line."""
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise PackError(shown, line, "YAML anchors and aliases are not supported in rule packs; "
                        "write the values out in full")
    if len(loc) > MAX_DEPTH:
        raise PackError(shown, line, f"YAML is nested more than {MAX_DEPTH} levels deep")
    lines[loc] = line
    if node.tag not in _PLAIN_TAGS:
        tag = node.tag.replace(_CORE, "!!", 1) if node.tag.startswith(_CORE) else node.tag
        raise PackError(shown, line, f"unknown YAML tag '{_short(tag)}'; rule packs are plain data "
                        "(remove the tag, and quote the value if it starts with '!')")
    yaml, _, scalars = _yaml()
    if isinstance(node, yaml.MappingNode):
        seen.add(id(node))
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, loc, {}, shown, seen)
            if not isinstance(key, str | int | float | bool):
                raise PackError(shown, key_node.start_mark.line + 1, "mapping keys must be plain scalars")
            if key in out:
                raise PackError(shown, key_node.start_mark.line + 1, f"key '{key}' appears twice")
            lines[(*loc, key)] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, (*loc, key), lines, shown, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        seen.add(id(node))
        return [_convert(item, (*loc, i), lines, shown, seen) for i, item in enumerate(node.value)]
    try:
        return scalars.construct_object(node, deep=False)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        # An explicit tag that does not fit its value: `!!int abc`, `!!timestamp 2020-13-45`.
        raise PackError(shown, line, f"value {_short(str(node.value))!r} is not a valid "
                        f"{node.tag.replace(_CORE, '!!', 1)}; remove the tag or fix the value") from None


def _short(text: str, limit: int = 60) -> str:
    """A tag or value fit for a one-line message."""
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[:limit] + "..."


def line_of(lines: dict[Loc, int], loc: Loc) -> int | None:
    """The line of `loc`, or of its nearest enclosing location that has one."""
    for end in range(len(loc), -1, -1):
        found = lines.get(tuple(loc[:end]))
        if found is not None:
            return found
    return None
