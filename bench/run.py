"""Run the benchmark: every stage on the same generated corpus, one table of figures.

    python bench/run.py                 # the full corpus (~20,000 articles, ~2,000 pages)
    python bench/run.py --scale 0.1     # a tenth of it, for a quick look
    python bench/run.py --only text     # skip the HTML set (or --only html)

Measured in one run, on the corpus bench/generate.py writes (generated on demand, cached):

- text set: the I/O floor (read and write every file in Python, no processing);
  ftfy.fix_text with the default profile's options on every document (in memory); a naive
  baseline (ftfy, then every built-in rule's pattern or markers as its own regex, line by
  line, in memory); `cleaner clean` with 1 worker and with all cores (the real CLI in a
  subprocess: start-up, pack loading, reading and writing included); and clean_text in
  process (the engine alone, no I/O, no start-up).
- HTML set: `cleaner clean` with 1 worker and all cores, trafilatura.extract and
  BeautifulSoup(lxml).get_text on every page (in memory; both benchmark-only
  dependencies, bench/requirements.txt, skipped when not installed).

The ratios of issue 12's table come from the same run, against baselines measured in it:
start-up CPU (user + sys of `printf 'Advertisement\nText.\n' | cleaner clean`, best of 5,
with the library cache warm; and with --no-cache), clean_text against
`ftfy.fix_text(text, uncurl_quotes=False)` alone (best of --repeat, interleaved),
`cleaner clean DIR --format jsonl -o F --jobs 1` against that ftfy on the same files, and
`--jobs 2` against `--jobs 1` next to what two processes of a CPU loop gain over one,
measured just before. The first two ratios are CPU time over CPU time (user + sys; the
steadier measure on a shared machine; wall-clock kept beside them), the last one wall-clock
(a speedup is what it is about). The CLI runs share one fresh library cache folder, warmed first.
With Ray installed, `--engine ray` is timed against the local engine on as many small files
as the text set has (`--ray FILES`; 0 skips it), in turns, outputs compared (bench/ray_cost.py).

Peak RSS of the cleaner runs is the largest resident size of any one process of the run
(os.wait4's rusage covers the process and the workers it reaped), and, with psutil, of the
main process and of the largest worker separately. The table goes to stdout and, with the
machine described, to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import atexit
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import generate  # noqa: E402  (bench/ is not a package for scripts run by path)

RESULTS = HERE / "results" / "latest.json"


@dataclass
class Row:
    """One measured stage."""

    name: str
    corpus: str  # "text" or "html"
    seconds: float | None
    mb: float
    docs: int
    note: str = ""
    peak_rss_mb: float | None = None  # largest single process of the run
    main_rss_mb: float | None = None
    worker_rss_mb: float | None = None
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def mb_s(self) -> float | None:
        return self.mb / self.seconds if self.seconds else None

    @property
    def docs_s(self) -> float | None:
        return self.docs / self.seconds if self.seconds else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark cleaner and its baselines on a generated corpus.")
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the full corpus (default 1.0)")
    ap.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    ap.add_argument("--corpus", type=Path, default=generate.DEFAULT_OUT, help="where the corpus is cached")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers of the all-cores run")
    ap.add_argument("--only", choices=("text", "html"), help="run one set only")
    ap.add_argument("--out", type=Path, default=RESULTS, help="JSON results file")
    ap.add_argument("--ray", type=int, default=None, metavar="FILES",
                    help="files of the --engine ray vs local measure (default: one per text document; "
                         "0 skips it)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="best of N for the in-memory engine and ftfy timings (default 3)")
    args = ap.parse_args(argv)
    _prepare_cli()

    corpus = generate.ensure(args.corpus, args.seed, args.scale, log=_log)
    _log(f"corpus: {corpus.text_docs} text documents ({corpus.text_bytes / 1e6:.1f} MB), "
         f"{corpus.html_pages} HTML pages ({corpus.html_bytes / 1e6:.1f} MB) under {corpus.root}")
    ceiling = cpu_ceiling(args.jobs)
    _log(f"machine: {args.jobs} CPU-bound processes at once run {ceiling:.2f}x as fast as one")
    rows: list[Row] = []
    issue: dict[str, object] = {}
    if args.only in (None, "text"):
        rows += startup_rows(issue)
        rows += text_rows(corpus, args.jobs, args.repeat, issue)
        ray_files = corpus.text_docs if args.ray is None else args.ray
        if ray_files > 0 and importlib.util.find_spec("ray") is not None:
            import ray_cost

            _log(f"ray: the local engine and --engine ray on {ray_files} small files, in turns")
            issue["ray"] = ray_cost.measure(corpus.text_dir, ray_files, env=_ENV)
    if args.only in (None, "html"):
        rows += html_rows(corpus, args.jobs)
    about = {"seed": corpus.seed, "scale": corpus.scale, "text_docs": corpus.text_docs,
             "text_mb": corpus.text_bytes / 1e6, "html_pages": corpus.html_pages,
             "html_mb": corpus.html_bytes / 1e6}
    result = {"machine": {**machine(), "cpu_scaling": {"processes": args.jobs, "speedup": ceiling}},
              "corpus": about,
              "rows": [dict(asdict(r), mb_s=r.mb_s, docs_s=r.docs_s) for r in rows],
              "targets": targets(rows, args.jobs, ceiling),
              "issue12": issue}
    print(render(rows, result["targets"], result["machine"]))
    if issue:
        print(render_issue(issue))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    _log(f"wrote {args.out}")
    return 0


# -- the text set ---------------------------------------------------------------------------

def text_rows(corpus: generate.Corpus, jobs: int, repeat: int, issue: dict[str, object]) -> list[Row]:
    files = sorted(corpus.text_dir.rglob("*.txt"))
    mb = sum(f.stat().st_size for f in files) / 1e6
    n = len(files)
    rows = [Row("I/O floor (read + write every file)", "text", io_floor(files, corpus.text_dir), mb, n)]
    from cleaner import load_library

    profile = load_library().profile()
    texts = [f.read_bytes().decode("utf-8") for f in files]
    rows.append(Row("ftfy.fix_text, same options (in memory)", "text",
                    ftfy_all(texts, profile.normalize), mb, n))
    rows.append(Row("naive: ftfy + one regex per rule per line (in memory)", "text",
                    naive(texts, profile), mb, n))
    # The engine against ftfy alone, as the issue states it: best of `repeat`, taken in
    # turns so that a busy moment of the shared machine hits both alike, each pass in a
    # fresh process (a second pass in one process would find the line caches warm).
    plain_ftfy, engine = [], []
    with tempfile.NamedTemporaryFile("w", prefix="bench-files-", suffix=".txt") as listing:
        listing.write("\n".join(str(f) for f in files))
        listing.flush()
        for _ in range(max(1, repeat)):
            plain_ftfy.append(fresh_pass("ftfy", listing.name))
            engine.append(fresh_pass("clean_text", listing.name))
    # On a shared machine CPU time is the steadier measure of work; both are kept.
    ftfy_cpu, engine_cpu = min(c for _, c in plain_ftfy), min(c for _, c in engine)
    rows.append(Row("ftfy.fix_text(uncurl_quotes=False) alone (in memory)", "text",
                    min(w for w, _ in plain_ftfy), mb, n, extra={"cpu_s": ftfy_cpu},
                    note=f"best of {len(plain_ftfy)}, fresh process each; CPU {ftfy_cpu:.2f} s"))
    rows.append(Row("cleaner clean_text, in process (no I/O)", "text", min(w for w, _ in engine), mb, n,
                    extra={"cpu_s": engine_cpu},
                    note=f"best of {len(engine)}, fresh process each; CPU {engine_cpu:.2f} s"))
    issue["clean_text_vs_ftfy"] = ftfy_cpu / engine_cpu  # CPU time over CPU time
    texts.clear()  # the CLI runs below read the files themselves
    rows.append(cli_row("cleaner clean -j 1", "text", corpus.text_dir, 1, mb, n))
    rows.append(cli_row(f"cleaner clean -j {jobs}", "text", corpus.text_dir, jobs, mb, n))
    one = cli_row("cleaner clean --format jsonl -o F -j 1", "text", corpus.text_dir, 1, mb, n, jsonl=True)
    rows.append(one)
    if one.extra.get("cpu_s"):
        # CPU over CPU: the CLI's user + sys (start-up, reading, writing included).
        issue["cli_jsonl_j1_vs_ftfy"] = ftfy_cpu / one.extra["cpu_s"]
    if one.seconds:
        issue["cli_jsonl_j1_vs_ftfy_wall"] = min(w for w, _ in plain_ftfy) / one.seconds
    # Two processes of a CPU loop, just before the -j 2 run: the machine's ceiling now.
    ceiling = cpu_ceiling(2)
    two = cli_row("cleaner clean --format jsonl -o F -j 2", "text", corpus.text_dir, 2, mb, n, jsonl=True)
    rows.append(two)
    issue["cpu_loop_two_processes"] = ceiling
    if one.seconds and two.seconds:
        issue["jobs2_vs_jobs1"] = one.seconds / two.seconds
        issue["jobs2_share_of_ceiling"] = one.seconds / two.seconds / ceiling
    return rows


# -- start-up ---------------------------------------------------------------------------------

# The cache folder every CLI run of the benchmark shares (fresh per run, warmed once).
_CACHE = Path(tempfile.mkdtemp(prefix="bench-cache-"))
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
_ENV = {**os.environ, "CLEANER_CACHE_DIR": str(_CACHE), "PYTHONPATH": str(ROOT)}
_STARTUP_INPUT = b"Advertisement\nText.\n"


def _prepare_cli() -> None:
    """Byte-compile cleaner, as pip does when it installs it (so start-up is not measured
    compiling sources where PYTHONDONTWRITEBYTECODE is set), and warm the library cache."""
    import compileall

    compileall.compile_dir(str(ROOT / "cleaner"), quiet=1)
    subprocess.run([sys.executable, "-m", "cleaner", "clean", "-q"], input=_STARTUP_INPUT, cwd=ROOT,
                   env=_ENV, stdout=subprocess.DEVNULL, check=True)


def child_cpu(cmd: list[str], stdin: bytes | None = None, runs: int = 5) -> float:
    """Best-of-`runs` CPU seconds (user + sys) of `cmd`, from RUSAGE_CHILDREN."""
    import resource

    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, input=stdin, cwd=ROOT, env=_ENV, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best


def startup_rows(issue: dict[str, object]) -> list[Row]:
    """CPU time of a two-line stdin run (cache warm, and --no-cache), of --version, of the
    import alone, and of a Python that does nothing (the floor)."""
    cli = [sys.executable, "-m", "cleaner"]
    measures = [
        ("start-up: printf ... | cleaner clean (CPU, cached library)", [*cli, "clean"], _STARTUP_INPUT),
        ("start-up: printf ... | cleaner clean --no-cache (CPU)", [*cli, "clean", "--no-cache"],
         _STARTUP_INPUT),
        ("start-up: cleaner --version (CPU)", [*cli, "--version"], None),
        ("start-up: python -c 'import cleaner.cli' (CPU)", [sys.executable, "-c", "import cleaner.cli"],
         None),
        ("start-up: python -c pass (CPU, the floor)", [sys.executable, "-c", "pass"], None),
    ]
    rows = []
    for name, cmd, stdin in measures:
        rows.append(Row(name, "start", child_cpu(cmd, stdin), 0.0, 0, note="best of 5, user+sys"))
    issue["startup_cpu_s"] = rows[0].seconds
    issue["startup_cpu_no_cache_s"] = rows[1].seconds
    return rows


def render_issue(issue: dict[str, object]) -> str:
    """Issue 12's table, as measured in this run."""
    def fmt(key: str, unit: str = "x") -> str:
        value = issue.get(key)
        return f"{value:.2f}{unit}" if isinstance(value, float) else "not measured"

    rows = [
        ("CPU time of printf 'Advertisement\\nText.\\n' | cleaner clean, best of 5",
         fmt("startup_cpu_s", " s"), "<= 0.30 s", "<= 0.15 s"),
        ("clean_text in process vs ftfy.fix_text(uncurl_quotes=False) alone (CPU)", fmt("clean_text_vs_ftfy"),
         ">= 4x", "6x"),
        ("cleaner clean DIR --format jsonl -o F --jobs 1 vs ftfy alone (CPU)", fmt("cli_jsonl_j1_vs_ftfy"),
         ">= 3x", "5x"),
        ("  the same, wall-clock", fmt("cli_jsonl_j1_vs_ftfy_wall"), "", ""),
        ("--jobs 2 vs --jobs 1, against two processes of a CPU loop",
         f"{fmt('jobs2_vs_jobs1')} of {fmt('cpu_loop_two_processes')} = {fmt('jobs2_share_of_ceiling', '')}",
         ">= 0.85 of it", "0.95"),
        ("--engine ray vs the local engine, wall-clock", _ray_cell(issue.get("ray")), "<= 2x", "<= 1.2x"),
    ]
    width = max(len(r[0]) for r in rows)
    lines = ["", "issue 12 (ratios from this run):", f"{'measure':{width}}  {'now':28} {'bar':14} goal"]
    lines += [f"{m:{width}}  {now:28} {bar:14} {goal}" for m, now, bar, goal in rows]
    return "\n".join(lines)


def _ray_cell(ray: object) -> str:
    """`1.34x (2,000 files; 38.4 s vs 28.6 s)`: bench/ray_cost.py's figures."""
    if not isinstance(ray, dict):
        return "not measured"
    return (f"{ray['ray_over_local']:.2f}x ({int(ray['files']):,} files; "
            f"{ray['ray_s']:.1f} s vs {ray['local_s']:.1f} s)")


# One timed pass over the files named in a listing, in a fresh process: the texts are read
# first, the library loaded and its profile built (the first document run) before the clock.
_PASS = """
import sys, time
from pathlib import Path
kind, listing = sys.argv[1], sys.argv[2]
texts = [Path(p).read_bytes().decode("utf-8") for p in Path(listing).read_text().splitlines()]
if kind == "ftfy":
    import ftfy
    run = lambda t: ftfy.fix_text(t, uncurl_quotes=False)
else:
    from cleaner import clean_text, load_library
    profile = load_library().profile()
    clean_text("Warm-up.", profile)
    run = lambda t: clean_text(t, profile)
started, cpu = time.perf_counter(), time.process_time()
for t in texts:
    run(t)
print(time.perf_counter() - started, time.process_time() - cpu)
"""


def fresh_pass(kind: str, listing: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one pass of `kind` ("ftfy" or "clean_text") in a fresh process."""
    done = subprocess.run([sys.executable, "-c", _PASS, kind, listing], cwd=ROOT, env=_ENV,
                          capture_output=True, text=True, check=True)
    wall, cpu = done.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def io_floor(files: list[Path], root: Path) -> float:
    """Read and write every file from Python, nothing else: what no cleaner can beat."""
    with tempfile.TemporaryDirectory(prefix="bench-io-") as tmp:
        out = Path(tmp)

        def run() -> None:
            made: set[Path] = set()
            for f in files:
                target = out / f.relative_to(root)
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                target.write_bytes(f.read_bytes())

        # The floor is the best of three: the first pass also warms the page cache.
        return min(timed(run) for _ in range(3))


def ftfy_all(texts: list[str], config: object) -> float:
    import ftfy

    return timed(lambda: [ftfy.fix_text(t, config) for t in texts])  # type: ignore[arg-type]


def naive(texts: list[str], profile: object) -> float:
    """What a hand-written script does: ftfy on everything, then each rule's own regex (its
    pattern, or its markers as one case-insensitive whole-line regex) on every line."""
    import ftfy

    compiled: list[tuple[str, re.Pattern[str], str | None]] = []
    for rule in profile.line_rules:  # type: ignore[attr-defined]
        if rule.regex is not None:
            compiled.append((rule.kind, re.compile(rule.regex.pattern, rule.regex.flags), rule.replace))
        if rule.literals:
            markers = "|".join(re.escape(m) for m in sorted(rule.literals))
            compiled.append(("drop-line", re.compile(rf"^[\W_]*(?:{markers})[\W_]*$", re.IGNORECASE), None))

    def clean(text: str) -> str:
        out = []
        for line in ftfy.fix_text(text, profile.normalize).split("\n"):  # type: ignore[attr-defined]
            line = line.rstrip()
            for kind, rx, replace in compiled:
                if kind == "replace":
                    line = rx.sub(replace or "", line)
                elif rx.search(line):
                    line = ""
                    break
            out.append(line)
        return "\n".join(out)

    return timed(lambda: [clean(t) for t in texts])


# -- the HTML set ---------------------------------------------------------------------------

def html_rows(corpus: generate.Corpus, jobs: int) -> list[Row]:
    files = sorted(corpus.html_dir.glob("*.html"))
    mb = sum(f.stat().st_size for f in files) / 1e6
    n = len(files)
    rows = [cli_row("cleaner clean -j 1", "html", corpus.html_dir, 1, mb, n),
            cli_row(f"cleaner clean -j {jobs}", "html", corpus.html_dir, jobs, mb, n)]
    pages = [f.read_bytes().decode("utf-8") for f in files]
    try:
        import trafilatura
    except ImportError as exc:
        rows.append(Row("trafilatura.extract (in memory)", "html", None, mb, n,
                        note=f"not available ({exc}): pip install -r bench/requirements.txt"))
    else:
        rows.append(Row("trafilatura.extract (in memory)", "html",
                        timed(lambda: [trafilatura.extract(p) for p in pages]), mb, n))
    from bs4 import BeautifulSoup

    rows.append(Row("BeautifulSoup(lxml).get_text (in memory)", "html",
                    timed(lambda: [BeautifulSoup(p, "lxml").get_text() for p in pages]), mb, n))
    return rows


# -- the real CLI in a subprocess -------------------------------------------------------------

# Runs the command given as arguments and reports its time, exit code and peak RSS as JSON.
# A fork of this (big) benchmark process would carry its memory high-water mark into the
# child's ru_maxrss (Linux records it at exec), so the command is started from this small
# launcher instead, whose wait4 rusage covers the command and the workers it reaped.
_LAUNCHER = """
import json, os, subprocess, sys, time
started = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
print(json.dumps({"pid": proc.pid}), flush=True)
err = proc.stderr.read()
_, status, usage = os.wait4(proc.pid, 0)
print(json.dumps({"seconds": time.perf_counter() - started, "rc": os.waitstatus_to_exitcode(status),
                  "cpu": usage.ru_utime + usage.ru_stime,
                  "maxrss_kb": usage.ru_maxrss, "stderr": err.decode("utf-8", "replace")[-2000:]}))
