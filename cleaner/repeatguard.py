"""Corpus mode's guards: the lines that repeat across a site but are content, never removed
as repeats however often they occur (prose, datelines, quotations)."""

from __future__ import annotations

import re
import unicodedata

from .suggest import Candidate, Corpus

_PROSE_WORDS = 12
_PLACE_WORDS = 3  # a dateline on its own line names a place: a few words
_PARAGRAPH_WORDS = 20  # ... and an article paragraph follows it
_SENTENCE_END = re.compile(r"[.!?…।॥][\"'”’)\]»]*$")
# "NEW DELHI:", "WASHINGTON (Reuters) -", "LONDON, Dec 3 (Reuters) -": a place in capitals,
# maybe a date after a comma, maybe an agency in brackets, then a colon or a spaced dash.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,40}(?:,[^:()\n]{1,30})?\s*(?:\([^)\n]{1,40}\)\s*)?(?::|[-–—](?=\s|$))")
_AGENCY = re.compile(r"\((?:AP|AFP|PTI|IANS|ANI|Reuters|dpa|EFE|UNI|Xinhua|Bloomberg)\)", re.IGNORECASE)
_OPEN_QUOTES = "\"“„«‘‚'‹"
_CLOSE_QUOTES = "\"”»’'›"


def fit(cand: Candidate, corpus: Corpus) -> bool:
    """The guards: prose, datelines and quotations are content however often they repeat."""
    if cand.kind == "line":
        return not guarded(cand.literal or cand.text) and not _place_line(cand, corpus)
    # A template is judged by the lines it came from: none may be a dateline or a quotation.
    return not any(_dateline(line) or _quoted(line)
                   for line in (corpus.line(r).strip() for r in cand.refs))


def guarded(line: str) -> bool:
    """Is the line content that corpus mode never removes, however often it repeats?"""
    return _prose(line) or _dateline(line) or _quoted(line)


def _prose(line: str) -> bool:
    words = len(line.split())
    return words > 30 or (words > _PROSE_WORDS and _SENTENCE_END.search(line) is not None)


def _dateline(line: str) -> bool:
    m = _DATELINE.match(line)
    if m is None:
        return _AGENCY.search(line[:80]) is not None
    rest = line[m.end():].strip()
    # A marker in capitals with a headline after it ("ALSO READ: ...") is not a dateline; a
    # place alone on its line, or a place before a sentence, is.
    return not rest or len(rest.split()) >= 8 or _SENTENCE_END.search(rest) is not None or bool(
        _AGENCY.search(m.group(0)))


def _place_line(cand: Candidate, corpus: Corpus) -> bool:
    """A dateline on a line of its own ("नई दिल्ली", "Washington"): a name of a few words
    that stands right before an article paragraph wherever it is seen."""
    text = cand.literal or cand.text
    if len(text.split()) > _PLACE_WORDS or not all(
            unicodedata.category(c)[0] in "LM" or c in " .,'’-" for c in text):  # M: Indic vowel signs
        return False
    before = 0
    for d, j in cand.refs:
        doc = corpus.docs[d]
        k = j + 1
        while k < len(doc) and not doc[k].strip():
            k += 1
        if k < len(doc) and len(doc[k].split()) >= _PARAGRAPH_WORDS:
            before += 1
    return before * 2 > len(cand.refs)


def _quoted(line: str) -> bool:
    """Opens with a quotation mark, or ends with one that closes a quotation inside it."""
    if line[:1] in _OPEN_QUOTES:
        return True
    return line[-1:] in _CLOSE_QUOTES and any(q in line[:-1] for q in _OPEN_QUOTES)
