"""Corpus mode: lines and line templates that repeat across many documents of one site are
furniture, found in the batch itself and removed in the same run as rule `repeat`.

    table = learn(documents(sample_files(...)), library)   # in the main process, first
    table.apply(result, doc, library)      # in each worker, after the packs' rules

A document's site is its URL's host, else a folder of its path named like a host, else the
input it came from (the folder given on the command line, or the JSONL file). Per site, a
bounded sample of documents (200: every k-th file of a site, the first records of a JSONL
file, of JSONL on stdin the first 2,000 records only; at most 20,000 documents over all
sites, held while counting) is counted the way
`cleaner suggest` counts a corpus (suggest.Corpus: every normalised line by the number of
documents it is in, in the view literal markers use, and every line's prefix), and the
candidates are suggest's own (find_exact_lines, find_templates: kickers, datelines followed by
sentences and speaker labels already set aside). A candidate becomes a repeat when it is in
at least `min_docs` documents and `min_share` of the site's sampled documents, and it passes
the guards below; the clean pass then drops the lines it fires on, after the packs' rules
(so furniture a pack knows keeps its own rule id), each hit carrying its support
("in 212 of 400 documents of example.com").

Guards (repeatguard.py), because a line repeated across a site is not always furniture: a line that reads like
prose (more than 12 words ending like a sentence, or over 30 words), a dateline ("NEW DELHI:",
"WASHINGTON (Reuters) -", or a place name of a few words on its own line right before a
paragraph, "नई दिल्ली") and a quotation are never repeats; and a document is never emptied
by them.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .documents import Document, Item, documents, kind_of
from .fastmatch import line_view
from .normalize import join_lines
from .pipeline import Cleaned, guard, host_candidates
from .repeatguard import fit
from .rules import DEFAULT_GROUP, Library
from .sources import Source, shown
from .suggest import (
    Corpus,
    Kind,
    Thresholds,
    corpus_texts,
    find_exact_lines,
    find_templates,
    site_key,
)
from .types import Hit, Line
from .view import view

if TYPE_CHECKING:  # batch.py imports this module for its Options
    from .batch import Options

PACK = "corpus"
RULE = "repeat"
DEFAULT_MIN_DOCS = 5
DEFAULT_MIN_SHARE = 0.3
# Documents counted per site: a line in 30% of them is seen in about 60 +/- 7, so the share
# is measured closely; counting costs about what cleaning does, per document (bench/README).
DEFAULT_SAMPLE = 200
# Documents held while counting, over all sites (their lines stay in memory until the end).
MAX_SAMPLED = 20_000
# Records of a stream read once (JSONL on stdin) held to learn from, before any is cleaned.
STREAM_HEAD = 2_000
# Repeats per site at most (the most frequent first); a site prints a few dozen at most.
MAX_PER_SITE = 200
_MAX_VIEW_LEN = 400  # as the matcher: no view is computed for longer lines
_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())  # deleted: ASCII letters, digits



@dataclass(frozen=True)
class Repeat:
    """One learned repeat: an exact line (by its view) or a template (a prefix regex)."""

    site: str
    kind: Kind  # "line" or "prefix"
    text: str  # the line as the site prints it, or the prefix with its separator
    docs: int  # sampled documents it is in
    total: int  # sampled documents of the site
    key: str = ""  # the view of the line (kind line)
    pattern: re.Pattern[str] | None = None  # the anchored prefix regex (kind prefix)

    @property
    def support(self) -> str:
        return f"in {self.docs:,} of {self.total:,} documents of {self.site or 'the batch'}"

    def fires(self, line: str, line_view: str | None) -> bool:
        if self.pattern is not None:
            return self.pattern.search(line) is not None
        return line_view == self.key


@dataclass
class SiteRepeats:
    """One site's repeats: exact lines by view, then templates in order of support."""

    lines: dict[str, Repeat] = field(default_factory=dict)
    templates: tuple[Repeat, ...] = ()

    def __post_init__(self) -> None:
        # Most lines of an article are neither: two cheap proofs settle them. A view keeps
        # each ASCII letter and digit as one character, so a line with more of them than
        # the longest repeated line is none of them; and one anchored regex of every
        # template fails within a few characters of a line that starts none of them.
        self._longest = max(map(len, self.lines), default=0)
        self._any = re.compile("|".join(f"(?:{t.pattern.pattern})" for t in self.templates
                                        if t.pattern is not None), re.IGNORECASE) if self.templates else None

    def find(self, line: str) -> Repeat | None:
        """The repeat that fires on a line (trailing space removed, as the matcher sees it)."""
        if self.lines and len(line) <= _MAX_VIEW_LEN and (
                len(line) <= self._longest
                or len(line.encode("ascii", "ignore").translate(None, _NOT_ALNUM)) <= self._longest):
            found = self.lines.get(line_view(line))  # the matcher's cache: many views are in it
            if found is not None:
                return found
        if self._any is None:
            return None
        line = line.lstrip()  # the prefixes were read off stripped lines
        if self._any.search(line) is None:
            return None
        for t in self.templates:
            assert t.pattern is not None
            if t.pattern.search(line):
                return t
        return None

    def __iter__(self) -> Iterator[Repeat]:
        yield from self.lines.values()
        yield from self.templates


