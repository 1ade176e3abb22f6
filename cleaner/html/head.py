"""Cheap look-ups in a page's head: its canonical URL (regex over the raw string), the
charset it declares in its first bytes, and its title (from the parsed tree)."""

from __future__ import annotations

import codecs
import html as htmllib
import re

from lxml import etree

from .common import _collapse
from .prune import _shrink

# How much of the raw page page_url / declared_charset look at.
_HEAD_LIMIT = 1 << 20
_CHARSET_LIMIT = 16 * 1024

_OG_TITLE_XPATH = etree.XPath("//meta[@property='og:title' or @name='og:title']/@content")

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
