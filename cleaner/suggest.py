"""Mine a site's articles for repeated boilerplate and propose a ready-to-edit YAML rule pack.

    suggestions = mine((site, text) for ...)          # one SiteSuggestion per site
    for s in suggestions:
        Path(file_name(s)).write_text(to_yaml(s))     # one pack per site

Per site, every line is counted by the number of documents it appears in, in the matching
view that literal `lines:` markers use. Two kinds of furniture come out as drop-line rules:

- exact lines repeated across many documents ("Advertisment", "— Daily Ledger Bureau"):
  `lines:` literals, limited to the last (or first) lines when that is where they always sit;
- templates, a shared prefix and separator followed by varying headline-like text ("Also
  read: <headline>", "IN FOCUS | <headline>"): an anchored, escaped regex for the prefix.

What reads like article prose is left out (long lines, sentences in few documents, prefixes
followed by full sentences such as datelines), and so is furniture the default packs already
remove (reported as covered). Each rule carries `match` examples from the corpus and `keep`
examples from the content lines around it, and is run through cleaner's own self-test
before it is proposed, so the pack passes `cleaner rules check` as written.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from . import selftest
from .decode import NotText, decode
from .documents import Document, Failure, Item
from .matcher import apply_rules
from .normalize import fix_text, split_lines
from .pipeline import host_candidates
from .rules import DEFAULT_GROUP, Library, Profile, builtin_dir, load_library, load_pack
from .view import view

Kind = Literal["line", "prefix"]
Ref = tuple[int, int]  # (document index, line index) within one site

SCHEMA_REF = "../schema.json"  # right for a pack saved as rules/sites/<host>.yaml
# Literal markers may be at most 200 characters (the pack schema); the matcher computes no
# view for lines over 400, so such lines could never match a literal anyway.
MAX_LITERAL = 200
_MAX_VIEW_LEN = 400
# A sampled line or document per candidate is enough to judge coverage and pick examples.
_SAMPLES = 8
# Lines in at least this share of the documents that carry the marker sit at the end/start.
_PLACED_SHARE = 0.9
_PLACED_LINES = 3
# A candidate is covered when the default packs remove this share of its sampled lines.
_COVERED_SHARE = 0.8
# Templates: the varying part must look like a headline, not a paragraph.
_MAX_PROSE_SUFFIXES = 0.2
_MAX_MEDIAN_WORDS = 16
# Speaker labels and Q/A markers repeat many times in one article; cross-links rarely do.
_MAX_PER_DOC = 4.0
_MAX_PREFIX_CHARS = 40
# Candidates examined beyond max_rules, to stand in for rules whose examples fail; and
# how many candidates per wanted rule are examined at most (coverage costs a cleaning).
_SPARE = 20
_EXAMINE = 4
_LISTED = 15  # covered and left-out lines listed in a pack's comments

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]»]*$")
_PERIOD_END = re.compile(r"[.!…][\"'”’)\]»]*$")
# A template line: optional decoration, 1-4 tokens, a separator, then the varying text. A
# dash separates only when a space follows it, so "well-known" and "2023-24" stay one token.
_TEMPLATE = re.compile(
    r"(?P<lead>[^\w\s]{1,3}\s*)?"
    r"(?P<prefix>[^\s:|]+(?:\s+[^\s:|]+){0,3}?)"
    r"\s*(?P<sep>[:|]|[-–—]+(?=\s))\s*(?P<rest>\S.*)")
_HAS_SEP = re.compile(r"[:|\-–—]")
_QUOTES = "'‘’‚‛′`´"
_DASHES = "-‐‑‒–—―−"
_SLUG = re.compile(r"[^a-z0-9]+")
# Names that YAML reads as plain strings (a letter first; no number, bool or null words).
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"}
# PyYAML refuses these characters anywhere in a file, and reads these as line breaks.
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
                            "|[\x85\u2028\u2029\ufeff]")


# ---------------------------------------------------------------------------- results


@dataclass
class Suggestion:
    """One proposed drop-line rule and the evidence for it."""

    id: str
    kind: Kind
    text: str  # the line (kind line) or the prefix with its separator (kind prefix)
    docs: int  # documents it appears in
    share: float  # docs / documents of the site
    lines: list[str] = field(default_factory=list)  # literal markers (kind line)
    pattern: str | None = None  # anchored regex (kind prefix)
    flags: list[str] = field(default_factory=list)
    distinct: int = 1  # distinct texts after the prefix (kind prefix)
    where_first: int | None = None
    where_last: int | None = None
    default_share: float = 0.0  # share of its sampled lines the default packs already remove
    match: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)


@dataclass
class Covered:
    """Repeated furniture that the default packs already remove: reported, not proposed."""

    text: str
    docs: int
    share: float
    rules: tuple[str, ...]


@dataclass
class LeftOut:
    """A frequent line or prefix that is not proposed, and why."""

    text: str
    docs: int
    share: float
    reason: str


@dataclass
class SiteSuggestion:
    """What mining one site's documents found: the rules of its pack, and the rest."""

    site: str  # host or folder name; "" when unknown
    docs: int  # distinct documents mined
    duplicates: int = 0  # documents skipped because their text repeats an earlier one
    empty: int = 0  # documents skipped because they hold no text
    rules: list[Suggestion] = field(default_factory=list)
    covered: list[Covered] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    extends: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Thresholds:
    """How frequent a line must be to be proposed."""

    min_docs: int = 5
    min_share: float = 0.02
    max_rules: int = 50
    prose_share: float = 0.1  # a line that reads like a sentence needs this share

    def floor(self, docs: int) -> int:
        """The least number of documents a candidate must appear in."""
        return max(self.min_docs, math.ceil(self.min_share * docs))


