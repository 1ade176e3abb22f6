"""The `cleaner` command: a thin Typer layer of arguments, messages and exit codes."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from enum import StrEnum
from itertools import chain
from pathlib import Path
from typing import Annotated

import typer

from . import __version__, diffview, helpstyle, model, repeats, selftest, tempfiles
from .auditfile import AuditFile
from .batch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Options, RunAborted, run
from .bounds import DEFAULT_MAX_ELEMENTS, Oversize, bounded_lines, read_bounded, skip_line, ungzip
from .console import ErrConsole
from .decode import NotText
from .documents import (
    Document,
    Failure,
    Fields,
    FieldUse,
    Item,
    documents,
    file_document,
    kind_of,
    read_records,
)
from .errors import CleanerError
from .fastmatch import ENGINE_RE, rule_engines
from .libcache import load_library_cached
from .manifest import Manifest, fingerprint
from .matcher import Hit
from .outplan import Output, check_outputs, check_pack_output, main_output, plan_tree, probe_folder
from .pipeline import clean_document
from .report import Outcome, Stats
from .reporthtml import is_html, write_report
from .rules import Library, load_library
from .runlock import exclusive, lock_path
from .sinks import write_atomic
from .sources import DEFAULT_GLOBS, check_no_overwrite, collect, shown

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    name="cleaner",
    help="Remove scraped-news furniture (ads, cross-promotion, credits, mojibake) from articles.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="List, check and describe rule packs.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
err = ErrConsole()  # rich only for a terminal: its import is a tenth of a short run

RulesOpt = Annotated[list[Path] | None, typer.Option(
    "--rules", "-r", help="Extra rule pack file or folder (repeatable).")]
NoDefaultOpt = Annotated[bool, typer.Option(
    "--no-default", help="Start from no packs: only those given with --rules.")]
CheckNoDefaultOpt = Annotated[bool, typer.Option(
    "--no-default", help="Load no built-in packs beside the PATHS (packs that extend one then fail).")]
helpstyle.hide_flag_types()


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise."""
    err.print(f"cleaner: {message}", markup=False)
    return typer.Exit(code)


def _library(rules: list[Path] | None, no_default: bool, cache: bool = True) -> Library:
    try:
        return load_library_cached(rules or [], no_default=no_default, cache=cache)
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


