"""HTML page -> the article's block-structured text, with a Hit for every removal.

One job: turn a page's markup into the plain text of its article, ready for the text
pipeline (ftfy, line rules, tidy). The stages, one module each, and why they are split
between lxml and BeautifulSoup:

1. ``prune``: scripts, styles, SVG, templates, iframes and comments are cut out of the raw
   string (each replaced by a comment holding only its newlines, so every later line
   number is still the line in the original page); lxml (C) parses what is left, caps
   very deep nesting and drops the always-junk elements (forms, buttons, media, the head).
   ``head`` reads the canonical URL, the declared charset and the title.
2. ``region`` finds the article in lxml: ``itemprop=articleBody``, else the ``<article>``
   that dominates the others, else ``<main>`` (none of them if a simple html-remove
   selector names it as furniture), else the block with the most paragraph text and low
   link density (climbing past module wrappers to a story split over modules). The region
   is trimmed to the story body a content system marked (``entry-content``,
   ``article-body``, ...), keeping its header and standfirst, a standfirst written just
   before it is taken in, and the link-dense blocks inside it (teaser lists, see-also
   boxes) are removed, each with a ``Hit`` of the ``html-link-block`` heuristic;
   ``shapes`` then removes the boxes left holding only a dropped form's title, the kicker
   lines before the headline, other stories' teaser cards, bars of icon links, picture
   credits in captions and the headings left heading nothing, each with a ``Hit`` of its
   heuristic. Everything outside the region and its
   chain of ancestors is cut away: BeautifulSoup's Python tree is the costly part, so it is
   only built where the article is. (A site pack's ``html.content`` selectors need
   soupsieve, so with them the whole body is built.)
3. ``remove``: BeautifulSoup (lxml parser) + soupsieve run the profile's ``html-remove``
   selectors inside the root, each removal a ``Hit`` with the element's source line; a key
   read from each selector by ``select`` keeps soupsieve to the few elements that could
   match. ``render`` then writes the text: blocks on their own lines, inline elements
   joined exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import soupsieve
from bs4 import BeautifulSoup, Tag
from lxml import etree

from ..rules import Profile
from ..types import Hit
from .common import _LINE_ATTR, _ROOT_ATTR
from .head import _head_url, _title, declared_charset, page_url
from .prune import _drop_junk, _isolate, _parse, _shrink
from .region import _adopt_lead, _densest, _drop_link_blocks, _narrow, _strong_region
from .remove import _hit, _plan, _remove, _remove_key
from .render import _render
from .shapes import drop_shapes

__all__ = ["Page", "declared_charset", "extract", "page_url"]


@dataclass
class Page:
    """What extraction found in one page."""

    text: str  # block-structured text of the article root (paragraphs separated by blank lines)
    title: str | None  # <title>, else og:title, else the first h1
    url: str | None  # canonical link, else og:url
    hits: list[Hit] = field(default_factory=list)  # one per element an html-remove rule removed


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
    form_boxes = _drop_junk(doc)
    body = doc.find("body")
    if body is None:
        body = doc
    plan = _plan(_remove_key(profile))
    region = None
    if not site_content:
        region = _strong_region(body, plan)
        strong = region is not None
        if region is None:
            # No marked-up article: the densest block of paragraphs, found in lxml with the
            # furniture that simple selectors name left out of the count.
            region = _densest(body, plan)
        region = _narrow(region, plan, dense=strong)
        _adopt_lead(region, plan)
    top = region if region is not None else body
    # Link lists and teaser blocks that no rule names, found by their link density; their
    # Hits follow the rules' ones (a rule that names an element is the better explanation).
    link_hits = _drop_link_blocks(top, plan) if region is not None else []
    if region is not None:
        # Teaser cards, caption credits and headings left heading nothing, by their shape.
        link_hits += drop_shapes(top, plan, form_boxes)
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
