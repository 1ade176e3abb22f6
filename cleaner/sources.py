"""Find the input files named on the command line and map each to its output path."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import CleanerError

DEFAULT_GLOBS = ("*.txt", "*.html", "*.htm", "*.jsonl", "*.jsonl.gz")


@dataclass(frozen=True)
class Source:
    """One input file and its path relative to the inputs' common folder (which outputs mirror)."""

    path: Path
    out: Path


def collect(inputs: Sequence[Path], globs: Sequence[str], outdir: Path | None
            ) -> tuple[list[Source], list[str]]:
    """Files to clean (folders walked recursively), and one message per input not found.

    Outputs mirror the inputs' paths relative to their common folder, so cleaning `crawl/`
    into `clean/` gives `clean/<site>/<file>.txt`. An OUTDIR inside an input folder is not
    walked, and hidden folders (`.git`) are skipped.
    """
    missing = [f"{p}: no such file or folder" for p in inputs if not p.exists()]
    present = [p for p in inputs if p.exists()]
    if not present:
        return [], missing
    base = _common_base(present)
    skip = outdir.resolve() if outdir is not None else None
    files: list[Path] = []
    for path in present:
        if path.is_dir():
            files.extend(_walk(path, globs, skip))
        else:
            files.append(path)
    seen: set[Path] = set()
    sources: list[Source] = []
    for f in files:
        key = f.resolve()
        if key in seen:
            continue
        seen.add(key)
        rel = Path(os.path.relpath(f.absolute(), base))
        sources.append(Source(f, rel))
    return sources, missing


def _common_base(paths: Sequence[Path]) -> Path:
    """The folder the outputs mirror: a lone input folder itself, else the inputs' common parent."""
    if len(paths) == 1 and paths[0].is_dir():
        return paths[0].absolute()
    parents = [str(p.absolute() if p.is_dir() else p.absolute().parent) for p in paths]
    return Path(os.path.commonpath(parents))


def _walk(root: Path, globs: Sequence[str], skip: Path | None) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (skip is None or (here / d).resolve() != skip))
        for name in sorted(names):
            if not name.startswith(".") and any(fnmatch.fnmatch(name, g) for g in globs):
                found.append(here / name)
    return found


def check_no_overwrite(sources: Sequence[Source], output: Path | None) -> None:
    """Refuse a run whose outputs would land on any input file (or inside an input file's place)."""
    if output is None:
        return
    inputs = {s.path.resolve() for s in sources}
    if output.resolve() in inputs:
        raise CleanerError(f"{output}: the output would overwrite an input; choose another -o")
    if not output.suffix or output.is_dir():
        for s in sources:
            for target in {(output / s.out).with_suffix(".txt"), output / s.out}:
                if target.resolve() in inputs:
                    raise CleanerError(f"{s.path}: its output {target} would overwrite an input; "
                                       "choose an output folder outside the input files (-o)")
