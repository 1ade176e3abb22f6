"""Turn input bytes into text: BOMs, UTF-8, declared or guessed legacy charsets, binary refusal."""

from __future__ import annotations

import codecs
import re

# Signatures of files that are not text at all, so they are refused instead of "cleaned".
# Each is the full signature, not just its letters: "ID3 tags", "GIF89 was", "OggS" or
# "%PDF files" can start an article too.
_MAGIC: tuple[tuple[re.Pattern[bytes], str], ...] = tuple((re.compile(rx, re.DOTALL), what) for rx, what in (
    (rb"%PDF-\d", "a PDF document"),
    (rb"\x89PNG\r\n\x1a\n", "a PNG image"),
    (rb"\xff\xd8\xff", "a JPEG image"),
    (rb"GIF8[79]a", "a GIF image"),
    (rb"RIFF....(?:WAVE|AVI |WEBP)", "a RIFF media file"),
    (rb"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (rb"\x1f\x8b", "gzip-compressed data"),
    (rb"BZh[1-9]1AY&SY", "bzip2-compressed data"),
    (rb"\xfd7zXZ", "xz-compressed data"),
    (rb"7z\xbc\xaf", "a 7-Zip archive"),
    (rb"\x7fELF", "an executable"),
    (rb"\x00\x00\x01\x00", "an icon image"),
    (rb"OggS\x00", "an Ogg media file"),
    (rb"ID3[\x02-\x04]\x00", "an MP3 file"),
))
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF = 4096
# Control bytes that real text files do not hold (tab, newline, form feed, carriage return and
# escape do occur); many of them mean binary data.
_BINARY_CONTROLS = bytes(b for b in range(0x20) if b not in b"\t\n\x0c\r\x1b")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


class NotText(ValueError):
    """The bytes are not text in any encoding cleaner can read."""


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode bytes: BOM, else UTF-8, else the declared charset, else a guess (never crashes)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    for magic, what in _MAGIC:
        if magic.match(data):
            raise NotText(f"binary file ({what}), not text")
    head = data[:_SNIFF]
    if b"\x00" in head:
        utf16 = _bomless_utf16(head)
        if utf16:
            return data.decode(utf16, errors="replace")
    controls = len(head) - len(head.translate(None, _BINARY_CONTROLS))
    if controls > 2 + len(head) // 20:
        raise NotText("binary file (control bytes throughout), not text")
    data = data.replace(b"\x00", b"")  # stray NULs in text carry nothing
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few Windows-1252 bytes pasted in is the commonest "invalid UTF-8" in crawls:
    # when some non-ASCII text is valid UTF-8, repair the rest rather than guess a charset.
    lossy = data.decode("utf-8", errors="replace")
    valid_non_ascii = sum(1 for ch in lossy if ord(ch) > 127) - lossy.count("\ufffd")
    if valid_non_ascii > 0:
        from bs4 import UnicodeDammit  # only for mixed bytes: bs4 costs a tenth of a second to import

        try:
            return UnicodeDammit.detwingle(data).decode("utf-8")
        except UnicodeDecodeError:
            return lossy
    if declared:
        try:
            return data.decode(declared, errors="replace")
        except LookupError:
            pass  # an unknown charset name in a meta tag: guess as if none were declared
    return _guess_legacy(data)


def _guess_legacy(data: bytes) -> str:
    """Windows-1252 when it reads like Western text, else charset-normalizer's best guess."""
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _mean_non_ascii_run(western) <= 2.0:
        return western
    import charset_normalizer  # only for bytes that are not UTF-8: most runs never get here

    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return str(best)
    return western if western is not None else data.decode("cp1252", errors="replace")


def _mean_non_ascii_run(text: str) -> float:
    """Accented letters in Western text stand alone inside words; Cyrillic or Greek read
    as Windows-1252 make long runs of them."""
    runs = [len(m) for m in _NON_ASCII_RUN.findall(text)]
    return sum(runs) / len(runs) if runs else 0.0


def _bomless_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs in every other byte of mostly-ASCII text."""
    even = head[0::2]
    odd = head[1::2]
    if len(head) >= 8 and odd.count(0) > len(odd) * 0.8 and even.count(0) < len(even) * 0.2:
        return "utf-16-le"
    if len(head) >= 8 and even.count(0) > len(even) * 0.8 and odd.count(0) < len(odd) * 0.2:
        return "utf-16-be"
    return None
