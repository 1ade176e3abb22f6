"""Inputs as documents: text and HTML files, JSONL records and stdin, each with an id and an output name."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from pathlib import Path, PurePosixPath
from typing import Literal

from . import fieldpath
from .bounds import DEFAULT_MAX_BYTES, NotRegular, Oversize, bounded_lines, open_regular, ungzip
from .manifest import Manifest, file_sha
from .sources import shown
from .types import DocKind, Document, DropReason, dropped

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")


@dataclass(frozen=True)
class Fields:
    """Names of the JSONL fields cleaner reads and writes; a dotted name (`metadata.url`) is a
    field inside nested objects."""

    text: str = "text"
    html: str = "html"
    url: str = "url"
    id: str = "id"
    output: str = "text"


@dataclass
class FieldUse:
    """Which field names the records read so far had, so the run's summary can name an option
    (`--url-field metadata.url`) that matches nothing instead of ignoring it silently."""

    records: int = 0
    names: set[str] = field(default_factory=set)

    def missing(self, given: Fields) -> list[str]:
        """`--url-field 'metadata.url'` for each field option set (not left at its default)
        to a name no record had; nothing when no record was read."""
        if not self.records:
            return []
        default = Fields()
        return [f"--{f.name}-field '{getattr(given, f.name)}'" for f in dataclass_fields(Fields)
                if f.name != "output" and getattr(given, f.name) != getattr(default, f.name)
                and getattr(given, f.name) not in self.names]


def kind_of(path: Path | PurePosixPath) -> DocKind | Literal["jsonl"]:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return "html" if name.endswith(HTML_SUFFIXES) else "text"


def file_document(path: Path, rel: Path, expect: str | None = None) -> Document:
    kind = kind_of(path)
    assert kind != "jsonl"
    return Document(id=shown(path), kind=kind, path=path, out=rel.with_suffix(".txt"), group=shown(path),
                    key=shown(rel), expect=expect)


# What the inputs yield: documents, some already dropped (unreadable, bad records, up to date).
Item = Document


def documents(sources: Iterable[tuple[Path, Path]], fields: Fields, manifest: Manifest | None = None,
              seen: FieldUse | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every document of the input files `(path, relative path)`, in order, records lazily.

    `seen` collects the field names (of `fields`) that some record had.

    With a manifest, an input whose output is up to date is dropped as UNCHANGED instead; for
    text and HTML files the worker checks the hash (it reads the file anyway), for a JSONL
    file it is checked here, before its records are read.
    """
    for path, rel in sources:
        key = shown(rel)
        if kind_of(path) != "jsonl":
            yield file_document(path, rel, manifest.expected(key) if manifest else None)
            continue
        try:
            sha = file_sha(path) if manifest is not None else None
            out = manifest.path.parent if manifest is not None else None
            if (manifest is not None and out is not None and manifest.expected(key) == sha
                    and ((out / rel).exists() or (out / _stem(rel)).is_dir())):
                yield dropped(shown(path), shown(path), DropReason.UNCHANGED)
                continue
            for item in read_records(open_jsonl(path, max_bytes), shown(path), fields, rel, seen, max_bytes):
                if item.drop is None:
                    item.key, item.sha = key, sha
                yield item
        except NotRegular as exc:
            yield dropped(shown(path), shown(path), DropReason.UNREADABLE, str(exc))
        except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            yield dropped(shown(path), shown(path), DropReason.UNREADABLE, f"cannot read: {reason}")


