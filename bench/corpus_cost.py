"""What corpus mode costs on the text path: `cleaner clean` on the generated text set with
corpus mode off, on (the defaults), and on with a low share so that the clean pass has
repeats to look up on every line; best of N runs each, interleaved, and the ratio to off, in
wall time and in CPU time (the run's and its workers': steadier on a shared machine).

    python bench/corpus_cost.py --scale 0.1            # 2,000 articles (bench/generate.py)
    python bench/corpus_cost.py --scale 0.1 --runs 7 --jobs 2

Also in process, without start-up or writing: learning the repeats (repeats.learn over the
folder, as the CLI does before cleaning) against clean_text on every document.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import generate  # noqa: E402  (bench/ is not a package for scripts run by path)

CONFIGS = {
    "off (--no-repeats)": ["--no-repeats"],
    "on, defaults": [],
    "on, --repeat-min-share 0.02": ["--repeat-min-share", "0.02"],
}


def cli_seconds(folder: Path, extra: list[str], jobs: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the run and its workers) of one CLI run."""
    with tempfile.TemporaryDirectory(prefix="cleaner-corpus-cost-") as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cleaner", "clean", str(folder), "-o", f"{tmp}/out",
                        "-j", str(jobs), "-q", *extra], check=True, cwd=ROOT)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def in_process(folder: Path) -> tuple[float, float, int, float, int]:
    """(seconds to learn, seconds of clean_text on every document, repeats learned; seconds
    to apply the repeats learned with a share of 0.02 to every cleaned document, how many)."""
    import cleaner
    from cleaner import repeats
    from cleaner.documents import Fields, documents
    from cleaner.pipeline import clean_text
    from cleaner.sources import DEFAULT_GLOBS, collect

    library = cleaner.load_library()
    profile = library.profile()
    sources, _ = collect([folder], list(DEFAULT_GLOBS), None)
    texts = [s.path.read_text(encoding="utf-8") for s in sources]
    started = time.perf_counter()
    chosen = repeats.sample_files(sources, repeats.DEFAULT_SAMPLE)
    table = repeats.learn(documents(((s.path, s.out) for s in chosen), Fields()), library)
    learned = time.perf_counter() - started
    started = time.perf_counter()
    results = [clean_text(text, profile) for text in texts]
    cleaned = time.perf_counter() - started
    low = repeats.learn(documents(((s.path, s.out) for s in chosen), Fields()), library,
                        repeats.Settings(min_share=0.02))
    docs = list(documents(((s.path, s.out) for s in sources), Fields()))
    started = time.perf_counter()
    for doc, result in zip(docs, results, strict=True):
        low.apply(result, doc, library)  # type: ignore[arg-type]
    return learned, cleaned, len(table), time.perf_counter() - started, len(low)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="time corpus mode on the generated text set")
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args(argv)
    corpus = generate.ensure(scale=args.scale)
    folder = corpus.text_dir
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for _ in range(args.runs):
        for name, extra in CONFIGS.items():
            w, c = cli_seconds(folder, extra, args.jobs)
            wall[name], cpu[name] = min(wall.get(name, w), w), min(cpu.get(name, c), c)
    off = "off (--no-repeats)"
    print(f"cleaner clean {folder} -j {args.jobs}: {corpus.text_docs:,} documents, best of {args.runs}")
    print(f"{'':30} {'wall s':>7} {'x off':>7} {'CPU s':>7} {'x off':>7}")
    for name in CONFIGS:
        print(f"{name:30} {wall[name]:7.2f} {wall[name] / wall[off]:7.3f} {cpu[name]:7.2f} "
              f"{cpu[name] / cpu[off]:7.3f}")
    learned, cleaned, n, applied, m = in_process(folder)
    print(f"\nin process: learning {learned:.3f} s ({n} repeats), clean_text on every document "
          f"{cleaned:.3f} s: learning is {learned / cleaned:.1%} of the engine's time; applying "
          f"{m} repeats (share 0.02) to every result {applied:.3f} s, {applied / cleaned:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
