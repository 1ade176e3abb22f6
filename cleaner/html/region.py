"""The article region, found in lxml before BeautifulSoup sees the page: the marked-up
article (itemprop=articleBody, a dominant <article>, <main>) unless furniture names it,
else the block with the most paragraph text; trimmed to the story body a content system
marked (with its header and standfirst); then the link-dense blocks inside it removed,
each with a Hit naming the heuristic."""

from __future__ import annotations

import re

from lxml import etree

from ..types import Hit
from .common import _CHARS_XPATH, _HIT_CHARS, _HOLDS_STORY, _LINK_TEXTS, _collapse, _nonlink_chars
from .remove import SelectorPlan
from .render import _BLOCKS, _PARAGRAPHS
from .select import _simple_match

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
# Past a wrapper that adds less than that, the climb looks this many levels further up for
# an ancestor holding this many times the root's paragraph text (a story in modules).
_SPLIT_LEVELS = 3
_SPLIT_GROWTH = 3.0

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
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_ITEMPROP_XPATH = etree.XPath(
    "//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' articleBody ')]")
_LINK_COUNT = etree.XPath("count(.//a)")
_HEADLINE_LINK = etree.XPath("count((.//h1|.//h2|.//h3|.//h4|.//h5|.//h6)//a)")
# Sibling <article>s of running text (at least this share of their text outside links)
# joined with the largest are the story when, all together, they hold this share of
# their parent's text.
_JOIN_LINK_SHARE = 0.5
_JOIN_SHARE = 0.8
_MAIN_XPATH = etree.XPath("//main | //*[@role='main']")

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
# A standfirst right before the region is moved into it (see _adopt_lead): a block of one
# of these tags with at most this many characters, found at most this many levels up.
_LEAD_TAGS = frozenset({"p", "div", "header", "section"})
_LEAD_MAX = 700
_LEAD_LEVELS = 3
# Unmarked, the densest block is the body when it holds this share of the region's text.
_DENSE_SHARE = 0.6


def _strong_region(body: etree._Element, plan: SelectorPlan) -> etree._Element | None:
    """The marked-up article: itemprop=articleBody, else the <article> that dominates the
    others, else <main>; each only if it holds a fair share of the page's text. A candidate that a
    simple html-remove selector names, or that sits inside such an element, is furniture
    (an <article class="comments">, the cards of a sidebar), never the story."""
    page = _nonlink_chars(body)

    def best(elements: list[etree._Element], share: float, dominate: bool) -> etree._Element | None:
        ranked = sorted(((s, el) for el in elements if (s := _nonlink_chars(el)) > 0),
                        key=lambda pair: -pair[0])
        # the two largest that are not furniture (the ancestor test is the costly part)
        scored: list[tuple[int, etree._Element]] = []
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
        if score < _STRONG_CHARS and score < share * page:
            return None
        return _joined_parts(el, score) if dominate else el

    for elements, share, dominate in ((_article_bodies(body), _ITEMPROP_SHARE, False),
                                      (_outer(list(body.iter("article"))), _STRONG_SHARE, True),
                                      (_MAIN_XPATH(body), _STRONG_SHARE, False)):
        found = best(list(elements), share, dominate)
        if found is not None:
            return found
    return None


def _joined_parts(article: etree._Element, chars: int) -> etree._Element:
    """The story when a content system writes it as a row of sibling <article>s (TYPO3's
    "contentElement"s: one per text block, the gallery the largest): their parent, when
    the siblings that read as running text (not another story's card: a heading that is a
    link, or mostly link text) hold at least as much text as the largest one; else the
    <article> itself."""
    parent = article.getparent()
    if parent is None:
        return article
    parts = 0
    for sibling in parent:
        if sibling is article or sibling.tag != "article":
            continue
        total = int(_CHARS_XPATH(sibling))
        own = _nonlink_chars(sibling) if total else 0
        if own and own >= _JOIN_LINK_SHARE * total and _HEADLINE_LINK(sibling) == 0:
            parts += own
    if parts < chars or parts + chars < _JOIN_SHARE * _nonlink_chars(parent):
        return article
    return parent


def _narrow(region: etree._Element, plan: SelectorPlan, dense: bool = False) -> etree._Element:
    """Trim `region` to the story's body when a content-management system marked it with
    one of the usual class or id names ("entry-content", "article-body", ...) and the marked
    parts hold most of the region's text: what follows the body in the region (author box,
    the section's teasers, a comment prompt) goes, and of what precedes it only blocks of
    running text (the standfirst) and the story's header (the <h1>, a <header>) stay. A
    body split in parts (around an ad) is taken as the smallest element holding them all.
    With no marked body, a marked-up region (`dense`: an <article> or <main>) loses only
    what follows its densest block of paragraphs, when that block holds most of its text."""
    whole = _nonlink_chars(region)
    if whole <= 0:
        return region
    parts = [(el, chars) for el in _outer(_body_marked(region))
             if el is not region and (chars := _nonlink_chars(el)) > 0
             and not _in_furniture(el, region, plan, whole)]
    marked = bool(parts) and sum(chars for _, chars in parts) >= _BODY_SHARE * whole
    if marked:
        node = _common_ancestor([el for el, _ in parts])
    elif dense:
        node = _densest(region, plan)
        if node is region or _nonlink_chars(node) < _DENSE_SHARE * whole:
            return region
    else:
        return region
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
            elif not before or (marked and not (_is_lead(sibling) or _is_heading(sibling))):
                parent.remove(sibling)
        node = parent
    return region


