"""Hostile inputs, hostile rules, interrupted runs: each case cleaned or reported, nothing lost."""

from __future__ import annotations

import errno
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cleaner import Library
from cleaner.batch import DEFAULT_TIMEOUT, Options
from cleaner.cli import app
from cleaner.decode import NotText
from cleaner.documents import Document
from cleaner.manifest import NAME
from cleaner.pipeline import clean_document

from .data import ARTICLE, CLEAN, pack_text

runner = CliRunner()
CATASTROPHIC = pack_text("catastrophic")
# The same backtracking pattern without the back-reference: RE2 screens every line in
# linear time, so Python's re never runs it on a line it fails on.
SCREENED = CATASTROPHIC.replace("\\1", "").replace("cdz.", "cd.")


def clean_dir(tmp_path: Path, files: dict[str, bytes], *args: str):
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    for name, data in files.items():
        (src / name).write_bytes(data)
    out = tmp_path / "out"
    return runner.invoke(app, ["clean", str(src), "-o", str(out), *args]), out


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("cleaner: ")]


def test_odd_encodings_and_line_endings_are_cleaned(tmp_path: Path) -> None:
    files = {
        "empty.txt": b"",
        "blank.txt": b"  \n\t\n\xc2\xa0\n",
        "nul.txt": b"Para one.\x00\n\nAdvertisement\n\nPara two.\n",
        "invalid.txt": "Caf\u00e9 society \u2014 ".encode() + b"a stray \x96 dash\n",
        "utf16.txt": "\ufeffGr\u00fc\u00dfe aus Berlin.\nAnzeige\nMehr Text.\n".encode("utf-16"),
        "bom.txt": b"\xef\xbb\xbfHello there.\nAdvertisement\n",
        "latin1.txt": "Le caf\u00e9 \u00e9tait ferm\u00e9 \u00e0 midi.\n".encode("latin-1"),
        "cp1252.txt": "He said \u201cno\u201d \u2013 twice.\n".encode("cp1252"),
        "crlf.txt": b"One.\r\n\r\nAdvertisement\r\nTwo.\rThree.\r\n",
    }
    result, out = clean_dir(tmp_path, files)
    assert result.exit_code == 0, result.output
    read = {name: (out / name).read_text(encoding="utf-8") for name in files}
    assert read["empty.txt"] == read["blank.txt"] == ""
    assert read["nul.txt"] == "Para one.\n\nPara two.\n"
    assert read["invalid.txt"] == "Caf\u00e9 society \u2014 a stray \u2013 dash\n"
    assert read["utf16.txt"] == "Gr\u00fc\u00dfe aus Berlin.\nMehr Text.\n"
    assert read["bom.txt"] == "Hello there.\n"
    assert read["latin1.txt"] == "Le caf\u00e9 \u00e9tait ferm\u00e9 \u00e0 midi.\n"
    assert read["cp1252.txt"] == "He said \u201cno\u201d \u2013 twice.\n"
    assert read["crlf.txt"] == "One.\n\nTwo.\nThree.\n"


def test_binary_files_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    files = {"a.txt": ARTICLE.encode(), "img.txt": b"\x89PNG\r\n\x1a\n" + os.urandom(300),
             "doc.txt": b"%PDF-1.7\n" + os.urandom(300), "gz.txt": b"\x1f\x8b\x08" + os.urandom(300),
             "noise.txt": bytes(range(32)) * 40}
    result, out = clean_dir(tmp_path, files)
    assert result.exit_code == 1
    assert len(errors(result)) == 4 and all("binary file" in e for e in errors(result))
    assert (out / "a.txt").read_text() == CLEAN
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a.txt"]


def test_a_long_single_line_is_cleaned(tmp_path: Path) -> None:
    line = ("word " * 400_000).strip().encode()  # 2 MB on one line
    result, out = clean_dir(tmp_path, {"long.txt": line})
    assert result.exit_code == 0
    assert (out / "long.txt").read_bytes() == line + b"\n"


