"""Selector text, read without running it: the top-level parts of a selector list, a cheap
key every element a selector matches must carry (its subject's tag, id, class, attribute
or contained text), and the simple selectors (one compound of tag, id, class and
attribute tests) that lxml can test exactly, indexed so each element meets only a few."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree


class _Key(NamedTuple):
    """What an element must have for a selector to match it: a cheap, necessary test."""

    kind: str  # "attr", "tag" or "text"
    name: str  # the attribute or tag name ("" in a text key: any tag)
    literal: str = ""  # attr: lower-case text the value contains ("" = just present)
    texts: tuple[str, ...] = ()  # text: strings one of which the text contains
    own: bool = False  # text: only the element's own text (:-soup-contains-own)


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
    # _simple_match's answers by (tag, attributes); filled as pages are read
    memo: dict[tuple[object, tuple[tuple[str, str], ...]], bool] = field(
        default_factory=dict, compare=False, hash=False, repr=False)


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


# An index keeps at most this many answers (see _SimpleIndex.memo), then starts over.
_MEMO_MAX = 100_000


def _simple_match(el: etree._Element, index: _SimpleIndex) -> bool:
    """Whether one of the simple selectors matches `el` (remembered per tag and attributes:
    the answer depends on nothing else, and a page repeats the same few tags and class
    strings thousands of times: its paragraphs, list items, menu entries)."""
    memo = index.memo
    key = (el.tag, tuple(el.items()))
    known = memo.get(key)
    if known is None:
        if len(memo) >= _MEMO_MAX:
            memo.clear()
        known = memo[key] = _match_simple(el, index)
    return known


def _match_simple(el: etree._Element, index: _SimpleIndex) -> bool:
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
