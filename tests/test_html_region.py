"""The article finder's signals, each on a small page modelled on the evaluation pages it
was measured on: teaser-card <article> lists, furniture-marked candidates, WordPress
taxonomy classes, the CMS-marked story body (with its header and standfirst), link-dense
blocks, and soft hyphens."""

from __future__ import annotations

import pytest

from cleaner import Profile, load_library
from cleaner.html import extract

PARAGRAPH = ("The council met on Monday and voted to build the wall along the river, "
             "after three years of debate about the cost and the view. ")
NAV = "".join(f"<a href='/s{i}'>Section {i}</a> " for i in range(30))


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_library().profile()


@pytest.fixture(scope="module")
def bare() -> Profile:
    return load_library(no_default=True).profile()


def page(body: str) -> str:
    return f"<html><body><div class='top'>{NAV}</div>{body}<div class='bottom'>{NAV}</div></body></html>"


def card(i: int) -> str:
    """A teaser card as Drupal views write them: an <article> with a paragraph of text."""
    return (f"<div class='views-row'><article class='card-teaser'><h3>Project {i}</h3>"
            f"<p>Summary {i}: {PARAGRAPH * 2}</p></article></div>")


# --- <article> candidates ----------------------------------------------------------------------


def test_a_list_of_like_sized_articles_is_teasers_not_the_story(bare: Profile) -> None:
    intro = f"<div class='column-text'><p>Intro of the page. {PARAGRAPH * 6}</p></div>"
    html = page(f"<div class='content'>{intro}<div class='teaser-list'>"
                f"{''.join(card(i) for i in range(6))}</div></div>")
    out = extract(html, bare).text
    assert out.startswith("Intro of the page.")
    assert "Summary 0" not in out and "Summary 5" not in out


def test_the_story_article_dominates_the_cards_beside_it(bare: Profile) -> None:
    story = f"<article class='story'><p>The story. {PARAGRAPH * 12}</p></article>"
    html = page(story + "".join(card(i) for i in range(3)))
    out = extract(html, bare).text
    assert out.startswith("The story.") and "Summary" not in out


def test_an_article_a_rule_names_as_furniture_is_not_the_story(profile: Profile) -> None:
    # a recipe page whose comment thread is an <article class="comments">, larger than the recipe
    comments = "".join(f"<p>Comment {i}: {PARAGRAPH}</p>" for i in range(8))
    html = page(f"<div class='recipe'><p>Mix the flour. {PARAGRAPH * 5}</p><p>{PARAGRAPH * 5}</p>"
                f"</div><article class='comments'>{comments}</article>")
    out = extract(html, profile).text
    assert out.startswith("Mix the flour.") and "Comment 0" not in out


def test_wordpress_category_classes_do_not_make_the_post_furniture(profile: Profile) -> None:
    # "category-no-newsletter-rss" holds "newsletter", which a newsletter rule matches
    post = (f"<article class='post-7972 post type-post status-publish category-no-newsletter-rss "
            f"tag-comments'><p>The recipe. {PARAGRAPH * 6}</p></article>")
    comments = "".join(f"<li><p>{PARAGRAPH}</p></li>" for _ in range(8))
    html = page(f"<main class='content'>{post}<div id='comments'><ol>{comments}</ol></div></main>")
    page_out = extract(html, profile)
    assert page_out.text.startswith("The recipe.")
    assert not any(h.rule == "html-newsletter" for h in page_out.hits)


def test_taxonomy_classes_stay_on_elements_that_are_not_posts(profile: Profile) -> None:
    # a tag list outside a WordPress post keeps its classes, so the topic-tags rule still sees it
    html = page(f"<article><p>{PARAGRAPH * 4}</p><ul class='tag-list'><li>India</li>"
                "<li>Economy</li></ul></article>")
    out = extract(html, profile)
    assert "Economy" not in out.text and any(h.rule == "html-topic-tags" for h in out.hits)


# --- the CMS-marked story body ------------------------------------------------------------------


def herald_page(extra_before: str = "") -> str:
    """A WordPress theme: headline, standfirst and share row before .entry-content, an
    author box and the section's teasers after it, all inside the one <article>."""
    return page(
        "<article class='herald-single'>"
        "<header class='entry-header'><h1>Storm hits the coast</h1>"
        "<span class='meta'>2 min</span></header>"
        f"{extra_before}"
        "<div class='intro'><p>Standfirst: winds of 150 km/h were measured overnight on the "
        "islands, ferries stopped and thousands of homes were left without power.</p></div>"
        f"<div class='entry-content'><p>Body one. {PARAGRAPH * 3}</p><p>Body two. {PARAGRAPH}"
        "</p></div>"
        "<div id='extras'><div class='herald-author'><p>Medizinstudent, Papa and blogger.</p>"
        "</div><div class='channel-blocks'><h2>More from the channel</h2>"
        "<p>Fruity Pinot Grigio with trout.</p></div></div>"
        "</article>")


