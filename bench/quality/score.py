"""Score the HTML path against hand-marked article bodies: token-shingle precision/recall.

    python bench/quality/score.py                 # per-page and mean figures
    python bench/quality/score.py --show q04      # also print what was extracted for q04*
    python bench/quality/score.py --trafilatura   # score trafilatura.extract too, if installed
    python bench/quality/score.py --extract-only  # extraction alone, without the line rules
    python bench/quality/score.py --disable related-footer   # without some rules

The metric is the one of the ScrapingHub article-extraction-benchmark (evaluate.py): the
text is split into \\w+ tokens, tokens are joined into shingles of 4, shingles are counted
as a multiset, and per page precision = shared / extracted shingles and recall = shared /
gold shingles; the figures reported are the means over pages. One change: tokens are
lower-cased, so a heading's capitals do not count as a miss.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # run from a checkout without installing

from cleaner import clean_text, load_library  # noqa: E402
from cleaner.htmltext import extract  # noqa: E402

_TOKEN = re.compile(r"\w+")
NGRAM = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.lower())
    return Counter(tuple(tokens[i:i + NGRAM]) for i in range(max(1, len(tokens) - NGRAM + 1)))


def precision_recall(gold: str, got: str) -> tuple[float, float]:
    g, p = shingles(gold), shingles(got)
    tp = sum((g & p).values())
    precision = tp / sum(p.values()) if sum(p.values()) else 0.0
    recall = tp / sum(g.values()) if sum(g.values()) else 1.0
    return precision, recall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", help="print the extracted text of pages whose name starts so")
    ap.add_argument("--trafilatura", action="store_true", help="also score trafilatura.extract")
    ap.add_argument("--extract-only", action="store_true", help="score extract() alone")
    ap.add_argument("--disable", nargs="+", default=[], metavar="RULE", help="rule ids to leave out")
    args = ap.parse_args()
    extra: list[Path] = []
    if args.disable:
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write(f"name: bench-disable\nextends: [default]\ndisable: {args.disable!r}\n"
                    "rules: []\n")
        extra.append(Path(f.name))
    profile = load_library(extra).profile()
    if args.extract_only:
        extractors = {"cleaner extract": lambda h: extract(h, profile).text}
    else:
        extractors = {"cleaner": lambda h: clean_text(extract(h, profile).text, profile).text}
    if args.trafilatura:
        import trafilatura  # a benchmark-only dependency

        extractors["trafilatura"] = lambda h: trafilatura.extract(h) or ""
    pages = sorted((HERE / "pages").glob("*.html"))
    for name, fn in extractors.items():
        print(f"\n{name}")
        print(f"{'page':28} {'precision':>9} {'recall':>7}")
        ps, rs = [], []
        started = time.perf_counter()
        for path in pages:
            html = path.read_text(encoding="utf-8")
            got = fn(html)
            gold = (HERE / "gold" / f"{path.stem}.txt").read_text(encoding="utf-8")
            p, r = precision_recall(gold, got)
            ps.append(p)
            rs.append(r)
            print(f"{path.stem:28} {p:9.3f} {r:7.3f}")
            if args.show and path.stem.startswith(args.show):
                print("-" * 60 + "\n" + got + "-" * 60)
        elapsed = time.perf_counter() - started
        print(f"{'mean':28} {statistics.mean(ps):9.3f} {statistics.mean(rs):7.3f}"
              f"   ({len(pages)} pages, {len(pages) / elapsed:.0f} pages/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
