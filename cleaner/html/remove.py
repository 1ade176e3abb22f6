"""html-remove: each rule's selectors compiled once into a plan (soupsieve matchers with a
cheap key per selector, and the simple selectors lxml can test), then run rule by rule
inside the article root in BeautifulSoup, each removal a Hit with its source line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import soupsieve
from bs4 import Tag

from ..rules import Profile
from ..types import Hit
from .common import _HIT_CHARS, _HOLDS_STORY, _HOLDS_STORY_CHARS, _LINE_ATTR, _collapse
from .render import _TEXT_TYPES, _render
from .select import _index_simple, _Key, _Simple, _simple_selector, _SimpleIndex, _split_list, _subject_key


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
class SelectorPlan:
    removers: tuple[_Remover, ...]
    tags: frozenset[str]
    attrs: dict[str, re.Pattern[str] | None]  # attribute -> any of its literals (None: any)
    simple: _SimpleIndex  # the selectors lxml can test exactly (for the density walk)


@dataclass(frozen=True, slots=True)
class _Detached:
    pack: str
    rule: str
    element: Tag  # detached from the tree, whole


_RuleKey = tuple[tuple[str, str, tuple[str, ...]], ...]  # (pack, id, selectors) per rule


# A word character at the end of the text before a link, and at the start of the text
# after it (spaces allowed between, and the punctuation that closes a clause after it).
_WORD_END = re.compile(r"[\w,、，][\s\"'„“(]*\Z")
_INLINE = frozenset({"a", "abbr", "b", "em", "i", "ruby", "span", "strong"})
_WORD_START = re.compile(r"[\s,.;:!?)\"'“”]*\w")


def _remove_key(profile: Profile) -> _RuleKey:
    return tuple((r.pack, r.id, r.selectors) for r in profile.html_remove)


@lru_cache(maxsize=64)
def _plan(rules: _RuleKey) -> SelectorPlan:
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
    return SelectorPlan(tuple(removers), frozenset(tags), attrs, _index_simple(simple))


def _remove(root: Tag, plan: SelectorPlan) -> list[_Detached]:
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
    removed: list[_Detached] = []
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
            if el.name == "a" and _mid_sentence(el):
                continue
            removed.append(_Detached(rm.pack, rm.rule, el))
            el.extract()
    return removed


def _mid_sentence(el: Tag) -> bool:
    """Whether words of running text sit right before and right after `el` (a glossary
    or pop-up link inside a sentence is one of its words: "abuse" in "to end child
    <a href='javascript:...'>abuse</a> the law..."), as opposed to a page tool between
    separators ("Print | E-mail") or at the end of a line. A neighbour is a text node or
    an inline element (ruby text, another word's link)."""
    before, after = _neighbour_text(el.previous_sibling), _neighbour_text(el.next_sibling)
    return (before is not None and after is not None
            and _WORD_END.search(before) is not None and _WORD_START.match(after) is not None)


def _neighbour_text(node: object) -> str | None:
    if type(node) in _TEXT_TYPES:
        return str(node)
    if isinstance(node, Tag) and node.name in _INLINE:
        return node.get_text()
    return None


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


def _hit(r: _Detached) -> Hit | None:
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
