"""The furniture the article finder knows by its shape (cleaner/html/shapes.py): teaser
cards of other stories, picture credits inside captions, headings left heading nothing;
each removal a Hit of its heuristic, and the story's own look-alikes kept; and the limit
on html-remove the other way round: a link inside a sentence is one of its words."""

from __future__ import annotations

import pytest

from cleaner import Profile, load_library
from cleaner.html import extract

PARAGRAPH = ("The council met on Monday and voted to build the wall along the river, "
             "after three years of debate about the cost and the view. ")
NAV = "".join(f"<a href='/s{i}'>Section {i}</a> " for i in range(30))


@pytest.fixture(scope="module")
def bare() -> Profile:
    return load_library(no_default=True).profile()


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_library().profile()


def page(body: str) -> str:
    return f"<html><body><div class='top'>{NAV}</div>{body}<div class='bottom'>{NAV}</div></body></html>"


def story(extra: str) -> str:
    return page(f"<article class='post'><h1>Wall approved</h1><p>{PARAGRAPH * 4}</p>"
                f"<p>Second paragraph. {PARAGRAPH * 3}</p>{extra}</article>")


# --- teaser cards ------------------------------------------------------------------------------


def test_nested_teaser_cards_with_a_summary_go_each_with_a_hit(bare: Profile) -> None:
    # a card's summary line outweighs its link text, so the link-density test keeps it
    cards = "".join(f"<article><a href='/c{i}'><h2>Other story {i}</h2></a><p>Police said on "
                    f"Tuesday that the case number {i} is closed for good now.</p></article>"
                    for i in range(2))
    result = extract(story(f"<section><div class='cols'>{cards}</div></section>"), bare)
    assert "Other story" not in result.text and "case number" not in result.text
    assert "Second paragraph." in result.text
    hits = [h for h in result.hits if h.rule == "html-teaser-card"]
    assert [h.text[:13] for h in hits] == ["Other story 0", "Other story 1"]
    assert all(h.pack == "builtin" and h.kind == "html-remove" and h.line == 1 for h in hits)


def test_a_nested_article_without_a_linked_headline_stays(bare: Profile) -> None:
    part = ("<article class='chapter'><h2>The vote</h2><p>Seven members voted for the wall "
            "and two against it.</p></article>")
    out = extract(story(part), bare).text
    assert "The vote" in out and "Seven members voted" in out


def test_a_long_nested_article_with_a_linked_headline_stays(bare: Profile) -> None:
    part = (f"<article><h2><a href='#vote'>The vote</a></h2><p>{PARAGRAPH * 4}</p></article>")
    out = extract(story(part), bare).text
    assert "The vote" in out and out.count("The council met") == 11


def test_a_block_that_calls_itself_a_teaser_and_links_goes(bare: Profile) -> None:
    boxes = ("<pp-inline-teaser><h3><a href='/faq'>FAQ on the wall</a></h3><p>Questions and "
             "answers about the flood wall, the cost and the building works.</p></pp-inline-teaser>"
             "<div class='c-teaser'><h4><a href='/m'>More from the city</a></h4><p>Three "
             "other stories from the council this week.</p></div>")
    result = extract(story(boxes), bare)
    assert "FAQ on the wall" not in result.text and "More from the city" not in result.text
    assert sum(h.rule == "html-teaser-card" for h in result.hits) == 2


def test_a_standfirst_marked_teaser_stays_even_with_a_link(bare: Profile) -> None:
    lead = ("<p class='teaser'>The <a href='/council'>council</a> has decided: the wall is "
            "built.</p><div class='teaser-text'>After three years of debate.</div>")
    out = extract(story(lead), bare).text
    assert "The council has decided: the wall is built." in out
    assert "After three years of debate." in out


# --- caption credits ---------------------------------------------------------------------------


def test_the_credit_in_a_caption_goes_and_the_caption_stays(bare: Profile) -> None:
    figure = ("<figure><img src='a.jpg' alt=''><figcaption>The river at dawn. "
              "<span class='image-credit'>Photo: Anna Berg</span></figcaption></figure>")
    result = extract(story(figure), bare)
    assert "The river at dawn." in result.text and "Anna Berg" not in result.text
    hit = next(h for h in result.hits if h.rule == "html-caption-credit")
    assert hit.text == "Photo: Anna Berg"


def test_a_cite_in_a_caption_is_its_credit(bare: Profile) -> None:
    figure = ("<figure><figcaption>Flood wall plans. <cite>City archive</cite></figcaption>"
              "</figure>")
    out = extract(story(figure), bare).text
    assert "Flood wall plans." in out and "City archive" not in out


