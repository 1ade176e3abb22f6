"""The --audit file: opened only once the run's outputs are checked, and failing in one line.

It is opened late on purpose: opened first, an --audit path that names an input would empty
that input before it was read.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from .batch import RunAborted
from .errors import CleanerError
from .report import write_audit
from .sources import shown
from .types import Document


class AuditFile:
    """One JSONL line per removal, written as outcomes arrive; rewritten by every run."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._fh: IO[str] | None = None

    def open(self) -> None:
        if self.path is None or self._fh is not None:
            return
        try:
            self._fh = self.path.open("w", encoding="utf-8")
        except OSError as exc:
            raise CleanerError(f"--audit {shown(self.path)}: cannot write: {exc.strerror or exc}") from None

    def write(self, outcome: Document) -> None:
        if self._fh is None:
            return
        try:
            write_audit(self._fh, outcome)
        except OSError as exc:
            raise RunAborted(self._failed(exc) + "; stopped (free space, then re-run)") from None

    def close(self) -> str | None:
        """Close the file; the one-line reason if what was written did not reach the disk."""
        fh, self._fh = self._fh, None
        if fh is None:
            return None
        try:
            fh.close()
        except OSError as exc:
            return self._failed(exc) + " (the audit is incomplete: free space, then re-run with --force)"
        return None

    def _failed(self, exc: OSError) -> str:
        assert self.path is not None
        return f"--audit {shown(self.path)}: cannot write: {exc.strerror or exc}"
