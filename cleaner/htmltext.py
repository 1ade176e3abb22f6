"""HTML page -> the article's block-structured text, with a Hit for every html-remove removal.

One job: turn a page's markup into the plain text of its article, ready for the text
pipeline (ftfy, line rules, tidy). The stages, and why they are split between lxml and
BeautifulSoup:

1. ``_shrink``: scripts, styles, SVG, templates, iframes and comments are cut out of the
   raw string (each replaced by a comment holding only its newlines, so every later line
   number is still the line in the original page). On real news pages this is most of the
   bytes.
2. lxml (C) parses what is left, drops the always-junk elements (forms, buttons, media,
   the head), caps very deep nesting, reads the title, and finds the article region:
   ``itemprop=articleBody``, else the ``<article>`` with the most text, else ``<main>``,
   else the block with the most paragraph text and low link density (furniture that the
   profile's simple selectors name is left out of that count). Everything outside the
   region and its chain of ancestors is cut away: BeautifulSoup's Python tree is the
   costly part of HTML cleaning, so it is only built where the article is. (A site pack's
   ``html.content`` selectors need soupsieve, so with them the whole body is built.)
3. BeautifulSoup (lxml parser) + soupsieve run the profile's ``html-remove`` selectors
   inside the root, each removal a ``Hit`` with the element's source line; a key read from
   each selector (its tag, class, id or attribute text) keeps soupsieve to the few
   elements that could match. An iterative walk then writes the text: blocks on their own
   lines, inline elements joined exactly as written.
"""

from __future__ import annotations

import codecs
import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import soupsieve
from bs4 import BeautifulSoup, CData, NavigableString, Tag
from lxml import etree

from .matcher import Hit
from .rules import Profile

# --- tunables -----------------------------------------------------------------------------

# Deeper than this, an element's descendants are flattened into plain text: real pages
# nest 20-60 deep, and soupsieve's ancestor checks cost O(depth) per element.
_MAX_DEPTH = 256
# A strong candidate (article, main, itemprop=articleBody) is taken when it holds this many
# characters of non-link text, or this share of the page's; teaser cards marked up as
# <article> hold far less.
_STRONG_CHARS = 1000
_STRONG_SHARE = 0.25
_ITEMPROP_SHARE = 0.10
# The story's <article> holds this many times the text of the next largest one; below
# that, the <article>s are a list of teaser cards and the density search decides.
_DOMINATE = 2.0
# A block with less own text than this is not a paragraph for the density heuristic.
_MIN_PARAGRAPH = 25
# Paragraph blocks whose text is more than this share link text are navigation.
_MAX_LINK_DENSITY = 0.5
# The heuristic root climbs to its parent while the parent holds this much more paragraph
# text: an article split over sibling blocks (parts between ad slots) is kept whole.
_CLIMB = 1.25
# The pack name on the Hits of removals no rule made (the link-density heuristic).
_HEURISTIC_PACK = "builtin"
# A block (list, box, table) with two links or more whose text is at least this share link
# text is a list of links, not the story, unless the text outside its links is more than
# this share of the region's.
_LINK_BLOCKS = frozenset({"ul", "ol", "dl", "div", "section", "article", "table", "p", "li"})
_LINK_BLOCK_DENSITY = 0.7
_LINK_BLOCK_SHARE = 0.2
# With a single link, only a card (a nested <article>, a box) that is nearly all link text:
# the teaser of another story, its headline the link.
_CARDS = frozenset({"article", "div", "section"})
_CARD_DENSITY = 0.9
# Removed elements' text is cut to this length in the Hit.
_HIT_CHARS = 200
# An html-remove match holding more than this share of the region's paragraph text (in a
# region of at least _HOLDS_STORY_CHARS of it) is the story itself, not furniture.
_HOLDS_STORY = 0.6
_HOLDS_STORY_CHARS = 500
# A form holding more than this share of the page's text wraps the page (ASP.NET).
_FORM_PAGE_SHARE = 0.5
# How much of the raw page page_url / declared_charset look at.
_HEAD_LIMIT = 1 << 20
_CHARSET_LIMIT = 16 * 1024

_LINE_ATTR = "data-cleaner-line"
_ROOT_ATTR = "data-cleaner-root"

# --- element classes ----------------------------------------------------------------------

# Raw-text (and comment-like) elements whose content is never article text: cut from the
# string before any parser sees them.
_RAW = ("script", "style", "noscript", "template", "iframe", "svg", "math", "textarea",
        "xmp", "noembed", "noframes")
_RAW_OPEN = re.compile(r"<!--|<(" + "|".join(_RAW) + r")(?=[\s/>])[^>]*>", re.IGNORECASE)
_RAW_CLOSE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _RAW}
# Dropped from the lxml tree (with their content; the text after them stays).
_JUNK = ("head", "button", "input", "select", "option", "optgroup", "datalist", "textarea",
         "object", "embed", "applet", "canvas", "video", "audio", "map", "frameset", "frame",
         "script", "style", "noscript", "template", "iframe", "svg", "math", "link", "meta",
         "base")
