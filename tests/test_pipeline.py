"""The rule kinds, ordering, `where`, tidy and normalisation, on a small pack of known rules."""

from __future__ import annotations

import pytest

from cleaner import Profile, clean_text, load_library

from .data import pack_text

PACK = pack_text("kinds")


@pytest.fixture
def profile(write_pack) -> Profile:
    return load_library([write_pack("t.yaml", PACK)], no_default=True).profile()


def test_drop_line_literal_view_ignores_case_space_and_decoration(profile: Profile) -> None:
    text = "One.\n\nADVERTISEMENT\n\n  - Advertisment -  \n\nTwo.\n"
    result = clean_text(text, profile)
    assert result.text == "One.\n\nTwo.\n"
    assert [(h.rule, h.line) for h in result.hits] == [("ad", 3), ("ad", 5)]


def test_drop_block_mid_article_keeps_the_following_subheading(profile: Profile) -> None:
    text = ("Para one.\n\nRecommended Stories\nHeadline one\nHeadline two\n\n"
            "Russia rejects swapping\n\nPara two.\n")
    result = clean_text(text, profile)
    assert result.text == "Para one.\n\nRussia rejects swapping\n\nPara two.\n"
    assert [h.text for h in result.hits] == ["Recommended Stories", "Headline one", "Headline two"]


def test_drop_block_stops_at_a_paragraph(profile: Profile) -> None:
    text = "Intro.\n\nRecommended Stories\nShort headline\nThe talks resumed on Monday in Geneva.\n"
    result = clean_text(text, profile)
    assert result.text == "Intro.\n\nThe talks resumed on Monday in Geneva.\n"


def test_cut_rest_drops_to_the_end_but_never_empties(profile: Profile) -> None:
    text = "Body.\n\nRelated Articles\nFoo\n\nBar\n"
    assert clean_text(text, profile).text == "Body.\n"
    lone = "Related Articles\nThe story itself.\n"
    assert clean_text(lone, profile).text == lone


def test_replace_strips_a_glued_credit_and_records_it(profile: Profile) -> None:
    result = clean_text("Para one.\n\nHe left. (With inputs from agencies)  \n", profile)
    assert result.text == "Para one.\n\nHe left.\n"
    assert result.credits == ["agencies"]
    (hit,) = result.hits
    assert (hit.rule, hit.line, hit.text, hit.replacement) == (
        "inputs", 3, " (With inputs from agencies)", "")


def test_where_last_counts_lines_left_after_free_rules(profile: Profile) -> None:
    text = "A.\n\nB. (With inputs from PTI)\n\nAdvertisement\n\nAlso read: x\n\nAdvertisement\n"
    assert clean_text(text, profile).text == "A.\n\nB.\n"
    early = "B. (With inputs from PTI)\n\nC.\n\nD.\n"
    assert clean_text(early, profile).text == early


def test_tidy_spaces_blank_runs_and_final_newline(profile: Profile) -> None:
    text = "\n\nTitle\u00a0\u00a0\n\n\n\nBody\u2009text.   \nNext line.\r\n\n\n"
    assert clean_text(text, profile).text == "Title\n\nBody text.\nNext line.\n"


def test_ftfy_repairs_mojibake_and_entities_but_keeps_curly_quotes(profile: Profile) -> None:
    text = "They donâ€™t agree &amp; never will.&nbsp;\nIt cost Â£5m.\n“Never,” said José.\n"
    assert clean_text(text, profile).text == (
        "They don’t agree & never will.\nIt cost £5m.\n“Never,” said José.\n")


def test_mojibake_boilerplate_is_repaired_before_rules_run(profile: Profile) -> None:
    text = "Body.\n\nAdvertisement\u00e2\u20ac\u201d\n"  # "Advertisement—" as mojibake
    assert clean_text(text, profile).text == "Body.\n"


def test_empty_and_blank_documents(profile: Profile) -> None:
    assert clean_text("", profile).text == ""
    assert clean_text(" \n\u00a0\n", profile).text == ""
    assert clean_text("Advertisement\n", profile).text == ""


def test_cleaning_twice_changes_nothing(profile: Profile) -> None:
    text = ("Para. (With inputs from PTI)\n\nRecommended Stories\nA\nB\n\nX (With inputs from IANS)\n"
            "\nAdvertisement\n")
    once = clean_text(text, profile).text
    assert clean_text(once, profile).text == once


def test_tidy_options_can_be_turned_off(write_pack) -> None:
    path = write_pack("keep.yaml", "tidy: {strip_trailing: false, collapse_blank: false, "
                      "unicode_spaces: false}\nrules: []\n")
    profile = load_library([path], no_default=True).profile()
    text = "a  \n\n\n\nb\u00a0c\n"
    assert clean_text(text, profile).text == text


def test_normalize_options_reach_ftfy(write_pack) -> None:
    path = write_pack("n.yaml", "normalize: {uncurl_quotes: true}\nrules: []\n")
    profile = load_library([path], no_default=True).profile()
    assert clean_text("“quoted”\n", profile).text == '"quoted"\n'


def test_a_footer_marker_with_paragraphs_under_it_is_only_a_box(profile: Profile) -> None:
    """A "Related Articles" box mid-article must not cut the story that follows it."""
    story = ("The council will vote again next month, and officials expect the measure to pass "
             "after changes that ease the burden on small shops.")
    text = f"Intro.\n\nRelated Articles\nHeadline one\nHeadline two\n\n{story}\n"
    result = clean_text(text, profile)
    assert result.text == f"Intro.\n\n{story}\n"
    assert [h.text for h in result.hits] == ["Related Articles", "Headline one", "Headline two"]


def test_a_block_between_paragraphs_leaves_the_break(profile: Profile) -> None:
    text = "First paragraph.\nRecommended Stories\n\nHeadline one\nSecond paragraph.\n"
    assert clean_text(text, profile).text == "First paragraph.\n\nSecond paragraph.\n"


@pytest.mark.parametrize("kept", [0, 1, 9, 10, 15, 19, 20, 21, 60])
def test_the_words_left_guard_counts_as_a_full_count_would(kept: int) -> None:
    """guard counts the words left only up to min_words (20 in the default limits): the
    flag and its message are what counting every word gives."""
    from cleaner.pipeline import guard

    profile = load_library().profile()
    assert profile.limits.min_words == 20
    # Long words kept and ten one-word lines removed: under the share limit from 5 words.
    words = " ".join(f"{'x' * 28}{i:02d}" for i in range(kept))
    text = "\n".join(["Advertisement"] * 7 + ([words] if words else []) + ["Advertisement"] * 3)
    result = clean_text(text, profile)
    full_left = len(result.text.split())
    had = sum(len(t.split()) for _, t in result.lines)
    expected = (None if full_left >= 20 or had < 20
                else f"only {full_left} words left of {had} (limit 20)")
    if result.removed_share > (profile.limits.max_removed or 1):
        expected = result.over_limit  # the share limit speaks first
    assert result.over_limit == expected
    result.over_limit = None
    guard(result, profile)
    assert result.over_limit == expected
    if kept in (10, 15, 19):
        assert expected and expected.startswith(f"only {kept} words left of {kept + 10}")
