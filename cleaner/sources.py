"""Find the input files named on the command line, safely, and name them for messages."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .bounds import kind_of_file
from .errors import CleanerError
from .manifest import holds_manifest

DEFAULT_GLOBS = ("*.txt", "*.html", "*.htm", "*.jsonl", "*.jsonl.gz")


@dataclass(frozen=True)
class Source:
    """One input file and its path relative to the inputs' common folder (which outputs mirror)."""

    path: Path
    out: Path


def shown(path: Path | str) -> str:
    """A path fit for a one-line message: undecodable bytes and control characters escaped."""
    text = str(path)
    if text.isprintable():
        return text
    # Undecodable bytes in a file name come back as the bytes they were: "bad\xff.txt".
    escaped = os.fsencode(text).decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in escaped)


def collect(inputs: Sequence[Path], globs: Sequence[str], outdir: Path | None
            ) -> tuple[list[Source], list[str]]:
    """Files to clean (folders walked recursively), and one message per input that is skipped.

    Outputs mirror the inputs' paths relative to their common folder, so cleaning `crawl/`
    into `clean/` gives `clean/<site>/<file>.txt`. An OUTDIR inside an input folder is not
    walked, nor is any folder below an input that holds a cleaner manifest (an earlier
    run's output folder: its files are outputs, not inputs to clean again); hidden entries
    (`.git`) are skipped, and symbolic links are followed only while they stay inside the
    folder being walked (a loop or a link out of it is reported).
    """
    messages = [f"{shown(p)}: no such file or folder (check the path)" for p in inputs if not p.exists()]
    present = [p for p in inputs if p.exists()]
    if not present:
        return [], messages
    base = _common_base(present)
    skip = outdir.resolve() if outdir is not None else None
    files: list[Path] = []
    for path in present:
        if path.is_dir():
            files.extend(_walk(path, globs, skip, messages))
        else:
            files.append(path)
    seen: set[tuple[int, int]] = set()
    sources: list[Source] = []
    for f in files:
        try:
            info = f.stat()
        except OSError as exc:
            messages.append(f"{shown(f)}: cannot read: {exc.strerror or exc}")
            continue
        what = kind_of_file(info.st_mode)
        if what is not None:
            # A FIFO would block the run, a device never end (/dev/zero): read regular files only.
            messages.append(f"{shown(f)}: {what}, not a regular file; skipped")
            continue
        key = (info.st_dev, info.st_ino)  # the same file reached twice (a link, overlapping inputs)
        if key in seen:
            continue
        seen.add(key)
        sources.append(Source(f, Path(os.path.relpath(f.absolute(), base))))
    return sources, messages


def _common_base(paths: Sequence[Path]) -> Path:
    """The folder the outputs mirror: a lone input folder itself, else the inputs' common parent."""
    if len(paths) == 1 and paths[0].is_dir():
        return paths[0].absolute()
    parents = [str(p.absolute() if p.is_dir() else p.absolute().parent) for p in paths]
    return Path(os.path.commonpath(parents))


def _walk(root: Path, globs: Sequence[str], skip: Path | None, messages: list[str]) -> list[Path]:
    """Matching files under `root`, in a stable order, never leaving `root` through a link."""
    top = root.resolve()
    found: list[Path] = []
    visited = {top}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            messages.append(f"{shown(folder)}: cannot list folder: {exc.strerror or exc}")
            continue
        subdirs: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_symlink() and not _inside(path, top, messages):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                real = path.resolve()
                if real == skip or real in visited or holds_manifest(path):
                    continue  # an output folder, or a folder reached twice through links
                visited.add(real)
                subdirs.append(path)
            elif any(fnmatch.fnmatch(entry.name, g) for g in globs):
                found.append(path)
        stack.extend(reversed(subdirs))
    return found


def _inside(link: Path, top: Path, messages: list[str]) -> bool:
    """Follow a symbolic link only if it resolves, without a loop, to a place inside `top`."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        messages.append(f"{shown(link)}: broken symbolic link or link loop; skipped")
        return False
    if target != top and top not in target.parents:
        messages.append(f"{shown(link)}: symbolic link points outside {shown(top)}; skipped")
        return False
    return True


def check_no_overwrite(sources: Sequence[Source], output: Path | None, roots: Sequence[Path] = ()) -> None:
    """Refuse a run whose outputs would land on any input file.

    Outputs all lie under the output folder, and inputs under the folders (`roots`) they were
    found in, so only when the two overlap is each output compared with the inputs.
    """
    if output is None:
        return
    out = output.resolve()
    real_roots = [r.resolve() for r in roots] or [s.path.resolve().parent for s in sources]
    if not any(out == r or out in r.parents or r in out.parents for r in real_roots):
        return
    inputs = {s.path.resolve() for s in sources}
    if out in inputs:
        raise CleanerError(f"{shown(output)}: the output would overwrite an input; choose another -o")
    if not output.suffix or output.is_dir():
        for s in sources:
            for target in {(output / s.out).with_suffix(".txt"), output / s.out}:
                if target.resolve() in inputs:
                    raise CleanerError(f"{shown(s.path)}: its output {shown(target)} would overwrite an "
                                       "input; choose an output folder outside the input files (-o)")