def test_a_huge_file_is_refused_by_max_bytes_without_being_read(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    with (src / "huge.txt").open("wb") as fh:  # sparse: 500 MB on paper, nothing on disk
        fh.truncate(500_000_000)
    (src / "ok.txt").write_text(ARTICLE)
    result = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    (message,) = errors(result)
    assert "huge.txt: 500 MB is over the --max-bytes limit of 50 MB" in message
    assert (tmp_path / "out" / "ok.txt").read_text() == CLEAN
    small = runner.invoke(app, ["clean", str(src / "ok.txt"), "--max-bytes", "100"])
    assert small.exit_code == 1 and "--max-bytes" in small.stderr


def test_deeply_nested_and_malformed_html(tmp_path: Path) -> None:
    deep = b"<html><body><article>" + b"<div>" * 100_000 + b"<p>Deep text.</p>" + b"</div>" * 100_000
    broken = b"<html><body><p>Unclosed <b>bold <i>mix</b> text.<p>Next paragraph</article></div>"
    deep += b"</article></body></html>"
    result, out = clean_dir(tmp_path, {"deep.html": deep, "broken.html": broken})
    assert result.exit_code == 0, result.output
    assert (out / "deep.txt").read_text() == "Deep text.\n"
    assert (out / "broken.txt").read_text() == "Unclosed bold mix text.\n\nNext paragraph\n"


def test_symlink_loops_and_links_out_of_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("Not part of the crawl.\n")
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(ARTICLE)
    (src / "sub" / "loop").symlink_to(src)  # a folder loop
    (src / "self.txt").symlink_to(src / "self.txt")  # a link to itself
    (src / "out-link.txt").symlink_to(outside)
    (src / "in-link.txt").symlink_to(src / "a.txt")  # inside: the same file, cleaned once
    result = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    messages = errors(result)
    assert any("self.txt: broken symbolic link or link loop; skipped" in m for m in messages)
    assert any("out-link.txt: symbolic link points outside" in m for m in messages)
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.txt"))
    assert written == ["a.txt"]


def test_odd_file_names(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    names = [b"with space.txt", b"new\nline.txt", b"latin\xe9.txt"]
    for name in names:
        (src / os.fsdecode(name)).write_text(ARTICLE)
    (src / os.fsdecode(b"bad\xff.txt")).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "out"), "--audit",
                                 str(tmp_path / "audit.jsonl")])
    assert result.exit_code == 1
    for name in names:
        assert (tmp_path / "out" / os.fsdecode(name)).read_text() == CLEAN
    (message,) = errors(result)
    assert "bad\\xff.txt: binary file" in message and "\n" not in message
    docs = {json.loads(line)["doc"] for line in (tmp_path / "audit.jsonl").read_text().splitlines()}
    assert any("new\\nline.txt" in d for d in docs) and any("latin\\xe9.txt" in d for d in docs)


def test_catastrophic_rule_is_stopped_and_named(tmp_path: Path, write_pack) -> None:
    pack = write_pack("slow.yaml", CATASTROPHIC)
    assert Options().timeout == DEFAULT_TIMEOUT > 0  # the limit is on by default
    # A line the RE2 screen passes (a back-reference reads as "any text" there) and on which
    # Python's re then backtracks for ever.
    files = {"bad.txt": b"zzz" + b"a" * 40 + b".a.\n", "good.txt": ARTICLE.encode()}
    started = time.monotonic()
    result, out = clean_dir(tmp_path, files, "--rules", str(pack), "--timeout", "1")
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    (message,) = errors(result)
    assert "bad.txt: took longer than 1s in rule slow-rule" in message and "raise --timeout" in message
    assert (out / "good.txt").read_text() == CLEAN
    check = runner.invoke(app, ["rules", "check", "--no-default", str(pack)])
    assert "rule slow-rule: warning: the pattern nests an unbounded repeat" in check.stderr


def test_a_catastrophic_pattern_the_re2_screen_rules_out_never_runs(tmp_path: Path, write_pack) -> None:
    pack = write_pack("slow.yaml", SCREENED)
    assert "\\1" not in SCREENED
    files = {"bad.txt": b"zzz" + b"a" * 60 + b".a.\n", "good.txt": ARTICLE.encode()}
    result, out = clean_dir(tmp_path, files, "--rules", str(pack), "--timeout", "1")
    assert result.exit_code == 0, result.output
    assert (out / "bad.txt").read_text() == "zzz" + "a" * 60 + ".a.\n"
    assert (out / "good.txt").read_text() == CLEAN