def test_the_marked_body_drops_what_follows_it_in_the_region(bare: Profile) -> None:
    out = extract(herald_page(), bare).text
    assert "Body one." in out and "Body two." in out
    assert "Medizinstudent" not in out and "More from the channel" not in out


def test_the_marked_body_keeps_its_headline_and_standfirst(bare: Profile) -> None:
    out = extract(herald_page(), bare).text
    assert out.startswith("Storm hits the coast\n")
    assert "Standfirst: winds" in out


def test_short_lines_before_the_marked_body_go(bare: Profile) -> None:
    out = extract(herald_page("<div class='caption'><p>Photo: Agency</p></div>"), bare).text
    assert "Photo: Agency" not in out and "Body one." in out


def test_furniture_before_the_body_is_left_to_its_rule(profile: Profile) -> None:
    share = "<div class='share-bar'><a href='/f'>Facebook</a> <a href='/x'>X</a></div>"
    result = extract(herald_page(share), profile)
    assert "Facebook" not in result.text
    assert [h.rule for h in result.hits if "Facebook" in h.text] == ["html-share"]


def test_a_marked_body_split_around_an_ad_is_taken_whole(bare: Profile) -> None:
    html = page("<article class='node'><div class='article-content'><p><strong>Lead part. "
                f"{PARAGRAPH}</strong></p></div><div class='row'><div class='article-content'>"
                f"<p>Main part. {PARAGRAPH * 4}</p></div></div><div class='row'><p>Print this</p>"
                "</div></article>")
    out = extract(html, bare).text
    assert "Lead part." in out and "Main part." in out


def test_a_marked_element_holding_little_of_the_region_is_ignored(bare: Profile) -> None:
    html = page(f"<article><p>Real story. {PARAGRAPH * 6}</p><div class='post-content'>"
                "<p>A small box.</p></div><p>More story after the box.</p></article>")
    out = extract(html, bare).text
    assert out.startswith("Real story.") and "More story after the box." in out


# --- link-dense blocks -------------------------------------------------------------------------


def test_a_list_of_story_links_in_the_body_is_removed_with_a_hit(bare: Profile) -> None:
    links = "".join(f"<li><a href='/n{i}'>Headline of another story number {i}</a></li>"
                    for i in range(4))
    html = page(f"<article><p>{PARAGRAPH * 4}</p><div class='sectionRelated'><h3>Themen</h3>"
                f"<ul class='links'>{links}</ul></div><p>Last line of the story.</p></article>")
    result = extract(html, bare)
    assert "another story" not in result.text and "Last line of the story." in result.text
    hit = next(h for h in result.hits if h.rule == "html-link-block")
    assert hit.pack == "builtin" and hit.kind == "html-remove"
    # the box's heading goes with its links; the Hit's text keeps blocks apart
    assert "Themen" not in result.text
    assert hit.text.startswith("Themen Headline of another story number 0 Headline of another "
                               "story number 1") and hit.line == 1


def test_a_teaser_wrapped_in_its_link_is_removed(bare: Profile) -> None:
    teasers = "".join(f"<a href='/t{i}'><div class='teaser'><h2>Teaser {i}</h2><p>Action day "
                      f"number {i} for the helpline.</p></div></a>" for i in range(3))
    html = page(f"<article><p>{PARAGRAPH * 4}</p><div>{teasers}</div></article>")
    out = extract(html, bare).text
    assert "Teaser" not in out and "Action day" not in out and "The council met" in out


def test_a_paragraph_with_a_few_links_stays(bare: Profile) -> None:
    para = ("<p>The <a href='/council'>council</a> and the <a href='/mayor'>mayor</a> met on "
            "Monday to settle the budget for the coming year and the wall.</p>")
    html = page(f"<article><p>{PARAGRAPH * 4}</p>{para}</article>")
    assert "The council and the mayor met on Monday" in extract(html, bare).text


