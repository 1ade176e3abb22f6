"""Example picking: each candidate becomes a Suggestion with `match` lines from the corpus
and `keep` lines (near misses, neighbouring content) that no rule touches; and its rule id."""

from __future__ import annotations

import re

from ..rules import Library
from ..view import view
from .candidates import Candidate
from .corpus import MAX_VIEW_LEN, Corpus, split_line
from .coverage import Removed
from .results import MAX_LITERAL, Ref, Suggestion, Thresholds

_SLUG = re.compile(r"[^a-z0-9]+")


def propose(site: str, fresh: list[tuple[Candidate, float]], corpus: Corpus,
                 library: Library, removed: Removed, limits: Thresholds) -> list[Suggestion]:
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


def _match_examples(cand: Candidate, corpus: Corpus) -> list[str]:
    """Two or three real lines it fires on, showing different spellings first."""
    lines = [corpus.line(r).strip() for r in cand.refs]
    seen: set[tuple[str, ...]] = set()
    first: list[str] = []
    rest: list[str] = []
    for line in dict.fromkeys(lines):
        parts = split_line(line) if cand.kind == "prefix" else None
        shape = (parts.prefix, parts.sep) if parts is not None else (line,)
        (rest if shape in seen else first).append(line)
        seen.add(shape)
    return (first + rest)[:3 if cand.kind == "prefix" else 2]


def _near_misses(corpus: Corpus, cands: list[Candidate], min_docs: int) -> dict[str, list[Ref]]:
    """Content lines that start with a candidate's first word but are not it ("Also, ...")."""
    by_word: dict[str, list[Candidate]] = {}
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


def _keep_examples(cand: Candidate, corpus: Corpus, cands: list[Candidate], removed: Removed,
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


def _neighbours(cand: Candidate, corpus: Corpus) -> list[Ref]:
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


def _keepable(corpus: Corpus, ref: Ref, cands: list[Candidate], removed: Removed,
              min_docs: int) -> str | None:
    """The line at `ref` (its first sentence if long) if it is content no rule touches."""
    line = corpus.line(ref).strip()
    v = view(line) if len(line) <= MAX_VIEW_LEN else ""
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


def _content_pool(corpus: Corpus, cands: list[Candidate], removed: Removed,
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


def _rule_id(slug: str, cand: Candidate, taken: set[str]) -> str:
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