def test_full_disk_stops_the_run_cleanly(tmp_path: Path, monkeypatch) -> None:
    calls = {"n": 0}
    import cleaner.batch as batch

    real = batch.write_atomic

    def failing(path: Path, text: str) -> int:
        calls["n"] += 1
        if calls["n"] >= 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, text)

    monkeypatch.setattr(batch, "write_atomic", failing)
    files = {f"{i}.txt": ARTICLE.encode() for i in range(5)}
    result, out = clean_dir(tmp_path, files)
    assert result.exit_code == 1
    assert "No space left on device; stopped (free space" in result.stderr
    assert calls["n"] == 2  # nothing tried after the disk filled up
    assert [p.name for p in out.iterdir() if p.suffix == ".txt"] == ["0.txt"]


def test_unwritable_output_folder_is_refused_up_front(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)

    def refuse(self: Path, data: bytes) -> int:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(Path, "write_bytes", refuse)
    result = runner.invoke(app, ["clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "cannot write in" in result.stderr and "Read-only file system" in result.stderr


def test_interrupt_leaves_no_partial_outputs_and_rerun_completes(tmp_path: Path, monkeypatch) -> None:
    import cleaner.batch as batch

    real = batch.clean_document
    seen = {"n": 0}

    def interrupting(*args, **kwargs):
        seen["n"] += 1
        if seen["n"] == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    files = {f"{i}.txt": ARTICLE.encode() for i in range(6)}
    monkeypatch.setattr(batch, "clean_document", interrupting)
    result, out = clean_dir(tmp_path, files)
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".cleaner")) == ["0.txt", "1.txt"]
    monkeypatch.setattr(batch, "clean_document", real)
    again, _ = clean_dir(tmp_path, files)
    assert again.exit_code == 0 and "4 cleaned, 0 failed, 2 unchanged" in again.stderr
    assert all((out / name).read_text() == CLEAN for name in files)


