"""Run the same pipeline as Ray Data tasks, for corpora beyond one machine (extra: cleaner[ray]).

Inputs and the output folder are paths on a shared file system or URIs that pyarrow
understands (`s3://bucket/crawl`, `gs://...`, `hdfs://...`). Each input file is one unit of
work; a task reads it, cleans every document in it with `batch.process`, and writes the
same outputs the local engine writes, through a temporary name and a rename.
"""

from __future__ import annotations

import contextlib
import fnmatch
import gzip
import io
import json
import logging
import posixpath
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, replace
from pathlib import Path, PurePosixPath
from typing import Any

from .batch import _FATAL_WRITE_ERRORS, Options, RunAborted, process
from .documents import file_document, kind_of, read_records
from .errors import CleanerError
from .report import Stats
from .rules import Library
from .sinks import gzip_writer
from .sources import collect
from .types import Cleaned, Document, Drop, DropReason, Hit, dropped

INSTALL_HINT = "--engine ray needs Ray: pip install 'cleaner[ray]' (ray[data] and pyarrow)"


def available() -> bool:
    try:
        import pyarrow.fs  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError:
        return False
    return True


def run_ray(inputs: Sequence[str], output: str, options: Options, globs: Sequence[str], library: Library,
            on_outcome: Callable[[Document], None], address: str | None = None) -> Stats:
    """Clean `inputs` into the folder `output` on a Ray cluster (or a local Ray) and tally the run."""
    import ray
    import ray.data

    # cleaner's stderr is one line per problem: keep Ray's progress chatter out of it.
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if not ray.is_initialized():
        try:
            ray.init(address=address, ignore_reinit_error=True, log_to_driver=False,
                     include_dashboard=False, configure_logging=False)
        except Exception as exc:  # Ray raises ConnectionError, RuntimeError, ValueError... by version
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            where = f"the Ray cluster at '{address}'" if address else "a local Ray"
            raise CleanerError(f"cannot start {where}: {reason} (start one with `ray start --head`, "
                               "or leave out --address to run a local Ray)") from None
    items, messages = list_inputs(inputs, output, globs)
    stats = Stats()
    for message in messages:
        outcome = dropped(message.split(": ", 1)[0], "", DropReason.UNREADABLE, message.split(": ", 1)[-1])
        stats.add(outcome)
        on_outcome(outcome)
    if not items:
        return stats
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    context.enable_operator_progress_bars = False
    task_options = replace(options, outdir=None, stream=None, quarantine=None, jobs=1)
    shared = ray.put((library, task_options, output))
    dataset = ray.data.from_items(items, override_num_blocks=max(1, min(len(items), 256)))
    results = dataset.map_batches(_clean_batch, batch_size=8, fn_kwargs={"shared": shared},
                                  batch_format="default")
    try:
        for row in results.iter_rows():
            outcome = _outcome(json.loads(row["outcome"]))
            stats.add(outcome)
            on_outcome(outcome)
            if outcome.fatal:
                raise RunAborted(f"{outcome.id}: {outcome.error}; stopped")
    except ray.exceptions.RayError as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise RunAborted(f"the Ray run failed: {reason}") from None
    return stats


def list_inputs(inputs: Sequence[str], output: str, globs: Sequence[str]
                ) -> tuple[list[dict[str, str]], list[str]]:
    """Input files as {uri, rel}: local paths walked exactly as the local engine walks them."""
    if all(is_local(i) for i in inputs):
        sources, messages = collect([Path(i) for i in inputs], globs,
                                    Path(output) if is_local(output) else None)
        return [{"uri": str(s.path.absolute()), "rel": s.out.as_posix()} for s in sources], messages
    import pyarrow.fs as pafs

    items: list[dict[str, str]] = []
    messages: list[str] = []
    for uri in inputs:
        fs, root = pafs.FileSystem.from_uri(uri)
        info = fs.get_file_info(root)
        if info.type == pafs.FileType.NotFound:
            messages.append(f"{uri}: no such file or folder (check the path)")
        elif info.type == pafs.FileType.File:
            items.append({"uri": uri, "rel": posixpath.basename(root)})
        else:
            for entry in fs.get_file_info(pafs.FileSelector(root, recursive=True)):
                rel = posixpath.relpath(entry.path, root)
                if (entry.type == pafs.FileType.File and not any(p.startswith(".") for p in rel.split("/"))
                        and any(fnmatch.fnmatch(entry.base_name, g) for g in globs)):
                    items.append({"uri": uri.rstrip("/") + "/" + rel, "rel": rel})
    items.sort(key=lambda item: item["rel"])
    return items, messages


