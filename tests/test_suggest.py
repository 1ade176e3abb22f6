"""`cleaner suggest`: mining planted boilerplate from generated sites into packs that pass the check."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cleaner import Library, load_library, selftest
from cleaner.rules import CompiledRule
from cleaner.suggest import (
    SiteSuggestion,
    Suggestion,
    file_name,
    mine,
    schema_ref,
    site_globs,
    summary,
    to_yaml,
    to_yamls,
)
from cleaner.view import view

from .corpusgen import KICKERS, SITES, STOCK_SENTENCE, Article, Family, generate

N = 300  # articles per site


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[Article]]:
    return {site: generate(site, N, seed=1, families=families) for site, families in SITES.items()}


@pytest.fixture(scope="module")
def mined(corpus: dict[str, list[Article]], library: Library) -> dict[str, SiteSuggestion]:
    docs = [(a.site, a.text) for articles in corpus.values() for a in articles]
    return {s.site: s for s in mine(docs, library=library)}


@pytest.fixture(scope="module")
def packs(mined: dict[str, SiteSuggestion], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("suggested")
    paths = []
    for name, text in to_yamls(list(mined.values())).items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def suggested(packs: list[Path]) -> Library:
    """The built-in packs and the suggested ones, loaded as `cleaner rules check` loads them."""
    return load_library(packs)


def _new_rules(lib: Library, site: str) -> list[CompiledRule]:
    """The compiled rules of the suggested pack for `site`."""
    profile = lib.profile(lib.find_site(site))
    return [r for r in profile.line_rules if r.pack == site]


def _fired(rules: list[CompiledRule], line: str) -> list[str]:
    text = line.strip()
    return [r.id for r in rules if r.fires(text, view(text))]


def _families(site: str, *, covered: bool) -> list[Family]:
    floor = max(5, 0.02 * N)
    return [f for f in SITES[site] if f.covered == covered and round(f.rate * N) >= floor]


@pytest.mark.parametrize("site", sorted(SITES))
def test_every_new_family_is_proposed_once_with_its_document_count(
        site: str, corpus: dict[str, list[Article]], mined: dict[str, SiteSuggestion],
        suggested: Library) -> None:
    rules = _new_rules(suggested, site)
    by_id = {s.id: s for s in mined[site].rules}
    for fam in _families(site, covered=False):
        lines = [p.line for a in corpus[site] for p in a.planted if p.family == fam.name]
        fired = {tuple(_fired(rules, line)) for line in lines}
        assert len(fired) == 1 and len(next(iter(fired))) == 1, (fam.name, fired)
        rule_id = next(iter(fired))[0]
        assert by_id[rule_id].docs == round(fam.rate * N), fam.name
        assert by_id[rule_id].kind == ("prefix" if fam.templated else "line")
    assert len(mined[site].rules) == len(_families(site, covered=False))


@pytest.mark.parametrize("site", sorted(SITES))
def test_families_the_default_packs_remove_are_reported_not_proposed(
        site: str, corpus: dict[str, list[Article]], mined: dict[str, SiteSuggestion],
        suggested: Library) -> None:
    rules = _new_rules(suggested, site)
    covered = {view(c.text): c for c in mined[site].covered}
    for fam in _families(site, covered=True):
        found = [covered[view(t)] for t in fam.texts if view(t) in covered]
        assert found and found[0].docs == round(fam.rate * N) and found[0].rules, fam.name
        planted = [p.line for a in corpus[site] for p in a.planted if p.family == fam.name]
        assert not any(_fired(rules, line) for line in planted), fam.name


@pytest.mark.parametrize("site", sorted(SITES))
def test_no_content_line_fires_and_examples_are_real(
        site: str, corpus: dict[str, list[Article]], mined: dict[str, SiteSuggestion],
        suggested: Library) -> None:
    rules = _new_rules(suggested, site)
    content = {line for a in corpus[site] for line in a.content}
    planted = {p.line for a in corpus[site] for p in a.planted}
    for line in content:  # headlines, paragraphs, datelines, Q/A, near misses, stock sentence
        assert not _fired(rules, line), line
    for rule in mined[site].rules:
        assert rule.match and rule.keep, rule.id
        assert set(rule.match) <= planted, rule.id
        # keep examples are content lines, or the first sentence of one
        assert all(any(c.startswith(k) for c in content) for k in rule.keep), rule.id


@pytest.mark.parametrize("site", sorted(SITES))
def test_datelines_kickers_and_rare_sentences_are_left_out(site: str,
                                                           mined: dict[str, SiteSuggestion]) -> None:
    left = {view(x.text): x.reason for x in mined[site].left_out}
    assert "sentence" in left[view(STOCK_SENTENCE)]
    datelines = [r for k, r in left.items() if k in {"new delhi", "mumbai", "london", "paris"}]
    assert datelines and all("full sentences" in r for r in datelines)
    kickers = [r for k, r in left.items() if k in {view(x) for x in KICKERS}]
    assert kickers and all("kicker" in r for r in kickers)
    for rule in mined[site].rules:
        assert rule.pattern is None or not rule.pattern.startswith(("^new", "^london", "^q\\", "^a\\"))


def test_the_written_packs_pass_rules_check(packs: list[Path], suggested: Library,
                                           mined: dict[str, SiteSuggestion]) -> None:
    assert selftest.check(suggested, {p.resolve() for p in packs}) == []
    for path in packs:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=")
        data = yaml.safe_load(text)
        assert data["extends"] == ["default"]
        assert data["sites"] == site_globs(data["name"])
        site = mined[data["name"]]
        assert [r["id"] for r in data["rules"]] == [r.id for r in site.rules]
        first = site.rules[0]
        assert f"# in {first.docs:,} of {N:,} documents ({first.share:.1%})" in text


def test_rules_are_ranked_by_share_and_limited(corpus: dict[str, list[Article]], library: Library,
                                              mined: dict[str, SiteSuggestion]) -> None:
    site = "dailyledger.example.com"
    docs = [(a.site, a.text) for a in corpus[site]]
    full = mined[site]
    assert [r.docs for r in full.rules] == sorted((r.docs for r in full.rules), reverse=True)
    top = mine(docs, library=library, max_rules=2)[0]
    assert [r.id for r in top.rules] == [r.id for r in full.rules[:2]]
    assert any(x.reason == "beyond max_rules" for x in top.left_out)


@pytest.mark.parametrize(("min_docs", "min_share", "floor"), [(5, 0.3, 90), (2, 0.0, 2)])
def test_thresholds_are_respected(min_docs: int, min_share: float, floor: int,
                                  corpus: dict[str, list[Article]], library: Library) -> None:
    site = "dailyledger.example.com"
    found = mine([(a.site, a.text) for a in corpus[site]], min_docs=min_docs, min_share=min_share,
                 library=library)[0]
    expected = {f.name for f in SITES[site] if not f.covered and round(f.rate * N) >= floor}
    assert all(r.docs >= floor for r in found.rules)
    assert len(found.rules) == len(expected)
    if floor == 2:  # the rare family (3 documents) appears once the floor is low enough
        assert any(r.lines == ["Corrections appended"] for r in found.rules)


def test_a_sentence_needs_prose_share(corpus: dict[str, list[Article]], library: Library,
                                     mined: dict[str, SiteSuggestion]) -> None:
    site = "dailyledger.example.com"
    docs = [(a.site, a.text) for a in corpus[site]]
    premium = "Get unlimited access to The Daily Ledger for just $1 a week."  # in 25% of documents
    assert any(r.lines == [premium] for r in mined[site].rules)
    strict = mine(docs, library=library, prose_share=0.5)[0]
    assert not any(r.lines == [premium] for r in strict.rules)
    assert any(x.text == premium for x in strict.left_out)


def test_empty_and_tiny_corpora_give_no_rules(library: Library, tmp_path: Path) -> None:
    assert mine([], library=library) == []
    tiny = generate("tiny.example.net", 3, seed=2, families=SITES["newsnow.example.org"])
    (site,) = mine([(a.site, a.text) for a in tiny], library=library)
    assert site.docs == 3 and site.rules == []
    assert summary(site) == ("tiny.example.net: 3 documents; 0 rule(s) proposed, "
                             "0 already covered by the default packs, 0 left out")
    path = tmp_path / file_name(site)
    path.write_text(to_yaml(site), encoding="utf-8")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["rules"] == []
    assert selftest.check(load_library([path]), {path.resolve()}) == []


def test_duplicates_count_once_and_unknown_site_gets_a_global_pack(
        corpus: dict[str, list[Article]], library: Library, tmp_path: Path) -> None:
    articles = corpus["newsnow.example.org"][:100]
    docs = [("", a.text) for a in articles] + [("", articles[0].text)]
    (site,) = mine(docs, library=library)
    assert site.site == "" and site.docs == 100 and site.duplicates == 1 and site.rules
    path = tmp_path / file_name(site)
    text = to_yaml(site, schema=schema_ref(path))
    path.write_text(text, encoding="utf-8")
    assert "sites" not in yaml.safe_load(text) and file_name(site) == "suggested.yaml"
    assert (path.parent / text.split("$schema=")[1].split("\n")[0]).resolve().is_file()
    assert selftest.check(load_library([path]), {path.resolve()}) == []


def test_without_default_packs_everything_is_proposed(corpus: dict[str, list[Article]],
                                                      tmp_path: Path) -> None:
    site = "newsnow.example.org"
    half = corpus[site][:150]  # every family is still far above the thresholds
    (found,) = mine([(a.site, a.text) for a in half], library=load_library(no_default=True))
    assert found.extends == [] and found.covered == []
    assert len(found.rules) == len(_families(site, covered=False)) + len(_families(site, covered=True))
    path = tmp_path / file_name(found)
    path.write_text(to_yaml(found), encoding="utf-8")
    lib = load_library([path], no_default=True)
    assert selftest.check(lib, {path.resolve()}) == []


@pytest.mark.parametrize("odd", [
    "It's a \"quote\" \\ and\ta\x85next\u2028line: # not a comment",
    "Next\x85line, with no tab",  # PyYAML's own emitter turns this NEL into a space
    "a\u2028b \ufeff c\x00",
])
def test_yaml_quotes_any_text(odd: str) -> None:
    rule = Suggestion(id="x-odd", kind="line", text=odd, docs=5, share=0.5, lines=[odd],
                      match=[odd], keep=["Plain content, kept as it is."])
    data = yaml.safe_load(to_yaml(SiteSuggestion("odd.example.com", 10, rules=[rule])))
    assert data["rules"][0]["lines"] == [odd] and data["rules"][0]["examples"]["match"] == [odd]


def test_bad_thresholds_are_refused(library: Library) -> None:
    with pytest.raises(ValueError, match="min_share"):
        mine([], min_share=2.0, library=library)


def test_cli_suggest_writes_packs_that_pass_rules_check(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cleaner.cli import app

    runner = CliRunner()
    for site in SITES:
        folder = tmp_path / "corpus" / site
        folder.mkdir(parents=True)
        for i, article in enumerate(generate(site, 120, 5, SITES[site])):
            (folder / f"{i}.txt").write_text(article.text, encoding="utf-8")
    out = tmp_path / "packs"
    result = runner.invoke(app, ["suggest", str(tmp_path / "corpus"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.glob("*.yaml"))
    assert written == sorted(f"{site}.yaml" for site in SITES)
    checked = runner.invoke(app, ["rules", "check", str(out)])
    assert checked.exit_code == 0, checked.stderr
    one = runner.invoke(app, ["suggest", str(tmp_path / "corpus" / next(iter(SITES))), "-o",
                              str(tmp_path / "one.yaml")])
    assert one.exit_code == 0 and (tmp_path / "one.yaml").read_text().startswith("# yaml-language-server")
    empty = runner.invoke(app, ["suggest", str(tmp_path / "nothing")])
    assert empty.exit_code == 1 and "no documents to mine" in empty.stderr
