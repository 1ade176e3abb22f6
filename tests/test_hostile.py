"""Hostile inputs (issue 11): deep JSON, decompression bombs, FIFOs and devices, huge pages,
YAML tags, inputs that do not clean to a fixed point, long record ids. Each is one error
line for that input, or a correct result; never a crash, a hang or unbounded memory."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import clean_text, load_library
from cleaner.cli import app
from cleaner.documents import MAX_NAME_BYTES, Fields, documents, safe_name
from cleaner.errors import PackError
from cleaner.types import DropReason

from .conftest import ROOT

runner = CliRunner()


def _lines(result_stderr: str) -> list[str]:
    return [x for x in result_stderr.splitlines() if x.startswith("cleaner: ")]


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text and "Error:" not in text.replace("cleaner:", ""), text[-2000:]


# -- nesting ---------------------------------------------------------------------------------

def test_a_record_nested_5000_deep_is_one_error_and_the_other_records_survive(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    near = 985  # parses in Python, but writing it back out would hit the recursion limit
    src.write_text("\n".join([
        json.dumps({"id": "one", "text": "First record."}),
        '{"id": "deep", "x": ' + "[" * 5000 + "]" * 5000 + "}",
        '{"id": "near", "text": "Hi.", "x": ' + "[" * near + "]" * near + "}",
        '{"id": "obj", "text": "Hi.", "x": ' + '{"a": ' * 100 + "1" + "}" * 100 + "}",
        json.dumps({"id": "two", "text": "Last record."}),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["clean", str(src), "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 1
    _no_traceback(result.output)
    errors = _lines(result.stderr)
    assert [e.split(": ", 2)[1] for e in errors] == [f"{src}:2", f"{src}:3", f"{src}:4"]
    assert all(e.endswith("JSON nested more than 64 levels deep; record skipped") for e in errors)
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["text"]) for r in records] == [("one", "First record.\n"), ("two", "Last record.\n")]


# -- bombs and --max-bytes ---------------------------------------------------------------------

def _bomb(path: Path, megabytes: int) -> None:
    """A .jsonl.gz (or .jsonl) whose second line is `megabytes` MiB, written in pieces."""
    with gzip.open(path, "wb", compresslevel=1) if path.suffix == ".gz" else open(path, "wb") as fh:
        fh.write(b'{"id": "a", "text": "First record."}\n{"id": "b", "text": "')
        chunk = b"a" * (1 << 20)
        for _ in range(megabytes):
            fh.write(chunk)
        fh.write(b'"}\n{"id": "c", "text": "Last record."}\n')


@pytest.mark.parametrize("name", ["bomb.jsonl.gz", "big.jsonl"])
def test_an_oversized_decompressed_line_is_skipped_without_being_held(tmp_path: Path, name: str) -> None:
    bomb = tmp_path / name
    _bomb(bomb, 64)
    tracemalloc.start()
    try:
        items = list(documents([(bomb, Path(name))], Fields(), max_bytes=1_000_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000, f"peak {peak:,} bytes while skipping a 64 MiB line"
    assert [i.drop.reason if i.drop else None for i in items] == [None, DropReason.TOO_LARGE, None]
    failure = items[1]
    assert failure.id == f"{bomb}:2" and failure.data is None
    assert failure.error == ("67.1 MB is over the --max-bytes limit of 1 MB; record skipped "
                             "(raise --max-bytes)")
    assert [i.data for i in items if i.drop is None] == ["First record.", "Last record."]


def _peak_rss(args: list[str], cwd: Path) -> tuple[int, int, bytes]:
    """Run the CLI in a child process; its exit code, peak RSS (bytes) and stderr."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open(cwd / "stderr", "wb") as err:
        child = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", *args], cwd=cwd, env=env,
                                 stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, usage.ru_maxrss * 1024, (cwd / "stderr").read_bytes()


def test_the_cli_stays_in_bounded_memory_on_a_gzip_bomb(tmp_path: Path) -> None:
    """A 1 MB .jsonl.gz that expands to one 256 MiB line costs no more than a tiny input
    does, give or take a few --max-bytes buffers (it used to cost the line three times)."""
    small = tmp_path / "small.jsonl"
    small.write_text('{"id": "a", "text": "First record."}\n', encoding="utf-8")
    bomb = tmp_path / "bomb.jsonl.gz"
    _bomb(bomb, 256)
    common = ["--format", "jsonl", "--max-bytes", "5000000", "-q"]
    code, base, _ = _peak_rss([str(small), "-o", "s.jsonl", *common], tmp_path)
    assert code == 0
    code, peak, stderr = _peak_rss([str(bomb), "-o", "b.jsonl", *common], tmp_path)
    assert code == 1, stderr
    assert b"bomb.jsonl.gz:2: 268.4 MB is over the --max-bytes limit of 5 MB" in stderr
    assert peak - base < 64 * 2**20, f"{(peak - base) / 2**20:.0f} MiB over a tiny run"
    out = [json.loads(x)["id"] for x in (tmp_path / "b.jsonl").read_text().splitlines()]
    assert out == ["a", "c"]


