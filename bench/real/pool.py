"""An unlabelled pool of real texts, to see what the default packs remove beyond the labels.

The labelled benchmark (score.py) holds 467 documents; a rule can look clean there and still
take content on pages it has never seen. The pool is every other document the fetched
sources hold (trafilatura's evaluation pages not in the benchmark, every Hindi daily file),
built the same way as the benchmark's texts, plus the pool-only sources of sources.json
(`pool_sources`: CSV files of scraped article texts, one row a document, read at a pinned
commit), unlabelled and git-ignored. `scan` cleans each
pool document alone with the default packs, no site, and prints one line per removal or
cut: rule, document, line. Two scans (before and after a pack change) compared with
`diff` or `comm` show exactly which lines a change newly removes on unseen text, for a
person to read before the change lands.

    python bench/real/pool.py build                  # bench/real/pool/ from the mirrors
    python bench/real/pool.py scan > after.tsv       # rule<TAB>doc:line<TAB>text
    python bench/real/pool.py scan --rule ID         # one rule's removals only
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import build
from realdata import load_index

HERE = Path(__file__).resolve().parent
POOL = HERE / "pool"
# Enough to take every page each source holds.
TAKE_ALL = 100_000


def load_pool_sources() -> list[dict]:
    """The pool-only sources: CSV files of article texts in a mirror at a pinned commit."""
    data = json.loads((HERE / "sources.json").read_text(encoding="utf-8"))
    return list(data.get("pool_sources", []))


def csv_docs(src: dict, mirror: build.Mirror) -> Iterator[build.Doc]:
    """One document per CSV row's text column; a text seen before (same URL or same text)
    is skipped, since scraped CSVs often hold one story twice."""
    csv.field_size_limit(1 << 30)  # article texts are far above csv's 128 KiB default
    seen: set[str] = set()
    for path in src["paths"]:
        rows = csv.DictReader(io.StringIO(build.decode(mirror.read(path)), newline=""))
        for n, row in enumerate(rows):
            if src["column"] not in row:
                raise build.BuildError(f"{src['repo']}:{path} has no column {src['column']!r}")
            text = build.tidy(row[src["column"]] or "")
            url = (row.get("url") or "").strip()
            key = hashlib.sha1(text.encode()).hexdigest()
            if sum(1 for line in text.splitlines() if line) < 3 or key in seen or url in seen:
                continue
            seen.update((key, url) if url else (key,))
            origin = f"{path}#{n}"
            yield build.Doc(build.doc_id(src["name"], origin), src["name"], build.host_of(url),
                            build.guess_lang(text), url, origin, text)  # fmt: skip


def build_pool() -> int:
    """Write every source document that is not in the labelled benchmark into pool/."""
    labelled = set(load_index())
    POOL.mkdir(exist_ok=True)
    for old in POOL.glob("*.txt"):
        old.unlink()
    index: list[dict] = []
    for src in build.load_sources():
        if src["name"] not in ("trafilatura", "hindi"):
            continue  # the other two sources are in the benchmark whole
        mirror = build.Mirror(src["repo"], src["commit"])
        count = 0
        for d in build.BUILDERS[src["name"]](mirror, TAKE_ALL):
            if d.doc in labelled:
                continue
            name = d.doc.replace("/", "-")
            (POOL / f"{name}.txt").write_text(d.text, encoding="utf-8")
            index.append({"doc": d.doc, "file": f"{name}.txt", "outlet": d.outlet,
                          "lang": d.lang, "url": d.url})  # fmt: skip
            count += 1
        print(f"{src['name']}: {count} pool docs", file=sys.stderr)
    for src in load_pool_sources():
        mirror = build.Mirror(src["repo"], src["commit"])
        count = 0
        for d in csv_docs(src, mirror):
            name = d.doc.replace("/", "-")
            (POOL / f"{name}.txt").write_text(d.text, encoding="utf-8")
            index.append({"doc": d.doc, "file": f"{name}.txt", "outlet": d.outlet,
                          "lang": d.lang, "url": d.url})  # fmt: skip
            count += 1
        print(f"{src['name']}: {count} pool docs", file=sys.stderr)
    (POOL / "index.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in index), "utf-8"
    )
    return 0


def scan(rule: str | None) -> int:
    """Print every removal the default packs make on the pool, one TSV line each."""
    import cleaner
    from cleaner.pipeline import clean_text

    index_file = POOL / "index.jsonl"
    if not index_file.exists():
        print("pool.py: no pool yet; run `python bench/real/pool.py build`", file=sys.stderr)
        return 2
    profile = cleaner.load_library().profile()
    for row in map(json.loads, index_file.read_text("utf-8").splitlines()):
        text = (POOL / row["file"]).read_text("utf-8")
        for hit in clean_text(text, profile).hits:
            name = f"{hit.pack}/{hit.rule}"
            if rule and name != rule and not name.endswith("/" + rule):
                continue
            shown = hit.text.replace("\t", " ")[:200]
            print(f"{name}\t{row['doc']}:{hit.line}\t{shown}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("build", help="build bench/real/pool/ from the mirrors")
    sc = sub.add_parser("scan", help="print the default packs' removals on the pool")
    sc.add_argument("--rule", help="only this rule (pack/id or id)")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "build":
            return build_pool()
        return scan(args.rule)
    except build.BuildError as err:
        print(f"pool.py: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