def _adopt_lead(region: etree._Element, plan: SelectorPlan) -> None:
    """Move the story's standfirst into `region` when the page writes it just outside: the
    block right before the region (or before the wrapper it is the first text of, up to
    _LEAD_LEVELS up) that is running text of at most _LEAD_MAX characters, not mostly
    links, and no furniture a rule names ("teaser-text", "leader", "DefaultEinleitung",
    a header with the headline and the lead)."""
    node = region
    for _ in range(_LEAD_LEVELS):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return
        prev = node.getprevious()
        # past empty elements and the header picture (it stays out, as it was)
        while prev is not None and (not isinstance(prev.tag, str) or prev.tag == "figure"
                                    or not int(_CHARS_XPATH(prev))):
            prev = prev.getprevious()
        if prev is None:
            if (parent.text or "").strip():
                return
            node = parent  # the region opens its wrapper: look before the wrapper
            continue
        if prev.tag not in _LEAD_TAGS or not _is_lead(prev) or (prev.tail or "").strip() \
                or int(_CHARS_XPATH(prev)) > _LEAD_MAX or _simple_match(prev, plan.simple) \
                or prev.find(".//article") is not None:
            return
        region.insert(0, prev)  # (document order holds: it came right before the region)
        prev.tail = region.text
        region.text = None
        return


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


def _drop_link_blocks(region: etree._Element, plan: SelectorPlan) -> list[Hit]:
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
        # The heading right above a list of links is the box's title ("Further reading",
        # "Mehr zum Thema"): without the list it would head nothing, so it goes with it
        # (a single link under a heading is not a box: "Vorlesen" under the author's name).
        head = el.getprevious()
        parts = [el]
        if head is not None and head.tag in _HEADINGS and not (head.tail or "").strip() \
                and head not in taken and int(_LINK_COUNT(el)) >= 2:
            parts.insert(0, head)
        text = _collapse(" ".join(_block_text(part) for part in parts))
        if len(text) > _HIT_CHARS:
            text = text[:_HIT_CHARS - 1].rstrip() + "…"
        hits.append(Hit(_HEURISTIC_PACK, "html-link-block", "html-remove",
                        parts[0].sourceline or 0, text))
        parent = el.getparent()
        if parent is not None:
            for part in parts:
                _remove_keep_tail(parent, part)
    return hits


def _block_text(el: etree._Element) -> str:
    """`el`'s text for a Hit: inline text joined as written, a space between blocks."""
    out: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        block = node.tag in _BLOCKS or node.tag == "br"
        if event == "start":
            if block:
                out.append(" ")
            out.append(node.text or "")
        else:
            if block:
                out.append(" ")
            if node is not el:
                out.append(node.tail or "")
    return "".join(out)


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


def _in_furniture(el: etree._Element, body: etree._Element, plan: SelectorPlan, page: int,
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


def _densest(body: etree._Element, plan: SelectorPlan) -> etree._Element:
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
        if p_total and p_link / p_total > _MAX_LINK_DENSITY:
            break
        if p_para - p_card + mine < para * _CLIMB:
            # A module wrapper that adds little (the module's heading, a picture) above a
            # story split over sibling modules: the ancestor a few levels up that holds
            # several times the text is the story.
            node = _split_story(node, para, mine, stats)
            if node is None:
                break
            p_para = stats[node][0]
        root, para, node = node, p_para, node.getparent()
        if root.tag == "article":
            mine = para
    return root


def _split_story(node: etree._Element, para: float, mine: float,
                 stats: dict[etree._Element, tuple[float, int, int, float]]) -> etree._Element | None:
    """The ancestor of `node`, at most _SPLIT_LEVELS above it, whose paragraph text
    (outside teaser cards) is _SPLIT_GROWTH times the root's and not mostly link text: a
    story a content system writes as a row of modules, each in wrappers of its own."""
    up = node.getparent()
    for _ in range(_SPLIT_LEVELS):
        if up is None or up not in stats:
            return None
        u_para, u_total, u_link, u_card = stats[up]
        if u_total and u_link / u_total > _MAX_LINK_DENSITY:
            return None
        if u_para - u_card + mine >= para * _SPLIT_GROWTH:
            return up
        up = up.getparent()
    return None


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
