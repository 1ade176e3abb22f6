"""The `clean` command's Ray engine: the local engine's checks on outputs, then rayengine.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .auditfile import AuditFile
from .batch import Options
from .cliopts import fail
from .errors import CleanerError
from .outplan import Output, check_outputs, plan_tree
from .report import Stats
from .rules import Library
from .runlock import exclusive, lock_path
from .sources import DEFAULT_GLOBS, check_no_overwrite, collect
from .types import Document


def clean_ray(inputs: list[str], output: str | None, options: Options, glob: list[str] | None,
               library: Library, report: Callable[[Document], None], address: str | None,
               side: list[Output], audit: AuditFile) -> Stats:
    """The Ray engine: the same outputs, computed as Ray Data tasks."""
    from . import rayengine

    if not rayengine.available():
        raise fail(rayengine.INSTALL_HINT)
    if not inputs or inputs == ["-"] or output is None:
        raise fail("--engine ray cleans files and folders into -o OUTDIR (a path or URI); "
                   "stdin is for the local engine")
    if options.format == "jsonl":
        raise fail("--engine ray writes trees (--format auto or txt); "
                   "for one JSONL stream use the local engine")
    if options.quarantine is not None:
        raise fail("--quarantine is for the local engine")
    globs = glob or list(DEFAULT_GLOBS)
    if all(rayengine.is_local(i) for i in [*inputs, output]):
        outdir = Path(output.removeprefix("file://"))
        paths = [Path(i.removeprefix("file://")) for i in inputs]
        sources, _ = collect(paths, globs, outdir)
        roots = [p for p in paths if p.exists()]
        try:
            check_no_overwrite(sources, outdir, roots)  # as the local engine: never onto an input
        except CleanerError as exc:
            raise fail(str(exc)) from None
        plan = plan_tree(sources, options.format, outdir)
        check_outputs([Output("-o", outdir, True), *side], sources, roots, plan)
        # One run per output folder, as the local engine (a remote URI has no lock to take).
        with exclusive(lock_path(outdir, None), outdir):
            audit.open()
            return rayengine.run_ray(inputs, output, options, globs, library, report, address)
    check_outputs(side, [], [])
    audit.open()
    return rayengine.run_ray(inputs, output, options, globs, library, report, address)
