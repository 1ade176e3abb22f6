"""What `--engine ray` costs on one machine: the CLI with Ray against the local engine on the
same many small files, taken in turns, in one run (issue 12's last row).

    python bench/ray_cost.py --files 2000            # 2,000 files of the text corpus
    python bench/ray_cost.py --files 20000 --runs 2  # the issue's 20,000 (corpus files reused)

Both runs are `cleaner clean DIR -o <fresh> -q --no-repeats` (Ray does not learn a batch's
repeats, so the local engine is asked not to either: the outputs must be the same, and
they are compared byte for byte). Ray's fixed cost (starting a local Ray, its workers
importing cleaner) is measured too, as the same command on one file, so that the ratio
per file beyond it is shown beside the whole-run ratio. bench/run.py --ray N runs this.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def sample(corpus_text: Path, files: int, into: Path) -> int:
    """`files` small files under `into` (the corpus's text files, in order, reused if there are
    fewer); their total size in bytes."""
    pool = sorted(corpus_text.rglob("*.txt"))
    if not pool:
        raise SystemExit(f"ray_cost: no .txt files under {corpus_text} "
                         "(python bench/generate.py --scale 0.1)")
    total = 0
    for i in range(files):
        src = pool[i % len(pool)]
        dst = into / f"{i // 1000:03d}" / f"{i:06d}.txt"
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        total += dst.stat().st_size
    return total


def timed_clean(inputs: Path, out: Path, env: dict[str, str], ray: bool) -> float:
    cmd = [sys.executable, "-m", "cleaner", "clean", str(inputs), "-o", str(out), "-q", "--no-repeats"]
    if ray:
        cmd += ["--engine", "ray"]
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        what = " ".join(cmd[2:])
        raise SystemExit(f"ray_cost: {what} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return seconds


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def measure(corpus_text: Path, files: int, runs: int = 1, env: dict[str, str] | None = None,
            log: bool = True) -> dict[str, float]:
    """Wall-clock seconds of the local engine and of Ray on `files` files (best of `runs`, in
    turns), of each on one file, and the ratios; raises if the outputs differ."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    with tempfile.TemporaryDirectory(prefix="bench-ray-") as tmp:
        base = Path(tmp)
        many, one = base / "many", base / "one"
        size = sample(corpus_text, files, many)
        sample(corpus_text, 1, one)
        local, ray, local_one, ray_one = [], [], [], []
        for run in range(max(1, runs)):
            outs = {name: base / f"{name}-{run}" for name in ("local", "ray", "local1", "ray1")}
            local.append(timed_clean(many, outs["local"], env, ray=False))
            ray.append(timed_clean(many, outs["ray"], env, ray=True))
            local_one.append(timed_clean(one, outs["local1"], env, ray=False))
            ray_one.append(timed_clean(one, outs["ray1"], env, ray=True))
            if _tree(outs["local"]) != _tree(outs["ray"]):
                raise SystemExit("ray_cost: the Ray engine's outputs differ from the local engine's")
            for out in outs.values():
                shutil.rmtree(out, ignore_errors=True)
            if log:
                print(f"ray_cost: run {run + 1}: local {local[-1]:.1f}s, ray {ray[-1]:.1f}s; one file: "
                      f"local {local_one[-1]:.1f}s, ray {ray_one[-1]:.1f}s", file=sys.stderr, flush=True)
    result = {"files": float(files), "mb": size / 1e6, "local_s": min(local), "ray_s": min(ray),
              "local_one_file_s": min(local_one), "ray_one_file_s": min(ray_one)}
    result["ray_over_local"] = result["ray_s"] / result["local_s"]
    beyond_local = result["local_s"] - result["local_one_file_s"]
    beyond_ray = result["ray_s"] - result["ray_one_file_s"]
    if beyond_local > 0 and beyond_ray > 0:
        result["ray_over_local_beyond_start"] = beyond_ray / beyond_local
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000, help="how many small files (default 2000)")
    parser.add_argument("--runs", type=int, default=1, help="best of N, taken in turns (default 1)")
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus" / "text",
                        help="a folder of .txt files to copy from (default: the bench corpus's text set)")
    args = parser.parse_args()
    r = measure(args.corpus, args.files, args.runs)
    print(f"{int(r['files'])} files ({r['mb']:.1f} MB): local {r['local_s']:.2f}s, ray {r['ray_s']:.2f}s "
          f"= {r['ray_over_local']:.2f}x; one file: local {r['local_one_file_s']:.2f}s, "
          f"ray {r['ray_one_file_s']:.2f}s; beyond that start: "
          + (f"{r['ray_over_local_beyond_start']:.2f}x" if "ray_over_local_beyond_start" in r else "-"))


if __name__ == "__main__":
    main()
