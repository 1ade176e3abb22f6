"""What the HTML stages share: text counting in lxml (C), whitespace collapsing, and the
attributes that carry source lines and the chosen root from lxml into BeautifulSoup."""

from __future__ import annotations

import re

from lxml import etree

# Removed elements' text is cut to this length in the Hit.
_HIT_CHARS = 200
# An html-remove match holding more than this share of the region's paragraph text (in a
# region of at least _HOLDS_STORY_CHARS of it) is the story itself, not furniture.
_HOLDS_STORY = 0.6
_HOLDS_STORY_CHARS = 500

_LINE_ATTR = "data-cleaner-line"
_ROOT_ATTR = "data-cleaner-root"

_ALL_WS = re.compile(r"\s+")
_CHARS_XPATH = etree.XPath("string-length(translate(normalize-space(.), ' ', ''))")
_LINK_TEXTS = etree.XPath(".//a//text()", smart_strings=False)


def _nonlink_chars(el: etree._Element) -> int:
    """Non-space characters of `el`'s text outside links (counted in C where it can be)."""
    total = int(_CHARS_XPATH(el))
    if not total:
        return 0
    links = "".join(_LINK_TEXTS(el))
    return total - (len(links) - sum(links.count(c) for c in " \n\t\r\f"))


def _collapse(text: str) -> str:
    return _ALL_WS.sub(" ", text).strip()
