"""Run many documents through the pipeline: a process pool, outputs written as results come, totals."""

from __future__ import annotations

import errno
import hashlib
import json
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from . import fieldpath
from .bounds import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ELEMENTS,
    NotRegular,
    open_regular,
    too_big,
    too_many_elements,
)
from .decode import NotText
from .documents import Fields, safe_name
from .errors import CleanerError
from .libcache import load_library_cached
from .manifest import Manifest
from .orphan import die_with_parent
from .pipeline import clean_document, original
from .record import summary
from .repeats import RepeatTable
from .report import Stats, audit_records, hit_context
from .rules import Library
from .sinks import JsonlWriter, write_atomic, write_atomic_bytes
from .timeout import DocumentTimeout, time_limit
from .types import Cleaned, Document, Drop, DropReason

Format = Literal["auto", "txt", "jsonl"]
OverLimit = Literal["clean", "original", "skip"]
Mode = Literal["tree", "mirror", "stream", "stdout"]
_CHUNK = 16  # documents per task: enough to amortise the round trip to a worker
DEFAULT_TIMEOUT = 60.0


class RunAborted(CleanerError):
    """The run cannot go on (full disk, a dead worker); what was finished is kept."""


@dataclass(frozen=True)
class Options:
    """Everything a worker needs to clean and write a document (picklable)."""

    rules: tuple[Path, ...] = ()
    no_default: bool = False
    site: str | None = None  # a site pack name, already resolved
    format: Format = "auto"
    outdir: Path | None = None  # root of .txt trees and mirrored JSONL files
    stream: Path | None = None  # the JSONL file of --format jsonl (None: stdout)
    fields: Fields = field(default_factory=Fields)
    jobs: int = 1
    over_limit: OverLimit = "clean"  # what to write for a document past the guard's limits
    quarantine: Path | None = None  # where flagged documents' originals and audits are copied
    max_bytes: int = DEFAULT_MAX_BYTES  # larger inputs are refused, not read
    max_elements: int = DEFAULT_MAX_ELEMENTS  # HTML pages with more elements are refused, not parsed
    timeout: float = DEFAULT_TIMEOUT  # seconds per document; 0 turns the limit off
    context: bool = False  # send each hit's neighbour lines back, for the HTML report's samples
    repeats: RepeatTable | None = None  # corpus mode: the batch's learned repeats (None: off)
    cache: bool = True  # workers load the checked library from the disk cache (--no-cache: off)

    def mode(self, doc: Document) -> Mode:
        """Where one document's output goes."""
        if self.format == "jsonl":
            return "stream"
        if self.outdir is None:
            return "stream" if doc.record is not None else "stdout"
        if self.format == "auto" and doc.record is not None:
            return "mirror"
        return "tree"


def process(doc: Document, library: Library, options: Options) -> Document:
    """Clean one document and write it if it goes to a .txt tree; never raise for bad input.

    The document comes back as its outcome: its result, or the Drop that ended it, filled in,
    and its input data let go (only the worker needs it).
    """
    _process(doc, library, options)
    doc.data = doc.record = None
    if doc.result is not None:
        doc.result.slim()
    return doc