def is_local(uri: str) -> bool:
    return "://" not in uri or uri.startswith("file://")


def _clean_batch(batch: dict[str, Any], shared: Any) -> dict[str, list[str]]:
    """A Ray task: clean and write each input file of the batch; one outcome row per document."""
    import ray

    library, options, output = ray.get(shared) if isinstance(shared, ray.ObjectRef) else shared
    rows: list[str] = []
    for uri, rel in zip(batch["uri"], batch["rel"], strict=True):
        try:
            outcomes = _clean_file(str(uri), str(rel), library, options, output)
            rows.extend(json.dumps(_row(o)) for o in outcomes)
        except Exception as exc:  # one bad file must not fail the task and with it the whole run
            rows.append(json.dumps(_row(dropped(str(uri), str(uri), DropReason.FAILED, f"failed: {exc}"))))
    return {"outcome": rows}


def _clean_file(uri: str, rel: str, library: Library, options: Options, output: str) -> Iterator[Document]:
    fs_in, path_in = _fs(uri)
    fs_out, root_out = _fs(output)
    shown = uri
    try:
        with fs_in.open_input_stream(path_in, compression=None) as fh:  # .gz is ours to open
            data = fh.readall()
    except OSError as exc:
        yield dropped(shown, shown, DropReason.UNREADABLE, f"cannot read: {exc}")
        return
    if kind_of(PurePosixPath(rel)) != "jsonl":
        doc = file_document(Path(rel), Path(rel))
        doc.id, doc.group, doc.path, doc.data = shown, shown, None, data
        outcome = process(doc, library, options)
        if isinstance(outcome.output, str) and outcome.drop is None:
            target = posixpath.join(root_out, str(doc.out))
            outcome.bytes_out = _write(fs_out, target, outcome.output.encode())
        outcome.output = None
        yield outcome
        return
    if rel.lower().endswith(".gz"):
        data = gzip.decompress(data)
    mirror: list[bytes] = []
    for item in read_records(data.splitlines(keepends=True), shown, options.fields, Path(rel)):
        outcome = process(item, library, options)
        if isinstance(outcome.output, dict) and outcome.drop is None:
            if options.format == "txt":
                assert item.out is not None
                text = str(outcome.output[options.fields.output])
                target = posixpath.join(root_out, str(item.out))
                try:
                    outcome.bytes_out = _write(fs_out, target, text.encode())
                except OSError as exc:  # this record's name or place; the file's other records go on
                    outcome.drop = Drop(DropReason.WRITE_FAILED,
                                        f"cannot write {target}: {getattr(exc, 'strerror', None) or exc}",
                                        fatal=getattr(exc, "errno", None) in _FATAL_WRITE_ERRORS)
            else:
                mirror.append(json.dumps(outcome.output, ensure_ascii=False).encode("utf-8", "surrogatepass")
                              + b"\n")
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


# What of an outcome crosses from a Ray task to the driver, as JSON: what the report, the
# audit and the summary read (not the input's data, the output written already, or paths).
_ROW_FIELDS = ("id", "group", "mode", "bytes_in", "bytes_out", "key", "sha", "context")
_RESULT_FIELDS = ("profile", "credits", "fixes", "removed_share", "over_limit", "lines_removed")


def _row(outcome: Document) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(outcome, name) for name in _ROW_FIELDS}
    drop, result = outcome.drop, outcome.result
    row["drop"] = None if drop is None else {"reason": drop.reason.value, "detail": drop.detail,
                                              "fatal": drop.fatal}
    row["result"] = None if result is None else {
        "hits": [asdict(h) for h in result.hits], **{name: getattr(result, name) for name in _RESULT_FIELDS}}
    return row


def _outcome(row: dict[str, Any]) -> Document:
    drop, result = row.pop("drop"), row.pop("result")
    row["context"] = [tuple(c) for c in row["context"]]
    outcome = Document(**row)
    if drop is not None:
        outcome.drop = Drop(DropReason(drop["reason"]), drop["detail"], drop["fatal"])
    if result is not None:
        hits = [Hit(**h) for h in result.pop("hits")]
        outcome.result = Cleaned("", hits, **result)
    return outcome
