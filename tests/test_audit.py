"""Every removal accounted for: audit records, the run report, the guard, quarantine and diff."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from cleaner import Library, clean_text
from cleaner.cli import app
from cleaner.pipeline import Cleaned

from .data import ARTICLE, CLEAN, pack_text
from .test_properties import documents

runner = CliRunner()

GREEDY = pack_text("greedy")


def test_audit_has_one_record_per_removal_with_ids(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    audit = tmp_path / "audit.jsonl"
    result = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "out"), "--audit", str(audit)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in audit.read_text(encoding="utf-8").splitlines()]
    removals = [r for r in records if r["kind"] != "ftfy"]
    assert [(r["rule"], r["line"]) for r in removals] == [
        ("ad-marker", 3), ("also-read", 5), ("credit-with-inputs", 11)]
    assert all(r["doc"] == str(src) and r["pack"] for r in removals)
    credit = removals[-1]
    assert credit["replacement"] == "" and credit["credit"] == "agencies"
    assert credit["text"].strip() == "(With inputs from agencies)"


def test_ftfy_repairs_are_counted_in_the_audit(tmp_path: Path) -> None:
    src = tmp_path / "m.txt"
    src.write_text("They donâ€™t agree &amp; never will.\nPlain line.\nIt cost Â£5m.\n", encoding="utf-8")
    audit = tmp_path / "audit.jsonl"
    runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "o"), "--audit", str(audit)])
    (ftfy,) = [json.loads(x) for x in audit.read_text().splitlines() if '"ftfy"' in x]
    assert ftfy == {"doc": str(src), "kind": "ftfy", "lines_fixed": 2, "entities": 1}


def _replay(result: Cleaned) -> str:
    """Input minus the audit: drop the removed lines and apply each replacement, in line order."""
    gone = {h.line for h in result.hits if h.replacement is None}
    kept = dict(result.kept)
    lines = []
    for num, text in result.lines:
        if num in gone:
            continue
        if not text.strip():
            lines.append((num, text))
            continue
        for h in (h for h in result.hits if h.line == num and h.replacement is not None):
            assert h.column is not None, h
            at = h.column - 1
            assert text[at:at + len(h.text)] == h.text, (h, text)
            text = text[:at] + h.replacement + text[at + len(h.text):]
        if text.strip():
            lines.append((num, text))
        else:
            assert num not in kept
    assert [n for n, t in lines if t.strip()] == [n for n, t in result.kept if t.strip()]
    from cleaner.normalize import join_lines

    return join_lines(lines, result.tidy)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_input_minus_audit_equals_output(library: Library, text: str) -> None:
    result = clean_text(text, library.profile())
    assert _replay(result) == result.text


def test_guard_flags_and_quarantines_an_emptied_document(tmp_path: Path, write_pack) -> None:
    pack = write_pack("greedy.yaml", GREEDY)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "b.txt").write_text("1234 5678\n", encoding="utf-8")
    quarantine, report = tmp_path / "q", tmp_path / "report.json"
    args = ["clean", str(src), "-o", str(tmp_path / "out"), "--rules", str(pack), "--quarantine",
            str(quarantine), "--report", str(report)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "over limit  1 document(s) flagged" in result.stderr
    assert (tmp_path / "out" / "a.txt").read_text() == ""  # default: the cleaned text is written
    # Named by its path relative to the input folder, its extension once: not a.txt.txt.
    assert sorted(p.name for p in quarantine.iterdir()) == ["a.txt", "a.txt.audit.jsonl"]
    assert (quarantine / "a.txt").read_text(encoding="utf-8") == ARTICLE
    assert "greedy-everything" in (quarantine / "a.txt.audit.jsonl").read_text(encoding="utf-8")
    data = json.loads(report.read_text())
    assert data["over_limit"][0]["doc"] == str(src / "a.txt")
    assert "removed 100% of the text" in data["over_limit"][0]["reason"]

    original = runner.invoke(app, [*args[:3], str(tmp_path / "orig"), *args[4:6], "--over-limit", "original"])
    assert original.exit_code == 0
    tidy = "".join(line.rstrip() + "\n" for line in ARTICLE.splitlines())
    assert (tmp_path / "orig" / "a.txt").read_text() == tidy
    skipped = runner.invoke(app, [*args[:3], str(tmp_path / "skip"), *args[4:6], "--over-limit", "skip"])
    assert skipped.exit_code == 0 and "1 skipped" in skipped.stderr
    assert not (tmp_path / "skip" / "a.txt").exists() and (tmp_path / "skip" / "b.txt").exists()


def test_over_limit_skip_leaves_a_flagged_record_out_of_its_mirrored_file(tmp_path: Path, write_pack) -> None:
    pack = write_pack("greedy.yaml", GREEDY)
    src = tmp_path / "in"
    src.mkdir()
    records = [{"id": "a", "text": ARTICLE}, {"id": "b", "text": "1234 5678\n"}]
    (src / "crawl.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out"
    args = ["clean", str(src), "-o", str(out), "--rules", str(pack), "--over-limit", "skip"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "1 skipped" in result.stderr
    written = [json.loads(line) for line in (out / "crawl.jsonl").read_text().splitlines()]
    assert [r["id"] for r in written] == ["b"] and written[0]["text"] == "1234 5678\n"


def test_report_counts_rules_packs_sites_dead_rules_and_provenance(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"{i}.txt").write_text(ARTICLE, encoding="utf-8")
    report = tmp_path / "r.json"
    result = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "o"), "--report", str(report)])
    assert result.exit_code == 0
    data = json.loads(report.read_text())
    assert data["documents"] == 3 and data["failed"] == 0 and data["lines_removed"] == 9
    assert data["hits_per_rule"] == {"ad-marker": 3, "also-read": 3, "credit-with-inputs": 3}
    assert data["hits_per_pack"]["ads"] == 3
    assert data["documents_per_site"] == {"default": 3}
    assert data["credits"] == {"agencies": 3}
    assert ("ad-marker" not in data["dead_rules"] and "story-continues" in " ".join(data["dead_rules"])) or \
        len(data["dead_rules"]) > 50
    assert len(data["samples"]["ad-marker"]) == 3
    assert {p["name"] for p in data["packs"]} >= {"ads", "promo", "credits"}
    assert all(len(p["sha256"]) == 64 for p in data["packs"])
    assert data["ftfy"]["default"]["uncurl_quotes"] is False
    assert data["version"]


def test_diff_annotates_removed_lines_with_rule_ids(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["diff", str(src)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"--- {src}", f"+++ {src} (cleaned)"]
    assert "-Advertisment    [ad-marker]" in lines
    assert "-Also read: Markets rally as oil falls    [also-read]" in lines
    assert "+    [credit-with-inputs]" not in lines
    assert any(line.startswith("-(With inputs from agencies)") and "credit-with-inputs" in line
               for line in lines)
    assert " Russia rejects swapping" in lines
    assert all(line[:1] in "-+ @#" for line in lines)
    assert CLEAN.splitlines()[0] in result.stdout


def test_diff_errors(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["diff", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "no such file" in missing.stderr
    (tmp_path / "x.jsonl").write_text("{}\n")
    jsonl = runner.invoke(app, ["diff", str(tmp_path / "x.jsonl")])
    assert jsonl.exit_code == 2 and "one document" in jsonl.stderr
    folder = runner.invoke(app, ["diff", str(tmp_path)])  # a folder is not "no such file"
    assert folder.exit_code == 2 and "is a folder" in folder.stderr and "no such" not in folder.stderr