def test_max_bytes_bounds_stdin_text_and_each_stdin_record() -> None:
    big = b"word " * 400  # 2,000 bytes on one line
    result = runner.invoke(app, ["clean", "--max-bytes", "1000"], input=big + b"\n" + big)
    assert result.exit_code == 1 and result.stdout == ""
    assert _lines(result.stderr) == [
        "cleaner: <stdin>: more than the --max-bytes limit of 1 kB; skipped (raise --max-bytes)"]
    records = (json.dumps({"id": "x", "text": "w " * 600}) + "\n" + json.dumps({"id": "y", "text": "Kept."})
               + "\n").encode()
    result = runner.invoke(app, ["clean", "--max-bytes", "1000"], input=records)
    assert result.exit_code == 1
    assert _lines(result.stderr)[0] == ("cleaner: <stdin>:1: 1.2 kB is over the --max-bytes limit of "
                                        "1 kB; record skipped (raise --max-bytes)")
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["y"]


@pytest.mark.parametrize("input_format", ["jsonl", "auto"])
def test_gzip_compressed_stdin_is_decompressed(input_format: str) -> None:
    data = (json.dumps({"id": "a", "text": "Advertisement\nThe talks resumed."}) + "\n").encode()
    result = runner.invoke(app, ["clean", "--input-format", input_format], input=gzip.compress(data))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["text"] == "The talks resumed.\n"
    text = runner.invoke(app, ["clean"], input=gzip.compress(b"Advertisement\nPlain text.\n"))
    assert text.exit_code == 0 and text.stdout == "Plain text.\n"


# -- FIFOs and devices -------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifos_and_devices_are_named_and_skipped_never_read(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Advertisement\nThe talks resumed.\n", encoding="utf-8")
    os.mkfifo(src / "pipe.txt")  # in the folder walked
    os.mkfifo(tmp_path / "named.jsonl")  # named on the command line
    inputs = [str(src), str(tmp_path / "named.jsonl")]
    if Path("/dev/zero").exists():
        inputs.append("/dev/zero")
    # A child process with a safety-net timeout: the failure this test guards against is a hang.
    done = subprocess.run([sys.executable, "-m", "cleaner", "clean", *inputs, "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1
    errors = set(_lines(done.stderr))
    assert f"cleaner: {src / 'pipe.txt'}: a FIFO, not a regular file; skipped" in errors
    assert f"cleaner: {tmp_path / 'named.jsonl'}: a FIFO, not a regular file; skipped" in errors
    if "/dev/zero" in inputs:
        assert "cleaner: /dev/zero: a character device, not a regular file; skipped" in errors
    (written,) = (tmp_path / "out").rglob("a.txt")  # mirrored under the inputs' common folder
    assert written.read_text() == "The talks resumed.\n"


def test_a_file_that_becomes_a_fifo_after_listing_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "late.txt"
    os.mkfifo(path)  # as if swapped in after the inputs were listed: the worker opens it
    script = ("import sys; from pathlib import Path; from cleaner import load_library; "
              "from cleaner.batch import Options, process; from cleaner.documents import file_document; "
              "print(process(file_document(Path(sys.argv[1]), Path('late.txt')), load_library(), "
              "Options(outdir=Path(sys.argv[2]))).error)")
    # A child process with a safety-net timeout: the failure this test guards against is a hang.
    done = subprocess.run([sys.executable, "-c", script, str(path), str(tmp_path / "o")], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout == "a FIFO, not a regular file; skipped\n", done.stderr


def test_a_rule_pack_that_is_not_a_regular_file_is_refused_not_read(tmp_path: Path) -> None:
    from cleaner.yamlsrc import load_yaml

    os.mkfifo(tmp_path / "pack.yaml")
    with pytest.raises(PackError, match="not a regular file"):
        load_yaml(tmp_path / "pack.yaml")


# -- huge pages --------------------------------------------------------------------------------

def test_a_page_of_many_tiny_elements_is_refused_like_max_bytes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "huge.html").write_text("<html><body><article><p>Text here.</p>" + "<i>x</i>" * 300_000
                                   + "</article></body></html>", encoding="utf-8")
    (src / "ok.html").write_text("<html><body><article><p>The talks resumed on Monday.</p>"
                                 + "<i>x</i>" * 50 + "</article></body></html>", encoding="utf-8")
    result = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert _lines(result.stderr) == [
        f"cleaner: {src / 'huge.html'}: more than 200,000 HTML elements (the --max-elements limit); "
        "skipped (raise --max-elements)"]
    assert (tmp_path / "out" / "ok.txt").read_text().startswith("The talks resumed on Monday.")
    # The option moves the limit both ways; records' HTML is bounded the same way.
    low = runner.invoke(app, ["clean", str(src / "ok.html"), "--max-elements", "20"])
    assert low.exit_code == 1 and "more than 20 HTML elements" in low.stderr
    record = json.dumps({"id": "r", "html": "<p>Hi.</p>" * 30})
    result = runner.invoke(app, ["clean", "--max-elements", "20"], input=record + "\n")
    assert result.exit_code == 1 and "<stdin>:1: more than 20 HTML elements" in result.stderr


# -- rule packs --------------------------------------------------------------------------------

PACK = """name: tagged
rules:
  - id: a-rule
    kind: drop-line
    description: tagged value below
    pattern: {value}
    examples: {{match: ["x"]}}
"""


@pytest.mark.parametrize(("value", "message"), [
    ("!custom 'x'", "unknown YAML tag '!custom'"),
    ("!!python/name:os.system", "unknown YAML tag '!!python/name:os.system'"),
    ("!!python/object/apply:os.system ['echo hi']", "unknown YAML tag '!!python/object/apply:os.system'"),
    ("!!binary aGVsbG8=", "unknown YAML tag '!!binary'"),
    ("!mine {a: 1}", "unknown YAML tag '!mine'"),
    ("!!int abc", "value 'abc' is not a valid !!int"),
])
def test_an_unknown_yaml_tag_is_one_line_with_file_and_line(write_pack, value: str, message: str) -> None:
    pack = write_pack("tagged.yaml", PACK.format(value=value))
    with pytest.raises(PackError) as caught:
        load_library([pack], no_default=True)
    assert str(caught.value).startswith(f"{pack}:6: {message}")
    result = runner.invoke(app, ["clean", "--rules", str(pack), "--no-default"], input="x\n")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"cleaner: {pack}:6: {message}") and result.stderr.count("\n") == 1


# -- correctness -------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"0\xc2\xa0\xc2\x8a\xc2\xaf\n", b"\xc2\x9b\xc3\x91\r&nbsp;\r",
                                  b"Tom &amp;amp; Jerry\r\r\nA\xc3\x83<b>\xc2\xa9</b> line\n"])
