"""Stale temporary files of killed runs: recognised by their name, removed once their process is gone.

Every output is written to `.NAME.PID-N.tmp` beside it and renamed into place (sinks.py,
manifest.py). SIGKILL, a power cut or a killed worker can leave one behind; the next run
into the same place removes those whose process no longer exists, and nothing else.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_TEMP = re.compile(r"\.(.+)\.(\d{1,10})-\d+\.tmp")


def is_ours_and_stale(name: str, of: str | None = None) -> bool:
    """A temporary file of cleaner's naming (for the output named `of`, if given) whose process is gone."""
    match = _TEMP.fullmatch(name)
    return match is not None and of in (None, match.group(1)) and not _alive(int(match.group(2)))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or a number no process has): leave its files be
    return True


def sweep(folder: Path, recursive: bool = True, of: str | None = None) -> int:
    """Remove the stale temporaries under `folder` (only those of the output named `of`, if given).

    Call it holding the output's lock (runlock.py): then no other run is writing there, and
    a temporary whose process is gone can only be left over.
    """
    removed = 0
    for root, _dirs, names in os.walk(folder) if recursive else [(str(folder), [], _names(folder))]:
        for name in names:
            if name.startswith(".") and is_ours_and_stale(name, of):
                try:
                    os.unlink(os.path.join(root, name))
                    removed += 1
                except OSError:
                    continue  # gone already, or not ours to remove: the run does not depend on it
    return removed


def sweep_outputs(outdir: Path | None, stream: Path | None, quarantine: Path | None) -> None:
    """What killed runs left in a run's outputs: its folder, beside its JSONL file, its quarantine."""
    if outdir is not None and outdir.is_dir():
        sweep(outdir)
        for name in _LEGACY_MANIFEST_LOCKS:
            (outdir / name).unlink(missing_ok=True)
    if stream is not None and stream.parent.is_dir():
        sweep(stream.parent, recursive=False, of=stream.name)
    if quarantine is not None and quarantine.is_dir():
        sweep(quarantine, recursive=False)


# Earlier versions locked the manifest with these files (under the manifest's old and new
# names) and left them behind; the run's lock (runlock.py) has replaced them.
_LEGACY_MANIFEST_LOCKS = (".cleaner-manifest.jsonl.lock", ".cleaner-manifest.json-lines.lock")


def _names(folder: Path) -> list[str]:
    try:
        return [e.name for e in os.scandir(folder) if e.is_file(follow_symlinks=False)]
    except OSError:
        return []
