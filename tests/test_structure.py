"""drop-run rules: runs of short lines, where they must sit, and how they meet the line rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import PackError, clean_text, load_library, selftest
from cleaner.rules import Library

from .conftest import ROOT

RUNS = ROOT / "tests" / "packs" / "structure" / "runs.yaml"
STORY = "The council met on Tuesday and voted to approve the new budget for the coming year."


@pytest.fixture(scope="module")
def runs() -> Library:
    return load_library([RUNS], no_default=True)


def _clean(lib: Library, text: str) -> tuple[str, list[tuple[str, int, str]]]:
    result = clean_text(text, lib.profile())
    return result.text, [(h.rule, h.line, h.text) for h in result.hits]


def test_a_run_of_short_lines_goes_with_a_hit_per_line(runs: Library) -> None:
    text, hits = _clean(runs, f"Home\nWorld\n\nSport\nBusiness\n\n{STORY}\n")
    assert text == f"{STORY}\n"
    assert hits == [("t-nav-run", 1, "Home"), ("t-nav-run", 2, "World"), ("t-nav-run", 4, "Sport"),
                    ("t-nav-run", 5, "Business")]


def test_a_short_run_and_a_broken_run_stay(runs: Library) -> None:
    three = f"Home\nWorld\nSport\n\n{STORY}\n"
    assert _clean(runs, three) == (three, [])
    broken = f"Home\nWorld\nThe mayor said it was done.\nSport\nBusiness\n\n{STORY}\n"
    assert _clean(runs, broken) == (broken, [])


def test_sentences_and_long_lines_are_not_items(runs: Library) -> None:
    text = f"Yes.\nNo.\nMaybe.\nLater.\n\n{STORY}\n"
    assert _clean(runs, text) == (text, [])


def test_a_run_is_never_the_whole_document(runs: Library) -> None:
    text = "Home\nWorld\nSport\nBusiness\nWeather\n"
    assert _clean(runs, text) == (text, [])


def test_an_end_run_must_reach_the_last_line(runs: Library) -> None:
    tail = f"{STORY}\n\n* One headline here\n* Another headline here\n"
    assert _clean(runs, tail)[0] == f"{STORY}\n"
    inside = f"{STORY}\n* One item\n* Another item\n\n{STORY}\n"
    assert _clean(runs, inside) == (inside, [])


def test_after_needs_the_line_before_the_run(runs: Library) -> None:
    caption = f"{STORY}\n\nA firefighter at the scene. (File photo)\nNOAA\n\n{STORY}\n"
    text, hits = _clean(runs, caption)
    assert hits == [("t-credit-after-caption", 4, "NOAA")]
    assert "NOAA" not in text and "(File photo)" in text


def test_line_rules_and_runs_take_turns_until_nothing_changes() -> None:
    # The trailing list only reaches the end once the line rules drop the prompt under it.
    lib = load_library([RUNS])
    text = f"{STORY}\n\n* One headline here\n* Another headline here\nFollow us on Google News\n"
    result = clean_text(text, lib.profile())
    assert result.text == f"{STORY}\n"
    assert {h.rule for h in result.hits} == {"t-bullet-tail", "follow-us"}
    assert clean_text(result.text, lib.profile()).text == result.text


def test_the_examples_of_the_fixture_pack_pass(runs: Library) -> None:
    assert selftest.check(runs) == []


def test_a_drop_run_example_that_removes_nothing_fails(write_pack) -> None:
    path = write_pack("bad.yaml", RUNS.read_text(encoding="utf-8").replace(
        'match: ["Home\\nWorld\\nSport\\nBusiness', 'match: ["Home\\nWorld\\nSport'))
    failures = selftest.check(load_library([path], no_default=True))
    assert [f.rule for f in failures] == ["t-nav-run"]
    assert "removes nothing from the match example" in failures[0].message


@pytest.mark.parametrize(("edit", "message"), [
    ("    run: {min_lines: 4, max_words: 3, max_chars: 30}\n", "drop-run needs 'run'"),
    ("max_chars: 30}", "'run' is only for kind drop-run"),
    ("after: '\\((?:file )?photo\\)$'", "bad regex"),
])
def test_broken_drop_run_rules_name_file_and_line(write_pack, edit: str, message: str) -> None:
    text = RUNS.read_text(encoding="utf-8")
    if message.startswith("drop-run needs"):
        text = text.replace(edit, "")
    elif message.startswith("'run' is only"):
        text = text.replace("kind: drop-run\n    description: Four", "kind: drop-line\n    pattern: x\n"
                            "    description: Four")
    else:
        text = text.replace(edit, "after: '(unclosed'")
    path: Path = write_pack("broken.yaml", text)
    with pytest.raises(PackError) as err:
        load_library([path], no_default=True)
    assert message in str(err.value)
    assert str(path) in str(err.value) and ":" in str(err.value)


def test_an_english_photo_credit_is_explained_by_the_english_rule(library: Library) -> None:
    rules = [h.rule for h in clean_text("Photo: Reuters\nPhoto : AFP\n", library.profile()).hits]
    assert rules == ["photo-credit-line", "fr-photo-credit"]


def test_a_same_run_is_one_line_repeated(runs: Library) -> None:
    text = f"{STORY}\n\nStorm hits coast 02:52\nStorm hits coast 02:52\nStorm hits coast 02:52\n\n{STORY}\n"
    cleaned, hits = _clean(runs, text)
    assert [h[0] for h in hits] == ["t-repeated-teaser"] * 3
    assert cleaned == f"{STORY}\n\n{STORY}\n"
    different = f"{STORY}\n\nStorm hits coast\nFlood hits town\nFire hits city\n\n{STORY}\n"
    assert _clean(runs, different) == (different, [])


def test_a_german_agency_line_stays_a_credit(library: Library) -> None:
    result = clean_text("Die Bahn saniert 40 Strecken bis 2030.\n\nmes/dpa/AFP\n", library.profile())
    assert [(h.rule, h.credit) for h in result.hits] == [("de-agency-line", "AFP")]


def test_input_minus_audit_is_output_when_a_run_spans_a_blank_line(library: Library) -> None:
    line = "NEW DELHI: The talks resumed on Monday."
    text = f"Russia rejects swapping\n{line}\n{line}\n\n{line}\n0"
    result = clean_text(text, library.profile())
    assert [h.rule for h in result.hits] == ["repeated-teaser"] * 3
    assert result.text == "Russia rejects swapping\n\n0\n"


def test_a_heading_a_line_rule_removed_still_opens_the_run(runs: Library) -> None:
    # "Read more" goes first (a line rule); the headlines under it are still a run under it.
    text = f"{STORY}\n\nRead more\n\nCouncil delays bus lanes\n\nBridge closed again\n"
    cleaned, hits = _clean(runs, text)
    assert cleaned == f"{STORY}\n"
    assert hits == [("t-drop-heading", 3, "Read more"),
                    ("t-list-under-heading", 5, "Council delays bus lanes"),
                    ("t-list-under-heading", 7, "Bridge closed again")]


def test_a_heading_that_is_an_item_goes_with_its_list_and_the_items_above_stay(runs: Library) -> None:
    # A short last paragraph reads like an item: it sits above the heading, under none, and stays.
    text = f"{STORY}\nWhat a day\nMore news\nCouncil delays bus lanes\nBridge closed again\n"
    cleaned, hits = _clean(runs, text)
    assert cleaned == f"{STORY}\nWhat a day\n"
    assert [h[1] for h in hits] == [3, 4, 5]


def test_a_heading_over_too_few_items_or_not_at_the_end_takes_nothing(runs: Library) -> None:
    one = f"{STORY}\nMore news\nCouncil delays bus lanes\n"
    assert _clean(runs, one) == (one, [])
    inside = f"{STORY}\nMore news\nCouncil delays bus lanes\nBridge closed again\n\n{STORY}\n"
    assert _clean(runs, inside) == (inside, [])
    removed_far = f"Read more\n\n{STORY}\nCouncil delays bus lanes\nBridge closed again\n"
    assert _clean(runs, removed_far)[1] == [("t-drop-heading", 1, "Read more")]


def test_a_start_run_is_only_the_one_on_the_first_line(runs: Library) -> None:
    text = f"Sports\nPolitics\n\n{STORY}\n\nSports\n\n{STORY}\n"
    cleaned, hits = _clean(runs, text)
    assert cleaned == f"{STORY}\n\nSports\n\n{STORY}\n"
    assert hits == [("t-section-start", 1, "Sports"), ("t-section-start", 2, "Politics")]
    later = f"{STORY}\n\nSports\n\n{STORY}\n"
    assert _clean(runs, later) == (later, [])


# Five topic tags a blog prints one a line under its last paragraph.
TAGS = ("Web scraping with Python\nSearch engines for data\nData science in practice\n"
        "Tools for the web\nNews from the lab\n")


def test_not_after_spares_a_list_the_line_above_introduces(runs: Library) -> None:
    text, hits = _clean(runs, f"{STORY}\n\n{TAGS}")
    assert text == f"{STORY}\n"
    assert [h[0] for h in hits] == ["t-tag-tail"] * 5
    for lead_in in ("The topics were, in order:", "What we tested"):
        introduced = f"{STORY}\n\n{lead_in}\n{TAGS}"
        assert _clean(runs, introduced) == (introduced, [])


def test_not_after_looks_at_the_line_kept_above_the_run(runs: Library) -> None:
    # "Follow us" goes first (a line rule): the line kept above the tags is the paragraph.
    text, hits = _clean(runs, f"{STORY}\n\nFollow us\n{TAGS}")
    assert text == f"{STORY}\n"
    assert [h[0] for h in hits] == ["t-drop-prompt"] + ["t-tag-tail"] * 5


def test_an_echoed_run_goes_only_when_every_entry_comes_back_below(runs: Library) -> None:
    toc = "Why it closed\nWhat comes next\nWho pays\n"
    body = f"{STORY}\n\nWhy it closed\n\n{STORY}\n\nWhat comes next\n\n{STORY}\n\nWho pays\n\n{STORY}\n"
    text, hits = _clean(runs, f"{toc}\n{body}")
    assert text == body
    assert [(h[0], h[1]) for h in hits] == [("t-contents", 1), ("t-contents", 2), ("t-contents", 3)]
    partial = f"{toc}\n{STORY}\n\nWhy it closed\n\n{STORY}\n\nWho pays\n\n{STORY}\n"
    assert _clean(runs, partial) == (partial, [])


def test_an_echoed_run_with_an_entry_twice_is_no_table_of_contents(runs: Library) -> None:
    text = f"Why it closed\nWho pays\nWhy it closed\n\n{STORY}\n\nWhy it closed\n\nWho pays\n"
    assert _clean(runs, text) == (text, [])


def test_a_bad_not_after_regex_names_the_rule(write_pack) -> None:
    text = RUNS.read_text(encoding="utf-8").replace("not_after: '[^.!?]$'", "not_after: '[unclosed'")
    with pytest.raises(PackError) as err:
        load_library([write_pack("broken.yaml", text)], no_default=True)
    assert "bad regex" in str(err.value) and "t-tag-tail" in str(err.value)


def test_flags_apply_to_not_after_alone(write_pack) -> None:
    # A rule whose only regex is run.not_after may set flags; one with no regex at all may not.
    rule = ("name: p\nrules:\n  - id: r\n    kind: drop-run\n    description: Tags.\n"
            "    flags: [ignorecase]\n    run: {{min_lines: 2, at: end{extra}}}\n"
            "    examples:\n      match: [\"The end, as stories do.\\nOne\\nTwo\"]\n"
            "      keep: [\"Lead-in:\\nOne\\nTwo\"]\n")
    lib = load_library([write_pack("ok.yaml", rule.format(extra=", not_after: ':$'"))], no_default=True)
    assert selftest.check(lib) == []
    with pytest.raises(PackError, match="'flags' apply to 'pattern'"):
        load_library([write_pack("bad.yaml", rule.format(extra=""))], no_default=True)


def test_a_repeated_run_takes_each_copy_of_a_line_printed_often_enough(runs: Library) -> None:
    teasers = ("Storm hits coast\n\nmore ...\n\nFlood hits town\n\nmore ...\nmore ...\n\n"
               "Fire hits city\n\nmore ...\n")
    text, hits = _clean(runs, f"{STORY}\n\n{teasers}")
    assert [(h[0], h[1]) for h in hits] == [("t-repeated-label", n) for n in (5, 9, 10, 14)]
    assert "more" not in text and "Flood hits town" in text
    twice = f"{STORY}\n\nStorm hits coast\n\nmore ...\n\nFlood hits town\n\nmore ...\n"
    assert _clean(runs, twice) == (twice, [])