def _process(doc: Document, library: Library, options: Options) -> None:
    if doc.drop is not None:
        return  # dropped by the inputs: unreadable, a bad record, up to date
    if _read(doc, options):
        return
    crowded = too_many_elements(doc.load(), options.max_elements) if doc.kind == "html" else None
    if crowded is not None:
        doc.drop = Drop(DropReason.TOO_MANY_ELEMENTS, crowded)
        return
    doc.mode, doc.bytes_in = options.mode(doc), _size(doc)
    try:
        with time_limit(options.timeout):
            result = clean_document(doc, library, options.site)
            if options.repeats is not None:
                options.repeats.apply(result, doc, library)
    except NotText as exc:
        doc.drop = Drop(DropReason.NOT_TEXT,
                        f"{exc}; skipped (pass only text, HTML or JSONL files, or narrow --glob)")
        return
    except DocumentTimeout as exc:
        doc.drop = Drop(DropReason.TIMEOUT, f"took longer than {options.timeout:g}s{exc.where}; skipped "
                                            "(fix the rule, or raise --timeout)")
        return
    doc.result = result
    if options.context:
        doc.context = hit_context(result.lines, result.hits)
    text = result.text
    if result.over_limit:
        if options.quarantine is not None:
            try:
                _quarantine(doc, options.quarantine)
            except OSError as exc:
                where = f"its quarantine copy in {options.quarantine}"
                doc.drop = _write_failed(f"cannot write {where}: {exc.strerror or exc}", exc)
                return
        if options.over_limit == "skip":
            doc.drop = Drop(DropReason.OVER_LIMIT, result.over_limit)
            return
        if options.over_limit == "original":
            text = original(result)
    if doc.mode == "tree":
        assert options.outdir is not None and doc.out is not None
        target = options.outdir / doc.out
        try:
            doc.bytes_out = write_atomic(target, text)
        except OSError as exc:
            doc.drop = _write_failed(f"cannot write {target}: {exc.strerror or exc}", exc)
    elif doc.mode == "stdout":
        doc.output = text
    else:
        result.text = text
        doc.output = jsonl_record(doc, result, options.fields)


# A full disk or a read-only output folder fails every later write too: stop the run.
_FATAL_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EROFS, errno.EDQUOT})


def _write_failed(message: str, exc: OSError) -> Drop:
    return Drop(DropReason.WRITE_FAILED, message, fatal=exc.errno in _FATAL_WRITE_ERRORS)


def _read(doc: Document, options: Options) -> bool:
    """Load a file document's bytes (within --max-bytes); True if it ends here (its drop set)."""
    if doc.path is None or doc.data is not None:
        if doc.data is not None and len(doc.data) > options.max_bytes:  # str or bytes (Ray's rows)
            doc.drop = Drop(DropReason.TOO_LARGE, too_big(len(doc.data), options.max_bytes))
        return doc.drop is not None
    try:
        with open_regular(doc.path) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > options.max_bytes:
                doc.drop = Drop(DropReason.TOO_LARGE, too_big(size, options.max_bytes))
                return True
            doc.data = fh.read()
    except NotRegular as exc:
        doc.drop = Drop(DropReason.UNREADABLE, str(exc))
        return True
    except OSError as exc:
        doc.drop = Drop(DropReason.UNREADABLE, f"cannot read: {exc.strerror or exc}")
        return True
    doc.sha = hashlib.sha256(doc.data).hexdigest()
    target = options.outdir / doc.out if options.outdir is not None and doc.out else None
    if doc.sha == doc.expect and target is not None and target.exists():
        doc.drop = Drop(DropReason.UNCHANGED)
        return True
    return False


def _quarantine(doc: Document, folder: Path) -> None:
    """Copy a flagged document's original input and its audit into the quarantine folder.

    A file keeps its name (its path relative to the input folder, `/` as `__`), extension
    included: `short/brief.txt` -> `short__brief.txt`; a record or stdin, which has no
    name of its own, gets the extension of its kind.
    """
    # Relative paths, so names do not depend on how the input was typed; a record's key is
    # its JSONL file's, so a record adds its line number (its id's last part).
    base = doc.key or doc.id
    if doc.path is None and doc.key:
        base = f"{doc.key}:{doc.id.rpartition(':')[2]}"
    name = safe_name(base.replace("/", "__"))
    raw = doc.load()
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    copy = name if doc.path is not None else name + (".html" if doc.kind == "html" else ".txt")
    write_atomic_bytes(folder / copy, data)
    audit = "".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in audit_records(doc))
    write_atomic_bytes(folder / f"{name}.audit.jsonl", audit.encode("utf-8"))


def _size(doc: Document) -> int:
    if isinstance(doc.data, str):
        return len(doc.data.encode("utf-8", "surrogatepass"))
    if isinstance(doc.data, bytes):
        return len(doc.data)
    return doc.path.stat().st_size if doc.path is not None else 0


