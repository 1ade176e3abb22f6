"""`cleaner studio`: its JSON API driven over HTTP with urllib, as the page drives it."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from cleaner import load_library, selftest
from cleaner.cli import app
from cleaner.errors import CleanerError
from cleaner.studio import MainThread, StudioServer, Workspace, make_server

from .conftest import ROOT
from .corpusgen import SITES, generate
from .data import pack_text

runner = CliRunner()
SITE = "dailyledger.example.com"
ARTICLE = ("The council approved the plan on Tuesday after a long debate.\n\n"
           "Follow the Daily Bugle on Mastodon\n\nAdvertisment\n\n"
           "The mayor said work would start in spring, weather permitting.\n"
           "CafÃ© owners welcomed the decision &amp; the timetable.\n\n"
           "(With inputs from agencies)\n")
BUGLE_RULE = """  - id: bugle-follow
    kind: drop-line
    description: The Bugle's follow prompt.
    lines: ["Follow the Daily Bugle on Mastodon"]
    examples:
      match: ["Follow the Daily Bugle on Mastodon"]
      keep: ["The council approved the plan on Tuesday after a long debate."]
"""

Call = Callable[..., tuple[int, Any]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 articles of one site in a host-named folder, its furniture planted at known rates."""
    root = tmp_path_factory.mktemp("corpus")
    folder = root / SITE
    folder.mkdir()
    for i, article in enumerate(generate(SITE, 40, seed=3, families=SITES[SITE])):
        (folder / f"{i:03}.txt").write_text(article.text, encoding="utf-8")
    (folder / "bugle.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def _serve(workspace: Workspace) -> Iterator[StudioServer]:
    server = make_server(workspace, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        workspace.close()


@pytest.fixture
def pack_path(tmp_path: Path) -> Path:
    return tmp_path / "packs" / f"{SITE}.yaml"


@pytest.fixture
def server(corpus: Path, pack_path: Path) -> Iterator[StudioServer]:
    pack_path.parent.mkdir()
    yield from _serve(Workspace(corpus, [], False, pack_path))


def caller(server: StudioServer) -> Call:
    def call(path: str, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None
             ) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        sent = {"Content-Type": "application/json", **(headers or {})} if body is not None else headers or {}
        request = urllib.request.Request(server.url.rstrip("/") + path, data, sent)
        try:
            with urllib.request.urlopen(request, timeout=60) as res:
                return res.status, json.load(res)
        except urllib.error.HTTPError as exc:
            return exc.code, json.load(exc)

    return call


@pytest.fixture
def call(server: StudioServer) -> Call:
    return caller(server)


def _with_rule(pack: str, rule: str) -> str:
    assert pack.rstrip().endswith("rules: []")
    return pack.rstrip()[: -len("[]")].rstrip() + "\n" + rule


def test_page_and_state(server: StudioServer, call: Call, pack_path: Path) -> None:
    with urllib.request.urlopen(server.url, timeout=30) as res:
        page = res.read().decode()
    assert res.headers["Content-Type"].startswith("text/html") and 'id="pack-editor"' in page
    assert "<script src" not in page and "https://" not in page  # nothing fetched from elsewhere
    status, state = call("/api/state")
    assert status == 200 and state["pack_path"] == str(pack_path)
    assert "bugle.txt" in state["files"] and len(state["files"]) == state["total_files"] == 41
    # A starter pack named after the file; a host-like name makes it that site's pack.
    assert yaml.safe_load(state["pack"]) == {
        "name": SITE, "description": f"Furniture of {SITE} articles, written in cleaner studio.",
        "sites": [SITE, f"*.{SITE}"], "rules": []}


def test_a_pasted_article_is_cleaned_line_by_line(call: Call) -> None:
    _, state = call("/api/state")
    status, view = call("/api/clean", {"pack": state["pack"], "text": ARTICLE})
    assert status == 200
    # A removal is a "-" line with its rules; a changed line is a "-" (as it was in the input)
    # followed by a "+" that carries what changed it, here ftfy's repair.
    removed = [(op["text"], op["rules"]) for op in view["lines"] if op["sign"] == "-" and op["rules"]]
    assert removed == [("Advertisment", ["ad-marker"]),
                       ("(With inputs from agencies)", ["credit-with-inputs"])]
    changed = [(op["sign"], op["text"], op["rules"]) for op in view["lines"]
               if op["sign"] == "+" or (op["sign"] == "-" and not op["rules"])]
    assert changed == [("-", "CafÃ© owners welcomed the decision &amp; the timetable.", []),
                       ("+", "Café owners welcomed the decision & the timetable.", ["ftfy"])]
    kept = [op["text"] for op in view["lines"] if op["sign"] == " " and op["text"]]
    assert "Follow the Daily Bugle on Mastodon" in kept
    assert view["credits"] == ["agencies"]
    assert view["repairs"] == [{"line": 8,
                                "before": "CafÃ© owners welcomed the decision &amp; the timetable.",
                                "after": "Café owners welcomed the decision & the timetable."}]
    assert view["fixes"] == {"lines_fixed": 1, "entities": 1}
    assert "Advertisment" not in view["output"] and "Café owners" in view["output"]


def test_a_folder_article_is_read_by_its_listed_name_only(call: Call, corpus: Path) -> None:
    status, article = call("/api/article?name=bugle.txt")
    assert status == 200 and article == {"name": "bugle.txt", "kind": "text", "text": ARTICLE}
    _, state = call("/api/state")
    status, view = call("/api/clean", {"pack": state["pack"], "name": "bugle.txt"})
    assert status == 200 and any(op["rules"] == ["ad-marker"] for op in view["lines"])
    secret = corpus.parent / "secret.txt"
    secret.write_text("not for the page\n", encoding="utf-8")
    for name in ("../secret.txt", str(secret), "nope.txt"):
        status, answer = call(f"/api/article?name={urllib.request.quote(name)}")
        assert status == 404 and answer["error"] == f"{name}: not an article of the folder"


def test_check_gives_the_messages_of_rules_check(call: Call, pack_path: Path, tmp_path: Path) -> None:
    _, state = call("/api/state")
    status, ok = call("/api/check", {"pack": state["pack"]})
    assert status == 200 and ok == {"ok": True, "loaded": True, "rules": [],
                                    "messages": ["ok: 1 pack(s), 0 rules, 0 examples"]}
    cases = [
        _with_rule(state["pack"], BUGLE_RULE.replace("kind: drop-line", "kind: drop-lin")),  # schema
        _with_rule(state["pack"], BUGLE_RULE.replace('keep: ["The council', 'keep: ["Follow the Daily Bugle '
                                                     'on Mastodon", "The council')),  # a failing example
        state["pack"] + "  bad: [\n",  # YAML syntax
    ]
    for text in cases:
        _, got = call("/api/check", {"pack": text})
        assert not got["ok"]
        pack_path.write_text(text, encoding="utf-8")  # the same text, checked by the command
        done = runner.invoke(app, ["rules", "check", str(pack_path)])
        assert done.exit_code == 1
        expected = [line.removeprefix("cleaner: ") for line in done.stderr.splitlines()]
        assert got["messages"] == expected
    pack_path.unlink()


def test_a_pack_edit_changes_the_article_and_the_folder_counts(call: Call) -> None:
    _, state = call("/api/state")
    _, before = call("/api/counts", {"pack": state["pack"]})
    assert before["documents"] == 41 and before["rules"] == {} and not before["limited"]
    pack = _with_rule(state["pack"], BUGLE_RULE)
    _, view = call("/api/clean", {"pack": pack, "text": ARTICLE})
    bugle = next(op for op in view["lines"] if op["text"] == "Follow the Daily Bugle on Mastodon")
    assert bugle["sign"] == "-" and bugle["rules"] == ["bugle-follow"] and bugle["draft"]
    _, after = call("/api/counts", {"pack": pack})
    assert after["rules"] == {"bugle-follow": {"hits": 1, "documents": 1}}
    assert after["lines_removed"] == before["lines_removed"] + 1


def test_a_rule_made_from_a_line_passes_the_check(call: Call) -> None:
    _, state = call("/api/state")
    line, keep = "Follow the Daily Bugle on Mastodon", "The council approved the plan on Tuesday."
    status, made = call("/api/rule-from-line", {"pack": state["pack"], "line": line, "keep": keep})
    assert status == 200
    rules = yaml.safe_load(made["pack"])["rules"]
    assert rules == [{"id": "follow-the-daily-bugle-on-mastodon", "kind": "drop-line",
                      "description": 'The line "Follow the Daily Bugle on Mastodon".',
                      "lines": ["Follow the Daily Bugle on Mastodon"],
                      "examples": {"match": ["Follow the Daily Bugle on Mastodon"],
                                   "keep": ["The council approved the plan on Tuesday."]}}]
    _, check = call("/api/check", {"pack": made["pack"]})
    assert check["ok"], check
    status, again = call("/api/rule-from-line", {"pack": made["pack"], "line": line, "keep": keep})
    assert yaml.safe_load(again["pack"])["rules"][1]["id"] == "follow-the-daily-bugle-on-mastodon-2"
    status, err = call("/api/rule-from-line", {"pack": state["pack"], "line": "Some line", "keep": ""})
    assert status == 400 and "content line it must keep" in err["error"]


def test_suggest_accept_and_save_write_a_pack_that_passes_the_check(call: Call, pack_path: Path) -> None:
    _, state = call("/api/state")
    status, found = call("/api/suggest", {"pack": state["pack"], "min_docs": 3})
    assert status == 200 and found["site"] == SITE and found["documents"] == 41
    texts = {p["text"] for p in found["proposals"]}
    assert "— Daily Ledger Bureau" in texts  # planted at the end of half the articles
    pack = state["pack"]
    accepted = 0
    for proposal in found["proposals"]:
        if proposal["text"] == "Daily Ledger app: news that matters, on the go":
            continue  # rejected: it is simply not added
        rule = yaml.safe_load(proposal["yaml"])
        assert rule["id"] == proposal["id"] and rule["kind"] == "drop-line"
        if proposal["text"] == "— Daily Ledger Bureau":
            rule["description"] = "The bureau's sign-off."  # edited before accepting
        status, merged = call("/api/accept", {"pack": pack, "rule": yaml.safe_dump(rule),
                                              "sites": found["sites"]})
        assert status == 200
        pack = merged["pack"]
        accepted += 1
    status, dup = call("/api/accept", {"pack": pack, "rule": found["proposals"][0]["yaml"]})
    assert status == 400 and "already has a rule with id" in dup["error"]
    status, saved = call("/api/save", {"pack": pack})
    assert status == 200 and saved["saved"] == str(pack_path)
    assert pack_path.read_text(encoding="utf-8") == pack
    lib = load_library([pack_path])
    written = lib.packs[SITE].pack
    assert len(written.rules) == accepted and written.sites == [SITE, f"*.{SITE}"]
    assert "The bureau's sign-off." in {r.description for r in written.rules}
    assert selftest.check(lib, {pack_path.resolve()}) == []
    assert runner.invoke(app, ["rules", "check", str(pack_path)]).exit_code == 0
    # Only the chosen file was written in its folder.
    assert sorted(p.name for p in pack_path.parent.iterdir()) == [pack_path.name]


def test_save_refuses_a_pack_that_fails_the_check(call: Call, pack_path: Path) -> None:
    _, state = call("/api/state")
    bad = _with_rule(state["pack"], BUGLE_RULE.replace("kind: drop-line", "kind: drop-lin"))
    status, err = call("/api/save", {"pack": bad})
    assert status == 422 and err["error"].startswith("the pack does not pass the check, so it was not saved: "
                                                      f"{pack_path}:")
    assert not pack_path.exists()


def test_without_pack_nothing_is_saved(corpus: Path, tmp_path: Path) -> None:
    for server in _serve(Workspace(corpus, [], False, None)):
        call = caller(server)
        _, state = call("/api/state")
        assert state["pack_path"] is None and yaml.safe_load(state["pack"])["name"] == "draft"
        status, err = call("/api/save", {"pack": state["pack"]})
        assert status == 403 and "--pack FILE.yaml" in err["error"]


def test_requests_from_elsewhere_are_refused(server: StudioServer, call: Call) -> None:
    _, state = call("/api/state")
    # A plain form post (what another site could make a browser send) is not JSON.
    status, err = call("/api/save", {"pack": state["pack"]}, {"Content-Type": "text/plain"})
    assert status == 415 and "application/json" in err["error"]
    status, err = call("/api/state", None, {"Host": "evil.example.com"})
    assert status == 403 and "loopback" in err["error"]
    status, err = call("/api/nothing", {})
    assert status == 404
    request = urllib.request.Request(server.url + "api/check", b"{not json",
                                     {"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 400 and json.load(caught.value) == {"error": "the request is not valid JSON"}


def test_binding_beyond_loopback_needs_allow_remote(corpus: Path, tmp_path: Path) -> None:
    workspace = Workspace(corpus, [], False, None)
    try:
        with pytest.raises(CleanerError, match=r"not a loopback address.*--allow-remote"):
            make_server(workspace, "0.0.0.0", 0)
    finally:
        workspace.close()
    done = runner.invoke(app, ["studio", str(corpus), "--host", "0.0.0.0", "--port", "0"])
    assert done.exit_code == 2 and "--host 0.0.0.0 is not a loopback address" in done.stderr


def test_bad_arguments_are_one_line_errors(corpus: Path, tmp_path: Path) -> None:
    cases = [
        (["studio", str(tmp_path / "missing")], "no such folder"),
        (["studio", str(corpus), "--pack", str(tmp_path / "site.txt")], "a pack file name ends in .yaml"),
        (["studio", str(corpus), "--pack", str(tmp_path / "no" / "site.yaml")], "does not exist"),
    ]
    for args, message in cases:
        done = runner.invoke(app, args)
        assert done.exit_code == 2 and message in done.stderr and "Traceback" not in done.output
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = runner.invoke(app, ["studio", str(corpus), "--port", str(port)])
        assert done.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in done.stderr
        assert "--port 0 picks a free port" in done.stderr


def test_the_pack_file_beside_other_rules_is_edited_not_loaded_twice(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    path = folder / "bugle.yaml"
    path.write_text("name: bugle\nrules: []\n", encoding="utf-8")
    workspace = Workspace(corpus, [folder], False, path)
    try:
        assert "bugle" not in workspace.base.packs
        assert workspace.initial_pack() == "name: bugle\nrules: []\n"
        assert workspace.check(workspace.initial_pack())["ok"]
    finally:
        workspace.close()


def test_the_command_prints_its_url_and_stops_on_ctrl_c(corpus: Path, tmp_path: Path) -> None:
    pack = tmp_path / "site.yaml"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "studio", str(corpus), "--port", "0",
                             "--pack", str(pack)], stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()
        found = re.fullmatch(r"cleaner studio: (http://127\.0\.0\.1:(\d+)/)  \(Ctrl-C to stop\)\n", first)
        assert found and int(found.group(2)) > 0, first
        assert proc.stderr.readline() == f"saving to {pack}\n"
        with urllib.request.urlopen(found.group(1) + "api/state", timeout=60) as res:
            assert json.load(res)["pack_path"] == str(pack)
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0
    assert not pack.exists()  # nothing saved, nothing written


def test_accepting_a_rule_keeps_the_pack_as_written(call: Call) -> None:
    pack = ("# my notes on this site\nname: bugle\nrules:\n  # the oldest rule\n"
            + BUGLE_RULE.replace("bugle-follow", "bugle-old") + "\n# more to come\n")
    rule = BUGLE_RULE.replace("  - id: bugle-follow", "id: bugle-new").replace("\n    ", "\n")
    status, merged = call("/api/accept", {"pack": pack, "rule": rule, "sites": ["bugle.example"]})
    assert status == 200
    text = merged["pack"]
    assert text.startswith("# my notes on this site\nname: bugle\nsites: [\"bugle.example\"]\nrules:\n"
                           "  # the oldest rule\n  - id: bugle-old\n")
    assert text.endswith(
        "\n  - id: bugle-new\n    kind: drop-line\n    description: The Bugle's follow prompt.\n"
        "    lines:\n    - Follow the Daily Bugle on Mastodon\n    examples:\n      match:\n"
        "      - Follow the Daily Bugle on Mastodon\n      keep:\n"
        "      - The council approved the plan on Tuesday after a long debate.\n\n# more to come\n")
    data = yaml.safe_load(text)
    assert [r["id"] for r in data["rules"]] == ["bugle-old", "bugle-new"]
    assert data["sites"] == ["bugle.example"]
    # A layout it cannot edit in place (rules in flow style) is rewritten whole, to the same pack.
    flow = ("name: bugle\nrules: [{id: a, kind: drop-line, description: d, lines: [Q], "
            "examples: {match: [Q], keep: [K k.]}}]\n")
    status, merged = call("/api/accept", {"pack": flow, "rule": rule})
    assert status == 200 and [r["id"] for r in yaml.safe_load(merged["pack"])["rules"]] == ["a", "bugle-new"]
    status, err = call("/api/accept", {"pack": pack, "rule": "- just\n- a list\n"})
    assert status == 400 and "a rule is a mapping" in err["error"]
    status, err = call("/api/accept", {"pack": "rules: [\n", "rule": rule})
    assert status == 400 and err["error"].startswith("fix the pack's YAML first")


def test_an_unreadable_pack_file_stops_the_start(corpus: Path, tmp_path: Path) -> None:
    pack = tmp_path / "site.yaml"
    pack.write_bytes(b"name: \xff\xfe\n")
    done = runner.invoke(app, ["studio", str(corpus), "--pack", str(pack), "--port", "0"])
    assert done.exit_code == 2 and done.stderr.startswith(f"cleaner: {pack}: cannot read:")
    assert pack.read_bytes() == b"name: \xff\xfe\n"


SLOW = pack_text("runaway")


def test_a_runaway_pattern_is_stopped_and_the_studio_goes_on(corpus: Path) -> None:
    runner = MainThread()
    workspace = Workspace(corpus, [], False, None, timeout=1.0)
    server = make_server(workspace, "127.0.0.1", 0, runner=runner)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    answers: dict[str, tuple[int, Any]] = {}

    def client() -> None:
        call = caller(server)
        try:
            answers["check"] = call("/api/check", {"pack": SLOW})
            answers["slow"] = call("/api/clean", {"pack": SLOW, "text": "Some text.\n" + "a" * 40 + "\n"})
            answers["after"] = call("/api/clean", {"pack": SLOW, "text": "Some text.\n"})
        finally:
            runner.stop()

    thread = threading.Thread(target=client)
    thread.start()
    try:
        runner.run()  # the work runs here, in the main thread, as under `cleaner studio`
    finally:
        thread.join(60)
        server.shutdown()
        server.server_close()
        workspace.close()
    check, slow, after = answers["check"][1], answers["slow"], answers["after"]
    assert any("can backtrack catastrophically" in m for m in check["messages"])
    assert slow[0] == 422 and slow[1]["error"].startswith("cleaning took longer than 1s in rule slow-pattern")
    assert after[0] == 200 and after[1]["output"] == "Some text.\n"
