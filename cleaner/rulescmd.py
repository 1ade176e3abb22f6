"""`cleaner rules`: list the packs, check them (schema and every rule's examples), print the schema."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from . import model, selftest
from .cliopts import EXIT_SOME_FAILED, CheckNoDefaultOpt, NoDefaultOpt, RulesOpt, err, fail, load_packs
from .errors import CleanerError
from .fastmatch import ENGINE_LOOSE, ENGINE_RE, rule_engines
from .rules import load_library

rules_app = typer.Typer(help="List, check and describe rule packs.", no_args_is_help=True)


@rules_app.command("list")
def rules_list(rules: RulesOpt = None, no_default: NoDefaultOpt = False) -> None:
    """Show the packs and their rules."""
    library = load_packs(rules, no_default)
    from rich.console import Console
    from rich.table import Table

    out = Console(highlight=False)
    # Rules switched off for every document by a pack that applies everywhere.
    disabled = {d for p in library.packs.values() if not p.pack.sites for d in p.pack.disable}
    for pf in library.packs.values():
        scope = f"sites: {', '.join(pf.pack.sites)}" if pf.pack.sites else (pf.group or "all documents")
        table = Table(title=f"{pf.name} ({scope}) — {pf.pack.description.strip()}",
                      title_justify="left", show_lines=False)
        table.add_column("rule")
        table.add_column("kind")
        table.add_column("description")
        for rule in pf.pack.rules:
            off = " (disabled)" if rule.id in disabled else ""
            table.add_row(rule.id, rule.kind, rule.description.strip() + off)
        out.print(table)


@rules_app.command("check")
def rules_check(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Pack files or folders to check (default: the built-in packs).")] = None,
    no_default: CheckNoDefaultOpt = False,
    engines: Annotated[bool, typer.Option(
        "--engines", help="Also list, per pattern rule, the engine that runs it.")] = False,
) -> None:
    """Validate packs and run every rule's examples; exit 1 on any failure."""
    try:
        library = load_library(paths or [], no_default=no_default)
    except CleanerError as exc:
        broken = _broken_packs(paths or [], no_default, exc)
        if len(broken) == 1:
            raise fail(broken[0], EXIT_SOME_FAILED) from None
        for message in broken:
            err.print(f"cleaner: {message}", markup=False)
        raise fail(f"{len(broken)} packs do not load; fix each at the line given and check again",
                   EXIT_SOME_FAILED) from None
    only = {p.resolve() for pf in library.packs.values() for p in [pf.path]
            if not paths or any(_inside(p, q) for q in paths)}
    failures = selftest.check(library, only)
    for failure in [*selftest.warnings(library, only), *failures]:
        err.print(str(failure), markup=False)
    packs = [pf for pf in library.packs.values() if pf.path.resolve() in only]
    count = sum(len(pf.pack.rules) for pf in packs)
    examples = sum(len(r.examples.match) + len(r.examples.fix) + len(r.examples.keep)
                   for pf in packs for r in pf.pack.rules)
    by_engine = rule_engines(packs)
    for source, rule_id, engine in by_engine:
        if engines or engine in (ENGINE_RE, ENGINE_LOOSE):
            err.print(f"{source}: {rule_id}: {engine}", markup=False)
    if failures:
        raise fail(f"{len(failures)} failure(s) in {len(packs)} pack(s)", EXIT_SOME_FAILED)
    tally = Counter(engine for _, _, engine in by_engine)
    summary = ", ".join(f"{n} {engine}" for engine, n in sorted(tally.items()))
    err.print(f"ok: {len(packs)} pack(s), {count} rules, {examples} examples"
              + (f"; patterns: {summary}" if summary else ""), markup=False)


def _broken_packs(paths: list[Path], no_default: bool, first: CleanerError) -> list[str]:
    """Every pack of `paths` that does not load, not only the first: load the rest again
    without each broken file in turn (a pack that extends a broken one then fails too)."""
    from .errors import PackError
    from .rules import discover

    messages = [str(first)]
    try:
        files = discover(paths)
    except CleanerError:
        return messages
    exc: CleanerError = first
    while isinstance(exc, PackError):
        bad = Path(exc.path).resolve()
        files = [f for f in files if f.resolve() != bad]
        if len(files) == 0:
            break
        try:
            load_library(files, no_default=no_default)
            break
        except CleanerError as again:
            if str(again) in messages:
                break
            messages.append(str(again))
            exc = again
    return messages


def _inside(path: Path, given: Path) -> bool:
    path, given = path.resolve(), given.resolve()
    return path == given or given in path.parents


@rules_app.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of a rule pack."""
    typer.echo(json.dumps(model.json_schema(), indent=2))
