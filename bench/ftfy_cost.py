"""What normalisation costs: clean_text and normalize.fix_text over a folder of .txt files,
best of three, in process (no I/O, no start-up). Used to weigh ftfy's public fix_and_explain
per line against the private loop it replaced (docs/ARCHITECTURE.md has the figures).

    python bench/generate.py --scale 0.1 && python bench/ftfy_cost.py bench/corpus/text
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from cleaner import clean_text, load_library, normalize


def best(run: Callable[[], object], times: int = 3) -> float:
    """The fastest of `times` runs, in seconds (the least disturbed by other load)."""
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        spent.append(time.perf_counter() - start)
    return min(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of .txt articles (searched recursively)")
    folder = parser.parse_args().folder
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))]
    if not texts:
        parser.error(f"{folder}: no .txt files (generate them: python bench/generate.py --scale 0.1)")
    profile = load_library().profile()
    whole = best(lambda: [clean_text(t, profile) for t in texts])
    ftfy_only = best(lambda: [normalize.fix_text(t, profile.normalize) for t in texts])
    print(f"{len(texts)} docs, {sum(map(len, texts)) / 1e6:.1f}M chars: "
          f"clean_text {whole:.2f}s, fix_text {ftfy_only:.2f}s")


if __name__ == "__main__":
    main()
