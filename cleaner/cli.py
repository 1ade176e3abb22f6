"""The `cleaner` command: a thin Typer layer of arguments, messages and exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from . import __version__, model, selftest
from .batch import Outcome, Summary, clean_bytes, run_batch
from .decode import NotText
from .errors import CleanerError
from .matcher import Hit
from .rules import Library, load_library
from .sources import DEFAULT_GLOBS, check_no_overwrite, collect

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="cleaner",
    help="Remove scraped-news furniture (ads, cross-promotion, credits, mojibake) from articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="List, check and describe rule packs.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
err = Console(stderr=True, highlight=False, soft_wrap=True)

RulesOpt = Annotated[list[Path] | None, typer.Option(
    "--rules", "-r", help="Extra rule pack file or folder (repeatable).")]
NoDefaultOpt = Annotated[bool, typer.Option(
    "--no-default", help="Start from no packs: only those given with --rules.")]


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise."""
    err.print(f"cleaner: {message}", markup=False)
    return typer.Exit(code)


def _library(rules: list[Path] | None, no_default: bool) -> Library:
    try:
        return load_library(rules or [], no_default=no_default)
    except CleanerError as exc:
        raise fail(str(exc)) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cleaner {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """cleaner: clean scraped news text with YAML rule packs."""


@app.command()
def clean(
    inputs: Annotated[list[Path] | None, typer.Argument(
        help="Files or folders to clean; '-' or nothing (with a pipe) reads stdin.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Output folder; outputs mirror the inputs' relative paths.")] = None,
    rules: RulesOpt = None,
    site: Annotated[str | None, typer.Option(
        "--site", help="Use this site pack (its name or a host) for every document.")] = None,
    no_default: NoDefaultOpt = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help='Print each removal to stderr as path:line: rule-id: "text".')] = False,
    glob: Annotated[list[str] | None, typer.Option(
        "--glob", help="File name pattern to pick in folders (repeatable; default *.txt).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary at the end.")] = False,
) -> None:
    """Clean articles: a folder into -o OUTDIR, or stdin to stdout."""
    library = _library(rules, no_default)
    forced = None
    if site is not None:
        forced = library.find_site(site)
        if forced is None:
            known = ", ".join(sorted(pf.name for pf in library.site_packs)) or "none"
            raise fail(f"unknown site '{site}' (site packs: {known}); add one with --rules")
    paths = inputs or []
    if not paths or paths == [Path("-")]:
        if not paths and sys.stdin.isatty():
            raise fail("no input: give files or folders (with -o OUTDIR), or pipe text to stdin")
        _clean_stdin(library, forced, explain)
        return
    if Path("-") in paths:
        raise fail("'-' (stdin) cannot be mixed with file inputs")
    if output is None:
        if len(paths) == 1 and paths[0].is_file():
            _clean_one_to_stdout(paths[0], library, forced, explain)
            return
        raise fail("give an output folder with -o OUTDIR to clean folders or several files")
    sources, missing = collect(paths, glob or list(DEFAULT_GLOBS), output)
    try:
        check_no_overwrite(sources, output)
    except CleanerError as exc:
        raise fail(str(exc)) from None
    for message in missing:
        err.print(f"cleaner: {message}", markup=False)

    def report(outcome: Outcome) -> None:
        if outcome.error is not None:
            err.print(f"cleaner: {outcome.source.path}: {outcome.error}", markup=False)
        elif explain:
            _explain(str(outcome.source.path), outcome.hits)

    summary = _run_with_progress(sources, library, forced, output, report, quiet)
    if not quiet:
        _print_summary(summary, len(missing))
    if summary.failed or missing:
        raise typer.Exit(EXIT_SOME_FAILED)


