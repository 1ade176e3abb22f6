"""`--report report.html`: one self-contained page with inline SVG charts, drawn from the JSON report."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from cleaner import Library
from cleaner.cli import app
from cleaner.matcher import Hit
from cleaner.report import HISTOGRAM_BINS, Stats
from cleaner.reporthtml import render
from cleaner.types import Cleaned, Document

from .conftest import ROOT
from .data import ARTICLE, pack_text

runner = CliRunner()

TRAP = pack_text("script-trap")


def _clean(tmp_path: Path, *args: str, name: str = "report.html") -> Path:
    report = tmp_path / name
    out = tmp_path / f"out-{name}"  # a folder per run: a second run into one would find it up to date
    result = runner.invoke(app, ["clean", *args, "-o", str(out), "--report", str(report)])
    assert result.exit_code == 0, result.output
    return report


def test_samples_give_a_self_contained_page_with_charts(tmp_path: Path) -> None:
    report = _clean(tmp_path, str(ROOT / "samples" / "text"), str(ROOT / "samples" / "html"))
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    # Nothing is fetched: no script or style from elsewhere, no URL but the SVG namespace.
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", page)
    assert set(re.findall(r"https?://[^\s\"'<]+", page)) == {"http://www.w3.org/2000/svg"}
    data = json.loads(_clean(tmp_path, str(ROOT / "samples" / "text"), str(ROOT / "samples" / "html"),
                             name="r.json").read_text(encoding="utf-8"))
    rules = data["hits_per_rule"]
    # One bar per rule (up to 40), per pack, per site, and one bin per 5% of text removed.
    bars = page.count('class="bar"')
    assert bars == min(len(rules), 40) + len(data["hits_per_pack"]) + 2 * len(data["documents_per_site"])
    assert page.count('class="bin"') == HISTOGRAM_BINS
    top_rule, top_hits = next(iter(rules.items()))
    assert f"<title>{top_rule}: {top_hits:,}</title>" in page
    assert f'{data["documents"]:,} ({data["documents"]:,} cleaned)' in page
    # The guard's limit (40% in the default packs) is drawn on the histogram.
    assert data["limits"]["default"]["max_removed"] == 0.4
    assert 'class="limit"' in page and "limit 40%" in page
    for pack in data["packs"]:
        assert pack["sha256"] in page


def test_json_report_has_the_histogram_and_where_each_rule_is(tmp_path: Path, library: Library) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"{i}.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "plain.txt").write_text("Nothing to remove in this short line of text.\n", encoding="utf-8")
    data = json.loads(_clean(tmp_path, str(src), name="r.json").read_text(encoding="utf-8"))
    hist = data["removed_share_histogram"]
    assert hist["none_removed"] == 1 and sum(hist["counts"]) == 3 and len(hist["counts"]) == HISTOGRAM_BINS
    assert data["hits_per_site"] == {"default": 9}
    assert data["top_rules_per_site"]["default"]["ad-marker"] == 3
    ads = library.packs["ads"]
    source = data["rule_sources"]["ad-marker"]
    line = next(ads.line("rules", i) for i, r in enumerate(ads.pack.rules) if r.id == "ad-marker")
    assert source == {"pack": "ads", "path": str(ads.path), "line": line, "kind": "drop-line"}
    assert data["seconds"] >= 0
    # The JSON run does not carry context lines (only the HTML report asks for them).
    assert "before" not in data["samples"]["ad-marker"][0]


def test_samples_show_each_removal_between_its_neighbours(tmp_path: Path, library: Library) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    page = _clean(tmp_path, str(src)).read_text(encoding="utf-8")
    block = page[page.index('id="rule-ad-marker"'):]
    block = block[:block.index("</details>")]
    assert ('<div class=ctx>MOSCOW: Talks resumed on Monday.</div><div><span class=removed>Advertisment'
            '</span></div><div class=ctx>Also read: Markets rally as oil falls</div>') in block
    ads = library.packs["ads"]
    line = next(ads.line("rules", i) for i, r in enumerate(ads.pack.rules) if r.id == "ad-marker")
    assert f"ads · ads.yaml:{line}</a>" in block and ads.path.resolve().as_uri() in block
    # Dead rules are listed, each with its pack and line.
    dead = page[page.index('id="dead"'):page.index('id="overlap"')]
    assert "<code>fr-ad-marker</code>" in dead and "fr · fr.yaml:" in dead


def test_document_text_is_escaped(tmp_path: Path, write_pack) -> None:
    pack = write_pack("trap.yaml", TRAP)
    src = tmp_path / "a.txt"
    src.write_text("A first sentence of the story.\n<script>alert(1)</script>\nA last sentence.\n",
                   encoding="utf-8")
    page = _clean(tmp_path, str(src), "--rules", str(pack)).read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "<span class=removed>&lt;script&gt;alert(1)&lt;/script&gt;</span>" in page


def _stats(documents: int) -> Stats:
    """A run of `documents` alike documents, each with hits of a few rules."""
    stats = Stats()
    for i in range(documents):
        hits = [Hit("ads", "ad-marker", "drop-line", 3, "Advertisement"),
                Hit("promo", "also-read", "drop-line", 5, f"Also read: headline {i}")]
        result = Cleaned("", hits, "default", removed_share=(i % 50) / 100, lines_removed=2)
        stats.add(Document(f"doc-{i}.txt", group=f"doc-{i}.txt", bytes_in=1000, bytes_out=900, result=result,
                           context=[(3, f"before {i}", f"after {i}")]))
    return stats


def test_page_size_does_not_grow_with_the_number_of_documents(library: Library) -> None:
    small = render(_stats(200).report(library))
    large = render(_stats(20_000).report(library))
    # Only the figures change (a few more digits); every list is bounded.
    assert abs(len(large) - len(small)) < 2_000, (len(small), len(large))
    assert len(large) < 200_000


def test_each_site_gets_its_own_chart_of_top_rules(library: Library) -> None:
    stats = Stats()
    for i, site in enumerate(["ndtv.com", "reuters.com", "ndtv.com"]):
        hits = [Hit("ads", "ad-marker", "drop-line", 1, "Ad")] * (i + 1)
        stats.add(Document(f"{i}.txt", group=f"{i}.txt", result=Cleaned("", hits, site, removed_share=0.1)))
    page = render(stats.report(library))
    charts = re.findall(r'<figure class="site-rules"><figcaption>([^<]+)</figcaption>', page)
    assert charts == ["ndtv.com", "reuters.com"]
    assert "<title>ad-marker: 4</title>" in page and "<title>ad-marker: 2</title>" in page
    assert "<title>ndtv.com: 4</title>" in page  # hits per site


def test_an_unwritable_report_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    for name in ("r.html", "r.json"):
        report = blocker / name  # under a file: no folder can be made there
        done = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / name), "--report", str(report)])
        # Refused before the run (every output path is checked first), in one line.
        assert done.exit_code == 2 and "Traceback" not in done.output
        assert done.stderr.startswith(f"cleaner: --report {report}: ")
        assert len(done.stderr.strip().splitlines()) == 1
        assert not (tmp_path / name).exists()  # nothing was written
