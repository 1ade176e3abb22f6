"""Furniture inside the article region known by its shape rather than by a class name:
the box left holding only a dropped form's title, the kicker lines printed before the
headline, teaser cards of other stories (a small nested <article> whose headline is a
link), bars of icon links under a short prompt, picture credits inside a caption, and
headings left heading nothing. Each removal is a Hit of the heuristic (pack
``builtin``), as the link-dense blocks' are."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from ..types import Hit
from .common import _CHARS_XPATH, _HIT_CHARS, _collapse, _nonlink_chars
from .region import _in_furniture, _remove_keep_tail
from .remove import SelectorPlan

_HEURISTIC_PACK = "builtin"
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

# A nested <article> with a linked headline and at most this much text (non-space
# characters, about 60 words) is another story's teaser; the story's own sections are longer
# or have no link in their heading.
_CARD_CHARS = 400
# A heading with more words than this is a standfirst or a sentence, not a box's title.
_ORPHAN_WORDS = 8
# Before the story's <h1>, lines of at most this many words (and this many in all) are
# the kicker, the section's name or a breadcrumb, not the story.
_KICKER_WORDS = 10
_BEFORE_HEADLINE_WORDS = 20
# A block with this many links or more, all of them icons (no text), is a bar of buttons.
_ICON_LINKS = 2
_BAR_TAGS = ("div", "p", "section", "ul", "span")
# Class or id words of a picture credit inside a caption.
_CREDIT_NAME = re.compile(r"credit|copyright|photographer|fotograf|bildquelle|source")
# Inside a <figcaption> these elements hold the credit ("<cite>Photo: Agency</cite>").
_CREDIT_TAGS = frozenset({"cite", "small"})


def _hit(rule: str, el: etree._Element) -> Hit:
    text = _collapse(" ".join(el.itertext()))
    if len(text) > _HIT_CHARS:
        text = text[:_HIT_CHARS - 1].rstrip() + "…"
    return Hit(_HEURISTIC_PACK, rule, "html-remove", el.sourceline or 0, text)


def _detach(el: etree._Element) -> None:
    """Remove `el` but keep the text after it (it belongs to the parent)."""
    parent = el.getparent()
    if parent is not None:
        _remove_keep_tail(parent, el)


def _linked_headline(card: etree._Element) -> bool:
    """Whether a heading inside `card` is (or holds) a link."""
    for heading in card.iter(*_HEADINGS):
        if heading.find(".//a") is not None:
            return True
        if any(up.tag == "a" for up in heading.iterancestors()):
            return True
    return False


# A link: <a>, or any element with an href (web components write "<pp-link href=...>").
_HOLDS_LINK = etree.XPath("boolean(.//*[@href])")


def _in_link(el: etree._Element) -> bool:
    return bool(_HOLDS_LINK(el)) or any(up.tag == "a" or up.get("href") is not None
                                        for up in el.iterancestors())


def _teaser_cards(region: etree._Element, plan: SelectorPlan) -> list[etree._Element]:
    """Other stories' teasers inside the story, with little text (a card with a summary
    line beats the link-density test): a nested <article> whose headline is a link, or a
    block that calls itself a teaser (a class or custom element named "teaser": "c-teaser",
    "<pp-inline-teaser>") and holds or sits in a link. A <p class="teaser"> is the
    standfirst some systems mark so, and stays. Furniture a simple rule names is left to
    the rule."""
    whole = _nonlink_chars(region) + 1
    cards: list[etree._Element] = []
    for el in region.iter(etree.Element):
        tag = el.tag
        if tag == "article":
            if el is region or not _linked_headline(el):
                continue
        elif "teaser" in tag or "teaser" in el.get("class", "").lower():
            if tag == "p" or el is region or not _in_link(el):
                continue
        else:
            continue
        if any(up in cards for up in el.iterancestors()):
            continue
        if int(_CHARS_XPATH(el)) <= _CARD_CHARS and not _in_furniture(el, region, plan, whole):
            cards.append(el)
    return cards


def _caption_credits(region: etree._Element) -> list[etree._Element]:
    """Picture credits inside a <figure> or <figcaption>: an element whose class or id
    names a credit, or a <cite>/<small> in the caption. The caption itself stays."""
    credits: list[etree._Element] = []
    for holder in region.iter("figure", "figcaption"):
        for el in holder.iter(etree.Element):
            if el is holder or any(up in credits for up in el.iterancestors()):
                continue
            names = f"{el.get('class', '')} {el.get('id', '')}".lower()
            if (holder.tag == "figcaption" and el.tag in _CREDIT_TAGS) \
                    or (names.strip() and _CREDIT_NAME.search(names)):
                credits.append(el)
    return credits


def _orphan_headings(region: etree._Element) -> list[etree._Element]:
    """Short headings (h2-h6) with no text after them before the next heading of their
    level or above, or before the region ends with an empty element after them: the title
    of a box that is gone (the link list, the cards, the newsletter form) or that the page
    fills in by script. A short heading closing the region with nothing after it stays (an
    author's name signing the story). One walk in document order: a heading waits for text
    from its end on (its own text is not its content), and the text of a lower heading
    after it is text for it."""
    orphans: list[etree._Element] = []
    pending: list[tuple[int, etree._Element]] = []  # headings still waiting for text
    boxed: set[etree._Element] = set()  # pending headings with an element after them
    for event, el in etree.iterwalk(region, events=("start", "end")):
        tag = el.tag
        if not isinstance(tag, str):  # a comment: only its tail is text
            if event == "end" and pending and el.tail and el.tail.strip():
                pending.clear()
            continue
        heading = tag in _HEADINGS
        if event == "start":
            if heading:
                level = int(tag[1])
                orphans.extend(h for lv, h in pending if level <= lv)
                pending = [(lv, h) for lv, h in pending if level > lv]
            boxed.update(h for _, h in pending)
            if pending and el.text and el.text.strip():
                pending.clear()
            continue
        if heading and tag != "h1":
            words = len(" ".join(el.itertext()).split())
            if 0 < words <= _ORPHAN_WORDS:
                pending.append((int(tag[1]), el))
        if el is not region and pending and el.tail and el.tail.strip():
            pending.clear()
    orphans.extend(h for _, h in pending if h in boxed)
    return orphans


def _before_headline(region: etree._Element) -> list[etree._Element]:
    """What the region holds before the story's headline (its first <h1>) when that is a
    few short lines: a kicker, the section's name, a breadcrumb, "Zurück zum Newsroom". The
    elements entirely before the headline go, each at most _KICKER_WORDS words and all
    together at most _BEFORE_HEADLINE_WORDS; with more text before it, the <h1> is not the
    story's headline (or the page put its standfirst first) and nothing goes."""
    headline = region.find(".//h1")
    if headline is None:
        return []
    chain = [headline, *headline.iterancestors()]
    before: list[etree._Element] = []
    words = 0
    for node in chain:
        if node is region:
            break
        parent = node.getparent()
        if parent is None:
            break
        if (parent.text or "").strip():
            return []  # loose text before the headline: not a line of its own to take
        level: list[etree._Element] = []
        for sibling in parent:
            if sibling is node:
                break
            if (sibling.tail or "").strip():
                return []
            if not isinstance(sibling.tag, str):
                continue
            n = len(" ".join(sibling.itertext()).split())
            if not n:
                continue
            if n > _KICKER_WORDS:
                return []
            words += n
            level.append(sibling)
        before[:0] = level  # (an outer level comes first in the page)
    return before if words <= _BEFORE_HEADLINE_WORDS else []


def _icon_bars(region: etree._Element) -> list[etree._Element]:
    """Bars of icon links with a short prompt ("Möchten Sie den Artikel teilen?" over the
    share icons): a block holding _ICON_LINKS links (with an href) or more, none with text
    of its own, no heading, and at most _ORPHAN_WORDS words in all. A block whose links
    carry words is a link list (left to the link-density test); one with more words is
    text. Only the blocks around two icon links or more are looked at."""
    icons: dict[etree._Element, int] = {}
    for a in region.iter("a"):
        if a.get("href") is None or int(_CHARS_XPATH(a)):
            continue
        for up in a.iterancestors():
            if up is region:
                break
            if up.tag in _BAR_TAGS:
                icons[up] = icons.get(up, 0) + 1
    bars: list[etree._Element] = []
    for el in region.iter(*_BAR_TAGS):  # document order: outer blocks first
        if icons.get(el, 0) < _ICON_LINKS or any(up in bars for up in el.iterancestors()):
            continue
        words = len(" ".join(el.itertext()).split())
        if not 0 < words <= _ORPHAN_WORDS or any(True for _ in el.iter(*_HEADINGS)):
            continue
        if any(int(_CHARS_XPATH(a)) for a in el.iter("a") if a.get("href") is not None):
            continue  # a link with words: a link list, not a bar of icons
        bars.append(el)
    return bars


def drop_shapes(region: etree._Element, plan: SelectorPlan,
                form_boxes: Sequence[etree._Element] = ()) -> list[Hit]:
    """Remove the boxes left holding only the title of a dropped form (`form_boxes`, from
    the pruning), teaser cards, caption credits and then the headings left orphaned, each
    with a Hit of its heuristic, in that order (a card's removal can orphan a heading)."""
    hits: list[Hit] = []
    for box in form_boxes:
        if box is not region and any(up is region for up in box.iterancestors()):
            if " ".join(box.itertext()).strip():  # (a box left empty changes no text)
                hits.append(_hit("html-form-box", box))
            _detach(box)
    for rule, found in (("html-before-headline", _before_headline(region)),
                        ("html-teaser-card", _teaser_cards(region, plan)),
                        ("html-icon-bar", _icon_bars(region)),
                        ("html-caption-credit", _caption_credits(region))):
        for el in found:
            hits.append(_hit(rule, el))
            _detach(el)
    for el in _orphan_headings(region):
        hits.append(_hit("html-orphan-heading", el))
        _detach(el)
    return hits
