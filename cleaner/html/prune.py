"""Pruning before any region is chosen: raw-text elements and comments cut from the string
(line numbers kept), the lxml parse with its depth caps, always-junk elements dropped
(forms that wrap the page kept), WordPress taxonomy classes cleared, and the cut of
everything outside the chosen root."""

from __future__ import annotations

import re

from lxml import etree

from .common import _CHARS_XPATH

# Deeper than this, an element's descendants are flattened into plain text: real pages
# nest 20-60 deep, and soupsieve's ancestor checks cost O(depth) per element.
_MAX_DEPTH = 256

# A form holding more than this share of the page's text wraps the page (ASP.NET).
_FORM_PAGE_SHARE = 0.5
# A form's <p> with fewer characters than this holds a label ("Kommentar", "E-Mail"), not a
# paragraph of a forum post.
_FORM_PARAGRAPH = 25
# A box whose only text besides its form is this many characters (not counting spaces; some
# eight words) or fewer is the form's box.
_FORM_BOX_CHARS = 60

# Raw-text (and comment-like) elements whose content is never article text: cut from the
# string before any parser sees them.
_RAW = ("script", "style", "noscript", "template", "iframe", "svg", "math", "textarea",
        "xmp", "noembed", "noframes")
_RAW_OPEN = re.compile(r"<!--|<(" + "|".join(_RAW) + r")(?=[\s/>])[^>]*>", re.IGNORECASE)
# An end tag ends at its ">" whatever junk sits before it, as browsers read it: "</svg" left
# unclosed before "</span>" ends the SVG at that ">", not at the end of the page.
_RAW_CLOSE = {name: re.compile(rf"</{name}(?=[\s/>])[^>]*>", re.IGNORECASE) for name in _RAW}
# A script of markup (type text/template) that opens the element marked as the story's
# body (itemprop=articleBody, the only tag before it) holds the story.
_MARKUP_TEMPLATE = re.compile(r"""<script\b[^>]*\btype\s*=\s*["']?text/template\b""", re.IGNORECASE)
_IN_STORY_BODY = re.compile(r"""<[a-z]+\b[^<>]*\bitemprop\s*=\s*["']?articleBody\b[^<>]*>\s*\Z""",
                            re.IGNORECASE)
# Dropped from the lxml tree (with their content; the text after them stays).
_JUNK = ("head", "button", "input", "select", "option", "optgroup", "datalist", "textarea",
         "object", "embed", "applet", "canvas", "video", "audio", "map", "frameset", "frame",
         "script", "style", "noscript", "template", "iframe", "svg", "math", "link", "meta",
         "base")

_DEPTH_XPATH = etree.XPath("/*" * _MAX_DEPTH)

_WP_POST_XPATH = etree.XPath("//*[contains(concat(' ', @class, ' '), ' status-publish ')]")
_WP_TERMS = ("category-", "tag-", "post_tag-", "format-")


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
            if close_m is not None and _MARKUP_TEMPLATE.match(m.group(0)) \
                    and _IN_STORY_BODY.search(html, max(0, start - 400), start):
                # Blogger ships the post as a template of markup, right inside the element
                # marked as the article's body, for a script to render: it is the story.
                out.append(html[pos:start])
                out.append(_shrink(html[m.end():close_m.start()]))
                pos = end
                continue
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
    parser = _html_reader()
    try:
        doc = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    if any("depth" in e.message.lower() for e in parser.error_log):
        # Nesting past libxml2's hard limit stops the parse there and loses the rest of the
        # page: flatten the deepest tags in the string and parse again.
        doc = etree.fromstring(_flatten_string(data.decode("utf-8")).encode("utf-8"), _html_reader())
    if doc is None:
        return None
    for el in _DEPTH_XPATH(doc):
        etree.strip_tags(el, "*")
    return doc


def _html_reader() -> etree.HTMLParser:
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


def _drop_junk(doc: etree._Element) -> list[etree._Element]:
    """Forms, buttons, media and the head go. A form that wraps real content (ASP.NET pages
    put the whole page in one, forums often with no <p> at all) is kept as a plain
    container: one holding an <article>, paragraphs of text (not the <p>s that hold a
    form's labels), or most of the page's text. Returns the boxes that held only a dropped
    form and its title ("Kommentare schreiben", "Wie bewerten Sie diesen Artikel?"), for
    the region to remove with a Hit."""
    forms = list(doc.iter("form"))
    page = int(_CHARS_XPATH(doc)) if forms else 0
    boxes: list[etree._Element] = []
    for form in forms:
        if form.find(".//article") is not None \
                or sum(1 for p in form.iter("p") if int(_CHARS_XPATH(p)) >= _FORM_PARAGRAPH) >= 3 \
                or int(_CHARS_XPATH(form)) > _FORM_PAGE_SHARE * page:
            form.tag = "div"
        elif (box := _form_box(form)) is not None:
            boxes.append(box)
    etree.strip_elements(doc, "form", *_JUNK, with_tail=False)
    for post in _WP_POST_XPATH(doc):
        # WordPress writes a post's categories and tags into its class ("category-no-
        # newsletter", "tag-comments"): topic words, not layout, that furniture selectors
        # matching class text would take for a newsletter box or a comment thread.
        post.set("class", " ".join(t for t in post.get("class", "").split()
                                   if not t.startswith(_WP_TERMS)))
    return boxes


def _form_box(form: etree._Element) -> etree._Element | None:
    """The largest element around `form` whose text outside the form is a title of at most
    _FORM_BOX_CHARS characters (the box of a comment or rating form), or None. Counted in
    C: the climb stops at the first ancestor with more, which may be the whole page."""
    inside = int(_CHARS_XPATH(form))
    box = None
    node = form.getparent()
    while node is not None and node.tag not in ("body", "html"):
        outside = int(_CHARS_XPATH(node)) - inside
        if outside > _FORM_BOX_CHARS:
            break
        if outside > 0:
            box = node
        node = node.getparent()
    return box


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