# Blocks: a blank line before and after.
_PARA = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "details",
    "dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "main", "menu",
    "nav", "ol", "p", "pre", "search", "section", "summary", "table", "ul",
})
# Line-level blocks: their own line, no blank line between siblings.
_LINE = frozenset({"li", "dt", "dd", "tr"})
_CELL = frozenset({"td", "th"})
_BLOCKS = _PARA | _LINE | _CELL
# Blocks that are paragraphs themselves (their text scores for their container), as
# opposed to containers that may hold loose text between their children.
_PARAGRAPHS = frozenset({"p", "pre", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"})
# Never rendered, even if they survive the earlier stages (hit text of detached elements).
_SKIP = frozenset({"head", "title", "script", "style", "noscript", "template", "iframe",
                   "svg", "math", "button", "input", "select", "textarea", "object", "embed",
                   "canvas", "video", "audio", "img", "map", "area", "meta", "link", "base"})
_TEXT_TYPES = (NavigableString, CData)  # exact types: not comments, doctypes, ruby text

# HTML's whitespace (not \s: a no-break space is text, made plain later by tidy).
_HTML_WS = re.compile(r"[ \t\n\r\f]+")
_ALL_WS = re.compile(r"\s+")
# A line made only of list separators, or a pipe at either end of one, is what is left of a
# row of links once html-remove took the links (table cells never make either).
_SEPARATORS = re.compile(r"[|·•/,;:\s]*")
_PIPE_EDGE = re.compile(r"^\|[\s|]*|[\s|]*\|$")
_DEPTH_XPATH = etree.XPath("/*" * _MAX_DEPTH)
_ITEMPROP_XPATH = etree.XPath(
    "//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' articleBody ')]")
_CHARS_XPATH = etree.XPath("string-length(translate(normalize-space(.), ' ', ''))")
_LINK_TEXTS = etree.XPath(".//a//text()", smart_strings=False)
_LINK_COUNT = etree.XPath("count(.//a)")
# Class and id names content-management systems give the element that holds the story's
# text (WordPress, Drupal, Joomla, newspaper themes); matched as substrings, lower case.
_BODY_NAMES = ("entry-content", "post-content", "post_content", "postcontent", "post-body",
               "post-entry", "post-text", "article-content", "article__content",
               "articlecontent", "article-body", "article__body", "articlebody", "article-text",
               "articletext", "story-body", "storybody", "story-content", "story__body",
               "body-text", "text-content", "field-name-body", "field--name-body",
               "content-body", "news-body", "news-text", "entry-body", "single-content",
               "td-post-content", "itemfulltext", "article-entry", "blog-content")
_BODY_NAME = re.compile("|".join(_BODY_NAMES))


def _body_marked(region: etree._Element) -> list[etree._Element]:
    """The div/section/article/main elements under `region` whose class or id carries one
    of the content-management systems' names for the story's body."""
    return [el for el in region.iter("div", "section", "article", "main")
            if (el.get("class") or el.get("id"))
            and _BODY_NAME.search(f"{el.get('class', '')} {el.get('id', '')}".lower())]


# A marked story body is taken when it holds this share of the region's text.
_BODY_SHARE = 0.5
# Before the marked body, a block with this much text outside links is the standfirst.
_LEAD_CHARS = 100
_WP_POST_XPATH = etree.XPath("//*[contains(concat(' ', @class, ' '), ' status-publish ')]")
_WP_TERMS = ("category-", "tag-", "post_tag-", "format-")
_MAIN_XPATH = etree.XPath("//main | //*[@role='main']")
_OG_TITLE_XPATH = etree.XPath("//meta[@property='og:title' or @name='og:title']/@content")


@dataclass
class Page:
    """What extraction found in one page."""

    text: str  # block-structured text of the article root (paragraphs separated by blank lines)
    title: str | None  # <title>, else og:title, else the first h1
    url: str | None  # canonical link, else og:url
    hits: list[Hit] = field(default_factory=list)  # one per element an html-remove rule removed


# --- cheap head look-ups -------------------------------------------------------------------

_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)
_HEAD_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


def page_url(html: str) -> str | None:
    """The page's canonical link, else its og:url: absolute http(s) URLs only (cheap: regex
    over the head, scripts and comments cut first so a commented-out tag does not count)."""
    return _head_url(_shrink(html[:_HEAD_LIMIT]))


def _head_url(head: str) -> str | None:
    """page_url on an already shrunk page."""
    end = _HEAD_END.search(head, 0, _HEAD_LIMIT)
    head = head[:end.start() if end is not None else _HEAD_LIMIT]
    canonical = og = None
    for tag in _HEAD_TAG.finditer(head):
        attrs = _attrs(tag.group(2))
        if tag.group(1).lower() == "link":
            if canonical is None and "canonical" in attrs.get("rel", "").lower().split():
                canonical = _absolute(attrs.get("href"))
        elif og is None and (attrs.get("property") or attrs.get("name", "")).lower() == "og:url":
            og = _absolute(attrs.get("content"))
    return canonical or og


def _attrs(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(text):
        name = m.group(1).lower()
        if name not in out:
            value = next((g for g in m.group(2, 3, 4) if g is not None), "")
            out[name] = htmllib.unescape(value).strip()
    return out


def _absolute(url: str | None) -> str | None:
    """`url` if it names a host: a relative canonical cannot choose a site pack."""
    if not url:
        return None
    if url.startswith("//"):
        url = "https:" + url
    return url if re.match(r"(?i)https?://[^/\s]", url) else None


_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:+-]+)""",
                           re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:+-]+)""",
                           re.IGNORECASE)