@app.command()
def clean(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Files or folders to clean ('s3://...' URIs with --engine ray); '-' or nothing (with a "
        "pipe) reads stdin.")] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", help="Output folder (or the .jsonl file of --format jsonl).")] = None,
    rules: RulesOpt = None,
    site: Annotated[str | None, typer.Option(
        "--site", help="Use this site pack (its name or a host) for every document.")] = None,
    no_default: NoDefaultOpt = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help='Print each removal to stderr as path:line: rule-id: "text".')] = False,
    glob: Annotated[list[str] | None, typer.Option(
        "--glob", help="File name pattern to pick in folders (repeatable; default: "
        "*.txt *.html *.htm *.jsonl *.jsonl.gz).")] = None,
    fmt: Annotated[OutputFormat, typer.Option(
        "--format", help="Output: auto (text and HTML -> .txt, JSONL -> JSONL), txt, or jsonl.",
        case_sensitive=False)] = OutputFormat.auto,
    input_format: Annotated[InputFormat, typer.Option(
        "--input-format", help="What stdin holds.", case_sensitive=False)] = InputFormat.auto,
    text_field: Annotated[str, typer.Option(
        help="JSONL field with plain text (a dotted name such as metadata.body reaches inside objects).")
    ] = "text",
    html_field: Annotated[str, typer.Option(help="JSONL field with HTML (used first).")] = "html",
    url_field: Annotated[str, typer.Option(help="JSONL field with the page URL (e.g. metadata.url).")
                         ] = "url",
    id_field: Annotated[str, typer.Option(help="JSONL field naming a record's .txt output.")] = "id",
    output_field: Annotated[str, typer.Option(help="JSONL field the clean text goes in.")] = "text",
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", help="Worker processes (default: all cores).", min=1)] = None,
    audit: Annotated[Path | None, typer.Option(
        "--audit", help="Write one JSONL record per removal or change to this file.")] = None,
    report_path: Annotated[Path | None, typer.Option(
        "--report", help="Write the run report (hits per rule/pack/site, dead rules, samples): "
        "a page with charts for .html, else JSON.")] = None,
    quarantine: Annotated[Path | None, typer.Option(
        "--quarantine", help="Copy each document past the guard's limits, and its audit, here.")] = None,
    over_limit: Annotated[OverLimitChoice, typer.Option(
        "--over-limit", help="What to write for a document past the limits.",
        case_sensitive=False)] = OverLimitChoice.clean,
    max_bytes: Annotated[int, typer.Option(
        "--max-bytes", help="Refuse input files, records and stdin larger than this (bytes).",
        min=1)] = DEFAULT_MAX_BYTES,
    max_elements: Annotated[int, typer.Option(
        "--max-elements", help="Refuse HTML pages with more elements than this.", min=1)
    ] = DEFAULT_MAX_ELEMENTS,
    timeout: Annotated[float, typer.Option(
        "--timeout", help="Seconds one document may take before it is reported and skipped (0: no limit).",
        min=0)] = DEFAULT_TIMEOUT,
    engine: Annotated[Engine, typer.Option(
        "--engine", help="local (a process pool) or ray (Ray Data; pip install 'cleaner\\[ray]').",
        case_sensitive=False)] = Engine.local,
    address: Annotated[str | None, typer.Option(
        "--address", help="Ray cluster address for --engine ray (default: start a local Ray).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Redo every output, even those an earlier run left up to date.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary at the end.")] = False,
    no_repeats: Annotated[bool, typer.Option(
        "--no-repeats", help="Corpus mode off: do not remove lines repeated across a site's documents "
        "in a batch.")] = False,
    repeat_min_docs: Annotated[int, typer.Option(
        help="Corpus mode: a repeat is in at least this many of a site's documents.", min=2)
    ] = repeats.DEFAULT_MIN_DOCS,
    repeat_min_share: Annotated[float, typer.Option(
        help="... and in at least this share of them.", min=0.01, max=1)] = repeats.DEFAULT_MIN_SHARE,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Load the packs afresh; neither read nor write the cached library "
        "(kept in $CLEANER_CACHE_DIR or the user cache folder).")] = False,
) -> None:
    """Clean articles: files and folders into -o OUTDIR, or stdin to stdout."""
    library = _library(rules, no_default, cache=not no_cache)
    options = Options(
        rules=tuple(rules or ()), no_default=no_default, site=_forced_site(library, site),
        format=fmt.value,  # type: ignore[arg-type]
        fields=Fields(text_field, html_field, url_field, id_field, output_field),
        jobs=jobs or os.cpu_count() or 1, over_limit=over_limit.value,  # type: ignore[arg-type]
        quarantine=quarantine, max_bytes=max_bytes, max_elements=max_elements, timeout=timeout,
        context=report_path is not None and is_html(report_path), cache=not no_cache)
    seen = FieldUse()
    # The audit is opened only once every output path is checked (an --audit naming an input
    # would otherwise empty it before it is read).
    audit_file = AuditFile(audit)
    report = _reporter(explain, audit_file)
    side = _side_outputs(audit, report_path, quarantine)
    try:
        corpus = None if no_repeats else repeats.Log(repeats.Settings(repeat_min_docs, repeat_min_share))
    except ValueError as exc:
        raise fail(str(exc)) from None
    # SIGTERM unwinds like Ctrl-C, so temporary files are removed and streams discarded.
    signal.signal(signal.SIGTERM, _interrupt)
    started = time.monotonic()
    try:
        if engine == Engine.ray:
            stats, missing, piped = _clean_ray(inputs or [], output, options, glob, library, report,
                                               address, side, audit_file), 0, False
        else:
            stats, missing, piped = _clean_local(inputs or [], output, options, glob, library, report,
                                                 input_format.value, force, quiet, side, audit_file,
                                                 seen, corpus)
    except RunAborted as exc:
        raise fail(str(exc), EXIT_SOME_FAILED) from None
    except CleanerError as exc:  # refused before anything was written
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        raise fail("interrupted: outputs already written are complete and kept; re-run to finish",
                   EXIT_INTERRUPTED) from None
    finally:
        unfinished_audit = audit_file.close()
    if unfinished_audit is not None:
        raise fail(unfinished_audit, EXIT_SOME_FAILED)
    if report_path is not None:
        extra = {"repeats": corpus.report()} if corpus is not None and corpus.table is not None else None
        try:
            write_report(report_path, stats, library, time.monotonic() - started, extra)
        except CleanerError as exc:
            raise fail(str(exc), EXIT_SOME_FAILED) from None
    # A pipe gets a summary only when something needs attention; stdout stays the text alone.
    if not quiet and (not piped or stats.failed or stats.over_limit):
        _print_summary(stats, missing, seen.missing(options.fields),
                       _destinations(output, piped, audit, report_path, quarantine, stats))
    if stats.failed or missing:
        raise typer.Exit(EXIT_SOME_FAILED)


