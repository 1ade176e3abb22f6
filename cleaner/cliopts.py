"""What the commands share: exit codes, the one-line error, the option types and enums, and
--rules / --no-default / --site turned into a checked library and a site pack."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .console import ErrConsole
from .errors import CleanerError
from .libcache import load_library_cached
from .rules import Library

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
err = ErrConsole()  # rich only for a terminal: its import is a tenth of a short run

RulesOpt = Annotated[list[Path] | None, typer.Option(
    "--rules", "-r", help="Extra rule pack file or folder (repeatable).")]
NoDefaultOpt = Annotated[bool, typer.Option(
    "--no-default", help="Start from no packs: only those given with --rules.")]
CheckNoDefaultOpt = Annotated[bool, typer.Option(
    "--no-default", help="Load no built-in packs beside the PATHS (packs that extend one then fail).")]


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise."""
    err.print(f"cleaner: {message}", markup=False)
    return typer.Exit(code)


def load_packs(rules: list[Path] | None, no_default: bool, cache: bool = True) -> Library:
    """The library --rules and --no-default name (from the disk cache), or a usage error."""
    try:
        return load_library_cached(rules or [], no_default=no_default, cache=cache)
    except CleanerError as exc:
        raise fail(str(exc)) from None


def forced_site(library: Library, site: str | None) -> str | None:
    """The site pack --site names, or a usage error listing the known ones."""
    if site is None:
        return None
    found = library.find_site(site)
    if found is None:
        known = ", ".join(sorted(pf.name for pf in library.site_packs)) or "none"
        raise fail(f"unknown site '{site}' (site packs: {known}); add one with --rules")
    return found


class OutputFormat(StrEnum):
    auto = "auto"
    txt = "txt"
    jsonl = "jsonl"


class InputFormat(StrEnum):
    auto = "auto"
    text = "text"
    html = "html"
    jsonl = "jsonl"


class OverLimitChoice(StrEnum):
    clean = "clean"
    original = "original"
    skip = "skip"


class Engine(StrEnum):
    local = "local"
    ray = "ray"
