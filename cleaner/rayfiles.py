"""What one Ray task does: clean a chunk of input files, write their outputs, return summaries.

A task gets a list of files (a chunk sized by bytes, rayengine.py) and the shared
(library, options) by reference. Files on the local file system (or a shared one mounted
at the same path on every node) go through the local engine's own code: `documents()` reads
them (within --max-bytes, regular files only, the manifest's hashes checked), `process()`
cleans and writes .txt outputs atomically, and `Outputs` writes mirrored JSONL files, so
every output is byte for byte what the local engine writes. Files behind a URI (`s3://`)
are read and written through pyarrow, bounded the same way. Only the outcomes go back,
without their text or records.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import posixpath
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from .batch import _FATAL_WRITE_ERRORS, Options, Outputs, process
from .bounds import Oversize, bounded_lines, read_bounded, too_big, ungzip
from .documents import documents, file_document, kind_of, read_records
from .manifest import NAME
from .rules import Library
from .sinks import gzip_writer
from .sources import shown
from .types import Document, Drop, DropReason, dropped


class Item(NamedTuple):
    """One input file of a task: where to read it, its shown name, its relative path (which
    names its outputs), the hash its output was last written under (the manifest's), its size."""

    path: str  # an absolute path, or a URI
    shown: str  # the name the local engine shows (the path as typed)
    rel: str
    expect: str | None = None
    size: int = 0


# The (library, options, output) a worker process last received: a worker runs many tasks,
# and unpickling the library for each would cost more than cleaning a chunk of small files.
_SHARED: dict[str, tuple[Library, Options, str]] = {}


def clean_chunk(box: list[Any], chunk: Sequence[Item]) -> list[Document]:
    """A Ray task: clean and write every file of `chunk`; one outcome per document.

    `box` holds the ObjectRef of the shared (library, options, output) inside a list, so
    that Ray passes the reference itself and this worker fetches it once, not per task.
    """
    import ray

    ref = box[0]
    key = ref.hex() if hasattr(ref, "hex") else str(id(ref))
    if key not in _SHARED:
        _SHARED.clear()
        _SHARED[key] = ray.get(ref) if isinstance(ref, ray.ObjectRef) else ref
    library, options, output = _SHARED[key]
    if options.outdir is not None:
        return clean_local(chunk, library, options)
    outcomes: list[Document] = []
    for item in chunk:
        try:
            outcomes.extend(clean_file(item.path, item.rel, library, options, output))
        except Exception as exc:  # one bad file must not fail the task and with it the whole run
            outcomes.append(dropped(item.path, item.path, DropReason.FAILED, f"failed: {exc}"))
        if outcomes and outcomes[-1].fatal:
            break
    return outcomes


class _Expected:
    """The manifest as `documents()` reads it: the hashes the driver looked up for this chunk."""

    def __init__(self, outdir: Path, expect: dict[str, str]) -> None:
        self.path = outdir / NAME
        self._expect = expect

    def expected(self, key: str) -> str | None:
        return self._expect.get(key)


def clean_local(chunk: Sequence[Item], library: Library, options: Options) -> list[Document]:
    """Files on this machine's file system, cleaned and written as the local engine does."""
    assert options.outdir is not None
    expect = _Expected(options.outdir, {shown(Path(i.rel)): i.expect for i in chunk if i.expect})
    names = {shown(Path(i.path)): i.shown for i in chunk}
    docs = documents(((Path(i.path), Path(i.rel)) for i in chunk), options.fields,
                     expect, None, options.max_bytes)  # type: ignore[arg-type]  # the manifest's reads
    outputs = Outputs(options)
    outcomes: list[Document] = []
    fatal = False
    try:
        for doc in docs:
            outcome = process(doc, library, options)
            try:
                outputs.take(outcome)
            except OSError as exc:  # a mirrored JSONL file: the disk is full, or the folder went away
                outcome.drop = Drop(DropReason.WRITE_FAILED,
                                    f"cannot write {exc.filename or 'its JSONL file'}: {exc.strerror or exc}",
                                    fatal=True)
            outcome.output = None  # written: only the summary goes back
            _rename(outcome, names)
            outcomes.append(outcome)
            if outcome.fatal:
                fatal = True
                break
    finally:
        outputs.close(keep=not fatal)  # as the local engine: a JSONL file cut short is dropped
    return outcomes


def _rename(outcome: Document, names: dict[str, str]) -> None:
    """Name a document as the local engine does (its path as typed), not by the absolute path
    the task was given (a worker's working folder need not be the driver's)."""
    typed = names.get(outcome.group)
    if typed is None:
        return
    if outcome.id.startswith(outcome.group):  # the file itself, or one of its records ("path:line")
        outcome.id = typed + outcome.id[len(outcome.group):]
    outcome.group = typed


def clean_file(uri: str, rel: str, library: Library, options: Options, output: str) -> Iterator[Document]:
    """One file behind a URI (or a path), read and written through pyarrow."""
    fs_in, path_in = _fs(uri)
    fs_out, root_out = _fs(output)
    shown_uri = uri
    try:
        size = fs_in.get_file_info(path_in).size
        if size is not None and size > options.max_bytes and kind_of(PurePosixPath(rel)) != "jsonl":
            yield dropped(shown_uri, shown_uri, DropReason.TOO_LARGE, too_big(size, options.max_bytes))
            return
        fh = io.BufferedReader(fs_in.open_input_stream(path_in, compression=None))  # .gz is ours to open
    except OSError as exc:
        yield dropped(shown_uri, shown_uri, DropReason.UNREADABLE, f"cannot read: {exc}")
        return
    with fh:
        if kind_of(PurePosixPath(rel)) != "jsonl":
            data = read_bounded(fh, options.max_bytes)
            if isinstance(data, Oversize):
                yield dropped(shown_uri, shown_uri, DropReason.TOO_LARGE,
                              data.reason(options.max_bytes, "skipped (raise --max-bytes)"))
                return
            yield _clean_one(data, shown_uri, rel, library, options, fs_out, root_out)
            return
        stream = gzip.GzipFile(fileobj=fh, mode="rb") if rel.lower().endswith(".gz") else ungzip(fh)
        yield from _clean_records(stream, shown_uri, rel, library, options, fs_out, root_out)


def _clean_one(data: bytes, shown_uri: str, rel: str, library: Library, options: Options, fs_out: Any,
               root_out: str) -> Document:
    doc = file_document(Path(rel), Path(rel))
    doc.id, doc.group, doc.path, doc.data = shown_uri, shown_uri, None, data
    outcome = process(doc, library, options)
    if isinstance(outcome.output, str) and outcome.drop is None:
        outcome.bytes_out = _write(fs_out, posixpath.join(root_out, str(doc.out)), outcome.output.encode())
    outcome.output = None
    return outcome


def _clean_records(stream: Any, shown_uri: str, rel: str, library: Library, options: Options, fs_out: Any,
                   root_out: str) -> Iterator[Document]:
    mirror: list[bytes] = []
    lines = bounded_lines(stream, options.max_bytes)
    for item in read_records(lines, shown_uri, options.fields, Path(rel), None, options.max_bytes):
        outcome = process(item, library, options)
        if isinstance(outcome.output, dict) and outcome.drop is None:
            if options.format == "txt":
                assert isinstance(item, Document) and item.out is not None
                text = str(outcome.output[options.fields.output])
                target = posixpath.join(root_out, str(item.out))
                try:
                    outcome.bytes_out = _write(fs_out, target, text.encode())
                except OSError as exc:  # this record's name or place; the file's other records go on
                    outcome.drop = Drop(DropReason.WRITE_FAILED,
                                        f"cannot write {target}: {getattr(exc, 'strerror', None) or exc}",
                                        fatal=getattr(exc, "errno", None) in _FATAL_WRITE_ERRORS)
            else:
                line = json.dumps(outcome.output, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"
                outcome.bytes_out = len(line)
                mirror.append(line)
        outcome.output = None
        yield outcome
    if options.format != "txt" and mirror:  # like the local engine: no records, no file
        body = b"".join(mirror)
        if rel.lower().endswith(".gz"):
            buffer = io.BytesIO()
            with gzip_writer(buffer) as gz:  # the local engine's writer: byte-identical files
                gz.write(body)
            body = buffer.getvalue()
        _write(fs_out, posixpath.join(root_out, rel), body)


def is_local(uri: str) -> bool:
    return "://" not in uri or uri.startswith("file://")


def _fs(uri: str) -> tuple[Any, str]:
    import pyarrow.fs as pafs

    if is_local(uri):
        return pafs.LocalFileSystem(), str(Path(uri.removeprefix("file://")).absolute())
    return pafs.FileSystem.from_uri(uri)


def _write(fs: Any, path: str, data: bytes) -> int:
    """Write through a temporary name and a move, so a reader never sees a partial output."""
    parent, name = posixpath.split(path)
    fs.create_dir(parent, recursive=True)
    tmp = posixpath.join(parent, f".{name}.ray.tmp")
    try:
        with fs.open_output_stream(tmp) as fh:
            fh.write(data)
        fs.move(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            fs.delete_file(tmp)  # leave no temporary behind a failed write
        raise
    return len(data)
