"""One run at a time per output: an exclusive lock on a hidden file, removed when the run ends.

A second run into the same output folder (or the same JSONL file) is refused at once with
the pid of the run that holds it, instead of interleaving with it: two runs appending to one
manifest, or renaming over one stream, each lose the other's work.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import CleanerError
from .sources import shown

LOCK_NAME = ".cleaner.lock"


class Busy(CleanerError):
    """Another run holds the lock of this output."""


def lock_path(outdir: Path | None, stream: Path | None) -> Path | None:
    """The lock file of a run's output: in the output folder, or beside the JSONL stream file."""
    if outdir is not None:
        return outdir / LOCK_NAME
    if stream is not None:
        return stream.with_name(f".{stream.name}{LOCK_NAME}")
    return None


@contextmanager
def exclusive(path: Path | None, output: Path | None) -> Iterator[None]:
    """Hold the lock at `path` for the block, or raise Busy naming `output` and the holder."""
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _acquire(path, output or path.parent)
    try:
        yield
    finally:
        # Unlink before unlocking: a run waiting on this inode then sees it is gone and retries.
        path.unlink(missing_ok=True)
        os.close(fd)


def _acquire(path: Path, output: Path) -> int:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise Busy(f"{shown(output)}: another cleaner run{who} is writing there; wait for it to "
                       "finish, or choose another -o") from None
        # The file locked must still be the one at the path: a run that just ended removed its own.
        try:
            mine, there = os.fstat(fd), os.stat(path)
            if (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino):
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd
