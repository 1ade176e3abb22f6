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

Peak RSS of the cleaner runs is the largest resident size of any one process of the run
(os.wait4's rusage covers the process and the workers it reaped), and, with psutil, of the
main process and of the largest worker separately. The table goes to stdout and, with the
machine described, to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
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
    args = ap.parse_args(argv)

    corpus = generate.ensure(args.corpus, args.seed, args.scale, log=_log)
    _log(f"corpus: {corpus.text_docs} text documents ({corpus.text_bytes / 1e6:.1f} MB), "
         f"{corpus.html_pages} HTML pages ({corpus.html_bytes / 1e6:.1f} MB) under {corpus.root}")
    ceiling = cpu_ceiling(args.jobs)
    _log(f"machine: {args.jobs} CPU-bound processes at once run {ceiling:.2f}x as fast as one")
    rows: list[Row] = []
    if args.only in (None, "text"):
        rows += text_rows(corpus, args.jobs)
    if args.only in (None, "html"):
        rows += html_rows(corpus, args.jobs)
    about = {"seed": corpus.seed, "scale": corpus.scale, "text_docs": corpus.text_docs,
             "text_mb": corpus.text_bytes / 1e6, "html_pages": corpus.html_pages,
             "html_mb": corpus.html_bytes / 1e6}
    result = {"machine": {**machine(), "cpu_scaling": {"processes": args.jobs, "speedup": ceiling}},
              "corpus": about,
              "rows": [dict(asdict(r), mb_s=r.mb_s, docs_s=r.docs_s) for r in rows],
              "targets": targets(rows, args.jobs, ceiling)}
    print(render(rows, result["targets"], result["machine"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    _log(f"wrote {args.out}")
    return 0


# -- the text set ---------------------------------------------------------------------------

def text_rows(corpus: generate.Corpus, jobs: int) -> list[Row]:
    files = sorted(corpus.text_dir.rglob("*.txt"))
    mb = sum(f.stat().st_size for f in files) / 1e6
    n = len(files)
    rows = [Row("I/O floor (read + write every file)", "text", io_floor(files, corpus.text_dir), mb, n)]
    from cleaner import clean_text, load_library

    profile = load_library().profile()
    texts = [f.read_bytes().decode("utf-8") for f in files]
    rows.append(Row("ftfy.fix_text, same options (in memory)", "text",
                    ftfy_all(texts, profile.normalize), mb, n))
    rows.append(Row("naive: ftfy + one regex per rule per line (in memory)", "text",
                    naive(texts, profile), mb, n))
    rows.append(Row("cleaner clean_text, in process (no I/O)", "text",
                    timed(lambda: [clean_text(t, profile) for t in texts]), mb, n))
    texts.clear()  # the CLI runs below read the files themselves
    rows.append(cli_row("cleaner clean -j 1", "text", corpus.text_dir, 1, mb, n))
    rows.append(cli_row(f"cleaner clean -j {jobs}", "text", corpus.text_dir, jobs, mb, n))
    return rows


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
                  "maxrss_kb": usage.ru_maxrss, "stderr": err.decode("utf-8", "replace")[-2000:]}))
"""


def cli_row(name: str, kind: str, inputs: Path, jobs: int, mb: float, n: int) -> Row:
    """`cleaner clean INPUTS -o <fresh tmp> -j JOBS -q`, timed from spawn to exit."""
    with tempfile.TemporaryDirectory(prefix="bench-out-") as tmp:
        out = Path(tmp) / "out"
        cmd = [sys.executable, "-m", "cleaner", "clean", str(inputs), "-o", str(out), "-j", str(jobs), "-q"]
        launcher = subprocess.Popen([sys.executable, "-c", _LAUNCHER, *cmd], cwd=ROOT, stdout=subprocess.PIPE)
        assert launcher.stdout is not None
        sampler = _RssSampler()
        sampler.start(json.loads(launcher.stdout.readline())["pid"])
        report = json.loads(launcher.stdout.readline())
        launcher.wait()
        sampler.stop()
        written = sum(1 for _ in out.rglob("*.txt")) if out.exists() else 0
    note = "" if report["rc"] == 0 else f"exit {report['rc']}: {report['stderr'].strip().splitlines()[-1:]}"
    if written != n:
        note = (note + "; " if note else "") + f"{written} of {n} outputs written"
    extra = {}
    if sampler.main_cpu is not None:
        extra["main_cpu_s"] = sampler.main_cpu
        extra["workers_cpu_s"] = sum(sampler.worker_cpu.values())
    return Row(name, kind, report["seconds"] if report["rc"] in (0, 1) else None, mb, n, note=note,
               peak_rss_mb=report["maxrss_kb"] / 1024, main_rss_mb=sampler.main_mb,
               worker_rss_mb=sampler.worker_mb, extra=extra)


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
