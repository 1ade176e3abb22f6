"""Read untrusted inputs within bounds: regular files only, streams in bounded pieces.

A hostile input must cost an error line, not the run: a FIFO or a device would block or
never end, a 2 MB .jsonl.gz can expand to one 2 GB line, a page can hold a million
elements. Everything here holds at most about one limit's worth of an input in memory.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from . import sizes

GZIP_MAGIC = b"\x1f\x8b"
DEFAULT_MAX_BYTES = 50_000_000
DEFAULT_MAX_ELEMENTS = 200_000
_SKIP_CHUNK = 1 << 20  # an oversized line is skipped this much at a time
# Start tags as an HTML tokenizer sees them: "<" then a letter. Counting them needs no parse.
_START_TAG = re.compile(rb"<[A-Za-z]")
_START_TAG_STR = re.compile(r"<[A-Za-z]")


@dataclass(frozen=True)
class Oversize:
    """Data longer than the limit, skipped unread: only its size (without "\\n") is kept,
    or, when `exact` is false, only that it is larger than `size`."""

    size: int
    exact: bool = True

    def reason(self, limit: int, what: str = "skipped (raise --max-bytes, or split the file)") -> str:
        return too_big(self.size, limit, what, exact=self.exact)


def too_big(size: int, limit: int, what: str = "skipped (raise --max-bytes, or split the file)",
            exact: bool = True) -> str:
    """The one-line reason an input or a record over --max-bytes is refused."""
    if not exact:  # the size is unknown (the rest was not read): the limit alone
        return f"more than the --max-bytes limit of {sizes.human(limit)}; {what}"
    shown_size, shown_limit = sizes.over_limit(size, limit)
    return f"{shown_size} is over the --max-bytes limit of {shown_limit}; {what}"


def too_many_elements(data: bytes | str, limit: int) -> str | None:
    """Why an HTML page is refused (more start tags than `limit`), or None.

    A parse tree costs hundreds of bytes per element: a page of a million tiny elements took
    2 GB and most of a minute. Real article pages have a few thousand.
    """
    rx = _START_TAG if isinstance(data, bytes) else _START_TAG_STR
    for count, _ in enumerate(rx.finditer(data), start=1):
        if count > limit:
            return (f"more than {limit:,} HTML elements (the --max-elements limit); skipped "
                    "(raise --max-elements)")
    return None


def kind_of_file(mode: int) -> str | None:
    """What a non-regular file is, for the message that skips it; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, what in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return what
    return "not a regular file"


class NotRegular(OSError):
    """An input that is not a regular file (a FIFO, a device, a socket)."""


def open_regular(path: Path) -> BinaryIO:
    """Open a file for reading only if it is a regular file, without ever blocking.

    O_NONBLOCK makes opening a FIFO return at once (a plain open waits for a writer,
    forever); the check is then made on the opened file itself, so a file swapped for a
    FIFO or a device after the inputs were listed is refused too.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        what = kind_of_file(os.fstat(fd).st_mode)
        if what is not None:
            raise NotRegular(f"{what}, not a regular file; skipped")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def ungzip(stream: BinaryIO) -> BinaryIO:
    """The stream itself, or its decompressed stream when it starts with gzip's magic bytes."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]  # to look ahead without consuming
    if stream.peek(2)[:2] == GZIP_MAGIC:  # type: ignore[attr-defined]
        return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[return-value]
    return stream


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | Oversize]:
    """Lines of a binary stream; one longer than `limit` bytes is skipped, in chunks, and
    yielded as its Oversize, so no line is ever held whole beyond the limit."""
    while line := stream.readline(limit + 1):
        yield line if len(line) <= limit or line.endswith(b"\n") else skip_line(stream, line)


def skip_line(stream: BinaryIO, head: bytes) -> Oversize:
    """Read the rest of a line whose start `head` is already read, in chunks, keeping only
    its size."""
    size = len(head)
    while chunk := stream.readline(_SKIP_CHUNK):
        size += len(chunk)
        if chunk.endswith(b"\n"):
            return Oversize(size - 1)
    return Oversize(size)


def read_bounded(stream: BinaryIO, limit: int, head: bytes = b"") -> bytes | Oversize:
    """All of a stream if it holds at most `limit` bytes (after `head`, already read), else
    an inexact Oversize: the rest is not read (it may never end: `cat /dev/zero |`)."""
    data = head + stream.read(max(limit + 1 - len(head), 0))
    return data if len(data) <= limit else Oversize(limit, exact=False)
