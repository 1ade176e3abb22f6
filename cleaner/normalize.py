"""Text normalisation: ftfy with a profile's options, Unicode spaces, and the final tidy."""

from __future__ import annotations

import re

import ftfy

from .matcher import Line

# No-break, thin, ideographic and other spaces a reader cannot tell from a plain one.
_SPACE_MAP = str.maketrans(dict.fromkeys("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                                         "\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "))
# In pure-ASCII text ftfy can only act on entities, line breaks, escapes and control
# characters; text with none of those comes out of ftfy unchanged, so it is skipped.
_ASCII_WORK = re.compile(r"[&\r\x00-\x08\x0b-\x1f\x7f]")


def fix_text(text: str, config: ftfy.TextFixerConfig) -> str:
    """ftfy.fix_text with `config`, skipped where it provably changes nothing."""
    if text.isascii() and _ASCII_WORK.search(text) is None:
        return text
    return ftfy.fix_text(text, config)


def split_lines(text: str, tidy: dict[str, bool]) -> list[Line]:
    """Number the lines of normalised text, with Unicode spaces made plain if asked."""
    if tidy["unicode_spaces"]:
        text = text.translate(_SPACE_MAP)
    return list(enumerate(text.split("\n"), start=1))


def join_lines(lines: list[Line], tidy: dict[str, bool]) -> str:
    """Trailing spaces, blank-line runs and the final newline, as the profile asks."""
    out: list[str] = []
    for _, text in lines:
        if tidy["strip_trailing"]:
            text = text.rstrip()
        if not text.strip():
            if tidy["collapse_blank"] and (not out or not out[-1].strip()):
                continue
            text = "" if tidy["strip_trailing"] else text
        out.append(text)
    if tidy["collapse_blank"]:
        while out and not out[-1].strip():
            out.pop()
    body = "\n".join(out)
    if tidy["final_newline"]:
        body = body.rstrip("\n") + "\n" if body.strip() else ""
    return body