def test_a_link_list_inside_a_box_a_rule_names_is_one_rule_hit(profile: Profile) -> None:
    links = "".join(f"<li><a href='/r{i}'>Related story {i}</a></li>" for i in range(3))
    html = page(f"<article><p>{PARAGRAPH * 4}</p><div class='also-read'><span>Also read</span>"
                f"<ul>{links}</ul></div></article>")
    result = extract(html, profile)
    assert [h.rule for h in result.hits if "Related story" in h.text] == ["html-related"]


def test_the_text_after_a_removed_link_block_stays(bare: Profile) -> None:
    links = "".join(f"<a href='/l{i}'>Link number {i}</a> " for i in range(4))
    html = page(f"<article><p>{PARAGRAPH * 4}</p><div><div>{links}</div>Loose text after the "
                "links, which belongs to the story.</div></article>")
    out = extract(html, bare).text
    assert "Link number" not in out and "Loose text after the links" in out


# --- text -------------------------------------------------------------------------------------


def test_soft_hyphens_are_not_text(bare: Profile) -> None:
    html = page(f"<article><p>Das faschis\u00adtische Regime reih\u00adte den Wein unter die "
                f"gro&shy;ßen Wei&shy;ne Ita&shy;li&shy;ens. {PARAGRAPH * 3}</p></article>")
    out = extract(html, bare).text
    assert "Das faschistische Regime reihte den Wein unter die großen Weine Italiens." in out
    assert "\u00ad" not in out


def test_a_form_wrapping_a_forum_page_without_paragraphs_is_kept(bare: Profile) -> None:
    # ASP.NET forums put the page in one <form> and the posts in <div>s, not <p>s
    posts = "".join(f"<div class='post'><div class='text'>Post {i}: {PARAGRAPH * 2}</div></div>"
                    for i in range(3))
    html = f"<html><body><form id='HtmlForm1'><div class='thread'>{posts}</div></form></body></html>"
    assert "Post 0:" in extract(html, bare).text


def test_a_search_form_beside_the_story_still_goes(bare: Profile) -> None:
    html = page(f"<form class='search'><label>Search the site for stories</label></form>"
                f"<article><p>{PARAGRAPH * 6}</p></article>")
    assert "Search the site" not in extract(html, bare).text


def test_a_nested_teaser_card_that_is_all_link_is_removed(bare: Profile) -> None:
    # one card between two paragraphs: the box around it is not link-dense, the card is
    card = ("<article class='card'><a href='/n1'><h2>Hackers offer the government a discount"
            "</h2></a></article>")
    html = page(f"<article><p>{PARAGRAPH * 5}</p><section><p>Second part. {PARAGRAPH}</p>"
                f"{card}<p>Third part of the story.</p></section></article>")
    result = extract(html, bare)
    assert "Hackers offer" not in result.text and "Third part of the story." in result.text
    assert [h.text for h in result.hits if h.rule == "html-link-block"] == [
        "Hackers offer the government a discount"]


def test_a_box_with_one_link_and_its_own_text_stays(bare: Profile) -> None:
    box = ("<div class='note'>The full report, published by the ministry on Monday, is "
           "<a href='/r'>online</a>.</div>")
    html = page(f"<article><p>{PARAGRAPH * 5}</p>{box}</article>")
    assert "The full report, published by the ministry" in extract(html, bare).text


def wrapped(text: str, depth: int = 6) -> str:
    return "<div class='w'>" * depth + text + "</div>" * depth


def test_a_story_in_modules_nested_deep_is_taken_whole(bare: Profile) -> None:
    # landing-page themes put each part of the story in its own module, eight wrappers deep
    modules = "".join(wrapped(f"<p>Part {i}. {PARAGRAPH * (2 + i)}</p>") for i in range(4))
    html = page(f"<div class='page-wrapper'>{modules}</div>")
    out = extract(html, bare).text
    assert all(f"Part {i}." in out for i in range(4))


def test_wrappers_passed_on_the_climb_do_not_become_the_root(bare: Profile) -> None:
    links = "".join(f"<li><a href='/x{i}'>Another headline number {i} on the site</a></li>"
                    for i in range(40))
    html = page(f"<div class='page'>{wrapped(f'<p>The story. {PARAGRAPH * 4}</p>')}"
                f"<ul>{links}</ul><div><p>Footer words of the site.</p></div></div>")
    out = extract(html, bare).text
    assert out.startswith("The story.") and "Footer words" not in out