def read_records(lines: Iterable[bytes | Oversize], shown: str, fields: Fields, container: Path | None,
                 seen: FieldUse | None = None, max_bytes: int | None = None) -> Iterator[Document]:
    """Documents from JSONL lines; a bad line is a document dropped (BAD_RECORD,
    TOO_LARGE over `max_bytes`) and named by its line; the rest go on.

    `seen` collects the field names (of `fields`) that some record had, so a run can say
    which option names a field no record has. A line over `max_bytes` (an Oversize from
    bounded_lines, or a longer line) is refused before it is parsed, and a record nested
    deeper than MAX_NESTING is refused too.
    """
    names = (fields.html, fields.text, fields.url, fields.id)
    used: set[str] = set()
    for number, raw in enumerate(lines, start=1):
        rid = f"{shown}:{number}"
        if isinstance(raw, Oversize) or (max_bytes is not None and len(raw.rstrip(b"\r\n")) > max_bytes):
            over = raw if isinstance(raw, Oversize) else Oversize(len(raw.rstrip(b"\r\n")))
            yield dropped(rid, shown, DropReason.TOO_LARGE,
                          over.reason(max_bytes or 0, "record skipped (raise --max-bytes)"))
            continue
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield dropped(rid, shown, DropReason.BAD_RECORD,
                          f"not valid JSON ({_json_reason(exc)}); record skipped")
            continue
        except RecursionError:
            record = _TOO_DEEP  # nested past Python's own limit: refused like any deep record
        if record is _TOO_DEEP or _nested_deeper(record, MAX_NESTING):
            yield dropped(rid, shown, DropReason.BAD_RECORD,
                          f"JSON nested more than {MAX_NESTING} levels deep; record skipped")
            continue
        if not isinstance(record, dict):
            yield dropped(rid, shown, DropReason.BAD_RECORD,
                          f"a record must be a JSON object, not {type(record).__name__}; skipped")
            continue
        values = {name: fieldpath.get(record, name) for name in names}
        if seen is not None:
            seen.records += 1
            seen.names.update(name for name, value in values.items() if fieldpath.found(value))
        html, text = values[fields.html], values[fields.text]
        if isinstance(html, str):
            kind, data, source = "html", html, fields.html
        elif isinstance(text, str):
            kind, data, source = "text", text, fields.text
        else:
            wrong = next((f for f in (fields.html, fields.text) if fieldpath.found(values[f])), None)
            why = (f"field '{wrong}' is {type(values[wrong]).__name__}, not a string" if wrong
                   else f"no '{fields.html}' or '{fields.text}' field")
            yield dropped(rid, shown, DropReason.BAD_RECORD,
                          f"{why}; record skipped (--html-field/--text-field name the fields)")
            continue
        url = values[fields.url]
        name = _record_name(values[fields.id], number, used)
        yield Document(
            id=rid,
            kind=kind,  # type: ignore[arg-type]
            data=data,
            url=url if isinstance(url, str) else None,
            record=record,
            source_field=source,
            out=(_stem(container) / name) if container is not None else Path(name),
            group=shown,
            container=container,
        )


# Real records are a few levels deep; far deeper nesting is an attack on the parser and on
# every recursive step after it (writing the record back out, for one).
MAX_NESTING = 64
_TOO_DEEP = object()


def _nested_deeper(value: object, limit: int) -> bool:
    """Whether a parsed JSON value nests lists and objects more than `limit` levels deep
    (iteratively: a recursive walk would fail exactly where this must answer)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _stem(container: Path) -> Path:
    """`a/crawl.jsonl.gz` -> `a/crawl`: the folder that a JSONL file's .txt outputs go in."""
    name = container.name
    for suffix in JSONL_SUFFIXES:
        if name.lower().endswith(suffix):
            return container.with_name(name[: -len(suffix)])
    return container


def record_folder(container: Path) -> Path:
    """The folder, relative to the output folder, that a JSONL file's records go in (--format txt)."""
    return _stem(container)


def open_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[bytes | Oversize]:
    """Lines of a .jsonl or .jsonl.gz file, read lazily so a big file is never held whole:
    a .gz file is decompressed as a stream, and a line over `max_bytes` (decompressed) is
    skipped in chunks, never held."""
    with open_regular(path) as raw:
        fh = gzip.GzipFile(fileobj=raw, mode="rb") if path.name.lower().endswith(".gz") else ungzip(raw)
        with fh:
            yield from bounded_lines(fh, max_bytes)


def _json_reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at column {exc.colno}"
    return "not UTF-8"


_UNSAFE = re.compile(r"[^\w.@+-]+")


# File systems cap a name at 255 bytes, not characters (200 CJK characters are 600 bytes).
# 200 leaves room for a "-<line>" to tell duplicates apart, ".txt", and the temporary name
# an atomic write uses beside it.
MAX_NAME_BYTES = 200


def safe_name(value: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """A file name made from a record field: no separators, no '..', no control characters,
    at most `max_bytes` bytes of UTF-8.

    Whatever the field holds (`../../etc/passwd`, a URL, a name with newlines, a headline in
    Chinese), the result is a single path component, so no output can escape the output
    folder, and it is short enough for any file system.
    """
    text = unicodedata.normalize("NFC", value)
    text = _UNSAFE.sub("_", text).strip("._-")
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes or text != value:
        # Keep names readable but unique: a short hash of the original tells apart
        # values that sanitise (or are cut) to the same name.
        digest = hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        text = f"{_cut(text, max_bytes - len(digest) - 1)}-{digest}" if text else digest
    return text


def _cut(text: str, limit: int) -> str:
    """The longest prefix of `text` within `limit` bytes of UTF-8, never half a character."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore").rstrip("._-")


def _record_name(value: object, number: int, used: set[str]) -> str:
    """A record's file name, unique in its JSONL file: its sanitised id, else its line number.

    A name already taken in the file gets `-LINE`, then `-LINE-2`, ... until it is free, so
    ids `x-3`, `x`, `x` give `x-3`, `x`, `x-3-2`: stable, and never one record over another.
    """
    base = safe_name(str(value)) if isinstance(value, str | int) and str(value) else f"{number:06d}"
    name, again = base, 1
    while name in used:
        again += 1
        name = f"{base}-{number}" if again == 2 else f"{base}-{number}-{again - 1}"
    used.add(name)
    return name + ".txt"
