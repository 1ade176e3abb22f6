"""The `clean` command's local engine: stdin or files and folders, outputs checked and
locked, the manifest's fingerprint, then the batch (with a progress bar on a terminal)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import chain
from pathlib import Path

from . import repeats, tempfiles
from .auditfile import AuditFile
from .batch import DEFAULT_MAX_BYTES, Options, run
from .bounds import Oversize, bounded_lines, read_bounded, skip_line, ungzip
from .cliopts import err, fail
from .documents import Fields, FieldUse, Item, documents, read_records
from .errors import CleanerError
from .manifest import Manifest, fingerprint
from .outplan import Output, check_outputs, main_output, plan_tree, probe_folder
from .report import Stats
from .rules import Library
from .runlock import exclusive, lock_path
from .sources import DEFAULT_GLOBS, check_no_overwrite, collect, shown
from .types import Document, DropReason, dropped

_CHUNK_FOR_POOL = 16


def clean_local(inputs: list[str], output: str | None, options: Options, glob: list[str] | None,
                 library: Library, report: Callable[[Document], None], input_format: str, force: bool,
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
        _probe_folders(outdir, options.quarantine)
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
        _probe_folders(outdir, options.quarantine)
    except CleanerError as exc:
        raise fail(str(exc)) from None
    for message in missing:
        err.print(f"cleaner: {message}", markup=False)
    with exclusive(lock_path(outdir, stream), outdir or stream):
        tempfiles.sweep_outputs(outdir, stream, options.quarantine)
        audit.open()
        if corpus is not None:
            options, report = corpus.learn(sources, options, library, report)
        manifest = open_manifest(outdir, options, library, force) if outdir is not None else None
        if len(sources) < 2 * _CHUNK_FOR_POOL:
            options = replace(options, jobs=1)  # a pool costs more than it saves on a few documents
        docs = documents(((s.path, s.out) for s in sources), options.fields, manifest, seen,
                         options.max_bytes)
        stats = _run_with_progress(docs, options, library, report, len(sources), quiet, manifest)
    return stats, len(missing), outdir is None and stream is None  # one file to stdout: a pipe too


def open_manifest(outdir: Path, options: Options, library: Library, force: bool) -> Manifest:
    """The output folder's manifest, under the fingerprint of what decides its outputs
    (the engines share it: an output written by one is up to date for the other)."""
    settings = repr((options.format, options.fields, options.over_limit, options.site, options.no_default))
    if options.repeats is not None:  # outputs depend on the batch's repeats too
        settings += f" repeats {options.repeats.fingerprint()}"
    return Manifest(outdir, fingerprint([pf.path for pf in library.packs.values()], settings), force=force)


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


def _probe_folders(outdir: Path | None, quarantine: Path | None) -> None:
    """Fail before the run if the output or quarantine folder cannot be written
    (check_outputs probes only the parents of the file outputs)."""
    if outdir is not None:
        probe_folder(outdir, f"-o {shown(outdir)}")
    if quarantine is not None:
        probe_folder(quarantine, f"--quarantine {shown(quarantine)}")


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
        yield dropped("<stdin>", "<stdin>", DropReason.TOO_LARGE,
                      data.reason(max_bytes, "skipped (raise --max-bytes)"))
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
                       report: Callable[[Document], None], total: int | None, quiet: bool,
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

        def step(outcome: Document) -> None:
            nonlocal done_bytes
            report(outcome)
            done_bytes += outcome.bytes_in
            rate = done_bytes / max(time.monotonic() - started, 1e-6) / 1e6
            if outcome.group == outcome.id or outcome.error is not None:
                progress.advance(task)
            progress.update(task, rate=f"{rate:.1f} MB/s")

        return run(docs, options, step, lib, manifest)
