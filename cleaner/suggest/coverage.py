"""Coverage: which lines the default packs already remove, per sampled document."""

from __future__ import annotations

from collections import Counter

from ..matcher import apply_rules
from ..rules import Profile
from .candidates import Candidate
from .corpus import Corpus
from .results import Ref


class Removed:
    """Which lines the default packs remove, per sampled document (each cleaned once)."""

    def __init__(self, corpus: Corpus, profile: Profile) -> None:
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

    def share(self, cand: Candidate) -> tuple[float, tuple[str, ...]]:
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