# What browsers do with these labels (WHATWG Encoding): Latin-1 and ASCII pages are read as
# Windows-1252, whose curly quotes they nearly always contain; a UTF-16 label on bytes that
# parsed as ASCII is a lie.
_WHATWG = {"latin_1": "cp1252", "iso8859_1": "cp1252", "ascii": "cp1252",
           "iso8859_9": "cp1254", "iso8859_11": "cp874", "tis_620": "cp874",
           "gb2312": "gbk", "euc_kr": "cp949", "utf_16": "utf-8", "utf_16_le": "utf-8",
           "utf_16_be": "utf-8", "utf_8": "utf-8"}


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first KB (<meta charset>, http-equiv
    content-type, or an XML declaration), as a Python codec name; None if none or unknown."""
    head = data[:_CHARSET_LIMIT]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if m is None:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    key = name.replace("-", "_")
    return _WHATWG.get(key, name)


# --- extraction ----------------------------------------------------------------------------


def extract(html: str, profile: Profile) -> Page:
    """The article text of `html`, its title and URL, and a Hit per html-remove removal."""
    return _extract(html, profile, site_content=bool(profile.html_content))


def _extract(html: str, profile: Profile, *, site_content: bool) -> Page:
    shrunk = _shrink(html)
    url = _head_url(shrunk)
    doc = _parse(shrunk)
    if doc is None:
        return Page("", None, url, [])
    title = _title(doc)
    _drop_junk(doc)
    body = doc.find("body")
    if body is None:
        body = doc
    plan = _plan(_remove_key(profile))
    region = None
    if not site_content:
        region = _strong_region(body, plan)
        if region is None:
            # No marked-up article: the densest block of paragraphs, found in lxml with the
            # furniture that simple selectors name left out of the count.
            region = _densest(body, plan)
        region = _narrow(region, body, plan)
    top = region if region is not None else body
    # Link lists and teaser blocks that no rule names, found by their link density; their
    # Hits follow the rules' ones (a rule that names an element is the better explanation).
    link_hits = _drop_link_blocks(top, plan) if region is not None else []
    _isolate(top)
    for el in top.iter(etree.Element):
        el.set(_LINE_ATTR, str(el.sourceline or 0))
    top.set(_ROOT_ATTR, "1")
    soup = BeautifulSoup(etree.tostring(doc, encoding="unicode", method="html"), "lxml")
    found = soup.find(attrs={_ROOT_ATTR: "1"})
    root: Tag = found if isinstance(found, Tag) else soup
    if site_content:
        chosen = next((el for sel in profile.html_content
                       if isinstance(el := soupsieve.select_one(sel, soup), Tag)), None)
        if chosen is None:  # the site's selectors found nothing: read it like any page
            return _extract(html, profile, site_content=False)
        root = chosen
    removed = _remove(root, plan)
    hits = [hit for r in removed if (hit := _hit(r)) is not None] + link_hits
    text = _render(root)
    return Page(text + "\n" if text else "", title, url, hits)


def _shrink(html: str) -> str:
    """Cut raw-text elements and comments out of the string; each cut that spanned lines is
    replaced by a comment of its newlines (dropped by the parser) so line numbers hold."""
    out: list[str] = []
    pos = 0
    n = len(html)
    while True:
        m = _RAW_OPEN.search(html, pos)
        if m is None:
            break
        start = m.start()
        name = m.group(1)
        if name is None:  # a comment; "<!-->" and "<!--->" are complete, empty ones
            if html.startswith((">", "->"), m.end()):
                end = html.index(">", m.end()) + 1
            else:
                close = html.find("-->", m.end())
                end = n if close < 0 else close + 3
        else:
            close_m = _RAW_CLOSE[name.lower()].search(html, m.end())
            end = n if close_m is None else close_m.end()
        out.append(html[pos:start])
        newlines = html.count("\n", start, end)
        if newlines:
            out.append("<!--" + "\n" * newlines + "-->")
        pos = end
    if not out:
        return html
    out.append(html[pos:])
    return "".join(out)


def _parse(markup: str) -> etree._Element | None:
    """lxml's HTML tree of `markup`, or None for an empty document."""
    data = markup.replace("\x00", "").encode("utf-8", "replace")
    parser = _parser()
    try:
        doc = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    if any("depth" in e.message.lower() for e in parser.error_log):
        # Nesting past libxml2's hard limit stops the parse there and loses the rest of the
        # page: flatten the deepest tags in the string and parse again.
        doc = etree.fromstring(_flatten_string(data.decode("utf-8")).encode("utf-8"), _parser())
    if doc is None:
        return None
    for el in _DEPTH_XPATH(doc):
        etree.strip_tags(el, "*")
    return doc


def _parser() -> etree.HTMLParser:
    # A fresh parser per page: its error log tells whether this page hit the depth limit.
    return etree.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True,
                            remove_pis=True, no_network=True)


_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})
# Tags the parser closes by itself; counting them as nesting would flatten ordinary pages.
_SELF_CLOSING = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option", "thead",
                           "tbody", "tfoot"})


def _flatten_string(markup: str) -> str:
    """Drop the tags nested deeper than _MAX_DEPTH (a space each), keeping their text."""
    out: list[str] = []
    pos = depth = 0
    for m in _TAG.finditer(markup):
        name = m.group(2).lower()
        if name in _VOID or name in _SELF_CLOSING or m.group(3):
            continue
        if m.group(1):
            deep = depth > _MAX_DEPTH
            depth = max(0, depth - 1)
        else:
            depth += 1
            deep = depth > _MAX_DEPTH
        if deep:
            out.append(markup[pos:m.start()])
            out.append(" ")
            pos = m.end()
    out.append(markup[pos:])
    return "".join(out)


def _title(doc: etree._Element) -> str | None:
    el = doc.find(".//title")
    if el is not None and (text := _collapse("".join(el.itertext()))):
        return text
    for value in _OG_TITLE_XPATH(doc):
        if text := _collapse(str(value)):
            return text
    el = doc.find(".//h1")
    if el is not None and (text := _collapse("".join(el.itertext()))):
        return text
    return None


def _drop_junk(doc: etree._Element) -> None:
    """Forms, buttons, media and the head go. A form that wraps real content (ASP.NET pages
    put the whole page in one, forums often with no <p> at all) is kept as a plain
    container: one holding an <article>, paragraphs, or most of the page's text."""
    forms = list(doc.iter("form"))
    page = int(_CHARS_XPATH(doc)) if forms else 0
    for form in forms:
        if form.find(".//article") is not None or len(form.findall(".//p")) >= 3 \
                or int(_CHARS_XPATH(form)) > _FORM_PAGE_SHARE * page:
            form.tag = "div"
    etree.strip_elements(doc, "form", *_JUNK, with_tail=False)
    for post in _WP_POST_XPATH(doc):
        # WordPress writes a post's categories and tags into its class ("category-no-
        # newsletter", "tag-comments"): topic words, not layout, that furniture selectors
        # matching class text would take for a newsletter box or a comment thread.
        post.set("class", " ".join(t for t in post.get("class", "").split()
                                   if not t.startswith(_WP_TERMS)))


def _nonlink_chars(el: etree._Element) -> int:
    """Non-space characters of `el`'s text outside links (counted in C where it can be)."""
    total = int(_CHARS_XPATH(el))
    if not total:
        return 0
    links = "".join(_LINK_TEXTS(el))
    return total - (len(links) - sum(links.count(c) for c in " \n\t\r\f"))