"""


def cli_row(name: str, kind: str, inputs: Path, jobs: int, mb: float, n: int, jsonl: bool = False) -> Row:
    """`cleaner clean INPUTS -o <fresh tmp> -j JOBS -q` (with `jsonl`: `--format jsonl -o
    <tmp>/out.jsonl`), timed from spawn to exit."""
    with tempfile.TemporaryDirectory(prefix="bench-out-") as tmp:
        out = Path(tmp) / ("out.jsonl" if jsonl else "out")
        cmd = [sys.executable, "-m", "cleaner", "clean", str(inputs), "-o", str(out), "-j", str(jobs), "-q"]
        if jsonl:
            cmd += ["--format", "jsonl"]
        launcher = subprocess.Popen([sys.executable, "-c", _LAUNCHER, *cmd], cwd=ROOT, stdout=subprocess.PIPE,
                                    env=_ENV)
        assert launcher.stdout is not None
        sampler = _RssSampler()
        sampler.start(json.loads(launcher.stdout.readline())["pid"])
        report = json.loads(launcher.stdout.readline())
        launcher.wait()
        sampler.stop()
        if jsonl:
            written = _count_lines(out) if out.is_file() else 0
        else:
            written = sum(1 for _ in out.rglob("*.txt")) if out.exists() else 0
    note = "" if report["rc"] == 0 else f"exit {report['rc']}: {report['stderr'].strip().splitlines()[-1:]}"
    if written != n:
        note = (note + "; " if note else "") + f"{written} of {n} outputs written"
    extra = {"cpu_s": report["cpu"]}  # user + sys of the command and the workers it reaped
    if sampler.main_cpu is not None:
        extra["main_cpu_s"] = sampler.main_cpu
        extra["workers_cpu_s"] = sum(sampler.worker_cpu.values())
    return Row(name, kind, report["seconds"] if report["rc"] in (0, 1) else None, mb, n, note=note,
               peak_rss_mb=report["maxrss_kb"] / 1024, main_rss_mb=sampler.main_mb,
               worker_rss_mb=sampler.worker_mb, extra=extra)


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


class _RssSampler:
    """Peak RSS of the main process and of its largest child, sampled (psutil, if present)."""

    def __init__(self) -> None:
        self.main_mb: float | None = None
        self.worker_mb: float | None = None
        self.main_cpu: float | None = None  # CPU seconds of the main process, last seen
        self.worker_cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, pid: int) -> None:
        if importlib.util.find_spec("psutil") is None:
            return
        self._thread = threading.Thread(target=self._run, args=(pid,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self, pid: int) -> None:
        import psutil

        try:
            main = psutil.Process(pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            try:
                rss = main.memory_info().rss / 2**20
                self.main_mb = max(self.main_mb or 0.0, rss)
                times = main.cpu_times()
                self.main_cpu = times.user + times.system
                for child in main.children(recursive=True):
                    with _quiet(psutil.Error):
                        self.worker_mb = max(self.worker_mb or 0.0, child.memory_info().rss / 2**20)
                        ct = child.cpu_times()
                        self.worker_cpu[child.pid] = ct.user + ct.system
            except psutil.Error:
                return
            self._stop.wait(0.05)


class _quiet:
    def __init__(self, *exc: type[BaseException]) -> None:
        self.exc = exc

    def __enter__(self) -> None:
        return None

    def __exit__(self, et: type[BaseException] | None, *_: object) -> bool:
        return et is not None and issubclass(et, self.exc)


# -- reporting ------------------------------------------------------------------------------

_SPIN = "x = 0\nfor i in range(12_000_000):\n    x += i & 7\n"


def cpu_ceiling(jobs: int) -> float:
    """How much faster `jobs` CPU-bound Python processes run together than one alone: the
    most any N-worker run can gain on this machine (vCPUs may share cores or a quota)."""
    def run(n: int) -> float:
        started = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(n)]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - started

    one = min(run(1) for _ in range(2))
    many = min(run(jobs) for _ in range(2))
    return jobs * one / many


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def machine() -> dict[str, object]:
    """nproc, CPU model, memory, Python and library versions."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        first = meminfo.read_text().splitlines()[0].split()
        mem = f"{int(first[1]) / 1024 / 1024:.1f} GiB"
    versions = {}
    for name in ("ftfy", "bs4", "lxml", "trafilatura", "cleaner"):
        try:
            from importlib.metadata import version

            versions[name] = version(name if name != "bs4" else "beautifulsoup4")
        except Exception:
            versions[name] = "-"
    return {"nproc": os.cpu_count(), "cpu": model or platform.processor(), "memory": mem,
            "python": platform.python_version(), "platform": platform.platform(), "versions": versions}