def _destinations(output: str | None, piped: bool, audit: Path | None, report_path: Path | None,
                  quarantine: Path | None, stats: Stats) -> list[tuple[str, str]]:
    """Where the run's results went, for the summary: a new user should not have to guess."""
    rows = [("outputs", output if output is not None else "stdout")]
    rows.extend((label, str(path)) for label, path in (("audit", audit), ("report", report_path))
                if path is not None)
    if quarantine is not None and stats.over_limit:
        rows.append(("quarantine", f"{quarantine} ({len(stats.over_limit):,} flagged document(s))"))
    return rows


def _side_outputs(audit: Path | None, report: Path | None, quarantine: Path | None) -> list[Output]:
    """The outputs besides -o, checked with it before the run starts."""
    named = (("--audit", audit, False), ("--report", report, False), ("--quarantine", quarantine, True))
    return [Output(label, path, folder) for label, path, folder in named if path is not None]


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _reporter(explain: bool, audit: AuditFile) -> Callable[[Outcome], None]:
    """What happens as each outcome arrives: errors and --explain on stderr, --audit records."""

    def report(outcome: Outcome) -> None:
        if outcome.error is not None:
            if not outcome.fatal:  # a fatal one is the message the run stops with: said once
                err.print(f"cleaner: {outcome.id}: {outcome.error}", markup=False)
            return
        if explain:
            _explain(outcome.id, outcome.hits)
        audit.write(outcome)

    return report


