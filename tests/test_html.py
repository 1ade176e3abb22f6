"""HTML extraction: block/inline spacing, junk and html-remove removal, content root, head
look-ups, hostile markup, and facts about the samples under samples/html (their expected
output is checked in test_goldens)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cleaner import Library, Profile, load_library
from cleaner.decode import decode
from cleaner.html import Page, declared_charset, extract, page_url

from .conftest import ROOT

SAMPLES = ROOT / "samples"
HTML_SAMPLES = sorted((SAMPLES / "html").glob("*.html"))
PARAGRAPH = ("The council met on Monday and voted to build the wall along the river, "
             "after three years of debate about the cost and the view. ")


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_library().profile()


@pytest.fixture(scope="module")
def bare() -> Profile:
    """No html-remove rules at all: what extraction does on its own."""
    return load_library(no_default=True).profile()


def text_of(html: str, profile: Profile) -> str:
    return extract(html, profile).text


# --- spacing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("html", "expected"), [
    ("<p>end.</p><p>Next</p>", "end.\n\nNext\n"),
    ("<div>end.</div><div>Next</div>", "end.\n\nNext\n"),
    ("<h2>Heading</h2><p>Body</p>", "Heading\n\nBody\n"),
    ("<p><b>W</b>ord</p>", "Word\n"),
    ("<p>a <a href='/x'>link</a> text</p>", "a link text\n"),
    ("<p><a href='/x'>link</a> text</p>", "link text\n"),
    ("<p>x<span>y</span>z</p>", "xyz\n"),
    ("<p><em>one</em> <strong>two</strong></p>", "one two\n"),
    ("<p>H<sub>2</sub>O and E=mc<sup>2</sup></p>", "H2O and E=mc2\n"),
    ("<p>Filed <time>Monday</time>, <abbr>UN</abbr> said</p>", "Filed Monday, UN said\n"),
    ("<p>line one\n   still   one\tline</p>", "line one still one line\n"),
    ("<p>x&nbsp;y</p>", "x\u00a0y\n"),
    ("<p>first<br>second</p>", "first\nsecond\n"),
    ("<p>first<br><br>second</p>", "first\n\nsecond\n"),
    ("<div>loose<p>para</p>tail</div>", "loose\n\npara\n\ntail\n"),
    ("<ul><li>one</li><li>two</li></ul><p>after</p>", "one\ntwo\n\nafter\n"),
    ("<dl><dt>Term</dt><dd>Meaning</dd></dl>", "Term\nMeaning\n"),
    ("<table><tr><th>Year</th><th>Level</th></tr><tr><td>2026</td><td>61%</td></tr></table>",
     "Year | Level\n2026 | 61%\n"),
    ("<blockquote><p>Quoted</p></blockquote><p>After</p>", "Quoted\n\nAfter\n"),
    ("<figure><img src='a.jpg' alt='alt text'><figcaption>Caption</figcaption></figure>",
     "Caption\n"),
    ("<pre>  code\n    indented</pre><p>after</p>", "  code\n    indented\n\nafter\n"),
    ("<p>漢<ruby>字<rt>じ</rt></ruby></p>", "漢字\n"),
    ("<p>no<wbr>break</p>", "nobreak\n"),
    ("<p>x</p><hr><p>y</p>", "x\n\ny\n"),
    ("<p>   </p><p>&nbsp;</p><p>only</p>", "only\n"),
])
def test_block_and_inline_spacing(html: str, expected: str, bare: Profile) -> None:
    assert text_of(f"<html><body><article>{html}</article></body></html>", bare) == expected


def test_link_urls_and_image_alts_are_not_text(bare: Profile) -> None:
    out = text_of("<p>See <a href='https://example.com/x'>the report</a> "
                  "<img src='x.png' alt='A chart'>.</p>", bare)
    assert out == "See the report .\n"


# --- junk and html-remove ----------------------------------------------------------------------


def test_scripts_styles_forms_and_media_are_removed(bare: Profile) -> None:
    html = """<html><head><style>p{color:red}</style><script>var a = "<p>fake</p>";</script></head>
    <body><p>Kept one.</p><script>document.write("<div>x</div>")</script>
    <noscript>Enable JavaScript</noscript><template><p>tpl</p></template>
    <form><label>Email</label><input name=e><button>Subscribe</button></form>
    <iframe src="x">frame text</iframe><svg><text>svg text</text></svg>
    <video>Your browser does not support video.</video><select><option>opt</option></select>
    <textarea>typed</textarea><!-- a comment --><p>Kept <!-- inline -->two.</p></body></html>"""
    assert text_of(html, bare) == "Kept one.\n\nKept two.\n"


def test_a_form_wrapping_the_page_is_kept(bare: Profile) -> None:
    paras = "".join(f"<p>Paragraph {i} of the story.</p>" for i in range(4))
    html = f"<body><form id='aspnetForm'><div id='story'>{paras}</div><input name=x></form></body>"
    assert text_of(html, bare).count("Paragraph") == 4


def test_html_remove_hits_carry_rule_line_and_text(profile: Profile) -> None:
    html = ("<html><body>\n<article>\n<p>First paragraph of the story.</p>\n"
            "<div class=\"ad-slot\"><span>Advertisement</span></div>\n"
            "<div class=\"related-stories\"><h4>Related</h4>\n<a href='/a'>Other story</a></div>\n"
            "<div id=\"div-gpt-ad-1\"></div>\n<p>Second paragraph.</p>\n</article>\n"
            "<nav><a href='/'>Home</a></nav>\n</body></html>")
    page = extract(html, profile)
    assert page.text == "First paragraph of the story.\n\nSecond paragraph.\n"
    got = [(h.pack, h.rule, h.kind, h.line, h.text) for h in page.hits]
    assert got == [
        ("html", "html-ad-slot", "html-remove", 4, "Advertisement"),
        ("html", "html-related", "html-remove", 5, "Related Other story"),
    ]  # the empty GPT slot removed nothing visible; the nav was outside the article


def test_nested_matches_are_one_removal(profile: Profile) -> None:
    html = ("<article><p>Story text here.</p><aside class='related'><div class='ad-slot'>Ad"
            "</div><div class='share'>Share</div></aside></article>")
    page = extract(html, profile)
    assert [h.rule for h in page.hits] == ["html-ad-slot", "html-related"]
    assert page.text == "Story text here.\n"


def test_a_furniture_class_on_the_story_wrapper_keeps_the_story(profile: Profile) -> None:
    # The story's own wrapper carries a share class: removing it would leave nothing.
    html = (f"<article><div class='post share-enabled sharing'><p>{PARAGRAPH * 4}</p>"
            f"<p>{PARAGRAPH * 2}</p></div><div class='share'><p>Share this</p></div></article>")
    page = extract(html, profile)
    assert page.text.startswith("The council met") and "Share this" not in page.text
    assert [h.rule for h in page.hits] == ["html-share"]


def test_hit_text_is_collapsed_and_cut(profile: Profile) -> None:
    html = f"<article><p>{PARAGRAPH}</p><aside>{'word ' * 200}</aside></article>"
    (hit,) = extract(html, profile).hits
    assert len(hit.text) <= 200 and hit.text.endswith("…") and "  " not in hit.text


def test_header_inside_article_stays_page_header_goes(profile: Profile) -> None:
    html = ("<body><header class='site'><a href='/'>The Ledger</a></header><main><article>"
            f"<header><h1>Storm hits coast</h1></header><p>{PARAGRAPH}</p></article></main>"
            "<footer>© 2026 The Ledger</footer></body>")
    out = text_of(html, profile)
    assert out.startswith("Storm hits coast\n\n") and "Ledger" not in out


def test_false_positive_classes_are_kept(profile: Profile) -> None:
    html = ("<article><figure class='header-image'><figcaption>Crowds in Delhi</figcaption>"
            "</figure><p class='advertorial-disclosure'>Paid for by the tourism board.</p>"
            "<p>The <span class='share-price'>share price</span> fell.</p>"
            "<div class='read-more-content'><p>The rest of the story.</p></div></article>")
    out = text_of(html, profile)
    for kept in ("Crowds in Delhi", "Paid for by", "share price fell", "rest of the story"):
        assert kept in out


# --- content root ------------------------------------------------------------------------------


def page_with(body: str) -> str:
    nav = "".join(f"<a href='/s{i}'>Section {i}</a> " for i in range(30))
    return f"<html><body><div class='top'>{nav}</div>{body}<div class='bottom'>{nav}</div></body></html>"


def test_site_content_selector_wins(
        write_pack: Callable[[str, str], Path]) -> None:
    pack = write_pack("site.yaml", "sites: [example.com]\nhtml:\n  content: ['div.story-body']\n"
                      "rules: []\n")
    lib: Library = load_library([pack])
    prof = lib.profile(lib.find_site("example.com"))
    html = page_with("<article><p>Teaser in an article tag.</p></article>"
                     f"<div class='story-body'><p>{PARAGRAPH}</p></div>")
    assert text_of(html, prof) == PARAGRAPH.strip() + "\n"


def test_site_selector_that_finds_nothing_falls_back(
        write_pack: Callable[[str, str], Path]) -> None:
    pack = write_pack("site.yaml", "sites: [example.com]\nhtml:\n  content: ['div.nothing']\n"
                      "rules: []\n")
    lib = load_library([pack])
    prof = lib.profile(lib.find_site("example.com"))
    html = page_with(f"<article><p>{PARAGRAPH}</p></article>")
    assert text_of(html, prof) == PARAGRAPH.strip() + "\n"


def test_itemprop_article_body_first(bare: Profile) -> None:
    html = page_with(f"<article><h1>Headline</h1><div itemprop='articleBody'><p>{PARAGRAPH}</p>"
                     "</div><p>Outside the body.</p></article>")
    assert text_of(html, bare) == PARAGRAPH.strip() + "\n"


def test_an_article_body_split_in_parts_is_taken_whole(profile: Profile) -> None:
    html = page_with(f"<div class='story'><div itemprop='articleBody'><p>First part. {PARAGRAPH}"
                     "</p></div><div class='ad-slot'>Advertisement</div><div itemprop="
                     f"'articleBody'><p>Second part. {PARAGRAPH}</p></div></div>")
    out = text_of(html, profile)
    assert "First part." in out and "Second part." in out and "Advertisement" not in out
    assert "Section" not in out


def test_the_article_with_most_text(bare: Profile) -> None:
    cards = "".join(f"<article class='card'><p>Teaser {i}.</p></article>" for i in range(5))
    html = page_with(f"{cards}<article><p>{PARAGRAPH * 3}</p></article>")
    assert text_of(html, bare) == (PARAGRAPH * 3).strip() + "\n"


def test_teaser_articles_do_not_beat_the_story(bare: Profile) -> None:
    cards = "".join(f"<article class='card'><p>Teaser number {i}.</p></article>" for i in range(3))
    html = page_with(f"<aside>{cards}</aside><div class='story'><p>{PARAGRAPH * 4}</p>"
                     f"<p>{PARAGRAPH * 4}</p></div>")
    assert "Teaser" not in text_of(html, bare)


def test_main_when_no_article(bare: Profile) -> None:
    html = page_with(f"<main><h1>Headline</h1><p>{PARAGRAPH}</p></main>")
    assert text_of(html, bare) == f"Headline\n\n{PARAGRAPH.strip()}\n"


def test_role_main(bare: Profile) -> None:
    html = page_with(f"<div role='main'><p>{PARAGRAPH}</p></div>")
    assert text_of(html, bare) == PARAGRAPH.strip() + "\n"


def test_densest_block_with_low_link_density(bare: Profile) -> None:
    links = "".join(f"<p><a href='/{i}'>A linked headline about story number {i}</a></p>"
                    for i in range(10))
    html = page_with(f"<div class='links'>{links}</div><div class='content'><div class='text'>"
                     f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div></div>")
    assert text_of(html, bare) == f"{PARAGRAPH.strip()}\n\n{PARAGRAPH.strip()}\n"


def test_article_split_over_sibling_blocks_is_kept_whole(bare: Profile) -> None:
    html = page_with(f"<div class='story'><div class='part'><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>"
                     f"</div><div class='promo'>Promo</div><div class='part'><p>Second half. "
                     f"{PARAGRAPH}</p><p>{PARAGRAPH}</p></div></div>")
    out = text_of(html, bare)
    assert out.startswith(PARAGRAPH.strip()) and "Second half." in out


def test_br_built_page_in_a_table_cell(bare: Profile) -> None:
    html = ("<body><table><tr><td><a href='/'>Home</a><br><a href='/n'>News</a></td><td>"
            f"{PARAGRAPH}<br><br>{PARAGRAPH}</td></tr></table></body>")
    assert text_of(html, bare) == f"{PARAGRAPH.strip()}\n\n{PARAGRAPH.strip()}\n"


def test_body_when_nothing_stands_out(bare: Profile) -> None:
    assert text_of("<body>Just a line.</body>", bare) == "Just a line.\n"


def test_comments_section_does_not_win_the_density_contest(profile: Profile) -> None:
    comments = "".join(f"<li><p>{PARAGRAPH}</p></li>" for _ in range(6))
    html = page_with(f"<div class='post'><p>{PARAGRAPH}</p><p>The end of the story.</p></div>"
                     f"<div id='comments'><ol>{comments}</ol></div>")
    out = text_of(html, profile)
    assert "The end of the story." in out and out.count("The council met") == 1


# --- title, url, charset -------------------------------------------------------------------------


def test_title_sources() -> None:
    prof = load_library(no_default=True).profile()
    assert extract("<title> A  title </title><h1>H</h1><p>x</p>", prof).title == "A title"
    og = "<meta property='og:title' content='OG title'><h1>H</h1>"
    assert extract(og, prof).title == "OG title"
    assert extract("<body><h1>Heading one</h1><p>x</p></body>", prof).title == "Heading one"
    assert extract("<p>x</p>", prof).title is None


def test_title_is_not_text_unless_inside_the_root(bare: Profile) -> None:
    html = (f"<title>Page title</title><h1>Outside headline</h1><article><p>{PARAGRAPH}</p>"
            "</article>")
    page = extract(html, bare)
    assert page.title == "Page title"
    assert "title" not in page.text and "Outside headline" not in page.text


@pytest.mark.parametrize(("head", "url"), [
    ("<link rel='canonical' href='https://ex.com/a'><meta property='og:url' content='https://ex.com/b'>",
     "https://ex.com/a"),
    ("<meta property='og:url' content='https://ex.com/b'>", "https://ex.com/b"),
    ("<link rel=canonical href='/relative'><meta property=og:url content='https://ex.com/b'>",
     "https://ex.com/b"),
    ("<link rel='canonical' href='//cdn.ex.com/a'>", "https://cdn.ex.com/a"),
    ("<LINK REL='Canonical' HREF='https://ex.com/a?x=1&amp;y=2'>", "https://ex.com/a?x=1&y=2"),
    ("<!-- <link rel='canonical' href='https://old.com/'> -->", None),
    ("<script>var s = '<link rel=\"canonical\" href=\"https://js.com/\">';</script>", None),
    ("<title>No url</title>", None),
])
def test_page_url(head: str, url: str | None, bare: Profile) -> None:
    html = f"<html><head>{head}</head><body><p>x</p></body></html>"
    assert page_url(html) == url
    assert extract(html, bare).url == url


def test_page_url_ignores_the_body() -> None:
    assert page_url("<head></head><body><link rel=canonical href='https://b.com/'></body>") is None


@pytest.mark.parametrize(("data", "charset"), [
    (b'<meta charset="windows-1252">', "cp1252"),
    (b"<META CHARSET=utf-8>", "utf-8"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "cp1252"),
    (b'<meta http-equiv="content-type" content="text/html;charset=shift_jis">', "shift_jis"),
    (b'<?xml version="1.0" encoding="koi8-r"?><html>', "koi8-r"),
    (b'<meta charset="no-such-charset">', None),
    (b"<p>nothing declared</p>", None),
    (b" " * 20000 + b'<meta charset="koi8-r">', None),
])
def test_declared_charset(data: bytes, charset: str | None) -> None:
    assert declared_charset(data) == charset


# --- hostile markup ------------------------------------------------------------------------------


@pytest.mark.parametrize("html", [
    "", "   ", "\n\n", "<<<>>>", "<html>", "<html><head></head></html>", "</p></div>",
    "<frameset><frame src='a'></frameset>", "<!-- only a comment -->", "<script>x",
    "<div class=\"unclosed", "\x00\x01\x02", "text with \ud800 lone surrogate",
    "<p>" * 5000, "<table>" * 3000 + "cell", "<a href='" + "x" * 2_000_000 + "'>link</a>",
])
def test_hostile_markup_never_crashes(html: str, profile: Profile) -> None:
    page = extract(html, profile)
    assert isinstance(page, Page) and isinstance(page.text, str)


def test_very_deep_nesting_keeps_the_text(profile: Profile) -> None:
    html = "<p>before</p>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000 + "<p>after</p>"
    out = text_of(html, profile)
    assert "before" in out and "deep" in out and "after" in out


def test_moderately_deep_nesting_is_flattened_not_lost(profile: Profile) -> None:
    html = "<body>" + "<span><div>" * 600 + "inner text" + "</div></span>" * 600 + "</body>"
    assert "inner text" in text_of(html, profile)


def test_unclosed_script_swallows_the_rest_like_a_browser(bare: Profile) -> None:
    assert text_of("<p>visible</p><script>var a = 1; <p>not text</p>", bare) == "visible\n"


# --- the samples ------------------------------------------------------------------------------


def test_legacy_charset_sample_is_windows_1252() -> None:
    data = (SAMPLES / "html" / "diario_cp1252.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert declared_charset(data) == "cp1252"
    assert "“Si no llueve" in decode(data, declared_charset(data))


def test_samples_cover_canonical_and_og_url() -> None:
    urls = {p.name: page_url(p.read_bytes().decode("utf-8", "replace")) for p in HTML_SAMPLES}
    assert urls["desk_also_read.html"] == (
        "https://www.nationaldesk.in/india/monsoon-kerala-may-30-imd-article-118234.html")
    assert urls["ledger_ad_slots.html"] and "harborledger.com" in urls["ledger_ad_slots.html"]


# --- the selector pre-filter -------------------------------------------------------------------


def test_prefilter_finds_what_soupsieve_finds(profile: Profile) -> None:
    """Every html-remove example, run through extraction's pre-filtered matching, behaves as
    `cleaner rules check` (plain soupsieve) says it does."""
    from bs4 import BeautifulSoup

    from cleaner.html.remove import _plan, _remove

    lib = load_library()
    for rule in profile.html_remove:
        plan = _plan(((rule.pack, rule.id, rule.selectors),))
        spec = next(r for r in lib.packs[rule.pack].pack.rules if r.id == rule.id)
        for snippet in spec.examples.match:
            soup = BeautifulSoup(snippet, "lxml")
            assert _remove(soup, plan), (rule.id, snippet)
        for snippet in spec.examples.keep:
            soup = BeautifulSoup(snippet, "lxml")
            assert not _remove(soup, plan), (rule.id, snippet)


@pytest.mark.parametrize(("selector", "html", "hit"), [
    ("div.x:not(.y)", "<div class='x'>a</div>", True),
    ("div.x:not(.y)", "<div class='x y'>a</div>", False),
    (":is(.a, .b)", "<span class='b'>a</span>", True),
    ("section > p:first-child", "<section><p>a</p></section>", True),
    ("[data-role='ad' i]", "<div data-role='AD'>a</div>", True),
    ("p:-soup-contains('Sponsored by')", "<p>Sponsored by Acme</p>", True),
    ("p:-soup-contains-own('Sponsored')", "<p><b>Sponsored</b></p>", False),
    ("*[id$=promo]", "<div id='top-promo'>a</div>", True),
    ("ns|div, .a\\:b", "<div class='a:b'>a</div>", True),
])
def test_prefilter_handles_selector_shapes(selector: str, html: str, hit: bool) -> None:
    from bs4 import BeautifulSoup

    from cleaner.html.remove import _plan, _remove

    soup = BeautifulSoup(f"<article>{html}</article>", "lxml")
    assert bool(_remove(soup, _plan((("t", "t", (selector,)),)))) is hit


def test_density_walk_selectors_agree_with_soupsieve(profile: Profile) -> None:
    """The simple selectors the lxml density walk tests itself match exactly the elements
    soupsieve matches, on every html-remove example of the default packs."""
    import soupsieve
    from bs4 import BeautifulSoup
    from lxml import etree

    from cleaner.html.select import _index_simple, _simple_match, _simple_selector, _split_list

    lib = load_library()
    snippets = [s for pf in lib.packs.values() for r in pf.pack.rules if r.kind == "html-remove"
                for s in (*r.examples.match, *r.examples.keep)]
    snippets.append("<div class='Ad-Slot x' id='comments-1' data-ad='' aria-label='Cookie bar'>"
                    "<span class='ad'>a</span><p class='share-price'>b</p></div>")
    parts = [p for r in profile.html_remove for sel in r.selectors for p in _split_list(sel)]
    simple = [(p, s) for p in parts if (s := _simple_selector(p)) is not None]
    assert len(simple) > 100
    checked = 0
    for snippet in snippets:
        soup = BeautifulSoup(snippet, "lxml")
        doc = etree.fromstring(snippet, etree.HTMLParser())
        tags = soup.find_all(True)
        elements = list(doc.iter(etree.Element))
        assert [t.name for t in tags] == [e.tag for e in elements], snippet
        for part, exact in simple:
            index = _index_simple([exact])
            for tag, el in zip(tags, elements, strict=True):
                assert _simple_match(el, index) == soupsieve.match(part, tag), (part, snippet)
                checked += 1
    assert checked > 10_000


@pytest.mark.parametrize(("selector", "key"), [
    ("div[id^=div-gpt-ad]", ("attr", "id", "div-gpt-ad")),
    (".ad-slot", ("attr", "class", "ad-slot")),
    ("body > header", ("tag", "header", "")),
    ("header:not(article header)", ("tag", "header", "")),
    ("[data-ad]", ("attr", "data-ad", "")),
    ("a:-soup-contains-own('Print this', \"Mail it\")", ("text", "a", "")),
    (":is(.a, .b)", None),
])
def test_selector_keys(selector: str, key: tuple[str, str, str] | None) -> None:
    from cleaner.html.select import _subject_key

    got = _subject_key(selector)
    assert (got and (got.kind, got.name, got.literal)) == key
    if got is not None and got.kind == "text":
        assert got.texts == ("Print this", "Mail it") and got.own