def _find(rows: Iterable[Row], corpus: str, prefix: str) -> Row | None:
    return next((r for r in rows if r.corpus == corpus and r.name.startswith(prefix)), None)


def targets(rows: list[Row], jobs: int, ceiling: float) -> dict[str, object]:
    """The targets of issue 5, point 3, as measured."""
    io = _find(rows, "text", "I/O floor")
    ftfy_row = _find(rows, "text", "ftfy")
    one = _find(rows, "text", "cleaner clean -j 1")
    many = _find(rows, "text", f"cleaner clean -j {jobs}")
    html_one = _find(rows, "html", "cleaner clean -j 1")
    traf = _find(rows, "html", "trafilatura")
    out: dict[str, object] = {}

    def ratio(a: Row | None, b: Row | None) -> float | None:
        return a.seconds / b.seconds if a and b and a.seconds and b.seconds else None

    if one:
        out["one_worker_vs_ftfy_speedup"] = ratio(ftfy_row, one)  # want >= 3
        out["one_worker_time_vs_io_floor"] = ratio(one, io)  # want <= 2
    if one and many:
        speedup = ratio(one, many)
        out["n_workers_speedup"] = speedup
        out["n_workers_efficiency"] = speedup / jobs if speedup else None  # want >= 0.8
        out["machine_cpu_scaling"] = ceiling  # the ceiling for n_workers_speedup
    peaks = [r.worker_rss_mb or r.peak_rss_mb for r in rows if r.name.startswith("cleaner clean")]
    peaks = [p for p in peaks if p]
    out["peak_rss_mb_per_process"] = max(peaks) if peaks else None  # want < 300
    if html_one and traf:
        out["html_pages_s_vs_trafilatura"] = ratio(traf, html_one)  # want >= 1
    return out


