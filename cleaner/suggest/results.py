"""What mining finds: the proposed rules, the covered and left-out lines, and the thresholds."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["line", "prefix"]
Ref = tuple[int, int]  # (document index, line index) within one site

# Literal markers may be at most 200 characters (the pack schema); the matcher computes no
# view for lines over 400, so such lines could never match a literal anyway.
MAX_LITERAL = 200


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