def _clean_local(inputs: list[str], output: str | None, options: Options, glob: list[str] | None,
                 library: Library, report: Callable[[Outcome], None], input_format: str, force: bool,
                 quiet: bool, side: list[Output], audit: AuditFile,
                 seen: FieldUse | None = None, corpus: repeats.Log | None = None) -> tuple[Stats, int, bool]:
    """The local engine: stdin, or files and folders through a process pool (with corpus
    mode, after learning the batch's repeats: from the first records of JSONL on stdin).

    Returns the stats, the number of inputs not found, and whether stdin was cleaned (a pipe).
    `seen` learns which JSONL fields the records had.
    """
    paths = [Path(p) for p in inputs]
    from_stdin = not paths or paths == [Path("-")]
    if Path("-") in paths and not from_stdin:
        raise fail("'-' (stdin) cannot be mixed with file inputs")
    if from_stdin and not paths and sys.stdin.isatty():
        raise fail("no input: give files or folders (with -o OUTDIR), or pipe text to stdin")
    outdir, stream = _outputs(Path(output) if output else None, options.format)
    options = replace(options, outdir=outdir, stream=stream)
    if from_stdin:
        options = replace(options, jobs=1)
        check_outputs([*main_output(outdir, stream), *side], [], [])
        with exclusive(lock_path(outdir, stream), outdir or stream):
            tempfiles.sweep_outputs(outdir, stream, options.quarantine)
            audit.open()
            docs: Iterable[Item] = _stdin_documents(input_format, options.fields, seen, options.max_bytes)
            if corpus is not None:
                docs, options, report = corpus.learn_stream(docs, options, library, report)
            return run(docs, options, report, library), 0, True
    sources, missing = collect(paths, glob or list(DEFAULT_GLOBS), outdir or stream)
    if outdir is None and stream is None and options.format != "jsonl" and not (
            len(paths) == 1 and not paths[0].is_dir()):  # one file (or one that is skipped): stdout
        raise fail("give an output folder with -o OUTDIR to clean folders or several files")
    try:
        roots = [p for p in paths if p.exists()]
        check_no_overwrite(sources, outdir or stream, roots)
        plan = plan_tree(sources, options.format, outdir) if outdir is not None else None
        check_outputs([*main_output(outdir, stream), *side], sources, roots, plan)
        # Folders are probed here (check_outputs probes the parents of the file outputs).
        if outdir is not None:
            probe_folder(outdir, f"-o {shown(outdir)}")
        if options.quarantine is not None:
            probe_folder(options.quarantine, f"--quarantine {shown(options.quarantine)}")
    except CleanerError as exc:
        raise fail(str(exc)) from None
    for message in missing:
        err.print(f"cleaner: {message}", markup=False)
    with exclusive(lock_path(outdir, stream), outdir or stream):
        tempfiles.sweep_outputs(outdir, stream, options.quarantine)
        audit.open()
        if corpus is not None:
            options, report = corpus.learn(sources, options, library, report)
        manifest = None
        if outdir is not None:
            settings = repr((options.format, options.fields, options.over_limit, options.site,
                             options.no_default))
            if options.repeats is not None:  # outputs depend on the batch's repeats too
                settings += f" repeats {options.repeats.fingerprint()}"
            manifest = Manifest(outdir, fingerprint([pf.path for pf in library.packs.values()], settings),
                                force=force)
        if len(sources) < 2 * _CHUNK_FOR_POOL:
            options = replace(options, jobs=1)  # a pool costs more than it saves on a few documents
        docs = documents(((s.path, s.out) for s in sources), options.fields, manifest, seen,
                         options.max_bytes)
        stats = _run_with_progress(docs, options, library, report, len(sources), quiet, manifest)
    return stats, len(missing), outdir is None and stream is None  # one file to stdout: a pipe too


def _clean_ray(inputs: list[str], output: str | None, options: Options, glob: list[str] | None,
               library: Library, report: Callable[[Outcome], None], address: str | None,
               side: list[Output], audit: AuditFile) -> Stats:
    """The Ray engine: the same outputs, computed as Ray Data tasks."""
    from . import rayengine

    if not rayengine.available():
        raise fail(rayengine.INSTALL_HINT)
    if not inputs or inputs == ["-"] or output is None:
        raise fail("--engine ray cleans files and folders into -o OUTDIR (a path or URI); "
                   "stdin is for the local engine")
    if options.format == "jsonl":
        raise fail("--engine ray writes trees (--format auto or txt); "
                   "for one JSONL stream use the local engine")
    if options.quarantine is not None:
        raise fail("--quarantine is for the local engine")
    globs = glob or list(DEFAULT_GLOBS)
    if all(rayengine.is_local(i) for i in [*inputs, output]):
        outdir = Path(output.removeprefix("file://"))
        paths = [Path(i.removeprefix("file://")) for i in inputs]
        sources, _ = collect(paths, globs, outdir)
        plan = plan_tree(sources, options.format, outdir)
        check_outputs([Output("-o", outdir, True), *side], sources, [p for p in paths if p.exists()], plan)
    else:
        check_outputs(side, [], [])
    audit.open()
    return rayengine.run_ray(inputs, output, options, globs, library, report, address)


_CHUNK_FOR_POOL = 16


