"""The real-data benchmark's tools (bench/real/) on small invented documents: labels,
finalize's checks and tail cuts, and the scorer's line alignment and figures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench" / "real"))

import label
import realdata
import score

DOC = "toy/0000abcd"
TEXT = (
    "Harbour reopens after storm\n"
    "\n"
    "The harbour reopened on Monday, officials said.\n"
    "Advertisement\n"
    "Fishermen returned to the docks at dawn. (AP Photo/Jane Roe)\n"
    "Also read: Storm season starts early\n"
)


@pytest.fixture
def bench(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A benchmark tree with one built document, wired into the tools' module globals."""
    texts, labels = tmp_path / "texts", tmp_path / "labels"
    (texts / "toy").mkdir(parents=True)
    (texts / f"{DOC}.txt").write_text(TEXT, encoding="utf-8")
    row = {"doc": DOC, "source": "toy", "outlet": "example.com", "lang": "en", "url": ""}
    (texts / "index.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    labels.mkdir()
    for mod in (realdata, label):
        monkeypatch.setattr(mod, "LABELS", labels, raising=False)
        monkeypatch.setattr(mod, "WORK", labels / "work", raising=False)
    monkeypatch.setattr(realdata, "TEXTS", texts)
    monkeypatch.setattr(realdata, "INDEX", texts / "index.jsonl")
    return tmp_path


def write_work(bench: Path, labels: dict[int, str]) -> Path:
    lines = TEXT.split("\n")
    rows = [f"{n}\t{labels.get(n, 'keep')}\t{t}\n" for n, t in enumerate(lines, 1) if t]
    path = bench / "labels" / "work" / f"{DOC}.tsv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(rows), encoding="utf-8")
    return path


def test_parse_label_accepts_the_grammar_and_names_what_is_wrong() -> None:
    assert str(realdata.parse_label("drop:ad")) == "drop:ad"
    assert realdata.parse_label("tail:photo:12").cut == 12
    with pytest.raises(ValueError, match="unknown family"):
        realdata.parse_label("drop:weather")
    with pytest.raises(ValueError, match="bad label"):
        realdata.parse_label("remove")


def test_finalize_computes_the_cut_of_a_tail_and_hashes_each_line(bench: Path) -> None:
    write_work(bench, {4: "drop:ad", 5: "tail:photo|(AP Photo/Jane Roe)", 6: "drop:promo"})
    assert label.finalize() == 0
    rec = json.loads((bench / "labels" / "toy.jsonl").read_text(encoding="utf-8"))
    lines = {n: (h, lab) for n, h, lab in rec["lines"]}
    caption = TEXT.split("\n")[4]
    cut = caption.index("(AP Photo")
    assert lines[5] == (realdata.line_hash(caption), f"tail:photo:{cut}")
    assert lines[4][1] == "drop:ad" and 2 not in lines  # blank lines carry no label


def test_finalize_refuses_a_missing_label_and_a_changed_line(bench: Path, capsys) -> None:
    path = write_work(bench, {4: "?"})
    assert label.finalize() == 1
    assert "line 4 has no label" in capsys.readouterr().err
    path.write_text(path.read_text(encoding="utf-8").replace("Monday", "Tuesday"), "utf-8")
    assert label.finalize() == 1
    assert "line 3 changed since init" in capsys.readouterr().err
    assert not (bench / "labels" / "toy.jsonl").exists()


def test_align_maps_a_stripped_line_to_its_output_and_a_removed_one_to_none() -> None:
    got = score.align(["a headline", "marker", "caption text (Credit)", "end"],
                      ["a headline", "caption text", "end"])  # fmt: skip
    assert got == ["a headline", None, "caption text", "end"]


def test_score_counts_recall_retention_and_tails_with_the_default_packs(bench: Path) -> None:
    write_work(bench, {4: "drop:ad", 5: "tail:photo|(AP Photo/Jane Roe)", 6: "drop:promo"})
    assert label.finalize() == 0
    clean, norm = score.cleaner_engine()
    rep = score.score(clean, norm, realdata.load_labels(), realdata.load_index())
    assert (rep.total.drop, rep.total.keep, rep.total.tail) == (2, 2, 1)
    assert rep.total.kept == 2 and not rep.lost  # headline and sentence come out whole
    assert rep.family["ad"].removed == 1  # "Advertisement" is a marker every pack knows


def test_score_says_what_to_run_when_nothing_is_built(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(realdata, "INDEX", tmp_path / "missing.jsonl")
    monkeypatch.setattr(score, "load_index", realdata.load_index)
    assert score.main([]) == 2
    assert "bench/real/build.py" in capsys.readouterr().err


def test_score_in_corpus_mode_learns_each_outlets_repeats(bench: Path) -> None:
    nav = "Home | World | Business | Sports | Opinion"
    texts = bench / "texts"
    rows, records = [], []
    for i in range(6):
        doc = f"toy/{i:08x}"
        lines = [nav, f"Harbour story number {i} of the week",
                 f"The harbour reopened for the {i}th time on Monday, and {i + 3} boats left at dawn."]
        (texts / f"{doc}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        rows.append({"doc": doc, "source": "toy", "outlet": "example.com", "lang": "en", "url": ""})
        labs = zip(lines, ["drop:nav", "keep", "keep"], strict=True)
        records.append({"doc": doc, "lines": [[n, realdata.line_hash(t), lab]
                                              for n, (t, lab) in enumerate(labs, 1)]})
    (texts / "index.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (bench / "labels" / "toy.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    clean, norm = score.cleaner_engine()
    index, labels = realdata.load_index(), realdata.load_labels()
    off = score.score(clean, norm, labels, index)
    assert off.family["nav"].removed == 0 and off.total.kept == 12
    by_doc, learned = score.corpus_engine(index, 5, 0.3)
    assert learned == {"example.com": 1}
    on = score.score(clean, norm, labels, index, by_doc)
    assert on.family["nav"].removed == 6 and on.total.kept == 12 and not on.lost


class _CsvMirror:
    """Stands in for build.Mirror: one CSV file at one path."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, path: str) -> bytes:
        return self.data


def test_pool_csv_source_yields_one_doc_per_new_row_and_skips_repeats() -> None:
    import pool

    body = "First paragraph of the story.\n\nSecond paragraph.\n\nAlso read: Another story"
    rows = [
        ("https://news.example/a", body),
        ("https://news.example/a", "A different text under the same URL.\n\nMore.\n\nEnd."),
        ("https://news.example/b", body),  # the same text again
        ("https://news.example/c", "Too short"),
        ("https://news.example/d", "Ein Absatz.\n\nNoch einer.\n\nUnd der letzte."),
    ]
    data = "url,article_text\n" + "".join(
        f'{u},"{t.replace(chr(34), chr(34) * 2)}"\n' for u, t in rows
    )
    src = {"name": "toy", "repo": "o/r", "paths": ["a.csv"], "column": "article_text"}
    docs = list(pool.csv_docs(src, _CsvMirror(data.encode())))  # type: ignore[arg-type]
    assert [d.url for d in docs] == ["https://news.example/a", "https://news.example/d"]
    assert docs[0].outlet == "news.example" and docs[0].doc.startswith("toy/")
    assert docs[0].text == "First paragraph of the story.\n\nSecond paragraph.\n\nAlso read: Another story\n"


def test_pool_csv_source_names_a_missing_column() -> None:
    import build
    import pool

    src = {"name": "toy", "repo": "o/r", "paths": ["a.csv"], "column": "body"}
    with pytest.raises(build.BuildError, match="no column 'body'"):
        list(pool.csv_docs(src, _CsvMirror(b"url,text\nhttps://x.example/1,Hello\n")))  # type: ignore[arg-type]
