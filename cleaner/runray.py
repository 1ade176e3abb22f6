"""The `clean` command's Ray engine: the local engine's checks on outputs, its lock and its
manifest, then rayengine.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from . import tempfiles
from .auditfile import AuditFile
from .batch import Options
from .cliopts import fail
from .errors import CleanerError
from .outplan import Output, check_outputs, plan_tree
from .report import Stats
from .rules import Library
from .runlocal import open_manifest
from .runlock import exclusive, lock_path
from .sources import DEFAULT_GLOBS, check_no_overwrite, collect
from .types import Document, DropReason, dropped


def clean_ray(inputs: list[str], output: str | None, options: Options, glob: list[str] | None,
              library: Library, report: Callable[[Document], None], address: str | None,
              side: list[Output], audit: AuditFile, force: bool = False) -> Stats:
    """The Ray engine: the same outputs (and, in a local output folder, the same manifest),
    computed as Ray tasks."""
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
        sources, messages = collect(paths, globs, outdir)  # walked once, here (the tasks get the list)
        roots = [p for p in paths if p.exists()]
        try:
            check_no_overwrite(sources, outdir, roots)  # as the local engine: never onto an input
        except CleanerError as exc:
            raise fail(str(exc)) from None
        plan = plan_tree(sources, options.format, outdir)
        check_outputs([Output("-o", outdir, True), *side], sources, roots, plan)
        # One run per output folder, as the local engine (a remote URI has no lock to take).
        with exclusive(lock_path(outdir, None), outdir):
            tempfiles.sweep_outputs(outdir, None, None)
            audit.open()
            rayengine.start(address)
            options = replace(options, outdir=outdir)
            manifest = open_manifest(outdir, options, library, force)
            return rayengine.run_ray(rayengine.local_items(sources, manifest), output, options, library,
                                     report, manifest, _not_found(messages))
    check_outputs(side, [], [])
    audit.open()
    rayengine.start(address)
    items, messages = rayengine.list_remote(inputs, globs)
    return rayengine.run_ray(items, output, options, library, report, None, _not_found(messages))


def _not_found(messages: list[str]) -> list[Document]:
    """Inputs that cannot be cleaned at all, as failed outcomes ("path: reason")."""
    return [dropped(m.split(": ", 1)[0], "", DropReason.UNREADABLE, m.split(": ", 1)[-1]) for m in messages]
