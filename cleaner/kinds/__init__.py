"""The rule kinds, registered in one place: one module per kind, each a `KindSpec` (base.py)
with its `check` and what it does to lines. Adding a kind is its module plus a line here;
the schema (model.RuleKind), the pack checks (packfile.py), the profile's stages
(compiled.Profile), the matcher's loop, structure.py and `rules check` read this registry."""

from __future__ import annotations

from . import cut_rest, drop_block, drop_line, drop_run, html_remove, replace
from .base import Hit, KindSpec, Line, Stage

# In the schema's order (model.RuleKind lists them so).
KINDS: dict[str, KindSpec] = {k.name: k for k in (
    drop_line.KIND,
    replace.KIND,
    drop_block.KIND,
    cut_rest.KIND,
    drop_run.KIND,
    html_remove.KIND,
)}
NAMES: tuple[str, ...] = tuple(KINDS)


def stage_of(name: str) -> Stage:
    """Where a kind's rules run: "line" (matcher.py), "run" (structure.py) or "html"."""
    return KINDS[name].stage


# Rule keys only one kind may set, and that kind.
OWNERS: dict[str, str] = {key: k.name for k in KINDS.values() for key in k.owns}


__all__ = ["KINDS", "NAMES", "OWNERS", "Hit", "KindSpec", "Line", "Stage", "stage_of"]