def jsonl_record(doc: Document, result: Cleaned, fields: Fields) -> dict[str, Any]:
    """The output record: the input record's other fields, the clean text, and what was found.

    A file's record is named by its path relative to the input folder (as its .txt output
    is), so the id does not depend on how the path was typed.
    """
    if doc.record is None:
        record: dict[str, Any] = {"id": doc.key or doc.id}
    else:
        record = fieldpath.without(doc.record, doc.source_field) if doc.source_field else dict(doc.record)
    fieldpath.put(record, fields.output, result.text)
    record["cleaner"] = summary(result)
    return record


class Outputs:
    """The outputs the main process writes: stdout text, the JSONL stream, mirrored JSONL files."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.stream: JsonlWriter | None = None
        self.mirror: JsonlWriter | None = None
        self.mirror_group = ""

    def take(self, outcome: Document) -> None:
        # Nothing to write for a dropped document (a record past the guard with --over-limit
        # skip included: it has no output) or a .txt output, which its worker wrote.
        if outcome.drop is not None or outcome.mode == "tree":
            return
        if outcome.mode == "stdout":
            assert isinstance(outcome.output, str)
            data = outcome.output.encode("utf-8")
            _stdout_write(data)
            outcome.bytes_out = len(data)
            return
        assert isinstance(outcome.output, dict)
        writer = self._writer(outcome)
        before = writer.bytes
        writer.write(outcome.output)
        outcome.bytes_out = writer.bytes - before

    def _writer(self, outcome: Document) -> JsonlWriter:
        if outcome.mode == "stream":
            if self.stream is None:
                self.stream = JsonlWriter(self.options.stream)
            return self.stream
        if self.mirror is None or self.mirror_group != outcome.group:
            if self.mirror is not None:
                self.mirror.close()
            assert self.options.outdir is not None and outcome.container is not None
            self.mirror = JsonlWriter(self.options.outdir / outcome.container)
            self.mirror_group = outcome.group
        return self.mirror

    def flush_mirror(self) -> None:
        """Finish the mirrored JSONL file in hand: its input is about to enter the manifest."""
        if self.mirror is not None:
            self.mirror.close()
            self.mirror = None

    def close(self, keep: bool) -> None:
        for writer in (self.stream, self.mirror):
            if writer is not None:
                writer.close(keep)


def _stdout_write(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def run(docs: Iterable[Document], options: Options, on_outcome: Callable[[Document], None],
        library: Library | None = None, manifest: Manifest | None = None) -> Stats:
    """Clean every document, in order, writing outputs as results come.

    An input is entered in the manifest once all its outputs are written without error,
    so a run interrupted half-way redoes only what it had not finished.
    """
    return tally(_outcomes(docs, options, library), Outputs(options), on_outcome, manifest)


def tally(outcomes: Iterable[Document], outputs: Outputs, on_outcome: Callable[[Document], None],
          manifest: Manifest | None = None) -> Stats:
    """Take outcomes in order: write what goes to the main process's outputs, count them, and
    enter each finished input in the manifest (run's second half; the Ray engine's driver too)."""
    stats = Stats()
    done = False
    group = _Group()
    try:
        for outcome in outcomes:
            try:
                if manifest is not None and outcome.group != group.name:
                    group.enter(manifest, outputs)  # the previous input is complete
                    group = _Group(outcome.group)
                outputs.take(outcome)
                group.add(outcome)
                stats.add(outcome)
                on_outcome(outcome)
            except BrokenPipeError:
                raise  # the reader of stdout went away: not a disk problem
            except OSError as exc:  # the main process's own writes: the stream, the manifest, the audit
                raise RunAborted(_stopped(f"cannot write {_written(exc)}: {exc.strerror or exc}")) from None
            if outcome.drop is not None and outcome.drop.fatal:
                raise RunAborted(_stopped(f"{outcome.id}: {outcome.error}"))
        done = True
    finally:
        steps: list[Callable[[], None]] = []
        if manifest is not None and (done or group.tree_only):
            # After an interrupt, a finished .txt output still counts; a JSONL file half written does not.
            steps.append(partial(group.enter, manifest, outputs))
        steps.append(partial(outputs.close, keep=done))
        if manifest is not None:
            steps.append(manifest.close)
        _finish(steps, done)
    return stats


def _stopped(what: str) -> str:
    return f"{what}; stopped (free space or fix the output folder, then re-run: finished outputs are kept)"


def _written(exc: OSError) -> str:
    return str(exc.filename) if exc.filename else "the outputs"


def _finish(steps: list[Callable[[], None]], done: bool) -> None:
    """Run every closing step, even after one fails; report the first failure as one line.

    When the run is already stopping (a full disk, an interrupt), a closing step that fails
    for the same reason is a consequence, not news: the run's own message is the one shown.
    """
    failure: OSError | None = None
    for step in steps:
        try:
            step()
        except OSError as exc:
            failure = failure or exc
    if failure is not None and done:
        raise RunAborted(_stopped(f"cannot finish {_written(failure)}: {failure.strerror or failure}"))


@dataclass
class _Group:
    """The outcomes of one input file (one document, or the records of a JSONL file)."""

    name: str = ""
    key: str = ""
    sha: str | None = None
    ok: bool = True
    tree_only: bool = True  # every output is a .txt file, written the moment it was cleaned

    def add(self, outcome: Document) -> None:
        if outcome.drop is not None and outcome.drop.reason is DropReason.UNCHANGED:
            self.ok = False  # nothing new to record
            return
        self.key = self.key or outcome.key
        self.sha = self.sha or outcome.sha
        self.ok = self.ok and outcome.error is None
        self.tree_only = self.tree_only and outcome.mode == "tree"

    def enter(self, manifest: Manifest, outputs: Outputs) -> None:
        """Record a finished input whose outputs were all written; one with errors is redone."""
        if self.key and self.sha and self.ok:
            outputs.flush_mirror()
            manifest.record(self.key, self.sha)


def _outcomes(docs: Iterable[Document], options: Options, library: Library | None
              ) -> Iterator[Document]:
    if options.jobs <= 1:
        lib = library or load_library_cached(options.rules, no_default=options.no_default,
                                             cache=options.cache)
        for doc in docs:
            yield process(doc, lib, options)
        return
    context = multiprocessing.get_context("spawn")  # no fork: the parent may hold threads (progress bar)
    pool = ProcessPoolExecutor(options.jobs, mp_context=context, initializer=_init_worker,
                               initargs=(options, os.getpid()))
    pending: deque[Future[list[Document]]] = deque()
    window = options.jobs * 4  # chunks in flight: bounded, so a huge input is never held whole
    it = iter(docs)
    finished = False
    try:
        while chunk := list(islice(it, _CHUNK)):
            pending.append(pool.submit(_work_chunk, chunk))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
        finished = True
    except BrokenProcessPool:
        raise RunAborted("a worker process died (killed, or out of memory); stopped. Re-run to "
                         "finish: outputs already written are complete and kept") from None
    finally:
        # On an interrupt, do not wait for chunks in flight: their outputs are atomic anyway.
        pool.shutdown(wait=finished, cancel_futures=True)


_WORKER: tuple[Library, Options] | None = None


def _init_worker(options: Options, parent: int) -> None:
    """Load the packs once per worker process, which exits if the run's process dies. The
    parent has just checked and cached the library, so a spawned worker reads it from the disk
    cache instead of validating every pack again (about a second of CPU per worker)."""
    global _WORKER
    die_with_parent(parent)
    _WORKER = (load_library_cached(options.rules, no_default=options.no_default, cache=options.cache),
               options)


def _work_chunk(chunk: list[Document]) -> list[Document]:
    assert _WORKER is not None
    library, options = _WORKER
    return [process(doc, library, options) for doc in chunk]