def render(rows: list[Row], goals: dict[str, object], mach: dict[str, object]) -> str:
    io = _find(rows, "text", "I/O floor")
    ftfy_row = _find(rows, "text", "ftfy")
    lines = [f"machine: {mach['nproc']} cores, {mach['cpu']}, {mach['memory']}, Python {mach['python']}"]
    scaling = mach.get("cpu_scaling")
    if isinstance(scaling, dict):
        lines.append(f"         {scaling['processes']} CPU-bound processes at once: "
                     f"{scaling['speedup']:.2f}x one (the ceiling for any N-worker speedup)")
    lines.append("")
    head = (f"{'stage':56} {'set':5} {'s':>8} {'MB/s':>8} {'docs/s':>8} {'x I/O':>7} {'x ftfy':>7} "
            f"{'peak RSS MB':>12}")
    lines += [head, "-" * len(head)]
    for r in rows:
        base = io if r.corpus == "text" else None
        vs_io = f"{r.seconds / base.seconds:.2f}" if base and base.seconds and r.seconds else ""
        vs_ftfy = (f"{ftfy_row.seconds / r.seconds:.2f}" if r.corpus == "text" and ftfy_row
                   and ftfy_row.seconds and r.seconds else "")
        rss = ""
        if r.peak_rss_mb:
            rss = f"{r.peak_rss_mb:.0f}"
            if r.worker_rss_mb:
                rss += f" (w {r.worker_rss_mb:.0f})"
        secs = f"{r.seconds:.2f}" if r.seconds else "-"
        mbs = f"{r.mb_s:.1f}" if r.mb_s else "-"
        dps = f"{r.docs_s:.0f}" if r.docs_s else "-"
        lines.append(f"{r.name:56} {r.corpus:5} {secs:>8} {mbs:>8} {dps:>8} {vs_io:>7} {vs_ftfy:>7} "
                     f"{rss:>12}")
        if r.note:
            lines.append(f"    note: {r.note}")
        if r.extra.get("main_cpu_s") is not None and r.extra.get("workers_cpu_s"):
            lines.append(f"    CPU: main process {r.extra['main_cpu_s']:.1f}s, "
                         f"workers {r.extra['workers_cpu_s']:.1f}s")
    lines += ["", "x I/O: time / I/O-floor time (text set). "
              "x ftfy: ftfy time / time (how many times faster).",
              "targets: " + ", ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}"
                                      for k, v in goals.items())]
    return "\n".join(lines)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