def test_the_heading_of_a_removed_link_list_goes_with_it(bare: Profile) -> None:
    links = "".join(f"<li><a href='/m{i}'>Glossary entry number {i}</a></li>" for i in range(3))
    html = page(f"<article><p>{PARAGRAPH * 4}</p><h3>Mehr zum Thema</h3><ul>{links}</ul>"
                "<p>The closing paragraph of the story, which stays.</p></article>")
    result = extract(html, bare)
    assert "Mehr zum Thema" not in result.text and "The closing paragraph" in result.text
    hit = next(h for h in result.hits if h.rule == "html-link-block")
    assert hit.text.startswith("Mehr zum Thema Glossary entry number 0")


def test_a_heading_above_a_single_link_stays(bare: Profile) -> None:
    html = page(f"<article><p>{PARAGRAPH * 4}</p><h4>Bishop Anna Berg, the council's envoy</h4>"
                "<div class='tools'><a href='/listen'>Listen</a></div></article>")
    out = extract(html, bare).text
    assert "Bishop Anna Berg" in out and "Listen" not in out


def test_a_main_without_a_marked_body_loses_what_follows_its_story(bare: Profile) -> None:
    teasers = "".join(f"<div class='tile'><h3>Homestory {i}</h3><p>Short blurb {i} of a home "
                      "tour.</p></div>" for i in range(3))
    html = page("<main class='container'><h1>Vintage flair with plenty of green</h1>"
                "<p class='byline'>By Anna Berg · 3 May</p>"
                f"<div class='story'><p>First. {PARAGRAPH * 4}</p><p>Second. {PARAGRAPH * 3}</p>"
                f"</div><section><h2>More home stories</h2>{teasers}</section></main>")
    out = extract(html, bare).text
    assert out.startswith("Vintage flair with plenty of green\n\nBy Anna Berg · 3 May\n\nFirst.")
    assert "Second." in out and "More home stories" not in out and "Short blurb" not in out


def test_a_post_shipped_as_a_markup_template_in_the_article_body_is_read(bare: Profile) -> None:
    # Blogger (Google's own blogs) renders the post from a template inside articleBody
    html = page("<div class='post'><h2>Enhanced protection</h2><div class='post-body'>"
                "<div class='post-content' itemprop='articleBody'>\n<script type='text/template'>"
                f"\n<p>Over the past few years. {PARAGRAPH * 3}</p>\n<p>Turning it on. {PARAGRAPH}"
                "</p>\n</script>\n</div></div></div>")
    out = extract(html, bare).text
    assert "Over the past few years." in out and "Turning it on." in out


def test_other_markup_templates_stay_out(bare: Profile) -> None:
    html = page(f"<article><p>The story. {PARAGRAPH * 4}</p></article><script id='CookieBoxWrap' "
                "type='text/template'><div class='box'><p>We use cookies on this site to "
                "improve it, and partners read them too, for ads.</p></div></script>")
    assert "We use cookies" not in extract(html, bare).text


def test_a_template_keeps_the_line_numbers_of_the_page(bare: Profile) -> None:
    html = ("<html><body><div itemprop='articleBody'><script type='text/template'>\n\n"
            f"<p>{PARAGRAPH * 3}</p>\n<div class='ad-slot'>Advertisement</div>\n</script></div>"
            "</body></html>")
    result = extract(html, load_library().profile())
    assert [h.line for h in result.hits if h.rule == "html-ad-slot"] == [4]


# --- stories in modules, broken markup -------------------------------------------------------


def module(text: str, head: str = "") -> str:
    """A content module as TYPO3-like systems write them: wrappers, a heading row, a text row."""
    heading = f"<div class='module-head'><h2>{head}</h2></div>" if head else ""
    return (f"<div class='outer'><div class='container'><div class='row textpic'>{heading}"
            f"<div class='text-split'><div class='text'>{text}</div></div></div></div></div>")


def test_a_story_in_headed_modules_is_taken_whole(bare: Profile) -> None:
    # each module's heading adds a little text above its part: the climb must see past it
    parts = "".join(module(f"<p>Part {i}. {PARAGRAPH * 3}</p>",
                           f"Chapter {i} of the report on the river wall") for i in range(4))
    html = page(f"<div class='blog-detail'>{parts}</div>")
    out = extract(html, bare).text
    assert all(f"Part {i}." in out for i in range(4))


