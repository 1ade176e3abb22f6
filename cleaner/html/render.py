"""Rendering: an iterative walk over the BeautifulSoup root that writes the article's
text, blocks on their own lines (a blank line around paragraphs), inline elements joined
exactly as written, <pre> kept, separators left by removed links dropped."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import CData, NavigableString, Tag

# Blocks: a blank line before and after.
_PARA = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "details",
    "dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "main", "menu",
    "nav", "ol", "p", "pre", "search", "section", "summary", "table", "ul",
})
# Line-level blocks: their own line, no blank line between siblings.
_LINE = frozenset({"li", "dt", "dd", "tr"})
_CELL = frozenset({"td", "th"})
_BLOCKS = _PARA | _LINE | _CELL
# Blocks that are paragraphs themselves (their text scores for their container), as
# opposed to containers that may hold loose text between their children.
_PARAGRAPHS = frozenset({"p", "pre", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"})
# Never rendered, even if they survive the earlier stages (hit text of detached elements).
_SKIP = frozenset({"head", "title", "script", "style", "noscript", "template", "iframe",
                   "svg", "math", "button", "input", "select", "textarea", "object", "embed",
                   "canvas", "video", "audio", "img", "map", "area", "meta", "link", "base"})
_TEXT_TYPES = (NavigableString, CData)  # exact types: not comments, doctypes, ruby text

# HTML's whitespace (not \s: a no-break space is text, made plain later by tidy).
_HTML_WS = re.compile(r"[ \t\n\r\f]+")
# A line made only of list separators, or a pipe at either end of one, is what is left of a
# row of links once html-remove took the links (table cells never make either).
_SEPARATORS = re.compile(r"[|·•/,;:\s]*")
_PIPE_EDGE = re.compile(r"^\|[\s|]*|[\s|]*\|$")


class _Writer:
    """Collects text into lines: inline text joins as written, blocks break lines."""

    __slots__ = ("buf", "out", "pending", "pre")

    def __init__(self) -> None:
        self.out: list[str] = []
        self.buf: list[str] = []
        self.pending = 0  # separation owed before the next line: 1 newline, 2 blank line
        self.pre = 0  # inside <pre>: whitespace is kept

    def brk(self, level: int) -> None:
        if self.pre:
            return
        line = _HTML_WS.sub(" ", "".join(self.buf)).strip()
        self.buf.clear()
        if line and (line[0] == "|" or line[-1] == "|" or _SEPARATORS.fullmatch(line)):
            # Separators left between links that html-remove took ("Print | E-mail").
            line = _PIPE_EDGE.sub("", line)
            if _SEPARATORS.fullmatch(line):
                line = ""
        if line:
            self.add(line)
        if level > self.pending:
            self.pending = level

    def br(self) -> None:
        if self.pre:
            self.buf.append("\n")
            return
        empty = not "".join(self.buf).strip()
        self.brk(1)
        if empty and self.out:
            self.pending = 2  # <br><br>: the usual paragraph break of br-built pages

    def add(self, line: str) -> None:
        if self.out:
            self.out.append("\n\n" if self.pending >= 2 else "\n")
        self.out.append(line)
        self.pending = 0

    def enter(self, name: str) -> None:
        if name in _PARA:
            if name == "pre":
                self.brk(2)
                self.pre += 1
            else:
                self.brk(2)
        elif name in _LINE:
            self.brk(1)
        elif name in _CELL and not self.pre and "".join(self.buf).strip():
            self.buf.append(" | ")

    def leave(self, name: str) -> None:
        if name == "pre" and self.pre:
            self.pre -= 1
            if not self.pre:
                raw = "".join(self.buf).strip("\n")
                self.buf.clear()
                lines = [line.rstrip() for line in raw.split("\n")]
                if any(lines):
                    self.add("\n".join(lines))
                self.pending = 2
        elif name in _PARA:
            self.brk(2)
        elif name in _LINE:
            self.brk(1)


def _render(root: Tag) -> str:
    """Block-structured text of `root`: an iterative walk, so no nesting depth can overflow
    the stack."""
    w = _Writer()
    w.enter(root.name)
    names = [root.name]
    stack: list[Iterator[object]] = [iter(root.contents)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            w.leave(names.pop())
        elif isinstance(child, Tag):
            name = child.name
            if name in _SKIP:
                continue
            if name == "br":
                w.br()
                continue
            w.enter(name)
            names.append(name)
            stack.append(iter(child.contents))
        elif type(child) in _TEXT_TYPES:
            # A soft hyphen is a hint where a word may break, never a character a reader
            # sees: left in, it splits words ("Ita\u00adli\u00adens") for every later match.
            w.buf.append(child.replace("\u00ad", "") if "\u00ad" in child else child)  # type: ignore[arg-type]
    w.brk(2)
    return "".join(w.out)
