"""Write outputs atomically: .txt files, and JSONL streams to a file or stdout."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Any


def write_atomic(path: Path, text: str) -> int:
    """Write `text` as UTF-8 to `path` so that no reader ever sees a partial file; bytes written."""
    return write_atomic_bytes(path, text.encode("utf-8", "surrogatepass"))


def write_atomic_bytes(path: Path, data: bytes) -> int:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    fd, tmp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        # Interrupted or failed: leave no temporary file behind, and no half-written output.
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(data)


def _temp_beside(path: Path) -> tuple[int, str]:
    """Create a hidden temporary file next to `path` (same file system, so the rename is atomic).

    The name carries the process id and a counter, which is unique without the random names
    (and their cost) of tempfile.mkstemp; a clash, such as a stale file, falls back to mkstemp.
    """
    parent = path.parent
    if parent not in _MADE:
        parent.mkdir(parents=True, exist_ok=True)
        _MADE.add(parent)
    tmp = parent / f".{path.name}.{os.getpid()}-{next(_COUNTER)}.tmp"
    try:
        return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644), str(tmp)
    except FileExistsError:
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except FileNotFoundError:
        _MADE.discard(parent)  # the folder went away under us: make it again
        parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)


_MADE: set[Path] = set()  # output folders this process has made, so each is made once
_COUNTER = itertools.count()
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def gzip_writer(raw: IO[bytes]) -> IO[bytes]:
    """A gzip stream with no name and no time in its header: the same bytes in, the same file out."""
    return gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0)  # type: ignore[return-value]


class JsonlWriter:
    """JSONL records to stdout, or to a file that appears (renamed into place) only when complete."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.bytes = 0
        self._tmp: str | None = None
        self._fh: IO[bytes]
        if path is None:
            self._fh = sys.stdout.buffer
            return
        fd, self._tmp = _temp_beside(path)
        raw = os.fdopen(fd, "wb")
        self._fh = gzip_writer(raw) if path.suffix == ".gz" else raw
        self._raw = raw

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"
        self._fh.write(line)
        self.bytes += len(line)
        if self.path is None:
            self._fh.flush()  # a pipe reader sees each record as soon as it is clean

    def close(self, keep: bool = True) -> None:
        """Finish: rename the file into place (or drop it, if the run was interrupted)."""
        if self.path is None or self._tmp is None:
            return
        tmp, self._tmp = self._tmp, None
        try:
            self._fh.close()
            if self._fh is not self._raw:
                self._raw.close()
            if keep:
                os.replace(tmp, self.path)
        finally:
            Path(tmp).unlink(missing_ok=True)
