"""One document through the stages: decode -> [HTML extract] -> ftfy -> line rules -> tidy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path
from urllib.parse import urlsplit

from . import normalize
from .decode import decode
from .rules import Library, Profile
from .structure import apply_all
from .types import Cleaned, Document, Hit, Line


def original(result: Cleaned) -> str:
    """The normalised text before the rules, tidied: what --over-limit original writes."""
    return normalize.join_lines(result.lines, result.tidy)


def clean_text(text: str, profile: Profile) -> Cleaned:
    """Clean one document's text with a compiled profile."""
    fixed = normalize.settle(text, profile.normalize, profile.tidy)
    lines = list(enumerate(fixed.split("\n"), start=1))
    kept, hits = apply_all(lines, profile.line_rules, profile.run_rules)
    kept = _refix(lines, kept, hits, profile)
    result = Cleaned(normalize.join_lines(kept, profile.tidy), hits, profile.name, lines, kept,
                     profile.tidy)
    result.lines_removed = _nonblank(lines) - _nonblank(kept)
    result.before = text
    result.credits = list(dict.fromkeys(h.credit for h in hits if h.credit))
    if fixed != text:
        # What ftfy repaired: plain spaces and stripped line ends are the tidy's, not repairs.
        fixes = repairs(normalize.tidy_chars(text, profile.tidy), fixed)
        result.fixes = fixes if any(fixes.values()) else {}
    guard(result, profile)
    return result


def _refix(lines: list[Line], kept: list[Line], hits: list[Hit], profile: Profile) -> list[Line]:
    """Normalise again the lines a replace rule changed, recording each change as a hit.

    Cutting a span out can join what was around it into mojibake or an entity ("Ã<b>©",
    "&<b>amp;"), which the next run would repair: without this, cleaning the output again
    would change it. The hit (kind `refix`) holds the whole line and what it became, so
    input minus the audit is still the output.
    """
    before = dict(lines)
    out: list[Line] = []
    for num, text in kept:
        if text and text != before.get(num):
            fixed = normalize.settle_line(text, profile.normalize, profile.tidy)
            if fixed != text:
                hits.append(Hit("ftfy", "refix", "refix", num, text, fixed, column=1))
                text = fixed
        out.append((num, text))
    return out


def _nonblank(lines: list[tuple[int, str]]) -> int:
    # In C (map, count): the same as counting the lines whose strip() is not empty.
    return len(lines) - list(map(str.strip, map(itemgetter(1), lines))).count("")


_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")


def repairs(text: str, fixed: str) -> dict[str, int]:
    """What ftfy changed: lines (when the line count is kept) and HTML entities decoded."""
    before, after = text.split("\n"), fixed.split("\n")
    changed = sum(a != b for a, b in zip(before, after, strict=False)) if len(before) == len(after) else -1
    return {"lines_fixed": changed, "entities": len(_ENTITY.findall(text)) - len(_ENTITY.findall(fixed))}


def guard(result: Cleaned, profile: Profile) -> None:
    """Flag a document whose rules removed more than the profile's limits allow."""
    limits = profile.limits
    total = sum(map(len, map(str.rstrip, map(itemgetter(1), result.lines))))
    removed = sum(len(h.text) for h in result.hits if h.kind not in ("html-remove", "refix"))
    result.removed_share = removed / total if total else 0.0
    if limits.max_removed is not None and result.removed_share > limits.max_removed:
        result.over_limit = (f"removed {result.removed_share:.0%} of the text "
                             f"(limit {limits.max_removed:.0%})")
        return
    if limits.min_words is not None and removed:
        # The words left, counted up to min_words (split stops there): enough words left,
        # and neither the rest of them nor the words it had need counting (it is costly).
        left = len(result.text.split(None, limits.min_words - 1))
        if left >= limits.min_words:
            return
        had = sum(len(text.split()) for _, text in result.lines)
        if limits.min_words <= had:
            result.over_limit = f"only {left} words left of {had} (limit {limits.min_words})"


def clean_html(html: str, profile: Profile, url: str | None = None) -> Cleaned:
    """Extract the article's block text from HTML, then clean it like any text."""
    from .htmltext import extract  # BeautifulSoup is only imported when HTML comes in

    page = extract(html, profile)
    result = clean_text(page.text, profile)
    result.hits[:0] = page.hits
    result.title = page.title
    result.url = url or page.url
    return result


def clean_document(doc: Document, library: Library, site: str | None = None) -> Cleaned:
    """Clean a file, record or stdin document with the site pack it calls for."""
    raw = doc.load()
    if doc.kind == "html":
        from .htmltext import declared_charset, page_url

        html = raw if isinstance(raw, str) else decode(raw, declared_charset(raw))
        url = doc.url or page_url(html)
        return clean_html(html, library.profile(site_for(library, site, url, doc.path)), url)
    text = raw if isinstance(raw, str) else decode(raw)
    result = clean_text(text, library.profile(site_for(library, site, doc.url, doc.path)))
    result.url = doc.url
    return result


def clean(text: str, library: Library, *, site: str | None = None, url: str | None = None) -> Cleaned:
    """Clean text with the profile for `site` (a pack name or host), else for `url`'s host."""
    forced = library.find_site(site) if site else None
    return clean_text(text, library.profile(site_for(library, forced, url, None)))


def site_for(library: Library, forced: str | None, url: str | None, path: Path | None) -> str | None:
    """The site pack for a document: --site, else its URL's host, else a host-named folder."""
    if forced is not None:
        return forced
    for host in host_candidates(url, path):
        found = library.site_for_host(host)
        if found:
            return found
    return None


def host_candidates(url: str | None, path: Path | None) -> Iterator[str]:
    """Where a document says which site it is from: its URL's host, then the folders of its
    path that are named like a host (`crawl/www.ndtv.com/...`), the closest first."""
    host = _host(url)
    if host:
        yield host
    if path is not None:
        for part in reversed(path.absolute().parent.parts):
            if "." in part and not part.startswith("."):
                yield part


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