@dataclass
class RepeatTable:
    """The repeats of every site of a batch, and how many documents each site was learned from."""

    sites: dict[str, SiteRepeats] = field(default_factory=dict)
    sampled: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(s.lines) + len(s.templates) for s in self.sites.values())

    def entries(self) -> list[Repeat]:
        return [r for s in self.sites.values() for r in s]

    def fingerprint(self) -> str:
        """Changes whenever the repeats do: an incremental run redoes outputs they changed."""
        digest = hashlib.sha256()
        for r in sorted(self.entries(), key=lambda r: (r.site, r.kind, r.text)):
            digest.update(repr((r.site, r.kind, r.key, r.pattern and r.pattern.pattern)).encode())
        return digest.hexdigest()[:16]

    def apply(self, result: Cleaned, doc: Document, library: Library) -> None:
        """Drop the repeats of the document's site from a cleaned result, in place."""
        rules = self.sites.get(site_of(doc, result.url))
        if rules is not None:
            drop(result, rules, library)


def drop(result: Cleaned, rules: SiteRepeats, library: Library) -> None:
    """Remove the lines `rules` fire on from `result` (text, hits, counts and guard updated).
    A document every line of which is a repeat is left as it is."""
    kept: list[Line] = []
    hits: list[Hit] = []
    body = 0
    for num, text in result.kept:
        stripped = text.strip()
        if stripped:
            body += 1
            found = rules.find(text.rstrip())
            if found is not None:
                hits.append(Hit(PACK, RULE, "drop-line", num, text.rstrip(), note=found.support))
                continue
        kept.append((num, text))
    if not hits or len(hits) == body:
        return
    result.kept = kept
    result.hits.extend(hits)
    result.text = join_lines(kept, result.tidy)
    result.lines_removed += len(hits)
    result.over_limit = None
    guard(result, library.profile(None if result.profile == DEFAULT_GROUP else result.profile))


# ---------------------------------------------------------------------------- sites


def site_of(doc: Document, url: str | None = None) -> str:
    """The document's site: its URL's host, else a host-named folder of its path (as site
    packs are chosen), else the input it came from."""
    url = url or doc.url
    if url:
        host = next(host_candidates(url, None), None)
        if host:
            return site_key(host)
    if doc.container is not None or doc.path is None:
        return doc.group  # a JSONL file's records, or stdin
    return _folder_site(doc.path.parent, len(doc.out.parts) if doc.out is not None else 1)


def file_sites(sources: Iterable[Source]) -> Counter[str]:
    """Documents per site among the text and HTML files of a batch (known without reading
    them, as `site_of` gives it for a file without a URL)."""
    return Counter(_folder_site(s.path.parent, len(s.out.parts)) for s in sources
                   if kind_of(s.path) != "jsonl")


@lru_cache(maxsize=4096)
def _folder_site(folder: Path, depth: int) -> str:
    """The site of the files in `folder` (`depth` parts below the input): a host-named folder
    of the path, else the folder given on the command line. Cached: every file of a folder
    asks, and resolving a path is costly."""
    host = next(host_candidates(None, folder / "x"), None)
    if host:
        return site_key(host)
    return shown(folder.parents[depth - 2] if 2 <= depth <= len(folder.parents) + 1 else folder)


# ---------------------------------------------------------------------------- learning


