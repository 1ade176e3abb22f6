"""What the default packs of one commit cost against another's, in `clean_text` CPU time.

Both rule sets are loaded the same way (as packs given with `--rules`, no built-in ones) and
timed in one run, alternating, best of N, on the same documents: the ratio says what a
change to the packs costs the text path. Real pages (bench/real/texts) and the generated
corpus (bench/corpus/text, `python bench/generate.py --scale 0.1`) are timed apart, since
furniture-heavy pages make the rules fire and the passes repeat.

    python bench/rules_cost.py --base 6c92f9b            # this checkout's packs against 6c92f9b's
    python bench/rules_cost.py --base 6c92f9b --repeat 5
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "generated": ROOT / "bench" / "corpus" / "text",
    "real": ROOT / "bench" / "real" / "texts",
}


def extract_at(rev: str, path: str, into: Path, who: str = "rules_cost") -> Path:
    """Extract `path` of commit `rev` into `into` (git archive); return `into`."""
    try:
        blob = subprocess.run(["git", "-C", str(ROOT), "archive", rev, path],
                              check=True, capture_output=True).stdout  # fmt: skip
    except subprocess.CalledProcessError as err:
        raise SystemExit(f"{who}: git archive {rev}: {err.stderr.decode().strip()}") from None
    with tarfile.open(fileobj=BytesIO(blob)) as tar:
        tar.extractall(into, filter="data")
    return into


def packs_at(rev: str, into: Path) -> Path:
    """Extract rules/default of `rev` into `into`; return the folder."""
    return extract_at(rev, "rules/default", into) / "rules" / "default"


def texts(folder: Path) -> list[str]:
    if not folder.is_dir():
        raise SystemExit(f"rules_cost: {folder} is missing (see this file's docstring)")
    return [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))]


def cpu(profile: object, docs: Sequence[str]) -> float:
    from cleaner.pipeline import clean_text

    start = time.process_time()
    for doc in docs:
        clean_text(doc, profile)  # type: ignore[arg-type]
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, help="the commit whose packs are the baseline")
    ap.add_argument("--repeat", type=int, default=3, help="best of N (default 3)")
    args = ap.parse_args(argv)
    from cleaner import load_library

    with tempfile.TemporaryDirectory() as tmp:
        base = load_library([packs_at(args.base, Path(tmp))], no_default=True).profile()
        head = load_library([ROOT / "rules" / "default"], no_default=True).profile()
        for name, folder in SETS.items():
            docs = texts(folder)
            cpu(head, docs[:50])  # warm both plans and caches before timing
            cpu(base, docs[:50])
            best_base = best_head = float("inf")
            for _ in range(args.repeat):
                best_base = min(best_base, cpu(base, docs))
                best_head = min(best_head, cpu(head, docs))
            print(f"{name:10} {len(docs):5d} docs  base {best_base:6.2f}s  this {best_head:6.2f}s  "
                  f"ratio {best_head / best_base:5.2f}x (best of {args.repeat})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
