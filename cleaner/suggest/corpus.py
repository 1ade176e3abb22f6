"""Reading and counting: one site's documents normalised as the pipeline does, every line
counted by the documents it appears in (and template prefixes found)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..decode import NotText, decode
from ..documents import Document, Item
from ..normalize import fix_text, split_lines
from ..pipeline import host_candidates
from ..rules import Library, Profile
from ..view import view
from .results import Ref

# The matcher computes no view for lines over 400, so such lines could never match a literal.
MAX_VIEW_LEN = 400
# A sampled line or document per candidate is enough to judge coverage and pick examples.
SAMPLES = 8
# Lines in at least this share of the documents that carry the marker sit at the end/start
# (candidates.py); the corpus counts the first and last lines of each document.
PLACED_LINES = 3
_MAX_PREFIX_CHARS = 40
# A template line: optional decoration, 1-4 tokens, a separator, then the varying text. A
# dash separates only when a space follows it, so "well-known" and "2023-24" stay one token.
_TEMPLATE = re.compile(
    r"(?P<lead>[^\w\s]{1,3}\s*)?"
    r"(?P<prefix>[^\s:|]+(?:\s+[^\s:|]+){0,3}?)"
    r"\s*(?P<sep>[:|]|[-–—]+(?=\s))\s*(?P<rest>\S.*)")
_HAS_SEP = re.compile(r"[:|\-–—]")


def corpus_texts(items: Iterable[Item], library: Library, on_error: Callable[[str], None],
                 site_of: Callable[[Document, str | None], str] | None = None,
                 ) -> Iterator[tuple[str, str]]:
    """`(site, text)` for each readable document: the site is its URL's host, else a folder in
    its path named like a host, else "" (or what `site_of(document, url)` says); HTML is
    reduced to the article's text first."""
    from ..htmltext import declared_charset, extract, page_url

    profile = library.profile()
    for item in items:
        if item.drop is not None:
            if item.error is not None:  # not an up-to-date input: one that cannot be read
                on_error(f"{item.id}: {item.error}")
            continue
        try:
            raw = item.load()
            if item.kind == "html":
                html = raw if isinstance(raw, str) else decode(raw, declared_charset(raw))
                url = item.url or page_url(html)
                text = extract(html, profile).text
            else:
                url, text = item.url, raw if isinstance(raw, str) else decode(raw)
        except (NotText, OSError) as exc:
            on_error(f"{item.id}: {getattr(exc, 'strerror', None) or exc}")
            continue
        yield site_of(item, url) if site_of else next(host_candidates(url, item.path), ""), text


@dataclass
class Corpus:
    """One site's documents, normalised as the pipeline does, with per-document line counts."""

    profile: Profile
    docs: list[list[str]] = field(default_factory=list)
    opening: list[int] = field(default_factory=list)  # index of each document's first line
    seen: set[int] = field(default_factory=set)
    duplicates: int = 0
    blank: int = 0
    line_docs: Counter[str] = field(default_factory=Counter)  # view -> documents
    first_docs: Counter[str] = field(default_factory=Counter)  # ... among the first lines
    last_docs: Counter[str] = field(default_factory=Counter)  # ... among the last lines
    line_refs: dict[str, list[Ref]] = field(default_factory=dict)  # view -> first few places
    prefix_docs: Counter[str] = field(default_factory=Counter)  # prefix view -> documents
    prefix_refs: dict[str, list[Ref]] = field(default_factory=dict)  # prefix view -> every place

    def add(self, text: str) -> None:
        fixed = fix_text(text, self.profile.normalize)
        if not fixed.strip():
            self.blank += 1
            return
        digest = hash(fixed)
        if digest in self.seen:  # a re-scraped copy would count its content lines twice
            self.duplicates += 1
            return
        self.seen.add(digest)
        d = len(self.docs)
        lines = [t.rstrip() for _, t in split_lines(fixed, self.profile.tidy)]
        self.docs.append(lines)
        self.opening.append(next((j for j, t in enumerate(lines) if t), 0))
        views: list[str] = []
        prefixes: set[str] = set()
        for j, line in enumerate(lines):
            if not line:
                continue
            v = view(line) if len(line) <= MAX_VIEW_LEN else ""
            views.append(v)
            if v:
                refs = self.line_refs.get(v)
                if refs is None:
                    self.line_refs[v] = [(d, j)]
                elif len(refs) < SAMPLES and refs[-1][0] != d:
                    refs.append((d, j))
            key = prefix_key(line)
            if key:
                prefixes.add(key)
                self.prefix_refs.setdefault(key, []).append((d, j))
        self.line_docs.update({v for v in views if v})
        self.first_docs.update({v for v in views[:PLACED_LINES] if v})
        self.last_docs.update({v for v in views[-PLACED_LINES:] if v})
        self.prefix_docs.update(prefixes)

    def line(self, ref: Ref) -> str:
        return self.docs[ref[0]][ref[1]]


@dataclass(frozen=True)
class Split:
    """A line cut into decoration, prefix, separator and the varying rest."""

    lead: str
    prefix: str
    sep: str
    rest: str


def split_line(line: str) -> Split | None:
    text = line.strip()
    if _HAS_SEP.search(text, 0, 60) is None:  # most lines have no separator near the start
        return None
    m = _TEMPLATE.match(text)
    if m is None:
        return None
    prefix, rest = m["prefix"], m["rest"]
    if (len(prefix) > _MAX_PREFIX_CHARS or sum(c.isalpha() for c in prefix) < 2
            or rest.startswith("//")):  # a URL's scheme is not a prefix
        return None
    return Split((m["lead"] or "").strip(), prefix, m["sep"], rest)


def prefix_key(line: str) -> str | None:
    parts = split_line(line)
    return view(parts.prefix) if parts is not None else None


def site_key(site: str) -> str:
    host = site.strip().lower().rstrip(".")
    return host.removeprefix("www.")