def test_a_story_module_beside_a_modest_box_does_not_take_the_page(bare: Profile) -> None:
    # the story is one module; the wrapper above it adds a fact box, the column above that a
    # little more: no ancestor holds several times the story, so the story stays the root
    box = f"<div class='facts'><p>Fact box line. {PARAGRAPH}</p></div>"
    html = page(f"<div class='column'><div class='wrap'>{module(f'<p>The story. {PARAGRAPH * 6}</p>')}"
                f"{box}</div><div class='aside-text'><p>About this blog. {PARAGRAPH}</p></div></div>")
    out = extract(html, bare).text
    assert out.startswith("The story.") and "About this blog" not in out


def test_a_story_in_sibling_article_elements_is_taken_whole(bare: Profile) -> None:
    # TYPO3 writes every text block as its own <article class="contentElement">; a picture
    # gallery, the largest of them, dominates any single one
    gallery = "<article class='contentElement gallery'>" + "".join(
        f"<figure><figcaption>Picture {i}: the north face after the storm, seen from the "
        f"hut, with the tracks of the morning.</figcaption></figure>" for i in range(12)) + "</article>"
    texts = "".join(f"<article class='contentElement'><p>Week part {i}. {PARAGRAPH * 2}</p></article>"
                    for i in range(6))
    html = page(f"<div class='mainContent'>{texts[:len(texts) // 2]}{gallery}"
                f"{texts[len(texts) // 2:]}</div>")
    out = extract(html, bare).text
    assert all(f"Week part {i}." in out for i in range(6)) and "Picture 3" in out


def test_sibling_teaser_articles_are_not_joined_to_the_story(bare: Profile) -> None:
    story = f"<article class='story'><p>The story. {PARAGRAPH * 12}</p></article>"
    cards = "".join(f"<article class='card'><h3><a href='/s{i}'>Other story {i}</a></h3>"
                    f"<p>Blurb {i}: {PARAGRAPH}</p></article>" for i in range(6))
    out = extract(page(f"<div class='stream'>{story}{cards}</div>"), bare).text
    assert out.startswith("The story.") and "Blurb" not in out


def test_an_end_tag_with_junk_before_its_bracket_still_closes(bare: Profile) -> None:
    # "</svg" with no ">" of its own ends at the next ">", as browsers read it: the page after
    # it is not cut away as the SVG's content
    logo = "<span class='logo'><svg viewBox='0 0 9 9'><title>Logo</title></svg\n</span>"
    html = page(f"{logo}<div class='story'><p>The story. {PARAGRAPH * 4}</p></div>")
    assert extract(html, bare).text.startswith("The story.")


# --- the standfirst just outside the region --------------------------------------------------

LEAD = ("Three years after the flood, the council has chosen how the town will be kept dry: "
        "a wall along the river, paid for by the state.")


def test_a_standfirst_right_before_the_story_is_taken_into_it(bare: Profile) -> None:
    # the lead sits in its own block before the story's text block (TYPO3's "teaser-text")
    html = page(f"<div class='news-single'><div class='teaser-text'><p>{LEAD}</p></div>"
                f"<div class='news-text-wrap'><p>{PARAGRAPH * 4}</p><p>{PARAGRAPH * 4}</p></div>"
                "</div>")
    out = extract(html, bare).text
    assert out.startswith("Three years after the flood") and "The council met" in out


def test_a_standfirst_before_the_header_picture_and_the_post_is_taken(bare: Profile) -> None:
    html = page(f"<main><header class='entry-header'><h1>The wall</h1><p class='lead'>{LEAD}</p>"
                "</header><figure class='post-thumbnail'><img src='a.jpg'><figcaption>The river"
                f"</figcaption></figure><div class='main-content'><article class='post'><p>"
                f"{PARAGRAPH * 4}</p><p>{PARAGRAPH * 4}</p></article></div></main>")
    out = extract(html, bare).text
    assert out.startswith("The wall\n\nThree years after the flood")


def test_a_link_list_or_a_long_block_before_the_story_is_not_a_standfirst(bare: Profile) -> None:
    other = f"<div class='prev-story'><p>Another story entirely. {PARAGRAPH * 8}</p></div>"
    links = ("<div class='crumbs'><p>" + " ".join(f"<a href='/c{i}'>Category {i} of the site</a>"
                                                    for i in range(6)) + "</p></div>")
    for before in (other, links):
        # (the story is long enough that the climb does not take the block in either)
        html = page(f"<div class='col'>{before}<div class='story'><p>The story. {PARAGRAPH * 20}"
                    f"</p><p>{PARAGRAPH * 20}</p></div></div>")
        out = extract(html, bare).text
        assert out.startswith("The story.")