def _strong_region(body: etree._Element, plan: _Plan) -> etree._Element | None:
    """The marked-up article: itemprop=articleBody, else the <article> with the most text,
    else <main>; each only if it holds a fair share of the page's text. A candidate that a
    simple html-remove selector names, or that sits inside such an element, is furniture
    (an <article class="comments">, the cards of a sidebar), never the story."""
    page = _nonlink_chars(body)

    def best(elements: list[etree._Element], share: float, dominate: bool) -> etree._Element | None:
        ranked = sorted(((s, el) for el in elements if (s := _nonlink_chars(el)) > 0),
                        key=lambda pair: -pair[0])
        # the two largest that are not furniture (the ancestor test is the costly part)
        scored = []
        for pair in ranked:
            if not _in_furniture(pair[1], body, plan, page):
                scored.append(pair)
                if len(scored) == 2:
                    break
        if not scored:
            return None
        score, el = scored[0]
        if dominate and len(scored) > 1 and score < _DOMINATE * scored[1][0]:
            # Several <article>s of like size are a list of teaser cards: the story's own
            # <article> holds far more text than any card beside it.
            return None
        return el if score >= _STRONG_CHARS or score >= share * page else None

    for elements, share, dominate in ((_article_bodies(body), _ITEMPROP_SHARE, False),
                                      (_outer(list(body.iter("article"))), _STRONG_SHARE, True),
                                      (_MAIN_XPATH(body), _STRONG_SHARE, False)):
        found = best(list(elements), share, dominate)
        if found is not None:
            return found
    return None


def _narrow(region: etree._Element, body: etree._Element, plan: _Plan) -> etree._Element:
    """Trim `region` to the story's body when a content-management system marked it with
    one of the usual class or id names ("entry-content", "article-body", ...) and the marked
    parts hold most of the region's text: what follows the body in the region (author box,
    the section's teasers, a comment prompt) goes, and of what precedes it only blocks of
    running text (the standfirst) and the story's header (the <h1>, a <header>) stay. A body split
    in parts (around an ad) is taken as the smallest element holding them all."""
    whole = _nonlink_chars(region)
    if whole <= 0:
        return region
    parts = [(el, chars) for el in _outer(_body_marked(region))
             if el is not region and (chars := _nonlink_chars(el)) > 0
             and not _in_furniture(el, region, plan, whole)]
    if not parts or sum(chars for _, chars in parts) < _BODY_SHARE * whole:
        return region
    node = _common_ancestor([el for el, _ in parts])
    while node is not None and node is not region:
        parent = node.getparent()
        if parent is None:
            break
        before = True
        for sibling in list(parent):
            if sibling is node:
                before = False
            elif _simple_match(sibling, plan.simple):
                continue  # furniture a rule names: the rule removes it, with its Hit
            elif not before or not (_is_lead(sibling) or _is_heading(sibling)):
                parent.remove(sibling)
        node = parent
    return region


def _is_lead(el: etree._Element) -> bool:
    """A block of running text: enough characters outside links to be sentences."""
    if not isinstance(el.tag, str):
        return False
    total = int(_CHARS_XPATH(el))
    own = _nonlink_chars(el) if total else 0
    return own >= _LEAD_CHARS and own > _MAX_LINK_DENSITY * total


def _is_heading(el: etree._Element) -> bool:
    """The story's header: an <h1> (headline) or a <header> block (headline and byline)."""
    return el.tag in ("h1", "header") or el.find(".//h1") is not None


def _common_ancestor(elements: list[etree._Element]) -> etree._Element:
    """The deepest element holding all of `elements` (itself, for one)."""
    if len(elements) == 1:
        return elements[0]
    chains = [[*list(el.iterancestors())[::-1], el] for el in elements]
    common = chains[0][0]
    for level in zip(*chains, strict=False):
        if any(el is not level[0] for el in level):
            break
        common = level[0]
    return common


def _drop_link_blocks(region: etree._Element, plan: _Plan) -> list[Hit]:
    """Remove the blocks inside `region` whose text is mostly link text (a list of other
    stories, a "see also" box, a row of topic links, a teaser card wrapped in its link),
    outermost first, each with a Hit naming the heuristic. Furniture a simple rule names is
    left to the rule; a block holding a fair share of the region's own text stays. Only the
    blocks that hold a link are looked at, each counted in C (XPath)."""
    holders: set[etree._Element] = set()
    for a in region.iter("a"):
        for up in a.iterancestors():
            if up is region or up in holders:
                break
            holders.add(up)
    if not holders:
        return []
    whole = _nonlink_chars(region)
    chosen: list[etree._Element] = []
    taken: set[etree._Element] = set()
    seen: dict[etree._Element, bool] = {}
    for el in region.iter(*_LINK_BLOCKS):
        if el not in holders or el is region:
            continue
        if taken and any(up in taken for up in el.iterancestors()):
            continue  # inside a block already taken
        total = int(_CHARS_XPATH(el))
        if not total:
            continue
        links = "".join(_LINK_TEXTS(el))
        link = len(links) - sum(links.count(c) for c in " \n\t\r\f")
        if link < _LINK_BLOCK_DENSITY * total or total - link > _LINK_BLOCK_SHARE * whole:
            continue
        if (link < _CARD_DENSITY * total or el.tag not in _CARDS) and int(_LINK_COUNT(el)) < 2:
            continue  # one link: only a card that is nearly all link
        if _in_furniture(el, region, plan, whole + 1, seen):
            continue  # a rule takes it (or the box around it) whole, with its own Hit
        taken.add(el)
        chosen.append(el)
    hits: list[Hit] = []
    for el in chosen:
        text = _collapse("".join(el.itertext()))
        if len(text) > _HIT_CHARS:
            text = text[:_HIT_CHARS - 1].rstrip() + "…"
        hits.append(Hit(_HEURISTIC_PACK, "html-link-block", "html-remove", el.sourceline or 0,
                        text))
        parent = el.getparent()
        if parent is not None:
            _remove_keep_tail(parent, el)
    return hits


def _remove_keep_tail(parent: etree._Element, el: etree._Element) -> None:
    """Remove `el` but keep the text after it (it belongs to the parent)."""
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _outer(elements: list[etree._Element]) -> list[etree._Element]:
    """The elements not inside another one of the list (an <article> card nested in the
    story's <article> is not its rival)."""
    chosen = set(elements)
    return [el for el in elements if not any(a in chosen for a in el.iterancestors())]