# ---------------------------------------------------------------------------- API


def mine(docs: Iterable[tuple[str, str]], *, min_docs: int = 5, min_share: float = 0.02,
         max_rules: int = 50, prose_share: float = 0.1, library: Library | None = None,
         ) -> list[SiteSuggestion]:
    """Mine `(site, text)` pairs; one SiteSuggestion per site, largest site first.

    `library` gives the default packs (what is already covered) and the normalisation;
    it is loaded with the built-in packs when not given.
    """
    limits = Thresholds(min_docs, min_share, max_rules, prose_share)
    _check_limits(limits)
    library = library if library is not None else load_library()
    profile = library.profile()
    sites: dict[str, _Corpus] = {}
    for site, text in docs:
        key = _site_key(site)
        corpus = sites.get(key)
        if corpus is None:
            corpus = sites[key] = _Corpus(profile)
        corpus.add(text)
    extends = [DEFAULT_GROUP] if DEFAULT_GROUP in library.groups else []
    found = [_mine_site(site, corpus, limits, library, extends) for site, corpus in sites.items()]
    return sorted(found, key=lambda s: (-s.docs, s.site))


def to_yaml(site: SiteSuggestion, *, schema: str = SCHEMA_REF) -> str:
    """The pack for one site, as commented YAML (one pack per file)."""
    out = [f"# yaml-language-server: $schema={schema}", *_header(site)]
    out.append(f"name: {_q(pack_name(site))}")
    out.append(f"description: {_q(_pack_description(site))}")
    if site.extends:
        out.append(f"extends: [{', '.join(_q(e) for e in site.extends)}]")
    sites = site_globs(site.site)
    if sites:
        out.append(f"sites: [{', '.join(_q(s) for s in sites)}]")
    if not site.rules:
        out.append("rules: []  # nothing repeated often enough; try lower --min-docs / --min-share")
    else:
        out.append("rules:")
        for i, rule in enumerate(site.rules):
            if i:
                out.append("")
            out.extend(_rule_yaml(rule, site.docs))
    out.extend(_footer(site))
    return "\n".join(out) + "\n"


def to_yamls(suggestions: Sequence[SiteSuggestion], *, schema: str = SCHEMA_REF) -> dict[str, str]:
    """One pack per site: file name -> YAML text (for `-o DIR`)."""
    return {file_name(s): to_yaml(s, schema=schema) for s in suggestions}


def summary(site: SiteSuggestion) -> str:
    """One line for the terminal: what mining a site found."""
    where = site.site or "(unknown site)"
    skipped = f", {site.duplicates:,} duplicates" if site.duplicates else ""
    skipped += f", {site.empty:,} empty" if site.empty else ""
    return (f"{where}: {site.docs:,} documents{skipped}; {len(site.rules)} rule(s) proposed, "
            f"{len(site.covered)} already covered by the default packs, {len(site.left_out)} left out")