def test_cleaning_the_output_again_gives_identical_bytes(data: bytes) -> None:
    once = runner.invoke(app, ["clean"], input=data)
    assert once.exit_code == 0, once.output
    twice = runner.invoke(app, ["clean"], input=once.stdout_bytes)
    assert twice.exit_code == 0 and twice.stdout_bytes == once.stdout_bytes


def test_replace_hits_record_their_column_and_replay_exactly(tmp_path: Path) -> None:
    line = "He said <b>no</b> and <b>yes</b> twice."
    result = clean_text(line + "\n", load_library().profile())
    tags = [(h.text, h.column) for h in result.hits if h.rule == "html-tag"]
    # Each column is where the span stands once the line's earlier hits are applied.
    assert tags == [("<b>", 9), ("</b>", 11), ("<b>", 16), ("</b>", 19)]
    text = line
    for h in result.hits:
        assert h.column is not None and h.replacement is not None
        at = h.column - 1
        assert text[at:at + len(h.text)] == h.text
        text = text[:at] + h.replacement + text[at + len(h.text):]
    assert text + "\n" == result.text == "He said no and yes twice.\n"
    src = tmp_path / "a.txt"
    src.write_text(line + "\n", encoding="utf-8")
    audit = tmp_path / "audit.jsonl"
    runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "o"), "--audit", str(audit)])
    records = [json.loads(x) for x in audit.read_text().splitlines()]
    assert [r["column"] for r in records if r.get("rule") == "html-tag"] == [9, 11, 16, 19]


def test_a_mojibake_pair_joined_by_a_replace_is_refixed_and_audited() -> None:
    result = clean_text("Caf\u00c3<b>\u00a9</b> open\n", load_library().profile())
    assert result.text == "Café open\n"
    (refix,) = [h for h in result.hits if h.kind == "refix"]
    assert (refix.text, refix.replacement, refix.column) == ("Caf\u00c3\u00a9 open", "Café open", 1)


def test_a_record_id_of_200_cjk_characters_gets_a_short_stable_unique_name(tmp_path: Path) -> None:
    long_id = "新闻" * 100
    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in [
        (long_id, "One."), (long_id + "x", "Two.")]), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(src), "-o", str(out), "--format", "txt"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (out / "a").iterdir())
    assert len(names) == 2 and all(len(n.encode()) <= MAX_NAME_BYTES + len(".txt") for n in names)
    assert all(n.startswith("新闻" * 30) for n in names)
    assert {(out / "a" / n).read_text() for n in names} == {"One.\n", "Two.\n"}
    assert f"{safe_name(long_id)}.txt" in names and safe_name(long_id) == safe_name(long_id)


@pytest.mark.parametrize("text", ["ID3 tags carry the artist name.", "GIF89 was a good year.",
                                  "OggS is a container.", "%PDF files are everywhere.", "BZh? No.",
                                  "RIFF raff."])
def test_text_that_merely_starts_like_a_file_signature_is_text(tmp_path: Path, text: str) -> None:
    result = runner.invoke(app, ["clean"], input=(text + "\n").encode())
    assert result.exit_code == 0 and result.stdout == text + "\n", result.output
