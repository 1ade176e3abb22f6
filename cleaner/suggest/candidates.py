"""The heuristics: which frequent lines and prefixes become candidates, and which read like
article prose (long lines, sentences, datelines, speaker labels, title kickers)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..view import view
from .corpus import PLACED_LINES, SAMPLES, Corpus, Split, split_line
from .results import MAX_LITERAL, Kind, Ref, Thresholds

# Lines in at least this share of the documents that carry the marker sit at the end/start.
_PLACED_SHARE = 0.9
# Templates: the varying part must look like a headline, not a paragraph.
_MAX_PROSE_SUFFIXES = 0.2
_MAX_MEDIAN_WORDS = 16
# Speaker labels and Q/A markers repeat many times in one article; cross-links rarely do.
_MAX_PER_DOC = 4.0
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]»]*$")
_PERIOD_END = re.compile(r"[.!…][\"'”’)\]»]*$")
_QUOTES = "'‘’‚‛′`´"
DASHES = "-‐‑‒–—―−"


@dataclass
class Candidate:
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


def find_templates(corpus: Corpus, floor: int, limits: Thresholds) -> list[Candidate]:
    """Prefixes followed by many different texts in many documents; `why` set on those whose
    texts read like content (datelines, speaker labels, title kickers)."""
    found: list[Candidate] = []
    for key, docs in corpus.prefix_docs.items():
        if docs < floor:
            continue
        refs = corpus.prefix_refs[key]
        parts = [p for p in (split_line(corpus.line(r)) for r in refs) if p is not None]
        suffixes = Counter(view(p.rest) for p in parts)
        top = suffixes.most_common(1)[0][1]
        if len(suffixes) < limits.min_docs or top * 2 > len(parts):
            continue  # one text dominates: an exact line, which the line counts find
        text = _prefix_text(parts)
        opens = sum(1 for d, j in refs if j == corpus.opening[d])
        why = _prose_prefix(parts, docs) or _kicker(opens, len(refs))
        if why:
            found.append(Candidate("prefix", key, text, docs, _spread(refs), why=why))
            continue
        pattern = _prefix_pattern(parts)
        hits = [r for r in refs if pattern.search(corpus.line(r).strip())]
        if len(hits) * 10 < len(refs) * 9:  # the regex must describe the lines it came from
            continue
        found.append(Candidate("prefix", key, text, docs, _spread(hits), pattern=pattern,
                                distinct=len(suffixes)))
    return found


def _prose_prefix(parts: list[Split], docs: int) -> str | None:
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


def _prefix_text(parts: list[Split]) -> str:
    """The commonest spelling of a prefix, with its commonest separator."""
    spelling = Counter(p.prefix for p in parts).most_common(1)[0][0]
    sep = Counter(p.sep for p in parts).most_common(1)[0][0]
    spaced = sep == "|" or sep[0] in DASHES  # "IN FOCUS |", "Quick take –", but "Also read:"
    return f"{spelling}{' ' if spaced else ''}{sep}"


def _prefix_pattern(parts: list[Split]) -> re.Pattern[str]:
    """An anchored regex for the prefix: its words escaped, any separator seen, then text."""
    spelling = Counter(p.prefix for p in parts).most_common(1)[0][0]
    words = r"\s+".join(_escape(w) for w in spelling.lower().split())
    seps = {p.sep[0] for p in parts}
    alternatives = []
    marks = "".join(sorted(seps & {":", "|"}))
    if marks:
        alternatives.append((f"[{marks}]" if len(marks) > 1 else re.escape(marks)) + r"\s*")
    if seps & set(DASHES):
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
        elif ch in DASHES:
            out.append("[-‐‑–—]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _spread(refs: list[Ref]) -> list[Ref]:
    """Up to SAMPLES places in different documents."""
    out: list[Ref] = []
    docs: set[int] = set()
    for ref in refs:
        if ref[0] not in docs:
            docs.add(ref[0])
            out.append(ref)
            if len(out) == SAMPLES:
                break
    return out


def find_exact_lines(corpus: Corpus, floor: int, limits: Thresholds, templates: list[Candidate]
                 ) -> list[Candidate]:
    """Whole lines repeated in many documents; `why` set on those that read like prose."""
    n = len(corpus.docs)
    found: list[Candidate] = []
    for key, docs in corpus.line_docs.items():
        if docs < floor:
            continue
        refs = corpus.line_refs[key]
        line = corpus.line(refs[0]).strip()
        if any(t.fires(line, key) for t in templates) or not any(c.isalpha() for c in key):
            continue  # counted by its template; or a number or date, not a marker
        literal = Counter(corpus.line(r).strip() for r in refs).most_common(1)[0][0]
        cand = Candidate("line", key, literal, docs, refs, literal=literal,
                          why=_prose_line(line, docs / n, limits))
        if corpus.last_docs[key] >= _PLACED_SHARE * docs:
            cand.where_last = PLACED_LINES
        elif corpus.first_docs[key] >= _PLACED_SHARE * docs:
            cand.where_first = PLACED_LINES
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