def _run_with_progress(sources: list, library: Library, site: str | None, output: Path,
                       report: typer.models.Any, quiet: bool) -> Summary:
    """Run the batch, with a progress bar on stderr only when it is a terminal."""
    if quiet or not err.is_terminal:
        return run_batch(sources, library, site, output, report)
    columns = (TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("clean", total=len(sources))

        def step(outcome: Outcome) -> None:
            report(outcome)
            progress.advance(task)

        return run_batch(sources, library, site, output, step)


def _clean_stdin(library: Library, site: str | None, explain: bool) -> None:
    data = sys.stdin.buffer.read()
    _emit(data, "<stdin>", library, site, None, explain)


def _clean_one_to_stdout(path: Path, library: Library, site: str | None, explain: bool) -> None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(f"{path}: cannot read: {exc.strerror or exc}", EXIT_SOME_FAILED) from None
    _emit(data, str(path), library, site, path, explain)


def _emit(data: bytes, shown: str, library: Library, site: str | None, path: Path | None,
          explain: bool) -> None:
    try:
        result = clean_bytes(data, library, site, path)
    except NotText as exc:
        raise fail(f"{shown}: {exc}", EXIT_SOME_FAILED) from None
    if explain:
        _explain(shown, result.hits)
    sys.stdout.buffer.write(result.text.encode("utf-8"))
    sys.stdout.flush()


def _explain(shown: str, hits: list[Hit]) -> None:
    for h in hits:
        change = f" -> {json.dumps(h.replacement, ensure_ascii=False)}" if h.replacement else ""
        err.print(f"{shown}:{h.line}: {h.rule}: {json.dumps(h.text, ensure_ascii=False)}{change}",
                  markup=False)


def _print_summary(summary: Summary, missing: int) -> None:
    ok = summary.files - summary.failed
    err.print(f"cleaned {ok} file(s), {summary.failed + missing} failed; "
              f"{summary.bytes_in:,} bytes in, {summary.bytes_out:,} out; "
              f"{summary.lines_removed:,} lines removed", markup=False)
    if summary.rules:
        top = ", ".join(f"{rule} {n}" for rule, n in summary.rules.most_common(8))
        err.print(f"top rules: {top}", markup=False)


@rules_app.command("list")
def rules_list(rules: RulesOpt = None, no_default: NoDefaultOpt = False) -> None:
    """Show the packs and their rules."""
    library = _library(rules, no_default)
    out = Console(highlight=False)
    for pf in library.packs.values():
        scope = f"sites: {', '.join(pf.pack.sites)}" if pf.pack.sites else (pf.group or "all documents")
        table = Table(title=f"{pf.name} ({scope}) — {pf.pack.description.strip()}",
                      title_justify="left", show_lines=False)
        table.add_column("rule")
        table.add_column("kind")
        table.add_column("description")
        for rule in pf.pack.rules:
            off = " (disabled here)" if rule.id in {d for p in library.packs.values()
                                                    for d in p.pack.disable if not p.pack.sites} else ""
            table.add_row(rule.id, rule.kind, rule.description.strip() + off)
        out.print(table)


@rules_app.command("check")
def rules_check(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Pack files or folders to check (default: the built-in packs).")] = None,
    no_default: NoDefaultOpt = False,
) -> None:
    """Validate packs and run every rule's examples; exit 1 on any failure."""
    try:
        library = load_library(paths or [], no_default=no_default)
    except CleanerError as exc:
        raise fail(str(exc), EXIT_SOME_FAILED) from None
    only = {p.resolve() for pf in library.packs.values() for p in [pf.path]
            if not paths or any(_inside(p, q) for q in paths)}
    failures = selftest.check(library, only)
    for failure in failures:
        err.print(str(failure), markup=False)
    packs = [pf for pf in library.packs.values() if pf.path.resolve() in only]
    count = sum(len(pf.pack.rules) for pf in packs)
    examples = sum(len(r.examples.match) + len(r.examples.fix) + len(r.examples.keep)
                   for pf in packs for r in pf.pack.rules)
    if failures:
        raise fail(f"{len(failures)} failure(s) in {len(packs)} pack(s)", EXIT_SOME_FAILED)
    err.print(f"ok: {len(packs)} pack(s), {count} rules, {examples} examples", markup=False)


def _inside(path: Path, given: Path) -> bool:
    path, given = path.resolve(), given.resolve()
    return path == given or given in path.parents


@rules_app.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of a rule pack."""
    typer.echo(json.dumps(model.json_schema(), indent=2))


def main() -> None:
    """Entry point of the `cleaner` script."""
    app()
