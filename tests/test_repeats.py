"""Corpus mode: lines repeated across a site's documents in a batch are removed as rule `repeat`."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import Library, clean
from cleaner.cli import app
from cleaner.pipeline import clean_text
from cleaner.repeatguard import guarded
from cleaner.repeats import Settings, drop, learn_texts, sample_files

runner = CliRunner()

NAV = "Home | World | Business | Sports | Opinion"
FOOTER = "Daily Example — independent since 1921"
PROSE = ("The Daily Example has covered the city council, its budget and its elections "
         "for more than a century.")
TOPICS = ["budget", "bridge", "library", "harbour", "school", "tram", "park", "museum", "market",
          "stadium", "clinic", "airport"]


def article(i: int, *, extra: tuple[str, ...] = (), prose: bool = False) -> str:
    """A short article whose content differs from one document to the next."""
    topic = TOPICS[i % len(TOPICS)]
    lines = [NAV, "", f"Council weighs the {topic} plan, round {i}", "",
             f"The council debated the {topic} plan for the {i}th time on Tuesday, and members "
             f"asked for {i + 2} more weeks to study its cost.", "",
             f"Residents who spoke about the {topic} said they wanted answers before the vote "
             f"in {2000 + i}.", ""]
    if prose:
        lines += [PROSE, ""]
    lines += [*extra, FOOTER, ""]
    return "\n".join(lines)


def write_site(root: Path, host: str, n: int, **kw: object) -> list[Path]:
    folder = root / host
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"a{i:02d}.txt"
        path.write_text(article(i, **kw), encoding="utf-8")  # type: ignore[arg-type]
        paths.append(path)
    return paths


def run_clean(*args: str) -> None:
    result = runner.invoke(app, ["clean", *args, "-q"])
    assert result.exit_code == 0, result.output


def test_the_html_report_lists_the_repeats_with_their_support(tmp_path: Path) -> None:
    write_site(tmp_path / "in", "news.example.com", 10)
    run_clean(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Corpus mode: repeated lines (2)" in page
    assert "news.example.com (10 sampled, 2 repeats)" in page
    assert html.escape(NAV) in page and html.escape(FOOTER) in page
    assert "in 10 of 10 documents of news.example.com" in page


def audit_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_footer_and_nav_repeated_across_a_site_are_removed_with_support(tmp_path: Path) -> None:
    write_site(tmp_path / "in", "news.example.com", 10)
    run_clean(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--audit", str(tmp_path / "audit.jsonl"),
              "--report", str(tmp_path / "report.json"))
    out = (tmp_path / "out" / "news.example.com" / "a03.txt").read_text(encoding="utf-8")
    assert NAV not in out and FOOTER not in out
    assert out.startswith("Council weighs the harbour plan, round 3\n")
    repeats = [r for r in audit_of(tmp_path / "audit.jsonl") if r["rule"] == "repeat"]
    assert len(repeats) == 20
    assert {r["text"] for r in repeats} == {NAV, FOOTER}
    assert {(r["pack"], r["kind"], r["support"]) for r in repeats} == {
        ("corpus", "drop-line", "in 10 of 10 documents of news.example.com")}
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["hits_per_rule"]["repeat"] == 20
    assert report["repeats"]["sites"] == {"news.example.com": {"sampled": 10, "repeats": 2}}
    removed = {(r["rule"], r["site"], r["text"], r["docs"], r["of"], r["count"])
               for r in report["repeats"]["removed"]}
    assert removed == {("repeat", "news.example.com", NAV, 10, 10, 10),
                       ("repeat", "news.example.com", FOOTER, 10, 10, 10)}


def test_explain_prints_the_support(tmp_path: Path) -> None:
    write_site(tmp_path / "in", "news.example.com", 6)
    result = runner.invoke(app, ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                 "--explain", "-q"])
    assert result.exit_code == 0, result.output
    assert (f'a00.txt:1: repeat: "{NAV}" (in 6 of 6 documents of news.example.com)'
            in result.output)


def test_a_template_with_varying_headlines_is_removed(tmp_path: Path) -> None:
    folder = tmp_path / "in" / "news.example.com"
    folder.mkdir(parents=True)
    for i in range(8):
        teaser = f"More from Example: {TOPICS[i].title()} crews start work on {TOPICS[i + 1]} site"
        (folder / f"a{i}.txt").write_text(article(i, extra=(teaser, "")), encoding="utf-8")
    run_clean(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "r.json"))
    for i in range(8):
        assert "More from Example" not in (tmp_path / "out" / "news.example.com" / f"a{i}.txt").read_text()
    removed = json.loads((tmp_path / "r.json").read_text())["repeats"]["removed"]
    assert {(r["kind"], r["text"], r["count"]) for r in removed} >= {("template", "More from Example:", 8)}


def test_a_prose_sentence_repeated_in_every_document_is_kept(tmp_path: Path) -> None:
    write_site(tmp_path / "in", "news.example.com", 10, prose=True)
    run_clean(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    for i in range(10):
        out = (tmp_path / "out" / "news.example.com" / f"a{i:02d}.txt").read_text(encoding="utf-8")
        assert PROSE in out
        assert NAV not in out


def test_datelines_and_quotes_repeated_everywhere_are_kept(tmp_path: Path) -> None:
    dateline, quote = "NEW DELHI:", "“We will not stop,” the mayor said."
    write_site(tmp_path / "in", "news.example.com", 8, extra=(dateline, "", quote, ""))
    run_clean(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    out = (tmp_path / "out" / "news.example.com" / "a01.txt").read_text(encoding="utf-8")
    assert dateline in out and quote in out and FOOTER not in out


def test_guards() -> None:
    assert guarded("WASHINGTON (Reuters) -")
    assert guarded("NEW DELHI:")
    assert guarded("LONDON, Dec 3 (Reuters) - Shares fell on Tuesday as investors weighed the data.")
    assert guarded("\"This is not over,\" she said.")
    assert guarded(PROSE)
    assert not guarded(NAV)
    assert not guarded(FOOTER)
    assert not guarded("ALSO READ: Council weighs the bridge plan")
    assert not guarded("Subscribe to our newsletter.")


def test_sites_are_counted_apart(tmp_path: Path) -> None:
    # The nav and footer are in 10 documents in all, but only in 4 of each of these sites.
    for host in ("a.example.com", "b.example.org"):
        write_site(tmp_path / "in", host, 4)
    write_site(tmp_path / "in", "c.example.net", 6)
    run_clean(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    for host in ("a.example.com", "b.example.org"):
        out = (tmp_path / "out" / host / "a00.txt").read_text(encoding="utf-8")
        assert NAV in out and FOOTER in out
    out = (tmp_path / "out" / "c.example.net" / "a00.txt").read_text(encoding="utf-8")
    assert NAV not in out and FOOTER not in out


def test_share_threshold(tmp_path: Path) -> None:
    # In 5 of 20 documents: enough documents, but a share of 0.25 under the default 0.3.
    folder = tmp_path / "in" / "news.example.com"
    folder.mkdir(parents=True)
    for i in range(20):
        text = article(i).replace(NAV + "\n", "" if i >= 5 else NAV + "\n").replace(FOOTER, "")
        (folder / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
    run_clean(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert NAV in (folder.parent.parent / "out" / "news.example.com" / "a00.txt").read_text()
    run_clean(str(tmp_path / "in"), "-o", str(tmp_path / "out2"), "--repeat-min-share", "0.2")
    assert NAV not in (tmp_path / "out2" / "news.example.com" / "a00.txt").read_text()


def test_without_a_host_the_input_folder_is_the_site(tmp_path: Path) -> None:
    for part in ("one", "two"):
        folder = tmp_path / "in" / part
        folder.mkdir(parents=True)
        for i in range(3):
            (folder / f"a{i}.txt").write_text(article(i + (3 if part == "two" else 0)), encoding="utf-8")
    run_clean(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    for part in ("one", "two"):
        assert NAV not in (tmp_path / "out" / part / "a0.txt").read_text(encoding="utf-8")


def test_jsonl_records_are_a_batch_and_urls_name_the_sites(tmp_path: Path) -> None:
    src = tmp_path / "crawl.jsonl"
    rows = [{"id": f"r{i}", "url": f"https://www.news.example.com/story/{i}", "text": article(i)}
            for i in range(6)]
    rows += [{"id": f"s{i}", "url": f"https://other.example.org/{i}", "text": article(i)} for i in range(3)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    run_clean(str(src), "-o", str(tmp_path / "out"))
    got = {r["id"]: r for r in map(json.loads, (tmp_path / "out" / "crawl.jsonl").read_text().splitlines())}
    assert NAV not in got["r0"]["text"] and got["r0"]["cleaner"]["removed_lines"] == 2
    assert NAV in got["s0"]["text"]  # 3 documents of its own site: under min_docs


def test_a_single_stdin_document_is_not_affected(library: Library) -> None:
    text = article(1)
    result = runner.invoke(app, ["clean"], input=text)
    assert result.exit_code == 0, result.output
    assert result.output == clean(text, library).text
    assert NAV in result.output


def test_jsonl_records_on_stdin_are_a_batch(library: Library) -> None:
    rows = "".join(json.dumps({"id": f"r{i}", "url": "https://news.example.com/x", "text": article(i)}) + "\n"
                   for i in range(6))
    result = runner.invoke(app, ["clean", "-"], input=rows)
    assert result.exit_code == 0, result.output
    texts = [json.loads(line)["text"] for line in result.output.splitlines()]
    assert len(texts) == 6 and all(NAV not in t and FOOTER not in t for t in texts)
    off = runner.invoke(app, ["clean", "-", "--no-repeats"], input=rows)
    assert [json.loads(line)["text"] for line in off.output.splitlines()] == [
        clean(article(i), library).text for i in range(6)]


def test_no_repeats_leaves_outputs_as_before(tmp_path: Path, library: Library) -> None:
    paths = write_site(tmp_path / "in", "news.example.com", 10)
    run_clean(str(tmp_path / "in"), "-o", str(tmp_path / "off"), "--no-repeats",
              "--report", str(tmp_path / "r.json"))
    for path in paths:
        out = (tmp_path / "off" / "news.example.com" / path.name).read_text(encoding="utf-8")
        assert out == clean(path.read_text(encoding="utf-8"), library).text
        assert NAV in out and FOOTER in out
    assert "repeats" not in json.loads((tmp_path / "r.json").read_text())


def test_switching_corpus_mode_redoes_an_incremental_run(tmp_path: Path) -> None:
    write_site(tmp_path / "in", "news.example.com", 6)
    out = tmp_path / "out" / "news.example.com" / "a00.txt"
    run_clean(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert NAV not in out.read_text()
    run_clean(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-repeats")
    assert NAV in out.read_text()


def test_two_workers_remove_what_one_removes(tmp_path: Path) -> None:
    write_site(tmp_path / "in", "news.example.com", 40)
    run_clean(str(tmp_path / "in"), "-o", str(tmp_path / "one"), "-j", "1")
    run_clean(str(tmp_path / "in"), "-o", str(tmp_path / "two"), "-j", "2")
    one = {p.name: p.read_bytes() for p in (tmp_path / "one" / "news.example.com").glob("*.txt")}
    two = {p.name: p.read_bytes() for p in (tmp_path / "two" / "news.example.com").glob("*.txt")}
    assert one == two and len(one) == 40
    assert all(NAV.encode() not in text for text in two.values())


def test_a_document_made_only_of_repeats_is_left_whole(library: Library) -> None:
    texts = [("news.example.com", article(i)) for i in range(6)]
    table = learn_texts(texts, library)
    rules = table.sites["news.example.com"]
    assert {r.text for r in rules} == {NAV, FOOTER}
    result = clean_text(f"{NAV}\n\n{FOOTER}\n", library.profile())
    drop(result, rules, library)
    assert result.text == f"{NAV}\n\n{FOOTER}\n"
    assert not result.hits


def test_bad_settings_are_a_usage_error(tmp_path: Path) -> None:
    write_site(tmp_path / "in", "news.example.com", 2)
    result = runner.invoke(app, ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                 "--repeat-min-docs", "600"])
    assert result.exit_code == 2
    assert "--repeat-min-docs must be at most 200" in result.output
    assert not (tmp_path / "out").exists()
    result = runner.invoke(app, ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                 "--repeat-min-docs", "1"])
    assert result.exit_code == 2


@pytest.mark.parametrize("bad", [{"min_docs": 1}, {"min_share": 0.0}, {"min_share": 1.5},
                                 {"min_docs": 10, "sample": 5}])
def test_settings_validate(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Settings(**bad)  # type: ignore[arg-type]


def test_the_sample_spreads_over_a_site_and_skips_sites_too_small(tmp_path: Path) -> None:
    from cleaner.sources import DEFAULT_GLOBS, collect

    for part in ("a-section", "b-section"):
        write_site(tmp_path / "in" / "news.example.com", part, 6)
    write_site(tmp_path / "in", "tiny.example.org", 3)
    sources, _ = collect([tmp_path / "in"], list(DEFAULT_GLOBS), None)
    chosen = sample_files(sources, 6, min_docs=5)
    assert len(chosen) == 6
    assert {s.path.parent.name for s in chosen} == {"a-section", "b-section"}
    assert all("tiny.example.org" not in str(s.path) for s in chosen)
    assert len(sample_files(sources, 200, min_docs=2)) == 15


def test_html_pages_are_learned_by_the_host_of_their_canonical_link(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(7):
        (folder / f"p{i}.html").write_text(
            f"<html><head><link rel=canonical href='https://www.site.example.com/{i}'></head><body>"
            f"<article><h1>Story {i} about harbours</h1><p>Subscribe to The Harbour Daily today</p>"
            f"<p>The harbour reopened for the {i}th time on Monday, and {i + 3} boats left at dawn "
            f"to fish the bay.</p></article></body></html>", encoding="utf-8")
    run_clean(str(folder), "-o", str(tmp_path / "out"), "--audit", str(tmp_path / "audit.jsonl"))
    out = (tmp_path / "out" / "p1.txt").read_text(encoding="utf-8")
    assert "Subscribe to The Harbour Daily" not in out and "boats left at dawn" in out
    supports = {r.get("support") for r in audit_of(tmp_path / "audit.jsonl") if r["rule"] == "repeat"}
    assert supports == {"in 7 of 7 documents of site.example.com"}
