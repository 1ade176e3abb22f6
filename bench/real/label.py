"""Label the real-data benchmark's documents line by line.

    python bench/real/label.py show DOC            # the built text, numbered
    python bench/real/label.py init [DOC ...]      # work TSV skeletons (all docs, or SLICES letter)
    python bench/real/label.py init --slice A
    python bench/real/label.py finalize            # complete work TSVs -> labels/<source>.jsonl
    python bench/real/label.py slices              # SLICES (A-D, equal line counts) + READY

A work file labels/work/<source>/<hash8>.tsv (git-ignored) has one row per non-blank
line: `n<TAB>label<TAB>text`. The label starts as `?`; write `keep`, `drop:<family>`, or
`tail:<family>|<exact credit text>` (finalize turns it into `tail:<family>:<cut>`, cut =
where the credit text starts in the line). finalize refuses a document with a `?` left, a
bad label, or a line whose text is no longer the built one, and says which line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from realdata import (
    HERE,
    LABELS,
    WORK,
    Missing,
    doc_lines,
    line_hash,
    load_index,
    parse_label,
)

PLACEHOLDER = "?"


def show(doc: str) -> int:
    for n, line in enumerate(doc_lines(doc), 1):
        if line.strip():
            print(f"{n:4d}  {line}")
    return 0


def slice_docs(letter: str) -> list[str]:
    path = HERE / "SLICES"
    if not path.exists():
        raise Missing(f"{path} is missing")
    rows = [r.split() for r in path.read_text(encoding="utf-8").splitlines() if r.strip()]
    return [doc for s, doc in rows if s == letter]


def work_path(doc: str) -> Path:
    return WORK / f"{doc}.tsv"


def init(docs: list[str], force: bool) -> int:
    made = kept = 0
    for doc in docs:
        path = work_path(doc)
        if path.exists() and not force:
            kept += 1  # a labeler's work is never overwritten
            continue
        rows = [
            f"{n}\t{PLACEHOLDER}\t{line.replace(chr(9), ' ')}\n"
            for n, line in enumerate(doc_lines(doc), 1)
            if line.strip()
        ]
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tsv.tmp")
        tmp.write_text("".join(rows), encoding="utf-8")
        tmp.replace(path)
        made += 1
    print(f"init: {made} work files written, {kept} already there (kept)", file=sys.stderr)
    return 0


def finalize_doc(doc: str, path: Path) -> tuple[list[list], list[str]]:
    """The label record of one work file, or the reasons it is refused."""
    lines = doc_lines(doc)
    problems: list[str] = []
    out: list[list] = []
    seen: set[int] = set()
    for k, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not raw.strip():
            continue
        parts = raw.split("\t", 2)
        where = f"{path}:{k}"
        if len(parts) < 3 or not parts[0].strip().isdigit():
            problems.append(f"{where}: not `n<TAB>label<TAB>text`")
            continue
        n, lab, text = int(parts[0]), parts[1].strip(), parts[2]
        if n < 1 or n > len(lines) or not lines[n - 1].strip():
            problems.append(f"{where}: line {n} is not a non-blank line of the built text")
            continue
        line = lines[n - 1]
        if text.rstrip() != line.replace("\t", " ").rstrip():
            problems.append(f"{where}: line {n} changed since init (rebuild or re-init)")
            continue
        if lab in ("", PLACEHOLDER):
            problems.append(f"{where}: line {n} has no label")
            continue
        if lab.startswith("tail:") and "|" in lab:
            head, credit = lab.split("|", 1)
            cut = line.rfind(credit.strip()) if credit.strip() else -1
            if cut <= 0:
                problems.append(f"{where}: credit text {credit.strip()!r} not in line {n}")
                continue
            lab = f"{head}:{cut}"
        try:
            label = parse_label(lab)
        except ValueError as err:
            problems.append(f"{where}: {err}")
            continue
        if label.kind == "tail" and not 0 < label.cut < len(line.rstrip()):
            problems.append(f"{where}: cut {label.cut} is outside line {n}")
            continue
        seen.add(n)
        out.append([n, line_hash(line), str(label)])
    missing = [n for n, line in enumerate(lines, 1) if line.strip() and n not in seen]
    if missing and not problems:
        problems.append(f"{path}: lines {missing[:5]}... have no row")
    return sorted(out), problems


def finalize() -> int:
    index = load_index()
    records: dict[str, dict[str, list]] = {}
    for existing in LABELS.glob("*.jsonl"):
        for raw in existing.read_text(encoding="utf-8").splitlines():
            if raw.strip():
                rec = json.loads(raw)
                records.setdefault(existing.stem, {})[rec["doc"]] = rec["lines"]
    done = refused = 0
    for path in sorted(WORK.glob("*/*.tsv")):
        doc = f"{path.parent.name}/{path.stem}"
        if doc not in index:
            print(f"{path}: {doc} is not in the built index (skipped)", file=sys.stderr)
            refused += 1
            continue
        out, problems = finalize_doc(doc, path)
        if problems:
            refused += 1
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            print(f"{problems[0]}{more}", file=sys.stderr)
            continue
        records.setdefault(index[doc]["source"], {})[doc] = out
        done += 1
    for source, docs in records.items():
        target = LABELS / f"{source}.jsonl"
        body = "".join(
            json.dumps({"doc": d, "lines": docs[d]}, ensure_ascii=False) + "\n"
            for d in sorted(docs)
        )
        tmp = target.with_suffix(".jsonl.tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(target)
    print(f"finalize: {done} documents labelled, {refused} refused", file=sys.stderr)
    return 1 if refused else 0


def nonblank(doc: str) -> int:
    return sum(1 for line in doc_lines(doc) if line.strip())


def make_slices(letters: str = "ABCD") -> int:
    """Split the docs into slices of about equal line counts, each mixing all sources;
    write SLICES and the READY note for the lead."""
    index = load_index()
    sizes = {doc: nonblank(doc) for doc in index}
    load = {s: 0 for s in letters}
    chosen: dict[str, list[str]] = {s: [] for s in letters}
    # Largest first onto the lightest slice: near-equal totals.
    for doc in sorted(sizes, key=lambda d: (-sizes[d], d)):
        s = min(load, key=lambda k: (load[k], k))
        chosen[s].append(doc)
        load[s] += sizes[doc]
    rows = [f"{s} {doc}\n" for s in letters for doc in sorted(chosen[s])]
    (HERE / "SLICES").write_text("".join(rows), encoding="utf-8")
    by_source: dict[str, list[str]] = {}
    for doc, row in index.items():
        by_source.setdefault(row["source"], []).append(doc)
    lines = [f"{len(index)} docs, {sum(sizes.values())} non-blank lines to label", ""]
    for s in letters:
        lines.append(f"slice {s}: {len(chosen[s])} docs, {load[s]} lines")
    lines.append("")
    for source, docs in sorted(by_source.items()):
        total = sum(sizes[d] for d in docs)
        lines.append(f"## {source}: {len(docs)} docs, {total} lines")
        lines += [f"{d}\t{sizes[d]}\t{index[d]['outlet']}\t{index[d]['lang']}" for d in sorted(docs)]
        lines.append("")
    (HERE / "READY").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[: len(letters) + 2]), file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="label the real-data benchmark")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("show")
    s.add_argument("doc")
    i = sub.add_parser("init")
    i.add_argument("docs", nargs="*")
    i.add_argument("--slice")
    i.add_argument("--force", action="store_true", help="overwrite existing work files")
    sub.add_parser("finalize")
    sub.add_parser("slices", help="write SLICES (4 slices of equal line counts) and READY")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "show":
            return show(args.doc)
        if args.cmd == "init":
            docs = args.docs or (slice_docs(args.slice) if args.slice else list(load_index()))
            return init(docs, args.force)
        if args.cmd == "slices":
            return make_slices()
        return finalize()
    except Missing as err:
        print(f"label.py: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
