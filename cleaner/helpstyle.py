"""How `--help` shows options: no value type beside a flag, since a flag takes no value."""

from __future__ import annotations

from typing import Any

from typer.core import TyperOption

_PATCHED = "_cleaner_hides_flag_types"


def hide_flag_types() -> None:
    """Make Typer's help print nothing, not `<bool>`, in the type column of a flag.

    Typer (0.2x) labels every option with its Python type, so `--explain <bool>` reads as if
    it wanted a value. The label comes from one method; a flag gets none, the rest are kept.
    """
    if getattr(TyperOption, _PATCHED, False) or not hasattr(TyperOption, "display_type_rich"):
        return
    original = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        if self.is_flag and self.metavar is None:
            return None
        return original(self, ctx)

    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]
    setattr(TyperOption, _PATCHED, True)
