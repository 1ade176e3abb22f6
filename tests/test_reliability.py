"""Nothing lost, nothing overwritten, nothing left running: collisions, outputs on inputs,
unwritable outputs, full disks, stale temporaries, locks, orphaned workers (issue 11)."""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import runlock
from cleaner.cli import app
from cleaner.manifest import NAME as MANIFEST
from cleaner.manifest import Manifest

from .data import ARTICLE, CLEAN, pack_text

runner = CliRunner()
ARTICLE_HTML = f"<html><body><article><p>{ARTICLE.splitlines()[0]}</p></article></body></html>"


def _cli(*args: str | Path):
    return runner.invoke(app, ["clean", *map(str, args)])


def _one_line(result) -> str:
    """The run's single stderr line, after checking that it ended as a one-line error."""
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback, a plain exit
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cleaner: ")
    return lines[0]


def _files(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*"))
            if p.is_file()}


# --- data lost or overwritten --------------------------------------------------------------------

def test_two_inputs_writing_one_output_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "story.txt").write_text(ARTICLE)
    (src / "story.html").write_text(ARTICLE_HTML)
    out = tmp_path / "out"
    result = _cli(src, "-o", out)
    assert result.exit_code == 2
    line = _one_line(result)
    assert "story.txt" in line and "story.html" in line and f"{out}/story.txt" in line
    assert "nothing was written" in line
    assert not out.exists()


def test_a_jsonl_files_records_and_a_folder_of_the_same_name_are_refused(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    (src / "a" / "x.txt").write_text(ARTICLE)
    (src / "a.jsonl").write_text(json.dumps({"id": "x", "text": "Other text.\n"}) + "\n")
    out = tmp_path / "out"
    result = _cli(src, "-o", out, "--format", "txt")
    assert result.exit_code == 2
    line = _one_line(result)
    assert "a.jsonl" in line and "a/x.txt" in line and "the folder of the records" in line
    assert not out.exists()
    # Mirrored (--format auto), the two write different paths, and both are kept.
    mirrored = _cli(src, "-o", out, "-q")
    assert mirrored.exit_code == 0, mirrored.stderr
    assert (out / "a" / "x.txt").read_text() == CLEAN and (out / "a.jsonl").exists()


def test_a_jsonl_file_and_its_gzip_twin_are_refused(tmp_path: Path) -> None:
    import gzip

    src = tmp_path / "in"
    src.mkdir()
    record = json.dumps({"id": "r", "text": ARTICLE}) + "\n"
    (src / "c.jsonl").write_text(record)
    with gzip.open(src / "c.jsonl.gz", "wt") as fh:
        fh.write(record.replace('"r"', '"s"'))
    result = _cli(src, "-o", tmp_path / "out", "--format", "txt")
    assert result.exit_code == 2
    assert "c.jsonl.gz and " in _one_line(result) and "would both be written to" in result.stderr


def test_the_ray_engine_refuses_colliding_inputs_before_starting_ray(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="the ray extra is not installed")
    src = tmp_path / "in"
    src.mkdir()
    (src / "story.txt").write_text(ARTICLE)
    (src / "story.htm").write_text(ARTICLE_HTML)
    result = _cli(src, "-o", tmp_path / "out", "--engine", "ray", "--address", "ray://nowhere.invalid:1")
    assert result.exit_code == 2
    assert "would both be written to" in _one_line(result)  # not an error about the cluster
    assert not (tmp_path / "out").exists()


def test_the_ray_engine_refuses_to_write_over_an_input_or_into_a_busy_output(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="the ray extra is not installed")
    src = tmp_path / "in"
    src.mkdir()
    (src / "story.txt").write_text(ARTICLE)
    onto = _cli(src, "-o", src, "--engine", "ray", "--address", "ray://nowhere.invalid:1")
    assert onto.exit_code == 2 and "overwrite" in _one_line(onto)
    assert _files(src) == {"story.txt": ARTICLE}
    out = tmp_path / "out"
    with runlock.exclusive(runlock.lock_path(out, None), out):  # another run holds the output
        busy = _cli(src, "-o", out, "--engine", "ray", "--address", "ray://nowhere.invalid:1")
    assert busy.exit_code == 2 and "another cleaner run" in _one_line(busy)


def test_record_ids_that_sanitise_to_one_name_never_overwrite_each_other(tmp_path: Path) -> None:
    src = tmp_path / "crawl.jsonl"
    texts = ["First record.\n", "Second record.\n", "Third record.\n"]
    src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in zip(["x-3", "x", "x"], texts,
                                                                                   strict=True)))
    out = tmp_path / "out"
    result = _cli(src, "-o", out, "--format", "txt", "-q")
    assert result.exit_code == 0, result.stderr
    assert _files(out / "crawl") == {"x-3.txt": texts[0], "x.txt": texts[1], "x-3-2.txt": texts[2]}


