"""Side-by-side HTML extraction benchmark on trafilatura's own evaluation set.

    python bench/html/run.py                 # cleaner, trafilatura, readability-lxml; both halves
    python bench/html/run.py --only cleaner  # one extractor (quick look while developing)
    python bench/html/run.py --show URLPART  # print cleaner's text and the page's counts

The pages and annotations (`tests/eval/*.html`, `tests/evaldata.json`) are read at run time
from a snapshot of github.com/adbar/trafilatura at the commit pinned in `SOURCE` (never
copied into this repository). Scoring is trafilatura's own (`tests/eval_common.py`,
`count_item`): for each page, every "with" snippet found in the whitespace-normalised output
is a true positive, every "without" snippet found is a false positive; counts are summed over
the pages, then precision, recall and F1 are computed once. trafilatura runs with the
settings of that evaluation (`EXTRACT_OPTS`: no comments, tables, no formatting).
readability-lxml's summary HTML is reduced to its text (their script scores the markup,
which costs it every snippet that crosses a tag).

The extractors run page by page in turn, so the changing load of a shared machine falls
on each alike; pages/s is each one's own time summed over the pages.

The set is split in two by a hash of each page's URL (`half()`): "dev" is the half to look
at while developing, "held-out" the half to report, never tuned on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

MIRROR = Path("/work/.mirror/adbar+trafilatura/repo")


def pinned_commit() -> str:
    """The trafilatura commit the figures are for (first word of bench/html/SOURCE)."""
    return (HERE / "SOURCE").read_text(encoding="utf-8").split()[0]


def git_show(mirror: Path, commit: str, path: str) -> bytes:
    return subprocess.run(["git", "-C", str(mirror), "show", f"{commit}:{path}"],
                          check=True, capture_output=True).stdout


def load_pages(mirror: Path, commit: str) -> list[tuple[str, dict, bytes]]:
    """(url, annotation, page bytes) for every annotated page, read from the git snapshot."""
    evaldata = json.loads(git_show(mirror, commit, "tests/evaldata.json"))
    listing = subprocess.run(
        ["git", "-C", str(mirror), "ls-tree", "-r", "--name-only", commit, "tests/eval/",
         "tests/cache/"], check=True, capture_output=True, text=True).stdout.split()
    where = {}
    for path in reversed(listing):  # tests/cache/ wins over tests/eval/, as in eval_common.resolve
        where[path.rsplit("/", 1)[-1]] = path
    # one `git cat-file --batch` instead of ~1000 `git show` processes
    urls = [u for u in sorted(evaldata) if evaldata[u]["file"] in where]
    request = "".join(f"{commit}:{where[evaldata[u]['file']]}\n" for u in urls).encode()
    out = subprocess.run(["git", "-C", str(mirror), "cat-file", "--batch"], input=request,
                         check=True, capture_output=True).stdout
    pages, pos = [], 0
    for url in urls:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        body = out[header_end + 1:header_end + 1 + size]
        pos = header_end + 1 + size + 1
        pages.append((url, evaldata[url], body))
    return pages


def half(url: str) -> str:
    """A fixed split that does not depend on the order or number of pages."""
    return "dev" if hashlib.sha1(url.encode()).digest()[0] % 2 == 0 else "held-out"


_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def count_item(item: dict, result: str | None) -> tuple[int, int, int, int]:
    """trafilatura's tests/eval_common.count_item: (tp, fp, fn, tn) for one page."""
    if isinstance(result, str):
        resn = norm(result)
        tp = sum(1 for w in item["with"] if norm(w) in resn)
        fp = sum(1 for w in item["without"] if norm(w) in resn)
    else:
        tp = fp = 0
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    pages: int = 0
    seconds: float = 0.0

    def add(self, counts: tuple[int, int, int, int], seconds: float) -> None:
        self.tp += counts[0]
        self.fp += counts[1]
        self.fn += counts[2]
        self.tn += counts[3]
        self.pages += 1
        self.seconds += seconds

    def row(self) -> tuple[float, float, float, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0
        return f1, precision, recall, self.pages / self.seconds if self.seconds else 0.0


def extractors(only: set[str] | None) -> dict[str, Callable[[bytes], str | None]]:
    from cleaner import load_library
    from cleaner.decode import decode
    from cleaner.htmltext import declared_charset
    from cleaner.pipeline import clean_html

    profile = load_library().profile()

    def run_cleaner(raw: bytes) -> str:
        return clean_html(decode(raw, declared_charset(raw)), profile).text

    runs: dict[str, Callable[[bytes], str | None]] = {"cleaner": run_cleaner}
    try:
        import trafilatura

        runs["trafilatura"] = lambda raw: trafilatura.extract(
            raw, include_comments=False, include_tables=True, include_formatting=False)
    except ImportError:
        print("(trafilatura not installed: pip install -r bench/requirements.txt)")
    try:
        from lxml import html as lxml_html
        from readability import Document
        from trafilatura.utils import decode_file

        def run_readability(raw: bytes) -> str:
            summary = Document(decode_file(raw)).summary()
            return lxml_html.fromstring(summary).text_content() if summary.strip() else ""

        runs["readability-lxml"] = run_readability
    except ImportError:
        print("(readability-lxml not installed: pip install -r bench/requirements.txt)")
    return {k: v for k, v in runs.items() if only is None or k in only}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mirror", type=Path, default=MIRROR, help="git dir of the trafilatura snapshot")
    ap.add_argument("--only", nargs="+", help="extractors to run (cleaner trafilatura readability-lxml)")
    ap.add_argument("--half", choices=("dev", "held-out"), help="run one half only")
    ap.add_argument("--show", help="print cleaner's output and counts for URLs containing this")
    ap.add_argument("--misses", action="store_true", help="list cleaner's false positives/negatives")
    args = ap.parse_args()
    commit = pinned_commit()
    if not (args.mirror / "HEAD").exists() and not (args.mirror / ".git").exists():
        print(f"error: no trafilatura snapshot at {args.mirror}; fetch github:adbar/trafilatura "
              f"(commit {commit}) with the search tool's `fetch`, or pass --mirror DIR",
              file=sys.stderr)
        return 2
    try:
        pages = load_pages(args.mirror, commit)
    except subprocess.CalledProcessError as exc:
        print(f"error: {args.mirror} lacks commit {commit} or its tests/ files "
              f"({exc.stderr.decode(errors='replace').strip()}); fetch github:adbar/trafilatura",
              file=sys.stderr)
        return 2
    if args.half:
        pages = [p for p in pages if half(p[0]) == args.half]
    if args.show:
        pages = [p for p in pages if args.show in p[0]]
    runs = extractors(set(args.only) if args.only else None)
    scores: dict[tuple[str, str], Score] = {}
    misses: list[str] = []
    # Page by page, every extractor in turn: on a shared machine the load changes over a
    # run, and interleaving gives each extractor the same share of it.
    for url, item, raw in pages:
        for name, fn in runs.items():
            started = time.perf_counter()
            try:
                result = fn(raw)
            except Exception as exc:  # a crash is a full miss, as in their evaluation
                print(f"{name}: {url}: {type(exc).__name__}: {exc}", file=sys.stderr)
                result = None
            seconds = time.perf_counter() - started
            counts = count_item(item, result)
            for key in ((name, half(url)), (name, "all")):
                scores.setdefault(key, Score()).add(counts, seconds)
            if name == "cleaner" and args.show:
                print(f"== {url} {counts}\n{result}\n")
            if name == "cleaner" and args.misses and (counts[1] or counts[2]):
                resn = norm(result or "")
                bad = [f"  +{w[:70]!r}" for w in item["without"] if norm(w) in resn]
                bad += [f"  -{w[:70]!r}" for w in item["with"] if norm(w) not in resn]
                misses.append(f"{half(url)} {url}\n" + "\n".join(bad))
    if misses:
        print("\n".join(misses))
    print(f"\ntrafilatura evaluation set @ {commit[:12]}: {len(pages)} pages, one process, "
          "default packs, no site packs")
    print("| half | extractor | F1 | precision | recall | pages/s | pages/s vs trafilatura |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for part in ("dev", "held-out", "all"):
        base = scores.get(("trafilatura", part))
        for name in runs:
            s = scores.get((name, part))
            if s is None:
                continue
            f1, p, r, rate = s.row()
            ratio = f"{rate / base.row()[3]:.2f}x" if base and base.row()[3] else "-"
            print(f"| {part} ({s.pages}) | {name} | {f1:.3f} | {p:.3f} | {r:.3f} | {rate:.1f} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
