"""Pages per second of the HTML path against trafilatura and BeautifulSoup on the same pages.

    python bench/quality/speed.py [FOLDER]     # default: bench/quality/pages

trafilatura is a benchmark-only dependency (pip install trafilatura lxml_html_clean); it is
skipped when missing. Each figure is the best of several passes, one process.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from bs4 import BeautifulSoup  # noqa: E402
from lxml import html as lxml_html  # noqa: E402

from cleaner import clean_text, load_library  # noqa: E402
from cleaner.htmltext import extract  # noqa: E402


def rate(pages: list[str], fn: Callable[[str], object], passes: int) -> float:
    for page in pages[:2]:
        fn(page)  # warm caches (compiled selectors, imports)
    best = float("inf")
    for _ in range(passes):
        started = time.perf_counter()
        for page in pages:
            fn(page)
        best = min(best, time.perf_counter() - started)
    return len(pages) / best


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "pages"
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.htm*"))]
    if not pages:
        print(f"no .html pages in {folder}", file=sys.stderr)
        return 2
    profile = load_library().profile()
    runs: dict[str, Callable[[str], object]] = {
        "cleaner extract": lambda h: extract(h, profile),
        "cleaner extract + clean_text": lambda h: clean_text(extract(h, profile).text, profile),
        "BeautifulSoup(lxml).get_text": lambda h: BeautifulSoup(h, "lxml").get_text(),
        "lxml text_content": lambda h: lxml_html.document_fromstring(h).text_content()
        if h.strip() else "",
    }
    try:
        import trafilatura

        runs["trafilatura.extract"] = lambda h: trafilatura.extract(h)
        runs["trafilatura.extract fast"] = lambda h: trafilatura.extract(h, fast=True)
    except ImportError:
        print("(trafilatura not installed: skipped)")
    size = sum(len(p) for p in pages) / len(pages) / 1024
    print(f"{len(pages)} pages, mean {size:.0f} KB, best of several passes, one process")
    for name, fn in runs.items():
        passes = 2 if name.startswith("trafilatura") else 5
        print(f"{name:32} {rate(pages, fn, passes):8.1f} pages/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
