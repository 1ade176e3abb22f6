"""normalize's fix_encoding step: ftfy's public fix_encoding (what cleaner uses) against the
private one-step loop it replaced, interleaved in one process on the same texts (best of N),
with the outputs compared. The private name is used here only, as the baseline.

    python bench/generate.py --scale 0.1 && python bench/ftfy_public.py bench/corpus/text
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import ftfy

from cleaner import clean_text, load_library, normalize

_CONFIG = ftfy.TextFixerConfig(explain=False)


def _private_loop(plan: normalize._FixerPlan, text: str) -> str:
    """The loop normalize ran before: ftfy's one step, only while a mojibake clue remains."""
    one_step = ftfy._fix_encoding_one_step_and_explain  # the baseline measured
    while plan._mojibake_clue(text):
        fixed = one_step(text, _CONFIG).text
        if fixed == text:
            break
        text = fixed
    return text


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of .txt articles (searched recursively)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each way (the best is kept)")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.rglob("*.txt"))]
    if not texts:
        parser.error(f"{args.folder}: no .txt files (generate them: python bench/generate.py --scale 0.1)")
    profile = load_library().profile()
    ways = {"private": _private_loop, "public": normalize._FixerPlan._fix_encoding}
    fix: dict[str, list[float]] = {name: [] for name in ways}
    whole: dict[str, list[float]] = {name: [] for name in ways}
    outputs: dict[str, list[str]] = {}
    for _ in range(args.repeat):
        for name, step in ways.items():
            normalize._FixerPlan._fix_encoding = step  # type: ignore[method-assign]
            normalize._plan.cache_clear()
            fix[name].append(_timed(lambda: [normalize.fix_text(t, profile.normalize) for t in texts]))
            whole[name].append(_timed(lambda n=name: outputs.__setitem__(n, [clean_text(t, profile).text
                                                                            for t in texts])))
    print(f"{len(texts)} docs, outputs identical: {outputs['private'] == outputs['public']}")
    for name in ways:
        print(f"{name:8} fix_text {min(fix[name]):.2f}s  clean_text {min(whole[name]):.2f}s")


if __name__ == "__main__":
    main()