def test_a_cite_in_a_quote_outside_captions_stays(bare: Profile) -> None:
    quote = "<blockquote><p>Build it now.</p><cite>Mayor Lena Park</cite></blockquote>"
    assert "Mayor Lena Park" in extract(story(quote), bare).text


# --- orphaned headings -------------------------------------------------------------------------


def test_a_heading_whose_box_is_gone_goes_with_a_hit(profile: Profile) -> None:
    # the link list under "More from the region" is taken by the link-density heuristic
    # with the heading right above it; here a tracking pixel sits between them. The
    # newsletter box is filled in by script: only its empty element is in the page.
    links = "".join(f"<li><a href='/r{i}'>Regional story number {i}</a></li>" for i in range(3))
    extra = (f"<h3>More from the region</h3><span class='px'></span><ul>{links}</ul>"
             "<h3>Newsletter</h3><div class='signup-slot'></div>")
    result = extract(story(extra), profile)
    assert "More from the region" not in result.text and "Newsletter" not in result.text
    assert "Regional story" not in result.text
    rules = {h.text: h.rule for h in result.hits}
    assert rules["More from the region"] == "html-orphan-heading"
    assert rules["Newsletter"] == "html-orphan-heading"


def test_a_short_heading_closing_the_story_with_nothing_after_it_stays(bare: Profile) -> None:
    assert extract(story("<h4>Anna Berg</h4>"), bare).text.endswith("Anna Berg\n")


def test_a_heading_followed_by_its_subheadings_stays(bare: Profile) -> None:
    extra = ("<h2>Step by step</h2><h3>First the footings</h3><p>Dig two metres down.</p>"
             "<h3>Then the wall</h3><p>Pour the concrete.</p>")
    out = extract(story(extra), bare).text
    for kept in ("Step by step", "First the footings", "Then the wall"):
        assert kept in out


def test_a_long_heading_followed_by_a_heading_stays(bare: Profile) -> None:
    # a standfirst written as an <h2> right above the story's sections
    extra = ("<h2>The council voted on Monday to build the wall along the river front</h2>"
             "<h2>The vote</h2><p>Seven for, two against.</p>")
    out = extract(story(extra), bare).text
    assert "to build the wall along the river front" in out and "The vote" in out


def test_a_heading_with_text_in_its_tail_stays(bare: Profile) -> None:
    extra = "<div><h4>Note</h4>The figures are from the city.</div>"
    out = extract(story(extra), bare).text
    assert "Note" in out and "The figures are from the city." in out


# --- links inside a sentence (html-remove) ----------------------------------------------------


def test_a_popup_link_inside_a_sentence_is_a_word_of_it(profile: Profile) -> None:
    # glossary links (NHK's easy-Japanese pages) match the page-tools rule's javascript: links
    html = ("<article><p>Ein Gesetz gegen <a href='javascript:void(0)' class='dic'>Gewalt</a> an "
            "Kindern. 子どもへの<a href='javascript:void(0)'><ruby>虐待<rt>ぎゃくたい</rt></ruby></a>"
            "をなくす。</p></article>")
    result = extract(html, profile)
    assert "Ein Gesetz gegen Gewalt an Kindern. 子どもへの虐待をなくす。" in result.text
    assert not result.hits


def test_a_page_tool_link_between_separators_still_goes(profile: Profile) -> None:
    html = ("<article><p>The story.</p><p>Share: <a href='javascript:print()'>Print</a> | "
            "<a href='javascript:mail()'>Mail</a></p></article>")
    result = extract(html, profile)
    assert "Print" not in result.text and "Mail" not in result.text
    assert [h.rule for h in result.hits] == ["html-page-tools", "html-page-tools"]


# --- boxes of dropped forms, web-component links ---------------------------------------------


def test_the_box_of_a_dropped_comment_form_goes_with_its_title(bare: Profile) -> None:
    form = ("<div class='noprint'><div class='titlebar'>Kommentare schreiben</div>"
            "<div><form action='/news/0409.html' method='post'><table><tr><td>Name*</td>"
            "<td><input name='name'></td></tr><tr><td>Text*</td><td><textarea></textarea>"
            "</td></tr></table><input type='submit' value='Absenden'></form></div></div>")
    result = extract(story(form), bare)
    assert "Second paragraph." in result.text and "Kommentare schreiben" not in result.text
    hit = next(h for h in result.hits if h.rule == "html-form-box")
    assert hit.pack == "builtin" and hit.text == "Kommentare schreiben"