def _spawn(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "cleaner", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def _corpus(tmp_path: Path, n: int) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    body = (ARTICLE * 40).encode()
    for i in range(n):
        (src / f"{i:04d}.txt").write_bytes(body)
    return src


def _no_partials(out: Path) -> None:
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_sigterm_leaves_only_complete_outputs(tmp_path: Path) -> None:
    # Enough documents that the run is still going well after its first outputs appear.
    total = 3000
    src = _corpus(tmp_path, total)
    out = tmp_path / "out"
    proc = _spawn(["clean", str(src), "-o", str(out), "-j", "1"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out / "0002.txt").exists():
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert b"interrupted" in stderr
    _no_partials(out)
    expected = runner.invoke(app, ["clean", str(src / "0000.txt")]).stdout
    done = list(out.glob("*.txt"))
    assert 0 < len(done) < total
    assert all(p.read_text() == expected for p in done)
    rerun = _spawn(["clean", str(src), "-o", str(out)])
    _, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    # Every output finished before the signal is reused; the one written in the instant the
    # signal arrived (on disk, not yet in the manifest) may be redone, never more.
    unchanged = int(re.search(rb"(\d+) unchanged", stderr).group(1))
    assert len(done) - 1 <= unchanged <= len(done)
    assert len(list(out.glob("*.txt"))) == total


def _cpu_limit(seconds: int) -> Callable[[], None]:
    """A preexec_fn: every process of the run is killed by the kernel past `seconds` of CPU time."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGXCPU dumps core by default: no core files

    return limit


def test_a_killed_worker_is_reported_and_rerun_completes(tmp_path: Path, write_pack) -> None:
    # No sleeps, no race with the run: the worker that takes the bad document spins in the
    # catastrophic pattern until the kernel kills it at its CPU limit. A run of 60 documents
    # takes each of its processes about a second of CPU, whatever the load, so only that
    # worker ever reaches the limit.
    pack = write_pack("slow.yaml", CATASTROPHIC)
    src = _corpus(tmp_path, 60)
    (src / "0030.txt").write_bytes(b"zzz" + b"a" * 60 + b".a.\n")  # keeps one worker busy for good
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", str(src), "-o", str(out), "-j", "2",
                             "--timeout", "0", "--rules", str(pack)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=_cpu_limit(8))
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 1, stderr
    assert b"a worker process died" in stderr
    assert not (out / "0030.txt").exists()
    (src / "0030.txt").write_text(ARTICLE)
    rerun = _spawn(["clean", str(src), "-o", str(out), "--rules", str(pack)])
    _, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    assert len(list(out.glob("*.txt"))) == 60
    _no_partials(out)  # what the killed worker had half written is swept up by the re-run


def test_two_runs_into_one_folder_do_not_corrupt_each_other(tmp_path: Path) -> None:
    src = _corpus(tmp_path, 80)
    out = tmp_path / "out"
    procs = [_spawn(["clean", str(src), "-o", str(out), "-j", "1", "--force"]) for _ in range(2)]
    codes = []
    for proc in procs:
        _, stderr = proc.communicate(timeout=300)
        # Overlapping, the second run is refused (the output is locked); one after the other, both run.
        assert proc.returncode == 0 or (proc.returncode == 2 and b"another cleaner run" in stderr), stderr
        codes.append(proc.returncode)
    assert 0 in codes
    assert not (out / ".cleaner.lock").exists()
    expected = runner.invoke(app, ["clean", str(src / "0000.txt")]).stdout
    assert all(p.read_text() == expected for p in out.glob("*.txt"))
    _no_partials(out)
    entries = [json.loads(line) for line in (out / NAME).read_text().splitlines()]
    assert sorted(e["key"] for e in entries) == sorted(f"{i:04d}.txt" for i in range(80))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(["text", "html"]))
def test_no_byte_string_crashes_the_pipeline(library: Library, data: bytes, kind: str) -> None:
    doc = Document("fuzz", kind, data=data)  # type: ignore[arg-type]
    try:
        result = clean_document(doc, library)
    except NotText:
        return  # refused as binary: reported, not a crash
    assert isinstance(result.text, str)
    assert result.text == "" or result.text.endswith("\n")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=400), min_size=1, max_size=6))
def test_every_input_gives_an_output_or_a_reported_error(tmp_path_factory, blobs: list[bytes]) -> None:
    root = tmp_path_factory.mktemp("batch")
    files = {f"f{i}.txt": blob for i, blob in enumerate(blobs)}
    result, out = clean_dir(root, files, "-q")
    reported = {m.split(": ")[1].rsplit("/", 1)[-1] for m in errors(result)}
    for name in files:
        assert (out / name).exists() != (name in reported), (name, result.stderr)
    assert result.exit_code == (1 if reported else 0)


@pytest.mark.slow
def test_a_ten_megabyte_line(tmp_path: Path) -> None:
    line = ("wörd “quoted” " * 700_000).strip().encode()
    result, out = clean_dir(tmp_path, {"long.txt": line})
    assert result.exit_code == 0
    assert (out / "long.txt").read_bytes() == line + b"\n"


@pytest.mark.slow
def test_a_large_jsonl_file_streams_in_bounded_memory(tmp_path: Path) -> None:
    """About 300 MB of records: memory must not grow with the file."""
    src = tmp_path / "big.jsonl"
    record = (json.dumps({"text": ARTICLE * 30}) + "\n").encode()
    with src.open("wb") as fh:
        for _ in range(300_000_000 // len(record)):
            fh.write(record)
    args = ["-m", "cleaner", "clean", str(src), "--format", "jsonl", "-o", str(tmp_path / "out.jsonl"),
            "-j", "2", "-q"]
    code = ("import resource, subprocess, sys;"
            f"p = subprocess.run([sys.executable, *{args!r}]);"
            "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    returncode, peak_kb = map(int, done.stdout.split())
    assert returncode == 0
    assert peak_kb < 300_000, f"peak RSS {peak_kb} KB"
    with (tmp_path / "out.jsonl").open("rb") as fh:
        assert sum(1 for _ in fh) == 300_000_000 // len(record)


@pytest.mark.slow
def test_a_real_500_megabyte_file_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    with (src / "huge.txt").open("wb") as fh:
        block = b"All work and no play. " * 50_000
        for _ in range(500_000_000 // len(block) + 1):
            fh.write(block)
    result = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "over the --max-bytes limit" in result.stderr
