"""A datatrove pipeline step that cleans each `Document.text` with cleaner's rule packs.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerStep

    LocalPipelineExecutor(pipeline=[
        JsonlReader("crawl/"),
        CleanerStep(drop_flagged=True),          # or CleanerStep(rules=["my-packs/"])
        JsonlWriter("clean/"),
    ], tasks=4).run()

Each document's site pack is chosen by the URL in its metadata (`metadata["url"]`, where
datatrove's readers put it), and the step adds `metadata["cleaner"]`: the pack, the credits
the rules stripped, the number of lines removed and the guard's verdict, typed exactly as
in cleaner's own JSONL output (see cleaner.record). Needs `pip install 'cleaner[datatrove]'`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("cleaner.integrations.datatrove needs datatrove: "
                      "pip install 'cleaner[datatrove]'") from exc

from .. import fieldpath
from ..errors import CleanerError
from ..pipeline import clean_text, site_for
from ..record import summary
from ..rules import Library, load_library


class _Packs:
    """The loaded library, out of sight of datatrove's executor.json (which writes every
    attribute of a step, and would walk the whole library), and loaded where first used:
    in the worker that runs the step, when the step was given pack paths."""

    def __init__(self, library: Library | None, rules: Sequence[Path], no_default: bool) -> None:
        self.library = library
        self.rules = tuple(rules)
        self.no_default = no_default

    def get(self) -> Library:
        if self.library is None:
            self.library = load_library(self.rules, no_default=self.no_default)
        return self.library

    def __repr__(self) -> str:
        given = ", ".join(str(p) for p in self.rules)
        return f"cleaner packs ({'no built-in packs' if self.no_default else 'built-in packs'}" + (
            f", {given})" if given else ")")


class CleanerStep(PipelineStep):
    """Clean `Document.text` with cleaner's packs; record what was done in `metadata`.

    Args:
        library: packs already loaded (`cleaner.load_library()`); by default the step loads
            the built-in packs and `rules` itself, once per worker.
        rules: extra pack files or folders (as `cleaner clean --rules`).
        no_default: load no built-in packs, only `rules`.
        site: use this site pack (its name or a host) for every document.
        url_key: the metadata field holding the page URL (a dotted name reaches inside).
        metadata_key: where the summary goes in `metadata`.
        drop_flagged: drop the documents the over-removal guard flags (more removed than
            the packs' `limits` allow) instead of passing them on with the reason.
        exclusion_writer: a datatrove writer that receives the dropped documents.
    """

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(self, library: Library | None = None, *, rules: Sequence[str | Path] = (),
                 no_default: bool = False, site: str | None = None, url_key: str = "url",
                 metadata_key: str = "cleaner", drop_flagged: bool = False,
                 exclusion_writer: Any = None) -> None:
        super().__init__()
        self.packs = _Packs(library, [Path(p) for p in rules], no_default)
        self.site = site
        self.url_key = url_key
        self.metadata_key = metadata_key
        self.drop_flagged = drop_flagged
        self.exclusion_writer = exclusion_writer

    def clean(self, doc: Document, library: Library, forced: str | None) -> bool:
        """Clean one document in place; False if it is to be dropped."""
        url = fieldpath.get(doc.metadata, self.url_key)
        url = url if isinstance(url, str) else None
        result = clean_text(doc.text, library.profile(site_for(library, forced, url, None)))
        result.url = url
        doc.text = result.text
        doc.metadata[self.metadata_key] = summary(result)
        self.stat_update("lines_removed", value=result.lines_removed)
        if result.over_limit:
            self.stat_update("flagged")
            return not self.drop_flagged
        return True

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data is None:
            return
        library = self.packs.get()
        forced = library.find_site(self.site) if self.site else None
        if self.site and forced is None:
            known = ", ".join(sorted(pf.name for pf in library.site_packs)) or "none"
            raise CleanerError(f"CleanerStep(site={self.site!r}): no site pack has that name or host "
                               f"(site packs: {known})")
        writer_cm = self.exclusion_writer if self.exclusion_writer else contextlib.nullcontext()
        with writer_cm as writer:
            for doc in data:
                self.stat_update("documents")
                with self.track_time():
                    keep = self.clean(doc, library, forced)
                if keep:
                    self.update_doc_stats(doc)
                    yield doc
                    continue
                self.stat_update("dropped")
                if writer is not None:
                    writer.write(doc, rank)