def test_a_rating_form_of_label_paragraphs_is_a_form(bare: Profile) -> None:
    # three <p>s that hold only labels do not make a forum page of the form
    form = ("<div class='sectionRating'><form method='post'><fieldset>"
            "<h2>Wie bewerten Sie diesen Artikel?</h2><p><input type='radio' name='r'>"
            "<label>hilfreich</label></p><p><label>Kommentar</label><textarea></textarea></p>"
            "<p><label>E-Mail-Adresse</label><input name='email'></p>"
            "<p><label>Telefonnummer</label><input name='phone'></p></fieldset></form></div>")
    out = extract(story(form), bare).text
    assert "Second paragraph." in out
    assert "Wie bewerten Sie" not in out and "Telefonnummer" not in out


def test_a_form_beside_running_text_takes_no_text_with_it(bare: Profile) -> None:
    # the form's parent holds more than a title: only the form goes
    form = (f"<div class='poll'><p>The council asked readers for their view. {PARAGRAPH}</p>"
            "<form><input type='radio' name='v'> Yes <input type='radio' name='v'> No</form></div>")
    result = extract(story(form), bare)
    assert "The council asked readers for their view." in result.text
    assert not any(h.rule == "html-form-box" for h in result.hits)


def test_a_teaser_linked_through_a_web_component_goes(bare: Profile) -> None:
    teaser = ("<pp-inline-teaser><pp-link href='/faq'><h3>FAQs on the river wall</h3></pp-link>"
              "<div><p>All your questions on the wall answered.</p></div></pp-inline-teaser>")
    result = extract(story(teaser), bare)
    assert "FAQs on the river wall" not in result.text and "questions" not in result.text
    assert any(h.rule == "html-teaser-card" for h in result.hits)


# --- lines before the headline ---------------------------------------------------------------


def test_the_kicker_and_breadcrumb_before_the_headline_go_each_with_a_hit(bare: Profile) -> None:
    html = page("<main><div class='crumbs'><span>Home</span> <span>Nachrichten</span></div>"
                "<header><p class='topline'>Unternehmen</p><p class='date'>06.12.2022</p>"
                f"<h1>Wall approved</h1></header><div class='story'><p>{PARAGRAPH * 4}</p>"
                f"<p>Second paragraph. {PARAGRAPH * 3}</p></div></main>")
    result = extract(html, bare)
    assert result.text.startswith("Wall approved\n\nThe council met")
    hits = [h.text for h in result.hits if h.rule == "html-before-headline"]
    assert hits == ["Home Nachrichten", "Unternehmen", "06.12.2022"]


def test_running_text_before_the_headline_keeps_everything(bare: Profile) -> None:
    # a standfirst written before the headline: the lines before it are not a kicker's
    html = page("<main><p class='topline'>Unternehmen</p><p>Three years after the flood, the "
                "council has chosen how the town will be kept dry, and the state will pay.</p>"
                f"<h1>Wall approved</h1><div class='story'><p>{PARAGRAPH * 4}</p></div></main>")
    result = extract(html, bare)
    assert result.text.startswith("Unternehmen\n\nThree years after the flood")
    assert not any(h.rule == "html-before-headline" for h in result.hits)


def test_an_h1_late_in_the_story_is_not_its_headline(bare: Profile) -> None:
    html = page(f"<article><h2>Vote</h2><p>{PARAGRAPH * 4}</p><h1>Part two</h1>"
                f"<p>Second paragraph. {PARAGRAPH * 3}</p></article>")
    result = extract(html, bare)
    assert result.text.startswith("Vote\n\nThe council met")
    assert not any(h.rule == "html-before-headline" for h in result.hits)


# --- bars of icon links ----------------------------------------------------------------------


def test_a_share_prompt_over_icon_links_goes_with_a_hit(bare: Profile) -> None:
    bar = ("<div style='float:right'><strong>Möchten Sie den Artikel teilen?</strong><br>"
           "<a href='https://facebook.com/sharer.php?u=x'><div class='fb'></div></a>"
           "<a href='mailto:?subject=x'><div class='mail'></div></a></div>")
    result = extract(story(bar), bare)
    assert "Second paragraph." in result.text and "teilen" not in result.text
    assert [h.text for h in result.hits if h.rule == "html-icon-bar"] == ["Möchten Sie den Artikel teilen?"]


def test_headings_with_anchors_and_words_beside_icons_stay(bare: Profile) -> None:
    # numbered section headings carry empty <a id> anchors and icon links; a sentence
    # beside two icon links is text
    extra = ("<h2><a id='s1'></a><a href='#s1'></a>1. Skinfold calipers</h2><p>Text one.</p>"
             "<p>Follow the council's vote on the wall and the river works this spring. "
             "<a href='/rss'><img src='rss.png'></a><a href='/feed'><img src='f.png'></a></p>")
    result = extract(story(extra), bare)
    assert "1. Skinfold calipers" in result.text and "Follow the council's vote" in result.text
    assert not any(h.rule == "html-icon-bar" for h in result.hits)
