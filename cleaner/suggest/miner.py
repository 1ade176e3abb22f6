"""Mining one corpus end to end: per site, count, find candidates, set aside the covered and
the prose, pick examples and keep the rules that pass the self-test."""

from __future__ import annotations

from collections.abc import Iterable

from ..rules import DEFAULT_GROUP, Library, load_library
from .candidates import Candidate, find_exact_lines, find_templates
from .corpus import Corpus, site_key
from .coverage import Removed
from .examples import propose
from .results import Covered, LeftOut, SiteSuggestion, Thresholds
from .selfcheck import verified

# A candidate is covered when the default packs remove this share of its sampled lines.
_COVERED_SHARE = 0.8
# Candidates examined beyond max_rules, to stand in for rules whose examples fail; and
# how many candidates per wanted rule are examined at most (coverage costs a cleaning).
_SPARE = 20
_EXAMINE = 4


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
    sites: dict[str, Corpus] = {}
    for site, text in docs:
        key = site_key(site)
        corpus = sites.get(key)
        if corpus is None:
            corpus = sites[key] = Corpus(profile)
        corpus.add(text)
    extends = [DEFAULT_GROUP] if DEFAULT_GROUP in library.groups else []
    found = [_mine_site(site, corpus, limits, library, extends) for site, corpus in sites.items()]
    return sorted(found, key=lambda s: (-s.docs, s.site))


def summary(site: SiteSuggestion) -> str:
    """One line for the terminal: what mining a site found."""
    where = site.site or "(unknown site)"
    skipped = f", {site.duplicates:,} duplicates" if site.duplicates else ""
    skipped += f", {site.empty:,} empty" if site.empty else ""
    return (f"{where}: {site.docs:,} documents{skipped}; {len(site.rules)} rule(s) proposed, "
            f"{len(site.covered)} already covered by the default packs, {len(site.left_out)} left out")


def _check_limits(limits: Thresholds) -> None:
    if limits.min_docs < 1:
        raise ValueError("min_docs must be at least 1")
    if not 0.0 <= limits.min_share <= 1.0 or not 0.0 <= limits.prose_share <= 1.0:
        raise ValueError("min_share and prose_share are shares of the documents, from 0 to 1")
    if limits.max_rules < 0:
        raise ValueError("max_rules must be 0 or more")


def _mine_site(site: str, corpus: Corpus, limits: Thresholds, library: Library,
               extends: list[str]) -> SiteSuggestion:
    """One site: find candidates, set aside the covered and the prose, write and test rules."""
    n = len(corpus.docs)
    result = SiteSuggestion(site, n, corpus.duplicates, corpus.blank, extends=extends)
    if not n:
        return result
    floor = limits.floor(n)
    templates = find_templates(corpus, floor, limits)
    lines = find_exact_lines(corpus, floor, limits, [t for t in templates if t.why is None])
    ranked = sorted(templates + lines, key=lambda c: (-c.docs, c.key))
    removed = Removed(corpus, library.profile())
    fresh = _triage(ranked, removed, limits, result)
    suggestions = propose(site, fresh, corpus, library, removed, limits)
    suggestions = verified(result, suggestions, library)
    for extra in suggestions[limits.max_rules:]:
        result.left_out.append(LeftOut(extra.text, extra.docs, extra.share, "beyond max_rules"))
    result.rules = suggestions[:limits.max_rules]
    return result


def _triage(ranked: list[Candidate], removed: Removed, limits: Thresholds,
            result: SiteSuggestion) -> list[tuple[Candidate, float]]:
    """Sort candidates into covered, left out and fresh (with the share the defaults remove)."""
    n = result.docs
    fresh: list[tuple[Candidate, float]] = []
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
