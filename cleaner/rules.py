"""The rule packs' names in one place, for `from cleaner.rules import ...`.

The work is in three modules: packfile.py reads and validates one pack, compiled.py turns its
rules into what runs (`CompiledRule`, `Profile`), library.py finds the packs, checks them as a
whole and builds profiles.
"""

from __future__ import annotations

from .compiled import CompiledRule, CompiledRun, Profile, compile_rule
from .library import (
    BASE_NORMALIZE,
    BASE_TIDY,
    DEFAULT_GROUP,
    Library,
    builtin_dir,
    discover,
    load_library,
)
from .packfile import PackFile, flags_of, load_pack

__all__ = [
    "BASE_NORMALIZE",
    "BASE_TIDY",
    "DEFAULT_GROUP",
    "CompiledRule",
    "CompiledRun",
    "Library",
    "PackFile",
    "Profile",
    "builtin_dir",
    "compile_rule",
    "discover",
    "flags_of",
    "load_library",
    "load_pack",
]