def _in_furniture(el: etree._Element, body: etree._Element, plan: _Plan, page: int,
                  seen: dict[etree._Element, bool] | None = None) -> bool:
    """Whether `el` or one of its ancestors below `body` is taken by a simple html-remove
    selector, unless that element holds most of the page's text (a WordPress post carries
    its categories as classes: "category-no-newsletter" is still the story). `seen` keeps
    the answer per element across calls that share ancestors."""
    node: etree._Element | None = el
    while node is not None and node is not body:
        known = seen.get(node) if seen is not None else None
        if known is None:
            known = _simple_match(node, plan.simple) and \
                _nonlink_chars(node) <= _HOLDS_STORY * page
            if seen is not None:
                seen[node] = known
        if known:
            return True
        node = node.getparent()
    return False


def _article_bodies(body: etree._Element) -> list[etree._Element]:
    """The itemprop=articleBody elements; a body some sites split into several (around ads
    and embeds) is taken whole, as the smallest element holding all the parts."""
    marked = _ITEMPROP_XPATH(body)
    parts = [el for el in marked if not any(a in marked for a in el.iterancestors())]
    if len(parts) < 2:
        return parts
    chains = [list(el.iterancestors())[::-1] for el in parts]
    common = None
    for level in zip(*chains, strict=False):
        if any(el is not level[0] for el in level):
            break
        common = level[0]
    return [common] if common is not None else parts


def _isolate(top: etree._Element) -> None:
    """Cut everything but `top` and its chain of ancestors (kept, with their attributes, so
    selectors that look at ancestors still match as they would in the whole page)."""
    node = top
    parent = node.getparent()
    while parent is not None:
        for child in list(parent):
            if child is not node:
                parent.remove(child)
        parent.text = None
        node.tail = None
        node, parent = parent, parent.getparent()


# --- html-remove ---------------------------------------------------------------------------


class _Key(NamedTuple):
    """What an element must have for a selector to match it: a cheap, necessary test."""

    kind: str  # "attr", "tag" or "text"
    name: str  # the attribute or tag name ("" in a text key: any tag)
    literal: str = ""  # attr: lower-case text the value contains ("" = just present)
    texts: tuple[str, ...] = ()  # text: strings one of which the text contains
    own: bool = False  # text: only the element's own text (:-soup-contains-own)


@dataclass(frozen=True)
class _Remover:
    """One html-remove rule, with what an element must have to be worth asking soupsieve."""

    pack: str
    rule: str
    matcher: soupsieve.SoupSieve
    tags: frozenset[str]  # a selector whose subject is this tag name
    attrs: tuple[tuple[str, str], ...]  # (attribute, lower-case text its value must contain)
    texts: tuple[_Key, ...]  # :-soup-contains(-own): the element's text holds one of these
    everything: bool  # a selector with no usable key: every element is a candidate


@dataclass(frozen=True)
class _Plan:
    removers: tuple[_Remover, ...]
    tags: frozenset[str]
    attrs: dict[str, re.Pattern[str] | None]  # attribute -> any of its literals (None: any)
    simple: _SimpleIndex  # the selectors lxml can test exactly (for the density walk)


@dataclass(frozen=True, slots=True)
class _Removed:
    pack: str
    rule: str
    element: Tag  # detached from the tree, whole


_RuleKey = tuple[tuple[str, str, tuple[str, ...]], ...]  # (pack, id, selectors) per rule


def _remove_key(profile: Profile) -> _RuleKey:
    return tuple((r.pack, r.id, r.selectors) for r in profile.html_remove)


@lru_cache(maxsize=64)
def _plan(rules: _RuleKey) -> _Plan:
    """Each rule's selectors compiled once, with a cheap key per selector (its subject's tag,
    id, class or attribute text): soupsieve costs ~1 µs per element per selector, so only
    elements that carry a key are handed to it."""
    removers: list[_Remover] = []
    literals: dict[str, set[str]] = {}
    tags: set[str] = set()
    simple: list[_Simple] = []
    for pack, rule_id, selectors in rules:
        rtags: set[str] = set()
        rattrs: list[tuple[str, str]] = []
        rtexts: list[_Key] = []
        everything = False
        for selector in selectors:
            for part in _split_list(selector):
                if (exact := _simple_selector(part)) is not None:
                    simple.append(exact)
                key = _subject_key(part)
                if key is None:
                    everything = True
                elif key.kind == "tag":
                    rtags.add(key.name)
                elif key.kind == "text":
                    rtexts.append(key)
                    if key.name:
                        tags.add(key.name)
                else:
                    rattrs.append((key.name, key.literal))
                    literals.setdefault(key.name, set()).add(key.literal)
        tags |= rtags
        merged: dict[tuple[str, bool], tuple[str, ...]] = {}
        for key in rtexts:  # one pass over the elements per tag, not one per selector
            merged[key.name, key.own] = merged.get((key.name, key.own), ()) + key.texts
        texts = tuple(_Key("text", name, texts=t, own=own) for (name, own), t in merged.items())
        removers.append(_Remover(pack, rule_id, soupsieve.compile(", ".join(selectors)),
                                 frozenset(rtags), tuple(rattrs), texts, everything))
    attrs = {name: None if "" in lits else
             re.compile("|".join(re.escape(x) for x in sorted(lits, key=len, reverse=True)))
             for name, lits in literals.items()}
    return _Plan(tuple(removers), frozenset(tags), attrs, _index_simple(simple))


def _top_level(selector: str) -> Iterator[tuple[int, str]]:
    """The characters of a selector outside quotes, brackets and parentheses, with their index."""
    depth = 0
    quote = ""
    for i, ch in enumerate(selector):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0:
            yield i, ch


def _split_list(selector: str) -> list[str]:
    """Split a selector list on its top-level commas."""
    parts: list[str] = []
    start = 0
    for i, ch in _top_level(selector):
        if ch == ",":
            parts.append(selector[start:i])
            start = i + 1
    parts.append(selector[start:])
    return [p.strip() for p in parts if p.strip()]