@pytest.mark.parametrize("option", ["--audit", "--report"])
def test_an_audit_or_report_naming_an_input_is_refused_and_it_is_kept(tmp_path: Path, option: str) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE)
    result = _cli(src, "-o", tmp_path / "out", option, src)
    assert result.exit_code == 2
    assert f"{option} {src} is an input file" in _one_line(result)
    assert src.read_text() == ARTICLE
    assert not (tmp_path / "out").exists()


def test_a_quarantine_holding_or_inside_the_inputs_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE)
    holding = _cli(src / "a.txt", "-o", tmp_path / "out", "--quarantine", src)
    assert holding.exit_code == 2 and "holds the input" in _one_line(holding)
    inside = _cli(src, "-o", tmp_path / "out", "--quarantine", src / "q")
    assert inside.exit_code == 2 and "is inside the input folder" in _one_line(inside)
    assert _files(src) == {"a.txt": ARTICLE} and not (tmp_path / "out").exists()


def test_an_audit_or_report_inside_an_input_folder_is_refused_unless_in_the_output(tmp_path: Path) -> None:
    # The next run of the same folder would read them as inputs (a newcomer's run did).
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE)
    for option, name in (("--audit", "audit.jsonl"), ("--report", "report.json"), ("--report", "r.html")):
        refused = _cli(src, "-o", tmp_path / "out", option, src / name)
        assert refused.exit_code == 2 and "is inside the input folder" in _one_line(refused)
    assert _files(src) == {"a.txt": ARTICLE} and not (tmp_path / "out").exists()
    # Inside an output folder that is itself in the inputs, it is fine: that folder is skipped.
    done = _cli(src, "-o", src / "clean", "--report", src / "clean" / "report.json", "-q")
    assert done.exit_code == 0 and (src / "clean" / "report.json").is_file()


def test_stdin_into_an_output_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("")
    result = runner.invoke(app, ["clean", "-o", str(blocker / "sub")], input=ARTICLE)
    assert result.exit_code == 2 and "is not a folder" in _one_line(result)


def test_outputs_on_or_inside_one_another_are_refused(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE)
    out = tmp_path / "out"
    cases = {
        ("--audit", str(out / "a.txt")): "is inside -o",  # where a.txt's output goes
        ("--audit", str(out / MANIFEST)): "cleaner keeps its own files",
        ("--quarantine", str(out)): "is the same path as",
        ("--quarantine", str(tmp_path / "q"), "--audit", str(tmp_path / "q" / "a")): "inside --quarantine",
        ("--audit", str(tmp_path / "r.json"), "--report", str(tmp_path / "r.json")): "the same path as",
    }
    for args, expected in cases.items():
        result = _cli(src, "-o", out, *args)
        assert result.exit_code == 2, args
        assert expected in _one_line(result), (args, result.stderr)
        assert not out.exists() and not (tmp_path / "r.json").exists()
    # A report in the output folder where no output can go is fine (`make demo` does it).
    fine = _cli(src, "-o", out, "--report", out / "report.json", "-q")
    assert fine.exit_code == 0, fine.stderr
    assert json.loads((out / "report.json").read_text())["documents"] == 1


