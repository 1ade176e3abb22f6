"""The `cleaner` command: a thin Typer layer, arguments -> a run -> exit codes.

The work is elsewhere: cliopts.py (what the commands share), runlocal.py and runray.py (the
`clean` engines), summary.py (what a run prints), rulescmd.py (`cleaner rules`)."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from . import __version__, diffview, helpstyle, repeats
from .auditfile import AuditFile
from .batch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Options, RunAborted
from .bounds import DEFAULT_MAX_ELEMENTS
from .cliopts import (
    EXIT_INTERRUPTED,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    Engine,
    InputFormat,
    NoDefaultOpt,
    OutputFormat,
    OverLimitChoice,
    RulesOpt,
    err,
    fail,
    forced_site,
    load_packs,
)
from .decode import NotText
from .documents import Document, Fields, FieldUse, documents, file_document, kind_of
from .errors import CleanerError
from .outplan import Output, check_pack_output
from .pipeline import clean_document
from .reporthtml import is_html, write_report
from .rulescmd import rules_app
from .runlocal import clean_local, sniff
from .runray import clean_ray
from .sinks import write_atomic
from .sources import DEFAULT_GLOBS, collect
from .summary import destinations, print_summary, reporter

__all__ = ["app", "main", "sniff"]  # sniff: tests import it from here

app = typer.Typer(
    name="cleaner",
    help="Remove scraped-news furniture (ads, cross-promotion, credits, mojibake) from articles.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    pretty_exceptions_enable=False,
)
app.add_typer(rules_app, name="rules")
helpstyle.hide_flag_types()


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
    library = load_packs(rules, no_default, cache=not no_cache)
    options = Options(
        rules=tuple(rules or ()), no_default=no_default, site=forced_site(library, site),
        format=fmt.value,  # type: ignore[arg-type]
        fields=Fields(text_field, html_field, url_field, id_field, output_field),
        jobs=jobs or os.cpu_count() or 1, over_limit=over_limit.value,  # type: ignore[arg-type]
        quarantine=quarantine, max_bytes=max_bytes, max_elements=max_elements, timeout=timeout,
        context=report_path is not None and is_html(report_path), cache=not no_cache)
    seen = FieldUse()
    # The audit is opened only once every output path is checked (an --audit naming an input
    # would otherwise empty it before it is read).
    audit_file = AuditFile(audit)
    report = reporter(explain, audit_file)
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
            stats, missing, piped = clean_ray(inputs or [], output, options, glob, library, report,
                                               address, side, audit_file, force), 0, False
        else:
            stats, missing, piped = clean_local(inputs or [], output, options, glob, library, report,
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
        print_summary(stats, missing, seen.missing(options.fields),
                       destinations(output, piped, audit, report_path, quarantine, stats))
    if stats.failed or missing:
        raise typer.Exit(EXIT_SOME_FAILED)


def _side_outputs(audit: Path | None, report: Path | None, quarantine: Path | None) -> list[Output]:
    """The outputs besides -o, checked with it before the run starts."""
    named = (("--audit", audit, False), ("--report", report, False), ("--quarantine", quarantine, True))
    return [Output(label, path, folder) for label, path, folder in named if path is not None]


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


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
    library = load_packs(rules, no_default)
    forced = forced_site(library, site)
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

    library = load_packs(rules, no_default)
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


def main() -> None:
    """Entry point of the `cleaner` script."""
    app()