@dataclass(frozen=True)
class Settings:
    """How often a line must repeat, and how many documents of a site are counted."""

    min_docs: int = DEFAULT_MIN_DOCS
    min_share: float = DEFAULT_MIN_SHARE
    sample: int = DEFAULT_SAMPLE

    def __post_init__(self) -> None:
        if self.min_docs < 2:
            raise ValueError("a repeat must be in at least 2 documents (--repeat-min-docs)")
        if not 0.0 < self.min_share <= 1.0:
            raise ValueError("--repeat-min-share is a share of a site's documents, above 0 and at most 1")
        if self.sample < self.min_docs:
            raise ValueError(f"--repeat-min-docs must be at most {self.sample} (the documents "
                             "counted per site)")


def sample_files(sources: Iterable[Source], sample: int, min_docs: int = 1) -> list[Source]:
    """The input files whose documents are counted: up to `sample` text and HTML files per
    site, every k-th one of the site rather than its first ones (a folder sorted by section
    or language would give a sample of one section), none of a site with fewer than
    `min_docs` files (it can have no repeats), and every JSONL file (its records are sampled
    as they are read). Skipped files are never opened."""
    sources = list(sources)
    sizes = file_sites(sources)
    position: Counter[str] = Counter()
    chosen: list[Source] = []
    for src in sources:
        if kind_of(src.path) == "jsonl":
            chosen.append(src)
            continue
        site = _folder_site(src.path.parent, len(src.out.parts))
        if sizes[site] < min_docs:
            continue
        k = position[site]
        position[site] += 1
        stride = max(1, sizes[site] // sample)
        if k % stride == 0 and k // stride < sample:
            chosen.append(src)
    return chosen


def learn(items: Iterable[Item], library: Library, settings: Settings | None = None,
          on_error: Callable[[str], None] | None = None, max_bytes: int | None = None,
          ) -> RepeatTable:
    """Count a bounded sample of each site's documents (the first `sample` of each) and keep
    the repeats that pass the guards.

    Unreadable documents are skipped here, and so are files over `max_bytes` (`on_error`
    hears of them only if given: the clean pass reports them anyway).
    """
    settings = settings or Settings()
    seen: Counter[str] = Counter()

    def wanted(items: Iterable[Item]) -> Iterator[Item]:
        # Skip, before reading it, a document whose site is sampled in full (an HTML page
        # without a URL may name its site inside: it is read, and counted below).
        for item in items:
            if item.drop is not None:
                yield item
                continue
            if max_bytes is not None and _size(item) > max_bytes:
                continue
            if (item.url or item.kind != "html") and seen[site_of(item)] >= settings.sample:
                continue
            yield item

    return learn_texts(corpus_texts(wanted(items), library, on_error or (lambda _m: None), site_of),
                       library, settings, seen)


def _size(doc: Document) -> int:
    if doc.data is not None:
        return len(doc.data)
    try:
        return doc.path.stat().st_size if doc.path is not None else 0
    except OSError:
        return 0  # reading it fails too, and says why


def learn_texts(texts: Iterable[tuple[str, str]], library: Library, settings: Settings | None = None,
                seen: Counter[str] | None = None) -> RepeatTable:
    """The repeat table of `(site, text)` pairs (the site as `site_of` gives it)."""
    settings = settings or Settings()
    seen = seen if seen is not None else Counter()
    profile = library.profile()
    corpora: dict[str, Corpus] = {}
    held = 0
    for site, text in texts:
        if seen[site] >= settings.sample or held >= MAX_SAMPLED:
            continue
        seen[site] += 1
        held += 1
        corpus = corpora.get(site)
        if corpus is None:
            corpus = corpora[site] = Corpus(profile)
        corpus.add(text)
    table = RepeatTable()
    for site, corpus in corpora.items():
        table.sampled[site] = len(corpus.docs)
        found = site_repeats(site, corpus, settings)
        if found.lines or found.templates:
            table.sites[site] = found
    return table


def site_repeats(site: str, corpus: Corpus, settings: Settings) -> SiteRepeats:
    """The repeats of one site's counted documents."""
    n = len(corpus.docs)
    out = SiteRepeats()
    if n < settings.min_docs:
        return out
    floor = max(settings.min_docs, math.ceil(settings.min_share * n))
    # suggest's thresholds, with its sentence check off (`prose_share` 0): a short sentence
    # printed under most articles ("Subscribe to our newsletter.") is furniture; the guards
    # here judge what reads like prose.
    limits = Thresholds(settings.min_docs, settings.min_share, MAX_PER_SITE, prose_share=0.0)
    templates = [t for t in find_templates(corpus, floor, limits) if t.why is None and fit(t, corpus)]
    lines = [c for c in find_exact_lines(corpus, floor, limits, templates)
             if c.why is None and fit(c, corpus)]
    ranked = sorted(templates + lines, key=lambda c: (-c.docs, c.key))[:MAX_PER_SITE]
    chosen = [Repeat(site, c.kind, c.text, c.docs, n, key=c.key if c.kind == "line" else "",
                     pattern=c.pattern) for c in ranked]
    return SiteRepeats({r.key: r for r in chosen if r.kind == "line"},
                       tuple(r for r in chosen if r.kind == "prefix"))


# ---------------------------------------------------------------------------- the report


@dataclass
class Log:
    """Corpus mode in one run: learning the repeats, then what they removed (--report JSON)."""

    settings: Settings = field(default_factory=Settings)
    table: RepeatTable | None = None
    removed: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (site, kind, text)

    def learn(self, sources: Iterable[Source], options: Options, library: Library,
              report: Callable[[Document], None]) -> tuple[Options, Callable[[Document], None]]:
        """Learn the batch's repeats from its input files; the options that carry them to
        the workers (unchanged when none were found) and the reporter that counts them."""
        chosen = sample_files(sources, self.settings.sample, self.settings.min_docs)
        docs = documents(((s.path, s.out) for s in chosen), options.fields, max_bytes=options.max_bytes)
        self.table = learn(docs, library, self.settings, max_bytes=options.max_bytes)
        if not len(self.table):
            return options, report
        return replace(options, repeats=self.table), self.wrap(report)

    def learn_stream(self, items: Iterable[Item], options: Options, library: Library,
                     report: Callable[[Document], None],
                     ) -> tuple[Iterable[Item], Options, Callable[[Document], None]]:
        """As `learn`, for a stream read once (JSONL records on stdin): the repeats are
        learned from its first STREAM_HEAD records, held until they are cleaned. A single
        document (text or HTML on stdin) is no batch: corpus mode is off for it."""
        it = iter(items)
        head = list(islice(it, STREAM_HEAD))
        if not any(d.drop is None and d.record is not None for d in head):
            return head, options, report
        self.table = learn(head, library, self.settings, max_bytes=options.max_bytes)
        rest = chain(head, it)
        if not len(self.table):
            return rest, options, report
        return rest, replace(options, repeats=self.table), self.wrap(report)

    def wrap(self, report: Callable[[Document], None]) -> Callable[[Document], None]:
        """`report`, also counting each outcome's repeat hits by the repeat that made them."""
        by_support: dict[str, list[Repeat]] = {}
        for r in self.table.entries() if self.table is not None else []:
            by_support.setdefault(r.support, []).append(r)

        def counting(outcome: Document) -> None:
            for h in outcome.hits:
                if h.pack == PACK and h.rule == RULE and h.note in by_support:
                    stripped = h.text.strip()
                    v = view(stripped) if len(stripped) <= _MAX_VIEW_LEN else None
                    r = next((r for r in by_support[h.note] if r.fires(stripped, v)), None)
                    if r is not None:
                        self.removed[(r.site, r.kind, r.text)] += 1
            report(outcome)

        return counting

    def report(self) -> dict[str, Any]:
        table = self.table if self.table is not None else RepeatTable()
        entries = sorted(table.entries(), key=lambda r: (r.site, -r.docs, r.text))
        return {
            "sites": {site: {"sampled": n, "repeats": len(list(table.sites.get(site, SiteRepeats())))}
                      for site, n in sorted(table.sampled.items())},
            "removed": [{"rule": RULE, "pack": PACK, "site": r.site,
                         "kind": "line" if r.kind == "line" else "template", "text": r.text,
                         "support": r.support, "docs": r.docs, "of": r.total,
                         "count": self.removed[(r.site, r.kind, r.text)]}
                        for r in entries if self.removed[(r.site, r.kind, r.text)]],
        }