# --- tracebacks instead of one line --------------------------------------------------------------

def test_unwritable_outputs_are_refused_before_the_run(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    blocker = tmp_path / "ro"
    blocker.write_text("a file where a folder should be\n")  # unwritable even for root
    stream = _cli(tmp_path / "a.txt", "--format", "jsonl", "-o", blocker / "x.jsonl")
    assert stream.exit_code == 2
    assert f"-o {blocker}/x.jsonl: {blocker} is not a folder" in _one_line(stream)
    report = _cli(tmp_path / "a.txt", "-o", tmp_path / "out", "--report", blocker / "r.json")
    assert report.exit_code == 2
    assert f"--report {blocker}/r.json: {blocker} is not a folder" in _one_line(report)
    assert not (tmp_path / "out").exists()  # refused before the run, not after it


def test_a_read_only_folder_for_the_report_or_stream_is_refused_before_the_run(tmp_path: Path,
                                                                               monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    ro = tmp_path / "ro"
    ro.mkdir()
    real = Path.write_bytes

    def read_only(self: Path, data: bytes) -> int:  # chmod does not stop root: refuse like a read-only mount
        if self.parent == ro:
            raise OSError(errno.EROFS, "Read-only file system")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", read_only)
    cases = (("-o", tmp_path / "out", "--report", ro / "r.json"), ("--format", "jsonl", "-o", ro / "x.jsonl"))
    for args in cases:
        result = _cli(tmp_path / "a.txt", *args)
        assert result.exit_code == 2
        assert f"cannot write in {ro}: Read-only file system" in _one_line(result)
    assert not (tmp_path / "out").exists() and list(ro.iterdir()) == []


def test_a_full_disk_is_one_line_even_when_the_manifest_cannot_be_closed(tmp_path: Path, monkeypatch) -> None:
    import cleaner.batch as batch

    real = batch.write_atomic
    calls = {"n": 0}

    def filling(path: Path, text: str) -> int:
        calls["n"] += 1
        if calls["n"] >= 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, text)

    def full(self: Manifest) -> None:  # rewriting the manifest on a full disk fails too
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(batch, "write_atomic", filling)
    monkeypatch.setattr(Manifest, "close", full)
    src = tmp_path / "in"
    src.mkdir()
    for i in range(4):
        (src / f"{i}.txt").write_text(ARTICLE)
    result = _cli(src, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "No space left on device; stopped (free space" in _one_line(result)
    # The disk fills only as the manifest is rewritten at the very end: still one line.
    monkeypatch.setattr(batch, "write_atomic", real)
    late = _cli(src, "-o", tmp_path / "out2")
    assert late.exit_code == 1
    assert "cannot finish the outputs: No space left on device" in _one_line(late)


def test_a_full_disk_under_the_jsonl_stream_is_one_line(tmp_path: Path, monkeypatch) -> None:
    from cleaner.sinks import JsonlWriter

    def full(self: JsonlWriter, record: dict) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(JsonlWriter, "write", full)
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = _cli(tmp_path / "a.txt", "--format", "jsonl", "-o", tmp_path / "all.jsonl")
    assert result.exit_code == 1
    assert "cannot write the outputs: No space left on device; stopped" in _one_line(result)
    assert not (tmp_path / "all.jsonl").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary left either


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_audit_on_a_full_device_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = _cli(tmp_path / "a.txt", "-o", tmp_path / "out", "--audit", "/dev/full")
    assert result.exit_code == 1
    assert "--audit /dev/full: cannot write: No space left on device" in _one_line(result)


def test_suggest_to_a_device_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = runner.invoke(app, ["suggest", str(tmp_path), "-o", "/dev/null"])
    assert result.exit_code == 2
    assert "-o /dev/null is not a folder or a .yaml file" in _one_line(result)


def test_ray_with_no_cluster_to_join_is_one_line(tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("ray", reason="the ray extra is not installed")
    import ray
    from ray._private import services

    if ray.is_initialized():
        pytest.skip("a Ray started by another test is running in this process")
    # `--address auto` finds any Ray on the machine (another job's, on a shared one): make
    # Ray's own search find none, as on a machine without a cluster.
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    monkeypatch.setattr(services, "find_gcs_addresses", functools.cache(lambda: []))  # Ray clears its cache
    monkeypatch.setattr(services, "find_bootstrap_address", lambda temp_dir: None)
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = _cli(tmp_path / "a.txt", "-o", tmp_path / "out", "--engine", "ray", "--address", "auto")
    assert result.exit_code == 2
    line = _one_line(result)
    assert line.startswith("cleaner: cannot start the Ray cluster at 'auto': Could not find any running Ray")
    assert not ray.is_initialized()


# --- faults and concurrency ----------------------------------------------------------------------

def _dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_temporaries_of_dead_runs_are_removed_and_nothing_else(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE)
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    dead, alive = _dead_pid(), os.getppid()
    stale = [out / f".a.txt.{dead}-3.tmp", out / "sub" / f".b.txt.{dead}-0.tmp",
             out / f".{MANIFEST}.{dead}-0.tmp"]
    kept = [out / f".a.txt.{alive}-1.tmp",  # a live process's: maybe still being written
            out / ".a.txt.tmp", out / "notes.tmp", out / "sub" / f"b.txt.{dead}-0.tmp"]  # not our names
    for path in stale + kept:
        path.write_text("partial")
    result = _cli(src, "-o", out, "-q")
    assert result.exit_code == 0, result.stderr
    assert [p for p in stale if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []
    # Beside a JSONL stream: only that stream's own temporaries.
    stream_stale = tmp_path / f".all.jsonl.{dead}-0.tmp"
    others = [tmp_path / f".other.jsonl.{dead}-0.tmp", tmp_path / f".all.jsonl.gz.{dead}-0.tmp"]
    for path in (stream_stale, *others):
        path.write_text("partial")
    again = _cli(src / "a.txt", "--format", "jsonl", "-o", tmp_path / "all.jsonl")
    assert again.exit_code == 0, again.stderr
    assert not stream_stale.exists() and all(p.exists() for p in others)


def test_a_second_run_into_a_busy_output_is_refused_and_the_lock_is_not_left(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE)
    out, stream = tmp_path / "out", tmp_path / "all.jsonl"
    stream.write_text('{"id": "earlier run"}\n')
    for args, lock in (((src, "-o", out), runlock.lock_path(out, None)),
                       ((src, "--format", "jsonl", "-o", stream), runlock.lock_path(None, stream))):
        with runlock.exclusive(lock, out):  # another run is writing there
            busy = _cli(*args, "--audit", tmp_path / "audit.jsonl")
            assert busy.exit_code == 2
            assert f"another cleaner run (pid {os.getpid()}) is writing there" in _one_line(busy)
            assert not (tmp_path / "audit.jsonl").exists()  # refused before opening anything
        assert not lock.exists()
        done = _cli(*args, "-q")
        assert done.exit_code == 0, done.stderr
        assert not lock.exists()
    assert _files(out) == {"a.txt": CLEAN, MANIFEST: _files(out)[MANIFEST]}
    assert json.loads(stream.read_text())["text"] == CLEAN
    # A lock file left by a killed run holds no lock: the next run takes it and removes it,
    # and the manifest lock of earlier versions goes too.
    (out / runlock.LOCK_NAME).write_text("12345\n")
    (out / ".cleaner-manifest.jsonl.lock").write_text("")
    (out / f"{MANIFEST}.lock").write_text("")
    assert _cli(src, "-o", out, "-q", "--force").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "a.txt"]


def test_a_rerun_with_the_same_audit_lists_what_that_run_cleaned(tmp_path: Path) -> None:
    """--audit is rewritten by each run and covers the documents the run cleaned (README)."""
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a", "b", "c"):
        (src / f"{name}.txt").write_text(ARTICLE)
    out, audit = tmp_path / "out", tmp_path / "audit.jsonl"

    def audited() -> set[str]:
        return {Path(json.loads(line)["doc"]).name for line in audit.read_text().splitlines()}

    assert _cli(src, "-o", out, "--audit", audit, "-q").exit_code == 0
    assert audited() == {"a.txt", "b.txt", "c.txt"}
    (src / "b.txt").write_text(ARTICLE.replace("Monday", "Tuesday"))
    rerun = _cli(src, "-o", out, "--audit", audit)
    assert rerun.exit_code == 0 and "2 unchanged" in rerun.stderr
    assert audited() == {"b.txt"}  # the unchanged documents were not redone, so not audited
    assert _cli(src, "-o", out, "--audit", audit, "--force", "-q").exit_code == 0
    assert audited() == {"a.txt", "b.txt", "c.txt"}


def test_ray_one_unwritable_record_does_not_abort_the_rest_of_its_file(tmp_path: Path, library) -> None:
    pytest.importorskip("pyarrow.fs", reason="the ray extra is not installed")
    from cleaner.batch import Options
    from cleaner.rayfiles import clean_file

    src = tmp_path / "crawl.jsonl"
    ids = ["r0", "r1", "blocked", "r3", "r4", "r5"]
    src.write_text("".join(json.dumps({"id": i, "text": ARTICLE}) + "\n" for i in ids))
    out = tmp_path / "out"
    (out / "crawl" / "blocked.txt").mkdir(parents=True)  # a folder where that record's file must go
    outcomes = list(clean_file(str(src), "crawl.jsonl", library, Options(format="txt"), str(out)))
    assert [o.id for o in outcomes] == [f"{src}:{n}" for n in range(1, 7)]
    (failed,) = [o for o in outcomes if o.error is not None]
    assert failed.id == f"{src}:3" and "cannot write" in failed.error and not failed.fatal
    assert sorted(p.name for p in (out / "crawl").iterdir()) == ["blocked.txt", "r0.txt", "r1.txt", "r3.txt",
                                                                 "r4.txt", "r5.txt"]
    assert all((out / "crawl" / f"{i}.txt").read_text() == CLEAN for i in ids if i != "blocked")
    assert not [p for p in out.rglob("*.tmp")]


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def _workers(pids: list[int]) -> list[int]:
    def cmdline(pid: int) -> bytes:
        try:
            return Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return b""

    return [p for p in pids if b"spawn_main" in cmdline(p)]


def _wait_gone(pid: int, seconds: float) -> bool:
    """Block until process `pid` (not a child of ours) exits, or `seconds` pass; whether it did."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        ready, _, _ = select.select([fd], [], [], seconds)
        return bool(ready)
    finally:
        os.close(fd)


@pytest.mark.skipif(not hasattr(os, "pidfd_open") or not Path("/proc/self/stat").exists(),
                    reason="needs Linux (/proc, pidfd_open)")
def test_workers_exit_when_the_run_is_killed(tmp_path: Path, write_pack) -> None:
    pack = write_pack("slow.yaml", pack_text("catastrophic"))
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):  # enough for the pool; every document keeps a worker busy for good
        (src / f"{i:02d}.txt").write_bytes(b"zzz" + b"a" * 60 + b".a.\n")
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", str(src), "-o", str(tmp_path / "out"),
                             "-j", "2", "--timeout", "0", "--rules", str(pack)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kids: list[int] = []
    try:
        # Wait for the pool to be up: two workers, each stuck for good on its first document.
        deadline = time.monotonic() + 120
        while len(_workers(kids)) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            kids = _children(proc.pid)
        assert len(_workers(kids)) == 2, "the pool did not start"
        proc.kill()
        proc.wait()
        left = [k for k in kids if not _wait_gone(k, 60)]
        assert left == [], "processes outlived the killed run"
    finally:
        for pid in kids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # never leave a worker spinning on the shared machine
        if proc.poll() is None:
            proc.kill()
