"""The rule-pack schema: pydantic models that validate packs and generate the JSON Schema."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .kinds import NAMES

# The kinds as registered in kinds/__init__.py: a new kind enters the schema from there.
RuleKind = Literal[NAMES]  # type: ignore[valid-type]
Flag = Literal["ignorecase", "verbose", "ascii", "dotall"]
RuleId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]


class Strict(BaseModel):
    """Unknown keys are errors: a typo in a pack must not silently disable a rule."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class Where(Strict):
    """Limit a rule to the first or the last N non-blank lines of a document."""

    first: Annotated[int, Field(ge=1)] | None = None
    last: Annotated[int, Field(ge=1)] | None = None

    @model_validator(mode="after")
    def one_side(self) -> Where:
        if (self.first is None) == (self.last is None):
            raise ValueError("where needs exactly one of 'first' or 'last'")
        return self


class Block(Strict):
    """What counts as an item line under a drop-block marker."""

    max_items: Annotated[int, Field(ge=1, le=50)] = 8
    max_words: Annotated[int, Field(ge=1, le=60)] = 16
    gaps: bool = False


class Run(Strict):
    """What a drop-run rule's run is made of and where it must sit.

    An item is a non-blank line of `min_words` to `max_words` words and `max_chars` characters that
    does not end like a sentence (unless `sentences`), and that matches the rule's `lines` or
    `pattern` when it has them. At least `min_lines` items in a row (blank lines between them
    allowed) make a run; `at: end` runs must reach the last line, `at: start` ones begin at the
    first; `after` is a regex for the heading the run sits under: the line just before it,
    kept or removed by an earlier rule, or an item that opens the run and goes with it (the
    items above that heading stay); `not_after` is a regex for a lead-in line: a run right
    under a line that matches it (one ending in ':') is a list the text introduces, and
    stays; `anchor` is a regex at least `min_anchors` of the run's lines must match; `same`
    runs are one line printed again and again (a teaser repeated by a carousel); `echoed`
    runs are lines each printed again, alone, further down the document and none twice in
    the run (a table of contents whose entries are the story's own subheadings); with
    `repeated: N`, a line is an item only when the document prints it at least N times
    (a link label printed under every teaser of a list).
    """

    min_lines: Annotated[int, Field(ge=1, le=50)] = 4
    min_words: Annotated[int, Field(ge=1, le=40)] = 1
    max_words: Annotated[int, Field(ge=1, le=40)] = 4
    max_chars: Annotated[int, Field(ge=1, le=400)] = 40
    at: Literal["any", "start", "end"] = "any"
    sentences: bool = False
    after: str | None = None
    anchor: str | None = None
    min_anchors: Annotated[int, Field(ge=1, le=50)] = 1
    same: bool = False
    not_after: str | None = None
    echoed: bool = False
    repeated: Annotated[int, Field(ge=0, le=50)] = 0


class Examples(Strict):
    """A rule's own tests: lines it must fire on, fixes it must make, lines it must keep."""

    match: list[str] = []
    fix: list[tuple[str, str]] = []
    keep: list[str] = []


class Rule(Strict):
    """One rule: what it matches, what it does, and its examples."""

    id: RuleId
    kind: RuleKind
    description: Annotated[str, Field(min_length=1)]
    lines: list[Annotated[str, Field(min_length=1, max_length=200)]] = []
    pattern: str | None = None
    flags: list[Flag] = []
    replace: str | None = None
    where: Where | None = None
    block: Block | None = None
    run: Run | None = None
    selectors: list[str] = []
    credit: str | None = None
    examples: Examples


class Normalize(Strict):
    """ftfy.TextFixerConfig fields a pack may set (explain is always off)."""

    unescape_html: bool | Literal["auto"] | None = None
    remove_terminal_escapes: bool | None = None
    fix_encoding: bool | None = None
    restore_byte_a0: bool | None = None
    replace_lossy_sequences: bool | None = None
    decode_inconsistent_utf8: bool | None = None
    fix_c1_controls: bool | None = None
    fix_latin_ligatures: bool | None = None
    fix_character_width: bool | None = None
    uncurl_quotes: bool | None = None
    fix_line_breaks: bool | None = None
    fix_surrogates: bool | None = None
    remove_control_chars: bool | None = None
    normalization: Literal["NFC", "NFKC", "NFD", "NFKD"] | None = None
    max_decode_length: Annotated[int, Field(ge=1)] | None = None


class Tidy(Strict):
    """Whitespace tidy after the rules; each step can be turned off."""

    unicode_spaces: bool | None = None
    strip_trailing: bool | None = None
    collapse_blank: bool | None = None
    final_newline: bool | None = None


class Limits(Strict):
    """The over-removal guard: a document past a limit is flagged, never silently emptied."""

    max_removed: Annotated[float, Field(gt=0, le=1)] | None = None  # share of the text's characters
    min_words: Annotated[int, Field(ge=1)] | None = None  # words that must be left


class Html(Strict):
    """Where the article body is in a site's HTML."""

    content: list[str] = []


class Pack(Strict):
    """A rule pack file."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")] | None = None
    description: str = ""
    extends: list[str] = []
    sites: list[Annotated[str, Field(min_length=1)]] = []
    disable: list[str] = []
    normalize: Normalize = Normalize()
    tidy: Tidy = Tidy()
    html: Html = Html()
    limits: Limits = Limits()
    rules: list[Rule] = []


def json_schema() -> dict[str, object]:
    """The JSON Schema of a pack, from the same model that validates packs."""
    schema = Pack.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "cleaner rule pack"
    return schema
