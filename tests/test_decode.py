"""Bytes to text: BOMs, UTF-16, legacy charsets, mixed encodings and binary refusal."""

from __future__ import annotations

import codecs

import pytest

from cleaner.decode import NotText, decode


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (codecs.BOM_UTF8 + "Grüße“x”".encode(), "Grüße“x”"),
        (codecs.BOM_UTF16_LE + "Grüße".encode("utf-16-le"), "Grüße"),
        (codecs.BOM_UTF16_BE + "Grüße".encode("utf-16-be"), "Grüße"),
        ("Hello there, world".encode("utf-16-le"), "Hello there, world"),
        ("café naïve déjà vu".encode("latin-1"), "café naïve déjà vu"),
        ("Straße – “quoted” €5".encode("cp1252"), "Straße – “quoted” €5"),
        ("Привет мир, как дела у тебя сегодня? Всё хорошо.".encode("cp1251"),
         "Привет мир, как дела у тебя сегодня? Всё хорошо."),
        ("ok “utf8” ".encode() + "and “cp1252”".encode("cp1252"), "ok “utf8” and “cp1252”"),
        (b"plain\x00 text with a stray NUL", "plain text with a stray NUL"),
        (b"", ""),
    ],
)
def test_decodes(data: bytes, text: str) -> None:
    assert decode(data) == text


def test_declared_charset_wins_over_guessing() -> None:
    assert decode("Ελληνικά".encode("iso-8859-7"), "iso-8859-7") == "Ελληνικά"
    assert decode(b"caf\xe9", "no-such-charset") == "café"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n....", b"\x1f\x8b\x08\x00....", b"PK\x03\x04....",
     bytes(range(256)) * 4],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(NotText, match="binary file"):
        decode(data)
