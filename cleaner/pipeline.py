"""One document through the stages: ftfy -> line rules -> tidy. Plain functions, one screen."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import normalize
from .matcher import Hit, apply_rules
from .rules import Library, Profile


@dataclass
class Cleaned:
    """The clean text of one document and every removal that made it."""

    text: str
    hits: list[Hit]
    profile: str
    credits: list[str] = field(default_factory=list)

    @property
    def lines_removed(self) -> int:
        return sum(1 for h in self.hits if h.replacement is None)


def clean_text(text: str, profile: Profile) -> Cleaned:
    """Clean one document's text with a compiled profile."""
    fixed = normalize.fix_text(text, profile.normalize)
    lines = normalize.split_lines(fixed, profile.tidy)
    kept, hits = apply_rules(lines, profile.line_rules)
    credits = list(dict.fromkeys(h.credit for h in hits if h.credit))
    return Cleaned(normalize.join_lines(kept, profile.tidy), hits, profile.name, credits)


def clean(text: str, library: Library, *, site: str | None = None, host: str | None = None) -> Cleaned:
    """Clean with the profile for `site` (a pack name or host) or the document's `host`."""
    name = library.find_site(site) if site else library.site_for_host(host) if host else None
    return clean_text(text, library.profile(name))