_COMPOUND_TOKEN = re.compile(
    r"""\#(?P<id>[\w-]+)
      | \.(?P<cls>[\w-]+)
      | \[\s*(?P<an>[\w:-]+)\s*(?:(?P<op>[~|^$*!]?=)\s*
            (?:"(?P<v1>[^"]*)"|'(?P<v2>[^']*)'|(?P<v3>[^\s\]]+))\s*(?:[iIsS]\s*)?)?\]
      | :(?P<pseudo>[\w-]+)(?P<args>\()?
    """, re.VERBOSE)


def _subject_key(selector: str) -> _Key | None:
    """A condition every element the selector matches must meet, read from its last
    compound (an attribute's text, the text it contains, its tag), or None if unsure."""
    if "\\" in selector:
        return None  # escapes: not worth decoding for a pre-filter
    compound = _last_compound(selector)
    if compound is None:
        return None
    tag_m = re.match(r"([A-Za-z][\w-]*)(?![\w|-])", compound)
    pos = tag_m.end() if tag_m else 0
    if compound.startswith("*"):
        pos = 1
    tag = tag_m.group(1).lower() if tag_m else ""
    keys: list[_Key] = []
    text_key: _Key | None = None
    while pos < len(compound):
        m = _COMPOUND_TOKEN.match(compound, pos)
        if m is None:
            return _Key("tag", tag) if tag else None
        pos = m.end()
        if m.group("id"):
            keys.append(_Key("attr", "id", m.group("id").lower()))
        elif m.group("cls"):
            keys.append(_Key("attr", "class", m.group("cls").lower()))
        elif m.group("an"):
            op = m.group("op")
            value = next((v for v in m.group("v1", "v2", "v3") if v is not None), "")
            if op == "!=":
                continue
            keys.append(_Key("attr", m.group("an").lower(), value.lower() if op else ""))
        elif m.group("args"):
            end = _close_paren(compound, pos)
            if end < 0:
                return None
            pseudo = m.group("pseudo").lower()
            if pseudo in ("-soup-contains", "-soup-contains-own", "contains"):
                texts = tuple("".join(t) for t in _CONTAINS_ARG.findall(compound[pos:end]))
                if texts and all(texts):
                    text_key = _Key("text", tag, texts=texts, own=pseudo.endswith("-own"))
            pos = end + 1
    keys.sort(key=lambda k: -len(k.literal))  # the longest literal filters best
    if keys and keys[0].literal:
        return keys[0]
    if text_key is not None:
        return text_key
    if tag:
        return _Key("tag", tag)
    return keys[0] if keys else None


_CONTAINS_ARG = re.compile(r""""([^"]*)"|'([^']*)'|([^\s,"')]+)""")


def _last_compound(selector: str) -> str | None:
    """The selector's subject: the text after its last top-level combinator."""
    start = 0
    for i, ch in _top_level(selector):
        if ch in " \t\n>+~":
            start = i + 1
    compound = selector[start:].strip()
    return compound or None


