"""Run the same pipeline as Ray tasks, for corpora beyond one machine (extra: cleaner[ray]).

Inputs and the output folder are paths on a shared file system or URIs that pyarrow
understands (`s3://bucket/crawl`, `gs://...`, `hdfs://...`). The driver lists the input
files, cuts the list into chunks sized by bytes, and sends each chunk to a task with a
reference to the library, which goes into Ray's object store once (rayfiles.py: what a task
does). The tasks write the outputs themselves, through a temporary name and a rename, and
send back only the outcomes; the driver takes them in input order, counts them, reports
them, and keeps the manifest of a local output folder exactly as the local engine does
(batch.tally).
"""

from __future__ import annotations

import fnmatch
import logging
import posixpath
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import chain
from typing import Any

from .batch import Options, Outputs, RunAborted, tally
from .errors import CleanerError
from .manifest import Manifest
from .rayfiles import Item, clean_chunk, is_local
from .report import Stats
from .rules import Library
from .sources import Source, shown
from .types import Document

INSTALL_HINT = "--engine ray needs Ray: pip install 'cleaner[ray]' (ray[data] and pyarrow)"
__all__ = ["INSTALL_HINT", "available", "is_local", "list_remote", "run_ray"]

# A chunk is at most this many bytes and files: big enough that a task's round trip (tens
# of milliseconds) is small beside its work, small enough that the cores share the corpus
# evenly and outcomes come back while the run goes on.
CHUNK_BYTES = 16 << 20
CHUNK_FILES = 1000
CHUNKS_PER_CPU = 4  # at least this many chunks per core, so no core waits on the last one


def available() -> bool:
    try:
        import pyarrow.fs  # noqa: F401
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


def start(address: str | None) -> None:
    """Connect to the Ray cluster at `address`, or start a local Ray; one line if it fails."""
    import ray

    # cleaner's stderr is one line per problem: keep Ray's chatter out of it.
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if ray.is_initialized():
        return
    try:
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False,
                 include_dashboard=False, configure_logging=False)
    except Exception as exc:  # Ray raises ConnectionError, RuntimeError, ValueError... by version
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        where = f"the Ray cluster at '{address}'" if address else "a local Ray"
        raise CleanerError(f"cannot start {where}: {reason} (start one with `ray start --head`, "
                           "or leave out --address to run a local Ray)") from None


def local_items(sources: Sequence[Source], manifest: Manifest | None) -> list[Item]:
    """The local engine's sources (collect()), with what a task needs to find and check them."""
    items = []
    for s in sources:
        try:
            size = s.path.stat().st_size
        except OSError:
            size = 0  # the task says why it cannot read it
        expect = manifest.expected(shown(s.out)) if manifest is not None else None
        items.append(Item(str(s.path.absolute()), shown(s.path), s.out.as_posix(), expect, size))
    return items


def run_ray(items: Sequence[Item], output: str, options: Options, library: Library,
            on_outcome: Callable[[Document], None], manifest: Manifest | None = None,
            first: Iterable[Document] = ()) -> Stats:
    """Clean `items` into the folder `output` on the running Ray, and tally the run (after
    the outcomes `first`: inputs that were not found).

    With a local output folder (`options.outdir`) the tasks write through the local engine's
    code; otherwise through pyarrow. `manifest` (a local output folder's) is kept by the driver.
    """
    import ray

    task_options = replace(options, stream=None, quarantine=None, jobs=1, repeats=None,
                           outdir=options.outdir.absolute() if options.outdir is not None else None)
    cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
    shared = ray.put((library, task_options, output))
    task = ray.remote(num_cpus=1)(clean_chunk)
    outcomes = chain(first, _in_order(task, [shared], chunks(items, cpus), cpus * 2))
    return tally(outcomes, _WrittenByTasks(options), on_outcome, manifest)


def chunks(items: Sequence[Item], cpus: int) -> list[list[Item]]:
    """Consecutive runs of files (a file is never split), each at most CHUNK_BYTES and
    CHUNK_FILES, and small enough that there are CHUNKS_PER_CPU per core."""
    total = sum(max(i.size, 1) for i in items)
    budget = max(1, min(CHUNK_BYTES, total // (cpus * CHUNKS_PER_CPU) + 1))
    out: list[list[Item]] = []
    current: list[Item] = []
    size = 0
    for item in items:
        if current and (size + max(item.size, 1) > budget or len(current) >= CHUNK_FILES):
            out.append(current)
            current, size = [], 0
        current.append(item)
        size += max(item.size, 1)
    if current:
        out.append(current)
    return out


def _in_order(task: Any, box: list[Any], work: list[list[Item]], window: int) -> Iterator[Document]:
    """The outcomes of every chunk, in input order, with at most `window` chunks in flight
    (so a huge corpus never has all its outcomes waiting in the object store)."""
    import ray

    pending: deque[Any] = deque()
    queue = iter(work)
    try:
        for chunk in queue:
            pending.append(task.remote(box, chunk))
            if len(pending) >= window:
                yield from ray.get(pending.popleft())
        while pending:
            yield from ray.get(pending.popleft())
    except ray.exceptions.RayError as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise RunAborted(f"the Ray run failed: {reason}") from None
    finally:
        for ref in pending:  # stopped early (a full disk, an interrupt): their outputs are atomic anyway
            ray.cancel(ref)


class _WrittenByTasks(Outputs):
    """The driver's outputs: none, the tasks have written every file before reporting it."""

    def take(self, outcome: Document) -> None:
        return None

    def close(self, keep: bool) -> None:
        return None


def list_remote(inputs: Sequence[str], globs: Sequence[str]) -> tuple[list[Item], list[str]]:
    """Input files behind URIs, walked as the local engine walks folders (hidden entries
    skipped, files matched by `globs`), sorted by their relative path."""
    import pyarrow.fs as pafs

    items: list[Item] = []
    messages: list[str] = []
    for uri in inputs:
        fs, root = pafs.FileSystem.from_uri(uri)
        info = fs.get_file_info(root)
        if info.type == pafs.FileType.NotFound:
            messages.append(f"{uri}: no such file or folder (check the path)")
        elif info.type == pafs.FileType.File:
            items.append(Item(uri, uri, posixpath.basename(root), None, info.size or 0))
        else:
            for entry in fs.get_file_info(pafs.FileSelector(root, recursive=True)):
                rel = posixpath.relpath(entry.path, root)
                if (entry.type == pafs.FileType.File and not any(p.startswith(".") for p in rel.split("/"))
                        and any(fnmatch.fnmatch(entry.base_name, g) for g in globs)):
                    where = uri.rstrip("/") + "/" + rel
                    items.append(Item(where, where, rel, None, entry.size or 0))
    items.sort(key=lambda item: item.rel)
    return items, messages