def _outputs(output: Path | None, fmt: str) -> tuple[Path | None, Path | None]:
    """(output folder, JSONL stream file) from -o and --format."""
    if output is None:
        return None, None
    if fmt == "jsonl":
        if output.is_dir() or not output.name.lower().endswith((".jsonl", ".jsonl.gz", ".ndjson")):
            raise fail(f"with --format jsonl, -o names the output file (e.g. clean.jsonl), not '{output}'")
        return None, output
    if output.exists() and not output.is_dir():
        raise fail(f"-o {output} is a file; give a folder for the cleaned files")
    return output, None


def _stdin_documents(input_format: str, fields: Fields, seen: FieldUse | None = None,
                     max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Documents from stdin: one text or HTML document, or JSONL records read as they come.

    Gzip-compressed stdin (`gzip -c crawl.jsonl |`) is decompressed as a stream, and
    --max-bytes bounds the document, or each record, as it is read.
    """
    stream = ungzip(sys.stdin.buffer)
    first = stream.readline(max_bytes + 1)
    kind = input_format if input_format != "auto" else sniff(first)
    if kind == "jsonl":
        whole = len(first) <= max_bytes or first.endswith(b"\n")
        head: list[bytes | Oversize] = [first if whole else skip_line(stream, first)]
        yield from read_records(chain(head, bounded_lines(stream, max_bytes)), "<stdin>", fields,
                                Path("stdin.jsonl"), seen, max_bytes)
        return
    data = read_bounded(stream, max_bytes, first)
    if isinstance(data, Oversize):
        yield Failure("<stdin>", data.reason(max_bytes, "skipped (raise --max-bytes)"), "<stdin>")
        return
    yield Document(id="<stdin>", kind="html" if kind == "html" else "text", data=data,
                   out=Path("stdin.txt"))


def sniff(first_line: bytes) -> str:
    """Guess what stdin holds from its first line: a JSON object, HTML, or text."""
    head = first_line.lstrip().lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        return "html"
    return "text"


def _run_with_progress(docs: Iterable[Item], options: Options, library: Library,
                       report: Callable[[Outcome], None], total: int | None, quiet: bool,
                       manifest: Manifest | None) -> Stats:
    """Run the batch, with a progress bar on stderr only when it is a terminal."""
    lib = library if options.jobs == 1 else None
    if quiet or not err.is_terminal:
        return run(docs, options, report, lib, manifest)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
               TimeRemainingColumn())
    with Progress(*columns, console=err.rich(), transient=True) as progress:
        task = progress.add_task("clean", total=total, rate="")
        started = time.monotonic()
        done_bytes = 0

        def step(outcome: Outcome) -> None:
            nonlocal done_bytes
            report(outcome)
            done_bytes += outcome.bytes_in
            rate = done_bytes / max(time.monotonic() - started, 1e-6) / 1e6
            if outcome.group == outcome.id or outcome.error is not None:
                progress.advance(task)
            progress.update(task, rate=f"{rate:.1f} MB/s")

        return run(docs, options, step, lib, manifest)


def _explain(shown: str, hits: list[Hit]) -> None:
    for h in hits:
        change = f" -> {json.dumps(h.replacement, ensure_ascii=False)}" if h.replacement else ""
        note = f" ({h.note})" if h.note else ""
        err.print(f"{shown}:{h.line}: {h.rule}: {json.dumps(h.text, ensure_ascii=False)}{change}{note}",
                  markup=False)


def _print_summary(stats: Stats, missing: int, unused_fields: list[str] | None = None,
                   where: list[tuple[str, str]] | None = None) -> None:
    """The end-of-batch summary on stderr: one fact per line, so it stays greppable."""
    ok = stats.documents - stats.failed
    extra = (f", {stats.skipped:,} skipped" if stats.skipped else "") + (
        f", {stats.unchanged:,} unchanged" if stats.unchanged else "")
    rows = [
        ("documents", f"{ok:,} cleaned, {stats.failed + missing:,} failed{extra}"),
        ("bytes", f"{stats.bytes_in:,} in, {stats.bytes_out:,} out"),
        ("lines removed", f"{stats.lines_removed:,}"),
    ]
    if stats.rules:
        rows.append(("top rules", ", ".join(f"{r} {n:,}" for r, n in stats.rules.most_common(8))))
    if len(stats.sites) > 1 or (stats.sites and "default" not in stats.sites):
        rows.append(("sites", ", ".join(f"{s} {n:,}" for s, n in stats.sites.most_common(8))))
    if stats.over_limit:
        rows.append(("over limit", f"{len(stats.over_limit):,} document(s) flagged"))
        rows.extend(("", f"{o['doc']}: {o['reason']}") for o in stats.over_limit[:5])
    if unused_fields:
        rows.append(("fields", f"no record has {', '.join(unused_fields)}: the option had no effect"))
    rows.extend(where or ())
    for label, value in rows:
        err.print(f"{label:>14}  {value}" if label else f"{'':>14}  {value}", markup=False)


@app.command()
def diff(
    path: Annotated[Path, typer.Argument(help="A text or HTML file, or '-' for stdin.")],
    rules: RulesOpt = None,
    site: Annotated[str | None, typer.Option("--site", help="Use this site pack.")] = None,
    no_default: NoDefaultOpt = False,
    color: Annotated[bool | None, typer.Option(
        "--color/--no-color", help="Colour (default: when stdout is a terminal).")] = None,
) -> None:
    """Show the input against the output, each removed line annotated with its rule id."""
    library = _library(rules, no_default)
    forced = _forced_site(library, site)
    if str(path) == "-":
        if sys.stdin.isatty():
            raise fail("diff -: pipe a text or HTML document to stdin", EXIT_USAGE)
        data = sys.stdin.buffer.read()
        kind = sniff(data.split(b"\n", 1)[0])
        if kind == "jsonl":
            raise fail("<stdin>: diff shows one document; pipe text or HTML, not JSONL", EXIT_USAGE)
        doc = Document(id="<stdin>", kind="html" if kind == "html" else "text", data=data)
    elif path.is_dir():
        raise fail(f"{path}: is a folder; diff shows one document: give a text or HTML file "
                   "(or clean the folder with -o and --explain)", EXIT_USAGE)
    elif not path.is_file():
        raise fail(f"{path}: no such file (check the path)", EXIT_SOME_FAILED)
    elif kind_of(path) == "jsonl":
        raise fail(f"{path}: diff shows one document; give a text or HTML file", EXIT_USAGE)
    else:
        doc = file_document(path, Path(path.name))
    try:
        result = clean_document(doc, library, forced)
    except NotText as exc:
        raise fail(f"{doc.id}: {exc}", EXIT_SOME_FAILED) from None
    except OSError as exc:
        raise fail(f"{path}: cannot read: {exc.strerror or exc}", EXIT_SOME_FAILED) from None
    text = diffview.unified(result, doc.id, html=doc.kind == "html")
    from rich.console import Console

    out = Console(highlight=False, soft_wrap=True, force_terminal=color, no_color=color is False)
    if not out.is_terminal:
        sys.stdout.write(text)
        return
    for line in text.splitlines():
        style = "bold" if line.startswith(("---", "+++", "@@", "#")) else diffview.STYLE.get(line[:1], "")
        out.print(line, style=style, markup=False)


def _forced_site(library: Library, site: str | None) -> str | None:
    """The site pack --site names, or a usage error listing the known ones."""
    if site is None:
        return None
    found = library.find_site(site)
    if found is None:
        known = ", ".join(sorted(pf.name for pf in library.site_packs)) or "none"
        raise fail(f"unknown site '{site}' (site packs: {known}); add one with --rules")
    return found


@app.command()
def suggest(
    corpus: Annotated[list[Path], typer.Argument(help="Folders or files of one or more sites' articles "
                                                 "(text, HTML or JSONL).")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Pack file (one site) or folder (one <host>.yaml per site); "
        "default: stdout.")] = None,
    min_docs: Annotated[int, typer.Option(help="A line must appear in at least this many documents.",
                                          min=1)] = 5,
    min_share: Annotated[float, typer.Option(help="... and in at least this share of a site's documents.",
                                             min=0, max=1)] = 0.02,
    max_rules: Annotated[int, typer.Option(help="Propose at most this many rules per site.", min=1)] = 50,
    glob: Annotated[list[str] | None, typer.Option("--glob", help="File name pattern in folders.")] = None,
    rules: RulesOpt = None,
    no_default: NoDefaultOpt = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite pack files that already exist (they may hold your edits).")] = False,
) -> None:
    """Mine a site's articles for boilerplate and write a ready-to-edit rule pack."""
    from . import suggest as mining

    library = _library(rules, no_default)
    if output is not None:
        try:
            check_pack_output(output)
        except CleanerError as exc:
            raise fail(str(exc)) from None
    sources, missing = collect(corpus, glob or list(DEFAULT_GLOBS), None)
    for message in missing:
        err.print(f"cleaner: {message}", markup=False)
    docs = documents(((s.path, s.out) for s in sources), Fields())
    texts = mining.corpus_texts(docs, library, lambda m: err.print(f"cleaner: {m}", markup=False))
    try:
        found = mining.mine(texts, min_docs=min_docs, min_share=min_share, max_rules=max_rules,
                            library=library)
    except ValueError as exc:
        raise fail(str(exc)) from None
    if not found:
        raise fail("no documents to mine: give folders of articles (text, HTML or JSONL)", EXIT_SOME_FAILED)
    for site in found:
        err.print(mining.summary(site), markup=False)
    if output is None:
        sys.stdout.write("\n---\n".join(mining.to_yaml(s) for s in found))
        return
    try:
        if len(found) == 1 and output.suffix in (".yaml", ".yml"):
            _refuse_overwrite([output], force)
            write_atomic(output, mining.to_yaml(found[0], schema=mining.schema_ref(output)))
            err.print(f"wrote {output}; check it with: cleaner rules check {output}", markup=False)
            return
        if output.suffix in (".yaml", ".yml"):
            raise fail(f"{len(found)} sites found: give a folder with -o to write one pack per site")
        _refuse_overwrite([output / mining.file_name(s) for s in found], force)
        for s in found:
            path = output / mining.file_name(s)
            write_atomic(path, mining.to_yaml(s, schema=mining.schema_ref(path)))
            err.print(f"wrote {path}", markup=False)
    except OSError as exc:
        raise fail(f"-o {output}: cannot write: {exc.strerror or exc}", EXIT_SOME_FAILED) from None


def _refuse_overwrite(paths: list[Path], force: bool) -> None:
    """A pack that exists may be hand-edited: replace it only when asked to (before any is written)."""
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        names = ", ".join(str(p) for p in existing[:3]) + (" ..." if len(existing) > 3 else "")
        raise fail(f"{names}: already exists (it may hold your edits); give --force to overwrite, "
                   "or another -o")


@app.command()
def studio(
    folder: Annotated[Path | None, typer.Argument(help="A folder of articles to try the rules on.")] = None,
    rules: RulesOpt = None,
    no_default: NoDefaultOpt = False,
    pack: Annotated[Path | None, typer.Option(
        "--pack", help="The pack file to edit and save (the only file the studio writes).")] = None,
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: a free one).",
                                      min=0, max=65535)] = 8765,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    allow_remote: Annotated[bool, typer.Option(
        "--allow-remote", help="Allow a --host beyond the loopback address.")] = False,
) -> None:
    """Write a site pack in the browser: see each rule act on real articles as you type."""
    from .studio import serve

    try:
        serve(folder, rules or [], no_default, pack, host, port, allow_remote,
              lambda m: err.print(m, markup=False))
    except CleanerError as exc:
        raise fail(str(exc)) from None


@rules_app.command("list")
def rules_list(rules: RulesOpt = None, no_default: NoDefaultOpt = False) -> None:
    """Show the packs and their rules."""
    library = _library(rules, no_default)
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
        if engines or engine == ENGINE_RE:
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


def main() -> None:
    """Entry point of the `cleaner` script."""
    app()
