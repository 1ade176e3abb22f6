"""The shared vocabulary of a run: a document's lines, the hits that removed them, what the
pipeline made of a text, why a document was dropped, and the one record that carries a
document from input to outcome.

It imports nothing from cleaner, so every stage, early or late, can use it: the inputs make
a Document, the worker fills in its result (the pipeline's Cleaned) and, when it ends early,
its Drop; the main process writes it and counts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

Line = tuple[int, str]  # (1-based line number in the normalised text, text)
DocKind = Literal["text", "html"]


@dataclass(frozen=True, slots=True)
class Hit:
    """One removal: which rule removed what, where. `replacement` is set for replace rules."""

    pack: str
    rule: str
    kind: str
    line: int
    text: str
    replacement: str | None = None
    credit: str | None = None
    # For replace hits: where the span starts (1-based, in characters) in its line with the
    # line's earlier hits already applied. A span repeated in one line is then unambiguous,
    # and applying a line's hits in order, each at its column, rebuilds the output line.
    column: int | None = None
    note: str | None = None  # why, when the rule alone does not say (a repeat's support)


@dataclass
class Cleaned:
    """The clean text of one document, every removal that made it, and what was found on the way."""

    text: str
    hits: list[Hit]
    profile: str
    lines: list[Line] = field(default_factory=list)  # the numbered lines the rules saw
    kept: list[Line] = field(default_factory=list)  # those the rules left (maybe changed)
    tidy: dict[str, bool] = field(default_factory=dict)
    credits: list[str] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    fixes: dict[str, int] = field(default_factory=dict)  # ftfy's repairs: lines changed, entities
    removed_share: float = 0.0  # of the text's characters, by line rules
    over_limit: str | None = None  # why the guard flagged this document (it is still written)
    lines_removed: int = 0  # non-blank lines that are gone (dropped, or emptied by a replace)
    before: str = ""  # the text ftfy was given: what `cleaner diff` shows its repairs against

    def slim(self) -> None:
        """Forget the copies of the text only the worker needs (the lines, ftfy's input, the
        text, written or put in the document's output already), so the result travels back
        to the main process with what the report and the audit read."""
        self.text, self.lines, self.kept, self.before = "", [], [], ""


class DropReason(StrEnum):
    """Why a document produced no output (or, for UNCHANGED, needed none)."""

    UNREADABLE = "unreadable"  # cannot be read: missing, not a regular file, broken gzip
    BAD_RECORD = "bad-record"  # a JSONL line that is not a usable record
    TOO_LARGE = "too-large"  # over --max-bytes
    TOO_MANY_ELEMENTS = "too-many-elements"  # an HTML page over --max-elements
    NOT_TEXT = "not-text"  # binary data
    TIMEOUT = "timeout"  # over --timeout
    WRITE_FAILED = "write-failed"  # its output, or its quarantine copy, could not be written
    FAILED = "failed"  # an error no other reason names (a Ray task's exception)
    OVER_LIMIT = "over-limit"  # past the guard's limits with --over-limit skip: not written
    UNCHANGED = "unchanged"  # up to date from an earlier run: not redone


@dataclass(frozen=True)
class Drop:
    """A document's end before its output: the reason, and the one line a user is shown."""

    reason: DropReason
    detail: str = ""
    fatal: bool = False  # a write error every later write would hit too (full disk): stop the run

    @property
    def failed(self) -> bool:
        """An error (counted as failed, its input redone next time), not a choice or a no-op."""
        return self.reason not in (DropReason.OVER_LIMIT, DropReason.UNCHANGED)


@dataclass
class Document:
    """One document from input to outcome.

    The inputs fill in what it is and where its output goes (file documents carry a path
    and are read where they are cleaned; records and stdin carry their data). The worker
    fills in `result`, or `drop` when it ends early, and what it wrote; the main process
    writes `output` (stdout text, a JSONL record) and counts the rest.
    """

    id: str  # the input path, "path:line" for a record, or "<stdin>"
    kind: DocKind = "text"
    path: Path | None = None
    data: bytes | str | None = None
    url: str | None = None
    record: dict[str, Any] | None = None  # a JSONL record; its other fields are kept
    source_field: str | None = None  # the record field that was cleaned
    out: Path | None = None  # relative output path in a .txt tree
    group: str = ""  # the input a record came from: records of one input stay together
    container: Path | None = None  # a record's JSONL file, relative: where its mirror is written
    key: str = ""  # the input's key in the incremental manifest (its relative path)
    sha: str | None = None  # the input's content hash (a JSONL file's, for its records)
    expect: str | None = None  # the hash under which this input's output was last written
    # The outcome.
    drop: Drop | None = None
    result: Cleaned | None = None
    mode: str = "tree"  # where its output goes (batch.Mode)
    bytes_in: int = 0
    bytes_out: int = 0
    output: str | dict[str, Any] | None = None  # what the main process writes: text or a record
    # (line, the non-blank line before, the one after) per hit line, for the report's samples;
    # filled only when asked (Options.context), since it costs a copy of every neighbour.
    context: list[tuple[int, str, str]] = field(default_factory=list)

    def load(self) -> bytes | str:
        if self.data is not None:
            return self.data
        assert self.path is not None
        return self.path.read_bytes()

    @property
    def error(self) -> str | None:
        """The one-line reason it failed, or None (also when skipped or unchanged)."""
        return self.drop.detail if self.drop is not None and self.drop.failed else None

    @property
    def fatal(self) -> bool:
        return self.drop is not None and self.drop.fatal

    @property
    def hits(self) -> list[Hit]:
        return self.result.hits if self.result is not None else []

    @property
    def over_limit(self) -> str | None:
        return self.result.over_limit if self.result is not None else None


def dropped(doc_id: str, group: str, reason: DropReason, detail: str = "") -> Document:
    """A document that ends before it is cleaned (an input that cannot be read, say)."""
    return Document(doc_id, group=group, drop=Drop(reason, detail))
