"""Clean many files: one outcome per file, errors kept per file, and a run summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .decode import NotText, decode
from .matcher import Hit
from .pipeline import Cleaned, clean_text
from .rules import Library
from .sinks import write_atomic
from .sources import Source


@dataclass
class Outcome:
    """What happened to one input: its hits and sizes, or the one-line reason it failed."""

    source: Source
    error: str | None = None
    bytes_in: int = 0
    bytes_out: int = 0
    hits: list[Hit] = field(default_factory=list)
    profile: str = ""


@dataclass
class Summary:
    """Totals for the end-of-run summary."""

    files: int = 0
    failed: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    lines_removed: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    profiles: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.files += 1
        if outcome.error is not None:
            self.failed += 1
            return
        self.bytes_in += outcome.bytes_in
        self.bytes_out += outcome.bytes_out
        self.lines_removed += sum(1 for h in outcome.hits if h.replacement is None)
        self.rules.update(h.rule for h in outcome.hits)
        self.profiles[outcome.profile] += 1


def site_for(library: Library, forced: str | None, path: Path | None,
             host: str | None = None) -> str | None:
    """The site pack for a document: --site, else its URL host, else a host-named folder."""
    if forced is not None:
        return forced
    if host:
        found = library.site_for_host(host)
        if found:
            return found
    if path is not None:
        for part in reversed(path.absolute().parent.parts):
            if "." in part:
                found = library.site_for_host(part)
                if found:
                    return found
    return None


def clean_bytes(data: bytes, library: Library, site: str | None, path: Path | None) -> Cleaned:
    """Decode and clean one document's bytes (raises NotText for binary input)."""
    text = decode(data)
    return clean_text(text, library.profile(site_for(library, site, path)))


def clean_file(source: Source, library: Library, site: str | None, outdir: Path) -> Outcome:
    """Read, clean and write one file; any failure becomes the outcome's error."""
    outcome = Outcome(source)
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        outcome.error = f"cannot read: {exc.strerror or exc}"
        return outcome
    outcome.bytes_in = len(data)
    try:
        result = clean_bytes(data, library, site, source.path)
    except NotText as exc:
        outcome.error = f"{exc}; skipped (pass only text files, or narrow --glob)"
        return outcome
    target = outdir / source.out
    try:
        outcome.bytes_out = write_atomic(target, result.text)
    except OSError as exc:
        outcome.error = f"cannot write {target}: {exc.strerror or exc}"
        return outcome
    outcome.hits = result.hits
    outcome.profile = result.profile
    return outcome


def run_batch(sources: Iterable[Source], library: Library, site: str | None, outdir: Path,
              on_outcome: Callable[[Outcome], None]) -> Summary:
    """Clean every source in order, calling `on_outcome` as each finishes."""
    summary = Summary()
    for source in sources:
        outcome = clean_file(source, library, site, outdir)
        summary.add(outcome)
        on_outcome(outcome)
    return summary
