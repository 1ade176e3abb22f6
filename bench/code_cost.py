"""What this checkout's code costs against another commit's, on the same packs and texts.

rules_cost.py times two rule sets under one code; this times two codes under one rule set:
the `cleaner` package of `--base` (extracted with `git archive`) and this checkout's, each
in its own process, alternating, best of N, `clean_text` CPU time with the built-in packs of
this checkout. Each run also prints a digest of every output text and hit, so a refactor
that should change nothing shows equal digests. The generated corpus is
`python bench/generate.py --scale 0.1`.

    python bench/code_cost.py --base main              # this checkout's code against main's
    python bench/code_cost.py --base 61130f3 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from rules_cost import extract_at

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "generated": ROOT / "bench" / "corpus" / "text",
    "real": ROOT / "bench" / "real" / "texts",
}
# Run in a child process whose import path starts at one code tree.
_CHILD = """
import hashlib, json, sys, time
from pathlib import Path
from cleaner import load_library
from cleaner.pipeline import clean_text
profile = load_library([Path(sys.argv[1])], no_default=True).profile()
found = {}
for name, folder in json.loads(sys.argv[2]).items():
    docs = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).rglob("*.txt"))]
    for doc in docs[:50]:
        clean_text(doc, profile)  # warm the plans and caches before timing
    start = time.process_time()
    results = [clean_text(doc, profile) for doc in docs]
    seconds = time.process_time() - start
    digest = hashlib.sha256()
    for r in results:
        digest.update(r.text.encode())
        digest.update(repr([(h.pack, h.rule, h.line, h.text, h.replacement) for h in r.hits]).encode())
    found[name] = [len(docs), seconds, digest.hexdigest()[:12]]
print(json.dumps(found))
"""


def code_at(rev: str, into: Path) -> Path:
    """Extract the `cleaner` package of `rev` into `into`; return the folder to import from."""
    return extract_at(rev, "cleaner", into, who="code_cost")


def run(code: Path) -> dict[str, list[object]]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    out = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT / "rules" / "default"),
                          json.dumps({k: str(v) for k, v in SETS.items()})],
                         check=True, capture_output=True, text=True, env=env).stdout  # fmt: skip
    return json.loads(out)  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, help="the commit whose code is the baseline")
    ap.add_argument("--repeat", type=int, default=3, help="best of N (default 3)")
    args = ap.parse_args(argv)
    for folder in SETS.values():
        if not folder.is_dir():
            raise SystemExit(f"code_cost: {folder} is missing (see the docstring)")
    with tempfile.TemporaryDirectory() as tmp:
        base = code_at(args.base, Path(tmp))
        best: dict[tuple[str, str], float] = {}
        digests: dict[tuple[str, str], str] = {}
        counts: dict[str, int] = {}
        for _ in range(args.repeat):
            for label, code in (("base", base), ("this", ROOT)):
                for name, (n, seconds, digest) in run(code).items():
                    key = (label, name)
                    best[key] = min(best.get(key, float("inf")), float(seconds))  # type: ignore[arg-type]
                    digests[key] = str(digest)
                    counts[name] = int(n)  # type: ignore[call-overload]
        for name in SETS:
            b, h = best[("base", name)], best[("this", name)]
            same = "same output" if digests[("base", name)] == digests[("this", name)] else "OUTPUT DIFFERS"
            print(f"{name:10} {counts[name]:5d} docs  base {b:6.2f}s  this {h:6.2f}s  "
                  f"ratio {h / b:5.2f}x (best of {args.repeat}; {same})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
