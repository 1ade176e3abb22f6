"""Before a run writes anything: each output path has one owner, none lands on an input or
inside another output, and every output's folder can be written.

The rule for collisions is one: two inputs never share an output path. A run whose inputs
would (`story.txt` and `story.html` both make `story.txt`; `a.jsonl`'s records go in `a/`,
where the files of a folder `a/` go too) is refused before anything is written, naming
both. Names cleaner makes up itself, for the records of one JSONL file, are made unique
where they are made (`documents._record_name`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .documents import kind_of, record_folder
from .errors import CleanerError
from .manifest import NAME as MANIFEST_NAME
from .runlock import LOCK_NAME
from .sources import Source, shown

RESERVED = (MANIFEST_NAME, LOCK_NAME)


@dataclass(frozen=True)
class Output:
    """One place a run writes: a folder it fills, or a single file."""

    label: str  # the option that names it, for messages: "-o", "--audit", ...
    path: Path
    folder: bool


def tree_output(source: Source, fmt: str) -> tuple[str, bool]:
    """Where one input's outputs go in the output folder: (relative path, whether it is a folder
    of records). Strings, not Paths: a plan of a million inputs is made in a second."""
    rel = str(source.out)
    if kind_of(source.path) != "jsonl":
        return _with_txt_suffix(rel), False
    if fmt == "txt":
        return str(record_folder(source.out)), True  # a.jsonl -> a/<id>.txt, a folder of its own
    return rel, False  # --format auto: the JSONL file mirrored


def _with_txt_suffix(rel: str) -> str:
    """`Path(rel).with_suffix(".txt")`, as documents.file_document names outputs, without the Path."""
    start = rel.rfind(os.sep) + 1
    dot = rel.rfind(".", start)
    if start < dot < len(rel) - 1:
        return rel[:dot] + ".txt"
    return rel + ".txt"


def _parents(rel: str) -> list[str]:
    """`a/b/c.txt` -> `["a", "a/b"]`: the folders a relative path lies in."""
    found, at = [], rel.find(os.sep)
    while at != -1:
        found.append(rel[:at])
        at = rel.find(os.sep, at + 1)
    return found


@dataclass
class Plan:
    """The output tree a run will write, relative to the output folder, known before it starts."""

    outdir: Path
    owners: dict[str, tuple[Source, bool]] = field(default_factory=dict)  # path -> (input, folder?)
    clashes: list[str] = field(default_factory=list)
    _folders: set[str] | None = None

    def claim(self, source: Source, fmt: str) -> None:
        path, folder = tree_output(source, fmt)
        if path in self.owners:
            other = self.owners[path][0]
            self.clashes.append(f"{shown(source.path)} and {shown(other.path)} would both be written "
                                f"to {shown(self.outdir / path)}")
        else:
            self.owners[path] = (source, folder)

    def blocked(self, rel: str) -> str | None:
        """Why a path of the output folder is not free, or None: an output there, or one it is in."""
        if rel in self.owners:
            return f"where the output of {shown(self.owners[rel][0].path)} goes"
        if rel in self.folders():
            return "where a folder of outputs goes"
        return self.blocked_by_parent(rel)

    def blocked_by_parent(self, rel: str) -> str | None:
        """An output (or a folder of records) that `rel` would have to be inside, or None."""
        for parent in _parents(rel):
            if parent in self.owners:
                other, folder = self.owners[parent]
                what = "the folder of the records" if folder else "the output"
                return f"inside {shown(self.outdir / parent)}, {what} of {shown(other.path)}"
        return None

    def folders(self) -> set[str]:
        """The folders that hold outputs."""
        if self._folders is None:
            self._folders = {parent for path in self.owners for parent in _parents(path)}
        return self._folders


def plan_tree(sources: Sequence[Source], fmt: str, outdir: Path) -> Plan:
    """Claim each input's output path, refusing a run in which two inputs share one.

    A folder of records belongs to its JSONL file alone: nothing else may be written in it,
    since any record may take any name there; and no output may be where a folder of
    outputs must be.
    """
    plan = Plan(outdir)
    for source in sources:
        plan.claim(source, fmt)
    for path, (source, _) in plan.owners.items():
        why = plan.blocked_by_parent(path)
        if why is not None:
            plan.clashes.append(f"{shown(source.path)}: its output {shown(outdir / path)} would go {why}")
    if plan.clashes:
        more = f" (and {len(plan.clashes) - 1} more)" if len(plan.clashes) > 1 else ""
        raise CleanerError(f"{plan.clashes[0]}{more}; nothing was written: rename one of the inputs, "
                           "or clean them in separate runs into separate folders")
    return plan


def main_output(outdir: Path | None, stream: Path | None) -> list[Output]:
    """The output -o names: a folder, the file of --format jsonl, or none (stdout)."""
    if outdir is not None:
        return [Output("-o", outdir, True)]
    return [Output("-o", stream, False)] if stream is not None else []


def check_outputs(outputs: Sequence[Output], inputs: Sequence[Source], roots: Sequence[Path],
                  plan: Plan | None = None) -> None:
    """Refuse outputs that land on an input or on one another, and outputs that cannot be written.

    `roots` are the files and folders given as inputs: a quarantine folder inside one would
    be cleaned as input by the next run. With the `plan` of the output folder, a side output
    inside it (`--report out/report.json`) is allowed where no output of the run can go.
    """
    real_roots = [r.resolve() for r in roots]
    real = [(o, o.path.resolve()) for o in outputs]
    outdir = next((p for o, p in real if o.label == "-o" and o.folder), None)
    for out, path in real:
        _check_against_inputs(out, path, inputs, real_roots, outdir)
    for i, (a, pa) in enumerate(real):
        for b, pb in real[i + 1:]:
            for one, p1, other, p2 in ((a, pa, b, pb), (b, pb, a, pa)):
                if p1 == p2:
                    raise CleanerError(f"{one.label} {shown(one.path)} is the same path as {other.label} "
                                       f"{shown(other.path)}; give each output its own place")
                if other.folder and p2 in p1.parents:
                    why = _taken(os.path.relpath(p1, p2), plan if other.label == "-o" else None)
                    if why is not None:
                        raise CleanerError(f"{one.label} {shown(one.path)} is inside {other.label} "
                                           f"{shown(other.path)}, {why}; put it elsewhere")
    for out, _ in real:
        if not out.folder and out.label != "--audit":  # the audit file is opened as the check
            probe_folder(out.path.parent, f"{out.label} {shown(out.path)}")
            if out.path.is_dir():
                raise CleanerError(f"{out.label} {shown(out.path)} is a folder; give a file name")


def _check_against_inputs(out: Output, path: Path, inputs: Sequence[Source], roots: Sequence[Path],
                          outdir: Path | None = None) -> None:
    """Every input is a root or lies in one (sources.collect keeps links inside), so the roots
    decide for folders; for a file, only inputs of the same name are resolved, not a million.
    A side file (--audit, --report) inside an input folder would be read as an input by the
    next run, unless it sits in the output folder (a folder holding a manifest is skipped)."""
    if not out.folder:
        if any(s.path.name == path.name and s.path.resolve() == path for s in inputs):
            raise CleanerError(f"{out.label} {shown(out.path)} is an input file; it would be overwritten "
                               "(choose another path)")
        root = next((r for r in roots if r.is_dir() and r in path.parents), None)
        if out.label != "-o" and root is not None and not (outdir is not None and outdir in path.parents):
            raise CleanerError(f"{out.label} {shown(out.path)} is inside the input folder {shown(root)}, "
                               "so a later run would read it as an input; choose a path outside the inputs")
        return
    if out.label == "-o":
        return  # the output folder has its own, finer check (sources.check_no_overwrite)
    held = next((r for r in roots if r == path or path in r.parents), None)
    if held is not None:
        raise CleanerError(f"{out.label} {shown(out.path)} holds the input {shown(held)}; "
                           "choose a folder outside the inputs")
    root = next((r for r in roots if r.is_dir() and r in path.parents), None)
    if root is not None:
        raise CleanerError(f"{out.label} {shown(out.path)} is inside the input folder {shown(root)}, "
                           "so a later run would clean its copies; choose a folder outside the inputs")


def _taken(rel: str, plan: Plan | None) -> str | None:
    """Why `rel`, inside an output folder, is not free for another output (None: it is free)."""
    if plan is None:
        return "a folder cleaner fills"  # a quarantine folder: its names are not known in advance
    if rel.split(os.sep, 1)[0] in RESERVED:
        return "where cleaner keeps its own files"
    return plan.blocked(rel)


def probe_folder(folder: Path, what: str) -> None:
    """Fail now, not after the run, if files cannot be created in `folder`."""
    blocker = next((p for p in (folder, *folder.parents) if p.exists() or p.is_symlink()), None)
    if blocker is not None and not blocker.is_dir():
        raise CleanerError(f"{what}: {shown(blocker)} is not a folder (choose a writable place)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".cleaner-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise CleanerError(f"{what}: cannot write in {shown(folder)}: {exc.strerror or exc} "
                           "(choose a writable place)") from None


def check_pack_output(output: Path) -> None:
    """`suggest -o`, before mining: a .yaml file or a folder that can be written (not /dev/null)."""
    is_pack = output.suffix in (".yaml", ".yml")
    if output.exists() and not (output.is_dir() or (is_pack and output.is_file())):
        raise CleanerError(f"-o {shown(output)} is not a folder or a .yaml file; give a pack file "
                           "(site.yaml) or a folder for one pack per site")
    probe_folder(output.parent if is_pack else output, f"-o {shown(output)}")
