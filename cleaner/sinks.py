"""Write outputs atomically: .txt files, and JSONL streams to a file or stdout."""

from __future__ import annotations

import gzip
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
    path.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


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