def pack_name(site: SiteSuggestion) -> str:
    """The pack's name: the host, or "suggested" when the site is unknown."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", site.site).strip("._-")
    return name or "suggested"


def file_name(site: SiteSuggestion) -> str:
    """`<host>.yaml`: the file a site's pack is written to with `-o DIR`."""
    return f"{pack_name(site)}.yaml"


def site_globs(site: str) -> list[str]:
    """The pack's `sites:`: a host and its subdomains; a folder name as it is."""
    if not site:
        return []
    return [site, f"*.{site}"] if "." in site else [site]


def schema_ref(pack_path: Path) -> str:
    """The `$schema` reference for a pack written at `pack_path` (relative when possible)."""
    schema = builtin_dir() / "schema.json"
    try:
        return Path(os.path.relpath(schema.resolve(), pack_path.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.resolve().as_uri()


# ---------------------------------------------------------------------------- reading


def corpus_texts(items: Iterable[Item], library: Library, on_error: Callable[[str], None],
                 site_of: Callable[[Document, str | None], str] | None = None,
                 ) -> Iterator[tuple[str, str]]:
    """`(site, text)` for each readable document: the site is its URL's host, else a folder in
    its path named like a host, else "" (or what `site_of(document, url)` says); HTML is
    reduced to the article's text first."""
    from .htmltext import declared_charset, extract, page_url

    profile = library.profile()
    for item in items:
        if not isinstance(item, Document):
            if isinstance(item, Failure):
                on_error(f"{item.id}: {item.message}")
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
class _Corpus:
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
            v = view(line) if len(line) <= _MAX_VIEW_LEN else ""
            views.append(v)
            if v:
                refs = self.line_refs.get(v)
                if refs is None:
                    self.line_refs[v] = [(d, j)]
                elif len(refs) < _SAMPLES and refs[-1][0] != d:
                    refs.append((d, j))
            key = _prefix_key(line)
            if key:
                prefixes.add(key)
                self.prefix_refs.setdefault(key, []).append((d, j))
        self.line_docs.update({v for v in views if v})
        self.first_docs.update({v for v in views[:_PLACED_LINES] if v})
        self.last_docs.update({v for v in views[-_PLACED_LINES:] if v})
        self.prefix_docs.update(prefixes)

    def line(self, ref: Ref) -> str:
        return self.docs[ref[0]][ref[1]]


@dataclass(frozen=True)
class _Split:
    """A line cut into decoration, prefix, separator and the varying rest."""

    lead: str
    prefix: str
    sep: str
    rest: str


def _split(line: str) -> _Split | None:
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
    return _Split((m["lead"] or "").strip(), prefix, m["sep"], rest)


def _prefix_key(line: str) -> str | None:
    parts = _split(line)
    return view(parts.prefix) if parts is not None else None


def _site_key(site: str) -> str:
    host = site.strip().lower().rstrip(".")
    return host.removeprefix("www.")


def _check_limits(limits: Thresholds) -> None:
    if limits.min_docs < 1:
        raise ValueError("min_docs must be at least 1")
    if not 0.0 <= limits.min_share <= 1.0 or not 0.0 <= limits.prose_share <= 1.0:
        raise ValueError("min_share and prose_share are shares of the documents, from 0 to 1")
    if limits.max_rules < 0:
        raise ValueError("max_rules must be 0 or more")


# ---------------------------------------------------------------------------- candidates


@dataclass
class _Candidate:
    """A line or prefix frequent enough to consider, with where it was seen."""

    kind: Kind
    key: str  # the view of the line or prefix
    text: str  # what it looks like in the corpus
    docs: int
    refs: list[Ref]
    literal: str = ""
    pattern: re.Pattern[str] | None = None
    distinct: int = 1
    where_first: int | None = None
    where_last: int | None = None
    why: str | None = None  # why it reads like content, if it does

    def fires(self, line: str, line_view: str) -> bool:
        if self.pattern is not None:
            return self.pattern.search(line) is not None
        return line_view == self.key


def _mine_site(site: str, corpus: _Corpus, limits: Thresholds, library: Library,
               extends: list[str]) -> SiteSuggestion:
    """One site: find candidates, set aside the covered and the prose, write and test rules."""
    n = len(corpus.docs)
    result = SiteSuggestion(site, n, corpus.duplicates, corpus.blank, extends=extends)
    if not n:
        return result
    floor = limits.floor(n)
    templates = _templates(corpus, floor, limits)
    lines = _exact_lines(corpus, floor, limits, [t for t in templates if t.why is None])
    ranked = sorted(templates + lines, key=lambda c: (-c.docs, c.key))
    removed = _Removed(corpus, library.profile())
    fresh = _triage(ranked, removed, limits, result)
    suggestions = _suggestions(site, fresh, corpus, library, removed, limits)
    suggestions = _verified(result, suggestions, library)
    for extra in suggestions[limits.max_rules:]:
        result.left_out.append(LeftOut(extra.text, extra.docs, extra.share, "beyond max_rules"))
    result.rules = suggestions[:limits.max_rules]
    return result


def _triage(ranked: list[_Candidate], removed: _Removed, limits: Thresholds,
            result: SiteSuggestion) -> list[tuple[_Candidate, float]]:
    """Sort candidates into covered, left out and fresh (with the share the defaults remove)."""
    n = result.docs
    fresh: list[tuple[_Candidate, float]] = []
    budget = _EXAMINE * (limits.max_rules + _SPARE)  # low thresholds can admit thousands
    for k, cand in enumerate(ranked):
        if len(fresh) >= limits.max_rules + _SPARE or k >= budget:
            result.left_out.append(LeftOut(cand.text, cand.docs, cand.docs / n,
                                           cand.why or "beyond max_rules"))
            continue
        # Coverage first: furniture the defaults remove is reported as covered, even when
        # it reads like a sentence ("Copyright 2025 The Associated Press. All rights reserved.").
        share, rules = removed.share(cand)
        if share >= _COVERED_SHARE:
            shown = f"{cand.text} …" if cand.kind == "prefix" else cand.text
            result.covered.append(Covered(shown, cand.docs, cand.docs / n, rules))
        elif cand.why:
            result.left_out.append(LeftOut(cand.text, cand.docs, cand.docs / n, cand.why))
        else:
            fresh.append((cand, share))
    return fresh


def _templates(corpus: _Corpus, floor: int, limits: Thresholds) -> list[_Candidate]:
    """Prefixes followed by many different texts in many documents; `why` set on those whose
    texts read like content (datelines, speaker labels, title kickers)."""
    found: list[_Candidate] = []
    for key, docs in corpus.prefix_docs.items():
        if docs < floor:
            continue
        refs = corpus.prefix_refs[key]
        parts = [p for p in (_split(corpus.line(r)) for r in refs) if p is not None]
        suffixes = Counter(view(p.rest) for p in parts)
        top = suffixes.most_common(1)[0][1]
        if len(suffixes) < limits.min_docs or top * 2 > len(parts):
            continue  # one text dominates: an exact line, which the line counts find
        text = _prefix_text(parts)
        opens = sum(1 for d, j in refs if j == corpus.opening[d])
        why = _prose_prefix(parts, docs) or _kicker(opens, len(refs))
        if why:
            found.append(_Candidate("prefix", key, text, docs, _spread(refs), why=why))
            continue
        pattern = _prefix_pattern(parts)
        hits = [r for r in refs if pattern.search(corpus.line(r).strip())]
        if len(hits) * 10 < len(refs) * 9:  # the regex must describe the lines it came from
            continue
        found.append(_Candidate("prefix", key, text, docs, _spread(hits), pattern=pattern,
                                distinct=len(suffixes)))
    return found


def _prose_prefix(parts: list[_Split], docs: int) -> str | None:
    """Why a prefix is content (a dateline, a speaker, Q/A), or None if it is furniture."""
    words = sorted(len(p.rest.split()) for p in parts)
    prose = sum(_is_prose(p.rest) for p in parts)
    if prose > _MAX_PROSE_SUFFIXES * len(parts) or words[len(words) // 2] > _MAX_MEDIAN_WORDS:
        return "followed by full sentences (a dateline or speaker label?), not headlines"
    if len(parts) > _MAX_PER_DOC * docs:
        return "repeated many times within documents, like a speaker label or Q/A marker"
    return None


def _kicker(opens: int, occurrences: int) -> str | None:
    """A prefix that mostly opens its document is a title's kicker ("IPL 2024: ..."): content."""
    if opens * 2 > occurrences:
        return "opens most of its documents: a kicker in the article's title, not a link"
    return None


def _is_prose(text: str) -> bool:
    """Does the text after a prefix read like a paragraph rather than a headline?"""
    words = len(text.split())
    if words > 25:
        return True
    if _PERIOD_END.search(text):
        return words >= 6
    return text.endswith("?") and words >= 14


def _prefix_text(parts: list[_Split]) -> str:
    """The commonest spelling of a prefix, with its commonest separator."""
    spelling = Counter(p.prefix for p in parts).most_common(1)[0][0]
    sep = Counter(p.sep for p in parts).most_common(1)[0][0]
    spaced = sep == "|" or sep[0] in _DASHES  # "IN FOCUS |", "Quick take –", but "Also read:"
    return f"{spelling}{' ' if spaced else ''}{sep}"


def _prefix_pattern(parts: list[_Split]) -> re.Pattern[str]:
    """An anchored regex for the prefix: its words escaped, any separator seen, then text."""
    spelling = Counter(p.prefix for p in parts).most_common(1)[0][0]
    words = r"\s+".join(_escape(w) for w in spelling.lower().split())
    seps = {p.sep[0] for p in parts}
    alternatives = []
    marks = "".join(sorted(seps & {":", "|"}))
    if marks:
        alternatives.append((f"[{marks}]" if len(marks) > 1 else re.escape(marks)) + r"\s*")
    if seps & set(_DASHES):
        alternatives.append(r"[-–—]+\s+")  # a dash separates only before a space
    sep = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
    lead = r"[^\w\s]{0,3}\s*" if any(p.lead for p in parts) else ""
    return re.compile(rf"^{lead}{words}\s*{sep}\S", re.IGNORECASE)


def _escape(word: str) -> str:
    """re.escape, with quotes and dashes matching any of their forms (as the view does)."""
    out = []
    for ch in word:
        if ch in _QUOTES:
            out.append("['‘’`´]")
        elif ch in _DASHES:
            out.append("[-‐‑–—]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _spread(refs: list[Ref]) -> list[Ref]:
    """Up to _SAMPLES places in different documents."""
    out: list[Ref] = []
    docs: set[int] = set()
    for ref in refs:
        if ref[0] not in docs:
            docs.add(ref[0])
            out.append(ref)
            if len(out) == _SAMPLES:
                break
    return out


def _exact_lines(corpus: _Corpus, floor: int, limits: Thresholds, templates: list[_Candidate]
                 ) -> list[_Candidate]:
    """Whole lines repeated in many documents; `why` set on those that read like prose."""
    n = len(corpus.docs)
    found: list[_Candidate] = []
    for key, docs in corpus.line_docs.items():
        if docs < floor:
            continue
        refs = corpus.line_refs[key]
        line = corpus.line(refs[0]).strip()
        if any(t.fires(line, key) for t in templates) or not any(c.isalpha() for c in key):
            continue  # counted by its template; or a number or date, not a marker
        literal = Counter(corpus.line(r).strip() for r in refs).most_common(1)[0][0]
        cand = _Candidate("line", key, literal, docs, refs, literal=literal,
                          why=_prose_line(line, docs / n, limits))
        if corpus.last_docs[key] >= _PLACED_SHARE * docs:
            cand.where_last = _PLACED_LINES
        elif corpus.first_docs[key] >= _PLACED_SHARE * docs:
            cand.where_first = _PLACED_LINES
        found.append(cand)
    return found


def _prose_line(line: str, share: float, limits: Thresholds) -> str | None:
    """Why a frequent line is left out as article prose, or None."""
    words = len(line.split())
    if len(line) > MAX_LITERAL or words > 30:
        return "too long for a marker: reads like article prose"
    if _SENTENCE_END.search(line) and words >= 6 and share < limits.prose_share:
        return (f"reads like a sentence and is in only {share:.1%} of documents "
                f"(sentences need {limits.prose_share:.0%})")
    return None


# ---------------------------------------------------------------------------- coverage


class _Removed:
    """Which lines the default packs remove, per sampled document (each cleaned once)."""

    def __init__(self, corpus: _Corpus, profile: Profile) -> None:
        self.corpus = corpus
        self.rules = profile.line_rules
        self.cache: dict[int, dict[int, str]] = {}

    def in_doc(self, d: int) -> dict[int, str]:
        """Line index -> id of the default rule that removes it, for document `d`."""
        got = self.cache.get(d)
        if got is None:
            lines = list(enumerate(self.corpus.docs[d], start=1))
            kept, hits = apply_rules(lines, self.rules)
            left = {num for num, text in kept if text.strip()}
            got = {}
            for h in hits:  # a replace rule that blanks a line removes it too
                if h.line not in left:
                    got.setdefault(h.line - 1, h.rule)
            self.cache[d] = got
        return got

    def share(self, cand: _Candidate) -> tuple[float, tuple[str, ...]]:
        """The share of a candidate's sampled lines the defaults remove, and by which rules."""
        by = Counter(self.in_doc(d).get(j) for d, j in cand.refs)
        removed = sum(c for rule, c in by.items() if rule is not None)
        rules = tuple(r for r, _ in by.most_common() if r is not None)
        return removed / max(len(cand.refs), 1), rules

    def keeps(self, line: str, ref: Ref) -> bool:
        """The defaults leave `line` (taken from `ref`) alone, on its own and where it stands."""
        if ref[1] in self.in_doc(ref[0]):
            return False
        _, hits = apply_rules([(1, line)], self.rules)
        return not hits


# ---------------------------------------------------------------------------- rules and examples


def _suggestions(site: str, fresh: list[tuple[_Candidate, float]], corpus: _Corpus,
                 library: Library, removed: _Removed, limits: Thresholds) -> list[Suggestion]:
    n = len(corpus.docs)
    cands = [c for c, _ in fresh]
    taken = {r.id for pf in library.packs.values() for r in pf.pack.rules}
    near = _near_misses(corpus, cands, limits.min_docs)
    fallback = _content_pool(corpus, cands, removed, limits.min_docs)
    out: list[Suggestion] = []
    slug = _site_slug(site)
    for cand, default_share in fresh:
        rule_id = _rule_id(slug, cand, taken)
        taken.add(rule_id)
        match = _match_examples(cand, corpus)
        keep = _keep_examples(cand, corpus, cands, removed, near.get(cand.key, []), limits.min_docs)
        keep = keep or fallback[:1]
        out.append(Suggestion(
            id=rule_id, kind=cand.kind, text=cand.text, docs=cand.docs, share=cand.docs / n,
            lines=[cand.literal] if cand.kind == "line" else [],
            pattern=cand.pattern.pattern if cand.pattern is not None else None,
            flags=["ignorecase"] if cand.pattern is not None else [],
            distinct=cand.distinct, where_first=cand.where_first, where_last=cand.where_last,
            default_share=default_share, match=match, keep=keep))
    return out


def _match_examples(cand: _Candidate, corpus: _Corpus) -> list[str]:
    """Two or three real lines it fires on, showing different spellings first."""
    lines = [corpus.line(r).strip() for r in cand.refs]
    seen: set[tuple[str, ...]] = set()
    first: list[str] = []
    rest: list[str] = []
    for line in dict.fromkeys(lines):
        parts = _split(line) if cand.kind == "prefix" else None
        shape = (parts.prefix, parts.sep) if parts is not None else (line,)
        (rest if shape in seen else first).append(line)
        seen.add(shape)
    return (first + rest)[:3 if cand.kind == "prefix" else 2]


def _near_misses(corpus: _Corpus, cands: list[_Candidate], min_docs: int) -> dict[str, list[Ref]]:
    """Content lines that start with a candidate's first word but are not it ("Also, ...")."""
    by_word: dict[str, list[_Candidate]] = {}
    for cand in cands:
        word = cand.key.split(" ", 1)[0]
        by_word.setdefault(word, []).append(cand)
    found: dict[str, list[Ref]] = {}
    for v, docs in corpus.line_docs.items():
        if docs >= min_docs:
            continue
        first = v.split(" ", 1)[0].rstrip(",;:")
        for cand in by_word.get(first, ()):
            got = found.setdefault(cand.key, [])
            if len(got) < 4 and v != cand.key:
                got.append(corpus.line_refs[v][0])
    return found


def _keep_examples(cand: _Candidate, corpus: _Corpus, cands: list[_Candidate], removed: _Removed,
                   near: list[Ref], min_docs: int) -> list[str]:
    """A near-miss line ("Also, ...") and content lines next to the rule's own lines, that
    neither this pack nor the default packs touch."""
    chosen: list[str] = []
    for refs, wanted in ((near, 1), (_neighbours(cand, corpus), 2)):
        for ref in refs:
            if len(chosen) >= wanted:
                break
            line = _keepable(corpus, ref, cands, removed, min_docs)
            if line and line not in chosen:
                chosen.append(line)
    return chosen


def _neighbours(cand: _Candidate, corpus: _Corpus) -> list[Ref]:
    """The nearest non-blank lines before and after each sampled line."""
    out: list[Ref] = []
    for d, j in cand.refs:
        doc = corpus.docs[d]
        for step in (-1, 1):
            k = j + step
            while 0 <= k < len(doc) and not doc[k]:
                k += step
            if 0 <= k < len(doc):
                out.append((d, k))
    return out


def _keepable(corpus: _Corpus, ref: Ref, cands: list[_Candidate], removed: _Removed,
              min_docs: int) -> str | None:
    """The line at `ref` (its first sentence if long) if it is content no rule touches."""
    line = corpus.line(ref).strip()
    v = view(line) if len(line) <= _MAX_VIEW_LEN else ""
    if v and corpus.line_docs[v] >= min_docs:
        return None  # repeated: furniture or a trap, not a content example
    if len(line) > MAX_LITERAL:
        line = _first_sentence(line)
        if len(line) > MAX_LITERAL or len(line) < 20:
            return None
        v = view(line)
    if len(line.split()) < 3 or any(c.fires(line, v) for c in cands):
        return None
    return line if removed.keeps(line, ref) else None


def _first_sentence(text: str) -> str:
    m = re.search(r"[.!?][\"'”’)]*\s", text)
    return text[:m.end()].strip() if m else text


def _content_pool(corpus: _Corpus, cands: list[_Candidate], removed: _Removed,
                  min_docs: int) -> list[str]:
    """A few content lines from the first documents, for rules with none nearby."""
    pool: list[str] = []
    for d, doc in enumerate(corpus.docs[:50]):
        for j, text in enumerate(doc):
            if text:
                line = _keepable(corpus, (d, j), cands, removed, min_docs)
                if line:
                    pool.append(line)
                    if len(pool) == 3:
                        return pool
    return pool


def _site_slug(site: str) -> str:
    """`www.dailyledger.example.com` -> `dailyledger-example`: rule ids stay short."""
    labels = [p for p in site.removeprefix("www.").split(".") if p]
    if len(labels) > 1:
        labels = labels[:-1]
    return _SLUG.sub("-", "-".join(labels).lower()).strip("-")[:30].strip("-") or "site"


def _rule_id(slug: str, cand: _Candidate, taken: set[str]) -> str:
    """`<site>-<first words>`, unique across the library; `<site>-line-N` for non-Latin text."""
    words = [w for w in _SLUG.sub(" ", cand.key).split() if w][:5]
    base = "-".join([slug, *words]) if words else f"{slug}-{cand.kind}"
    base = base[:70].strip("-")
    if words and base not in taken:
        return base
    k = 1 if not words else 2
    while f"{base}-{k}" in taken:
        k += 1
    return f"{base}-{k}"


# ---------------------------------------------------------------------------- self-test


def _verified(result: SiteSuggestion, rules: list[Suggestion], library: Library) -> list[Suggestion]:
    """Run the pack through cleaner's self-test; drop rules whose examples fail it."""
    for r in rules:
        if not (r.match and r.keep):
            why = "no content line to use as a keep example"
            result.left_out.append(LeftOut(r.text, r.docs, r.share, why))
    rules = [r for r in rules if r.match and r.keep]
    while rules:  # each round drops at least one rule, so this ends
        failures = _self_test(SiteSuggestion(result.site, result.docs, rules=rules,
                                             extends=result.extends), library)
        if not failures:
            return rules
        for r in rules:
            if r.id in failures:
                result.left_out.append(LeftOut(r.text, r.docs, r.share,
                                               f"its examples fail the self-test: {failures[r.id]}"))
        rules = [r for r in rules if r.id not in failures]
    return rules


def _self_test(site: SiteSuggestion, library: Library) -> dict[str, str]:
    """Rule id -> first failure message, from `selftest.check` on the pack as written."""
    with tempfile.TemporaryDirectory(prefix="cleaner-suggest-") as tmp:
        path = Path(tmp) / file_name(site)
        path.write_text(to_yaml(site), encoding="utf-8")
        pf = load_pack(path)
        # A copy of the library with this pack in it (in place of a pack of the same name).
        replaced = library.packs.get(pf.name)
        others = {k: v for k, v in library.packs.items() if k != pf.name}
        lib = Library(packs=others,
                      groups={k: [n for n in v if n != pf.name] for k, v in library.groups.items()},
                      extra=[n for n in library.extra if n != pf.name],
                      builtin_paths={p for p in library.builtin_paths
                                     if replaced is None or p != replaced.path})
        lib.add(pf)
        if not pf.pack.sites:  # a pack without sites applies everywhere, as load_library does
            lib.extra.append(pf.name)
        lib.validate()
        failures: dict[str, str] = {}
        for f in selftest.check(lib, {path.resolve()}):
            failures.setdefault(f.rule, f.message)
        return failures


# ---------------------------------------------------------------------------- YAML


def _header(site: SiteSuggestion) -> list[str]:
    where = site.site or "an unnamed site"
    dup = f"; {site.duplicates:,} duplicate document(s) counted once" if site.duplicates else ""
    dup += f"; {site.empty:,} empty document(s) skipped" if site.empty else ""
    out = [f"# Suggested by `cleaner suggest` from {site.docs:,} documents of {where}{dup}.",
           "# Support is how many documents carry a line, not proof that it is furniture:",
           "# review each rule, then run `cleaner rules check` and `cleaner clean --explain`."]
    if site.covered:
        out.append("# Already removed by the default packs (not repeated here):")
        for c in site.covered[:_LISTED]:
            out.append(f"#   {_comment(c.text)} (in {_support(c.docs, site.docs)}; "
                       f"{', '.join(c.rules[:3])})")
        if len(site.covered) > _LISTED:
            out.append(f"#   ... and {len(site.covered) - _LISTED:,} more")
    return out


def _footer(site: SiteSuggestion) -> list[str]:
    if not site.left_out:
        return []
    out = ["", "# Frequent but left out (edit and add as rules if they are furniture):"]
    for item in sorted(site.left_out, key=lambda x: -x.docs)[:_LISTED]:
        out.append(f"#   {_comment(item.text)} (in {_support(item.docs, site.docs)}): {item.reason}")
    if len(site.left_out) > _LISTED:
        out.append(f"#   ... and {len(site.left_out) - _LISTED:,} more")
    return out


def _pack_description(site: SiteSuggestion) -> str:
    where = site.site or "a corpus"
    return (f"Boilerplate mined from {site.docs:,} articles of {where} by cleaner suggest: "
            f"lines and line prefixes repeated across documents that the default packs keep.")


def _rule_yaml(rule: Suggestion, total: int) -> list[str]:
    support = f"in {_support(rule.docs, total)}"
    if rule.kind == "prefix":
        support += f", {rule.distinct:,} distinct texts after the prefix"
    out = [f"  # {support}"]
    if rule.default_share:
        out.append(f"  # the default packs already remove {rule.default_share:.0%} of the sampled lines")
    out += [f"  - id: {rule.id}", "    kind: drop-line", f"    description: {_q(_rule_description(rule))}"]
    if rule.lines:
        out.append(f"    lines: [{', '.join(_q(x) for x in rule.lines)}]")
    if rule.pattern is not None:
        out.append(f"    pattern: {_q(rule.pattern)}")
        out.append(f"    flags: [{', '.join(rule.flags)}]")
    if rule.where_last:
        out.append(f"    where: {{last: {rule.where_last}}}   # it always sits among the last lines")
    elif rule.where_first:
        out.append(f"    where: {{first: {rule.where_first}}}   # it always sits among the first lines")
    out.append("    examples:")
    for key, values in (("match", rule.match), ("keep", rule.keep)):
        out.append(f"      {key}:")
        out.extend(f"        - {_q(v)}" for v in values)
    return out


def _rule_description(rule: Suggestion) -> str:
    if rule.kind == "prefix":
        return f'A line that starts with "{rule.text}" followed by varying text (a headline, a link).'
    return f'The line "{rule.text}", repeated across the site\'s articles.'


def _support(docs: int, total: int) -> str:
    return f"{docs:,} of {total:,} documents ({docs / max(total, 1):.1%})"


def _comment(text: str) -> str:
    clean = _NON_PRINTABLE.sub(" ", text)
    return clean if len(clean) <= 80 else clean[:77] + "..."


def _q(text: str) -> str:
    """A YAML scalar for any text: plain for names, single-quoted when printable, else
    double-quoted with escapes."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    if not _NON_PRINTABLE.search(text):
        return "'" + text.replace("'", "''") + "'"
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif _NON_PRINTABLE.match(ch):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000
                       else f"\\U{code:08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
