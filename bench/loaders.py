"""Feed cleaner's JSONL output to Hugging Face `datasets`, the way the field loads corpora.

    .venv/bin/python -m pip install -r bench/requirements.txt    # datasets (too heavy for CI)
    .venv/bin/python bench/loaders.py                            # or: make bench-loaders
    .venv/bin/python bench/loaders.py --mb 25 --keep /tmp/loaders

Two cases that failed before the `cleaner` object had one type per field ("Couldn't cast
array of type string to null"), since `datasets` infers the schema from the first records:

- two shards: the first with nothing to report (no title, credits or over-limit flag), the
  second with all of it, loaded with `load_dataset("json", data_files=[two shards])`;
- one file of `--mb` megabytes (default 25, past datasets' 10 MB first chunk) whose only
  over-limit record comes last.

The tests check the same with pyarrow's JSON reader (tests/test_ecosystem.py); this script
runs the real loader. Exit status 0 when both load with the expected rows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BODY = ("Negotiators from both sides met in a guarded compound outside the capital, officials said, "
        "and a further round is planned for next month if the ceasefire holds. ")
FLAGGED = "Advertisement\n\nAlso read: Markets rally as oil falls\n\nShort line.\n"
PAGE = ("<html><head><title>Talks resume {i}</title></head><body><article><p>{body}</p>"
        "<p>The ministry said the offer was not serious. (With inputs from PTI)</p></article></body></html>")


def _write(path: Path, records: list[dict[str, str]] | None = None, lines: int = 0) -> int:
    with path.open("w", encoding="utf-8") as fh:
        for rec in records or []:
            fh.write(json.dumps(rec) + "\n")
        for i in range(lines):
            fh.write(json.dumps({"id": f"big-{i}", "url": f"https://other.org/{i}", "text": BODY * 3}) + "\n")
    return path.stat().st_size


def build(src: Path, mb: int) -> None:
    """The inputs: two shards, and one big file with its only over-limit record last."""
    (src / "shards").mkdir(parents=True)
    (src / "big").mkdir()
    plain = [{"id": f"p{i}", "url": f"https://other.org/p{i}", "text": BODY} for i in range(50)]
    _write(src / "shards" / "shard-000.jsonl", plain)
    rich = [{"id": f"h{i}", "url": f"https://other.org/h{i}", "html": PAGE.format(i=i, body=BODY)}
            for i in range(20)]
    rich.append({"id": "f1", "url": "https://other.org/f1", "text": FLAGGED})
    _write(src / "shards" / "shard-001.jsonl", rich)
    per_line = len(json.dumps({"id": "big-00000", "url": "https://other.org/00000", "text": BODY * 3})) + 1
    big = src / "big" / "big.jsonl"
    _write(big, lines=mb * 1_000_000 // per_line)
    with big.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "last", "url": "https://other.org/last", "text": FLAGGED}) + "\n")


def clean(src: Path, out: Path) -> None:
    command = [sys.executable, "-m", "cleaner", "clean", str(src), "-o", str(out), "--quiet"]
    subprocess.run(command, check=True)


def load(files: list[Path], cache: Path) -> tuple[int, dict[str, object]]:
    import datasets

    data = datasets.load_dataset("json", data_files=[str(f) for f in files], split="train",
                                 cache_dir=str(cache))
    return data.num_rows, dict(data.features["cleaner"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=25, help="size of the one big file (MB)")
    parser.add_argument("--keep", type=Path, help="work here and keep the files (default: a temp folder)")
    args = parser.parse_args()
    try:
        import datasets  # noqa: F401
    except ImportError:
        print("bench/loaders.py needs datasets: pip install -r bench/requirements.txt", file=sys.stderr)
        return 2
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")  # local files only: nothing to fetch
    with tempfile.TemporaryDirectory(prefix="cleaner-loaders-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        src, out = work / "in", work / "out"
        build(src, args.mb)
        clean(src, out)
        failures = 0
        cases = [("two shards", sorted((out / "shards").glob("*.jsonl")), 71),
                 (f"one {args.mb} MB file, over-limit record last", [out / "big" / "big.jsonl"], None)]
        for label, files, rows in cases:
            expected = rows if rows is not None else sum(1 for _ in files[0].open(encoding="utf-8"))
            try:
                got, features = load(files, work / "cache")
            except Exception as exc:
                print(f"FAIL  {label}: {type(exc).__name__}: {exc}")
                failures += 1
                continue
            ok = got == expected
            failures += not ok
            print(f"{'ok' if ok else 'FAIL':<4}  {label}: {got:,} rows (expected {expected:,}); "
                  f"cleaner: {', '.join(f'{k}={v.dtype}' for k, v in features.items())}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