def _close_paren(text: str, pos: int) -> int:
    depth = 1
    for i in range(pos, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _remove(root: Tag, plan: _Plan) -> list[_Removed]:
    """Remove every element under `root` that an html-remove rule selects, rule by rule in
    profile order; an element inside one already removed is not counted again."""
    if not plan.removers:
        return []
    order: dict[int, int] = {}
    elements: list[Tag] = []
    by_tag: dict[str, list[Tag]] = {}
    by_attr: dict[str, list[tuple[Tag, str]]] = {name: [] for name in plan.attrs}
    for el in root.descendants:
        if not isinstance(el, Tag):
            continue
        order[id(el)] = len(elements)
        elements.append(el)
        if el.name in plan.tags:
            by_tag.setdefault(el.name, []).append(el)
        for name, value in el.attrs.items():
            if name in by_attr:
                text = (" ".join(value) if isinstance(value, list) else str(value)).lower()
                pattern = plan.attrs[name]
                if pattern is None or pattern.search(text):
                    by_attr[name].append((el, text))
    removed: list[_Removed] = []
    # A furniture selector that matches the story's own wrapper (a "related" or "share" class
    # on the element holding most of the paragraphs) is a false match: such an element stays.
    whole = _paragraph_chars(root)
    for rm in plan.removers:
        if rm.everything:
            candidates = elements
        else:
            found: dict[int, Tag] = {}
            for tag in rm.tags:
                for el in by_tag.get(tag, ()):
                    found[id(el)] = el
            for name, literal in rm.attrs:
                for el, text in by_attr[name]:
                    if literal in text:
                        found[id(el)] = el
            for key in rm.texts:
                for el in by_tag.get(key.name, ()) if key.name else elements:
                    text = ("".join(c for c in el.contents if type(c) in _TEXT_TYPES)
                            if key.own else el.get_text())
                    if any(t in text for t in key.texts):
                        found[id(el)] = el
            candidates = sorted(found.values(), key=lambda e: order[id(e)])
        for el in candidates:
            if not _attached(el, root) or not rm.matcher.match(el):
                continue
            if whole >= _HOLDS_STORY_CHARS and _paragraph_chars(el) > _HOLDS_STORY * whole:
                continue
            removed.append(_Removed(rm.pack, rm.rule, el))
            el.extract()
    return removed


def _paragraph_chars(el: Tag) -> int:
    """Characters of the <p> text under `el` (the parser never nests a <p> in a <p>)."""
    return sum(len(p.get_text()) for p in el.find_all("p"))


def _attached(el: Tag, root: Tag) -> bool:
    node = el.parent
    while node is not None:
        if node is root:
            return True
        node = node.parent
    return False


def _hit(r: _Removed) -> Hit | None:
    """The Hit for a removal; None for an element with no text (an empty ad slot removes
    nothing a reader would see)."""
    text = _collapse(_render(r.element))
    if not text:
        return None
    if len(text) > _HIT_CHARS:
        text = text[:_HIT_CHARS - 1].rstrip() + "…"
    line = r.element.get(_LINE_ATTR)
    return Hit(r.pack, r.rule, "html-remove",
               int(line) if isinstance(line, str) and line.isdigit() else 0, text)


# --- content root by paragraph density ------------------------------------------------------


class _Frame:
    """Per-element tallies for the density walk (non-space characters)."""

    __slots__ = ("block", "card", "el", "link", "own", "own_link", "para", "score", "skip",
                 "total")

    def __init__(self, el: etree._Element, block: _Frame | None, skip: bool = False) -> None:
        self.el = el
        self.block = self if el.tag in _BLOCKS else block  # where its loose text belongs
        self.skip = skip  # furniture a simple html-remove selector takes: counts for nothing
        self.total = self.link = self.own = self.own_link = 0
        self.para = 0.0  # paragraph text inside (undecayed)
        self.card = 0.0  # the part of `para` inside <article> elements below it
        self.score = 0.0  # paragraph text credited to it as a container (decayed with depth)


def _densest(body: etree._Element, plan: _Plan) -> etree._Element:
    """The block with the most paragraph text and low link density (readability's idea: a
    paragraph credits its parent fully, its grandparent half, the next a third), then
    widened while the parent holds clearly more paragraph text. Elements that a simple
    html-remove selector takes (tag, class, id, attribute) are left out of the count, so a
    comment thread or a footer full of paragraphs cannot win."""
    stats: dict[etree._Element, tuple[float, int, int, float]] = {}  # para, total, link, card
    best: tuple[float, etree._Element] | None = None
    frames: list[_Frame] = []
    links: list[bool] = []
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            parent = frames[-1] if frames else None
            skip = el is not body and _simple_match(el, plan.simple)
            frame = _Frame(el, parent.block if parent else None, skip)
            frames.append(frame)
            links.append((links[-1] if links else False) or el.tag == "a")
            if skip:
                walker.skip_subtree()
            elif el.text:
                _count(frame, frames[0], el.text, links[-1])
            continue
        frame = frames.pop()
        in_link = links.pop()
        parent = frames[-1] if frames else None
        if not frame.skip:
            _credit(frame, frames)
            stats[el] = (frame.para, frame.total, frame.link, frame.card)
            if frame.score > 0 and frame.total:
                value = frame.score * (1 - frame.link / frame.total)
                if best is None or value > best[0]:
                    best = (value, el)
        if parent is not None:
            if not frame.skip:
                parent.total += frame.total
                parent.link += frame.link
                parent.para += frame.para
                parent.card += frame.para if el.tag == "article" else frame.card
            if el.tail:
                _count(parent, frames[0], el.tail, links[-1] if links else in_link)
    if best is None:
        return body
    root = best[1]
    para = stats[root][0]
    # Text inside <article>s beside the root is a list of teaser cards (had one <article>
    # been the story, it would have been taken first): it does not make the parent the
    # story. `mine` is the card text that is the root's own (the root is, or is in, one).
    mine = para if root.tag == "article" else 0.0
    node = root.getparent()
    while node is not None and node in stats:
        p_para, p_total, p_link, p_card = stats[node]
        if p_para <= para and node.getparent() in stats:
            # a wrapper that adds no paragraph text (themes nest a block in eight of them):
            # it neither stops the climb nor becomes the root
            node = node.getparent()
            continue
        if p_para - p_card + mine < para * _CLIMB \
                or (p_total and p_link / p_total > _MAX_LINK_DENSITY):
            break
        root, para, node = node, p_para, node.getparent()
        if root.tag == "article":
            mine = para
    return root


def _count(frame: _Frame, top: _Frame, text: str, in_link: bool) -> None:
    """Add a text node's non-space characters to `frame` and to its block."""
    n = len(text) - sum(text.count(c) for c in " \n\t\r\f")
    if n <= 0:
        return
    frame.total += n
    holder = frame.block or top
    holder.own += n
    if in_link:
        frame.link += n
        holder.own_link += n


def _credit(frame: _Frame, frames: list[_Frame]) -> None:
    """Credit a finished block's own text, if it is a paragraph, to it and its containers."""
    if frame.block is not frame or frame.own < _MIN_PARAGRAPH:
        return
    if frame.own_link / frame.own > _MAX_LINK_DENSITY:
        return
    value = float(frame.own - frame.own_link)
    frame.para += value
    # A paragraph credits its container; a container with loose text credits itself first.
    chain = frames[::-1] if frame.el.tag in _PARAGRAPHS else [frame, *frames[::-1]]
    for level, holder in enumerate(chain[:3], start=1):
        holder.score += value / level


_Simple = tuple[str, tuple[tuple[str, str, str, bool], ...]]  # tag ("" any), attribute tests


def _simple_selector(part: str) -> _Simple | None:
    """A selector with one compound of tag, #id, .class and [attr op value] only, as tests
    lxml can run exactly; None for anything with a combinator or a pseudo-class."""
    if "\\" in part or ":" in part or _last_compound(part) != part.strip():
        return None
    part = part.strip()
    tag_m = re.match(r"([A-Za-z][\w-]*)(?![\w|-])|\*", part)
    pos = tag_m.end() if tag_m else 0
    tag = tag_m.group(1).lower() if tag_m and tag_m.group(1) else ""
    tests: list[tuple[str, str, str, bool]] = []
    while pos < len(part):
        m = _COMPOUND_TOKEN.match(part, pos)
        if m is None or m.group("pseudo"):
            return None
        pos = m.end()
        if m.group("id"):
            tests.append(("id", "=", m.group("id"), False))
        elif m.group("cls"):
            tests.append(("class", "~=", m.group("cls"), False))
        else:
            value = next((v for v in m.group("v1", "v2", "v3") if v is not None), "")
            flag = m.group(0).rstrip("]").rstrip().endswith((" i", " I"))
            tests.append((m.group("an").lower(), m.group("op") or "", value, flag))
    return (tag, tuple(tests)) if tag or tests else None


@dataclass(frozen=True)
class _SimpleIndex:
    """Simple selectors by what an element must carry, so each element is tested against a
    handful: an exact class token or id, its tag, an attribute, or (for ^= $= *=) a text the
    attribute's value contains, looked for with one regex per attribute."""

    exact: dict[tuple[str, str], tuple[_Simple, ...]]  # ("class", token), ("id", v), ("tag", t)
    present: dict[str, tuple[_Simple, ...]]  # attribute name -> selectors needing only it
    contains: dict[str, tuple[re.Pattern[str], tuple[_Simple, ...]]]


def _index_simple(simple: list[_Simple]) -> _SimpleIndex:
    exact: dict[tuple[str, str], list[_Simple]] = {}
    present: dict[str, list[_Simple]] = {}
    contains: dict[str, tuple[set[str], list[_Simple]]] = {}
    for sel in simple:
        tag, tests = sel
        token = next((t for t in tests if not t[3] and (t[0], t[1]) in (("class", "~="),
                                                                      ("id", "="))), None)
        sub = next((t for t in tests if t[1] not in ("", "!=") and t[2]), None)
        if token is not None:
            exact.setdefault((token[0], token[2]), []).append(sel)
        elif sub is not None:
            literals, sels = contains.setdefault(sub[0], (set(), []))
            literals.add(sub[2].lower())
            sels.append(sel)
        elif tag:
            exact.setdefault(("tag", tag), []).append(sel)
        elif tests:
            present.setdefault(tests[0][0], []).append(sel)
    return _SimpleIndex(
        {k: tuple(v) for k, v in exact.items()},
        {k: tuple(v) for k, v in present.items()},
        {name: (re.compile("|".join(map(re.escape, sorted(lits))), re.IGNORECASE), tuple(sels))
         for name, (lits, sels) in contains.items()})


def _simple_match(el: etree._Element, index: _SimpleIndex) -> bool:
    tag = el.tag
    groups = [index.exact.get(("tag", tag), ())]
    for name, value in el.items():
        if name == "class":
            groups.extend(index.exact.get(("class", token), ()) for token in value.split())
        elif name == "id":
            groups.append(index.exact.get(("id", value), ()))
        groups.append(index.present.get(name, ()))
        found = index.contains.get(name)
        if found is not None and found[0].search(value):
            groups.append(found[1])
    for group in groups:
        for want, tests in group:
            if want and want != tag:
                continue
            if all(_attr_test(el.get(name), op, value, ci) for name, op, value, ci in tests):
                return True
    return False


def _attr_test(have: str | None, op: str, value: str, ci: bool) -> bool:
    """CSS attribute matching, as soupsieve does it."""
    if op == "!=":
        return have is None or have != value
    if have is None:
        return False
    if ci:
        have, value = have.lower(), value.lower()
    if op == "":
        return True
    if op == "=":
        return have == value
    if op == "~=":
        return bool(value) and value in have.split()
    if op == "|=":
        return have == value or have.startswith(value + "-")
    if not value:
        return False
    if op == "^=":
        return have.startswith(value)
    if op == "$=":
        return have.endswith(value)
    return value in have  # *=


# --- rendering -----------------------------------------------------------------------------


class _Writer:
    """Collects text into lines: inline text joins as written, blocks break lines."""

    __slots__ = ("buf", "out", "pending", "pre")

    def __init__(self) -> None:
        self.out: list[str] = []
        self.buf: list[str] = []
        self.pending = 0  # separation owed before the next line: 1 newline, 2 blank line
        self.pre = 0  # inside <pre>: whitespace is kept

    def brk(self, level: int) -> None:
        if self.pre:
            return
        line = _HTML_WS.sub(" ", "".join(self.buf)).strip()
        self.buf.clear()
        if line and (line[0] == "|" or line[-1] == "|" or _SEPARATORS.fullmatch(line)):
            # Separators left between links that html-remove took ("Print | E-mail").
            line = _PIPE_EDGE.sub("", line)
            if _SEPARATORS.fullmatch(line):
                line = ""
        if line:
            self.add(line)
        if level > self.pending:
            self.pending = level

    def br(self) -> None:
        if self.pre:
            self.buf.append("\n")
            return
        empty = not "".join(self.buf).strip()
        self.brk(1)
        if empty and self.out:
            self.pending = 2  # <br><br>: the usual paragraph break of br-built pages

    def add(self, line: str) -> None:
        if self.out:
            self.out.append("\n\n" if self.pending >= 2 else "\n")
        self.out.append(line)
        self.pending = 0

    def enter(self, name: str) -> None:
        if name in _PARA:
            if name == "pre":
                self.brk(2)
                self.pre += 1
            else:
                self.brk(2)
        elif name in _LINE:
            self.brk(1)
        elif name in _CELL and not self.pre and "".join(self.buf).strip():
            self.buf.append(" | ")

    def leave(self, name: str) -> None:
        if name == "pre" and self.pre:
            self.pre -= 1
            if not self.pre:
                raw = "".join(self.buf).strip("\n")
                self.buf.clear()
                lines = [line.rstrip() for line in raw.split("\n")]
                if any(lines):
                    self.add("\n".join(lines))
                self.pending = 2
        elif name in _PARA:
            self.brk(2)
        elif name in _LINE:
            self.brk(1)


def _render(root: Tag) -> str:
    """Block-structured text of `root`: an iterative walk, so no nesting depth can overflow
    the stack."""
    w = _Writer()
    w.enter(root.name)
    names = [root.name]
    stack: list[Iterator[object]] = [iter(root.contents)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            w.leave(names.pop())
        elif isinstance(child, Tag):
            name = child.name
            if name in _SKIP:
                continue
            if name == "br":
                w.br()
                continue
            w.enter(name)
            names.append(name)
            stack.append(iter(child.contents))
        elif type(child) in _TEXT_TYPES:
            # A soft hyphen is a hint where a word may break, never a character a reader
            # sees: left in, it splits words ("Ita\u00adli\u00adens") for every later match.
            w.buf.append(child.replace("\u00ad", "") if "\u00ad" in child else child)  # type: ignore[arg-type]
    w.brk(2)
    return "".join(w.out)


def _collapse(text: str) -> str:
    return _ALL_WS.sub(" ", text).strip()
