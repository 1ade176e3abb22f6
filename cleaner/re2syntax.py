"""Write a Python regex as an RE2 pattern that matches at least wherever the original does.

RE2 (google-re2) runs in linear time and matches many patterns in one pass (`re2.Set`), but
its syntax and classes differ from Python's: `\\w`, `\\d`, `\\s` and `\\b` are ASCII-only
there, and it has no look-around, back-references or possessive repeats. `translate` reads
the pattern text (not CPython's private parse trees) and writes an RE2 pattern that is a
*superset*: each construct becomes one matching every string the Python one matches
(Unicode classes spelled with `\\p{...}`, look-arounds and `\\b` dropped, a back-reference
read as "any text", a class holding a Unicode \\w written as its exact ASCII members plus
every non-ASCII character). A look-around reached through plain groups also gives extra
screens (`Translation.also`) that keep the text it looks at; a line must pass all of them.
The matcher uses the RE2 forms only to screen lines; Python's `re` still decides, so
results are unchanged. `exact` says whether nothing was widened.

Case folding: RE2 folds by Unicode simple case folding, Python's IGNORECASE also lets
"i"/"I" match the Turkish dotted and dotless I (CASE_TRAPS); lines holding one of those are
screened as if every case-insensitive rule might match (see fastmatch).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters Python's IGNORECASE matches to "i" or "I" and RE2's case folding does not
# (tests/test_fastpath.py recomputes this over every cased character).
CASE_TRAPS = "\u0130\u0131"
# Python's \w, \d, \s for str patterns, as RE2 classes holding at least the same characters
# (also checked over every code point by the tests). \w is "any character but ASCII
# punctuation, spaces and controls": exact \p{L}\p{N}\p{M} classes triple the time RE2 takes
# to compile a profile's set, and lines are told apart by their words, not by \w.
_WORD = r"^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f"
_DIGIT = r"\p{Nd}"
_SPACE = r"\s\p{Z}\x0b\x1c-\x1f\x85"
_ANY = "(?s:.)"
# RE2 expands a counted repeat into that many copies, so `[^.]{0,300}` costs 300 times the
# class to compile (and nested counts can pass its limit): a repeat allowing more than this
# many is written as an open one, `{m,}` with m at most this.
_SMALL_COUNT = 8
_QUANT = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")
_FLAG_GROUP = re.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])")


class Untranslatable(Exception):
    """The pattern uses something with no RE2 superset written here (conditionals, verbose)."""


@dataclass(frozen=True, slots=True)
class Translation:
    """An RE2 pattern matching wherever the Python one does; `exact`: nothing was widened;
    `folded`: it ignores case somewhere (so CASE_TRAPS concern it)."""

    pattern: str
    exact: bool
    folded: bool
    # More RE2 patterns, each of which matches wherever the Python one does (a look-around
    # written as the text it requires, see `_lookaround_screens`): a line the Python
    # pattern matches matches all of them and `pattern`, so the screen asks for every one.
    also: tuple[str, ...] = ()


def translate(pattern: str, flags: int = 0) -> Translation:
    """The RE2 superset of `pattern` compiled with `flags` (raises Untranslatable)."""
    if flags & re.VERBOSE:
        raise Untranslatable("verbose patterns")
    body, exact, folded = _write(pattern, flags)
    also: list[str] = []
    for screen in _lookaround_screens(pattern):
        try:
            more, _, more_folded = _write(screen, flags)
        except (Untranslatable, ValueError, IndexError):
            continue  # that screen is a bonus: the main one stands alone
        if more not in also and more != body:
            also.append(more)
            folded = folded or more_folded
    return Translation(body, exact, folded, tuple(also))


def _write(pattern: str, flags: int) -> tuple[str, bool, bool]:
    """(the RE2 superset of pattern, exact, folded): translate without the look-around screens."""
    t = _PatternWriter(pattern, ascii=bool(flags & re.ASCII), flags=flags)
    body = t.run()
    prefix = "".join(f for f, bit in (("i", re.IGNORECASE), ("s", re.DOTALL), ("m", re.MULTILINE))
                     if flags & bit)
    folded = bool(flags & re.IGNORECASE) or t.folded
    return (f"(?{prefix}){body}" if prefix else body), t.exact, folded


class _PatternWriter:
    """One left-to-right pass over a pattern's text."""

    def __init__(self, pattern: str, ascii: bool, flags: int = 0) -> None:
        self.p = pattern
        self.i = 0
        self.ascii = ascii
        # The flags a class is judged under when it is written as its ASCII members: case
        # folding wherever some part of the pattern asks for it (more members, never fewer).
        self.class_flags = (flags & ~re.VERBOSE) | (
            re.IGNORECASE if any("i" in m.group(1) for m in _FLAG_GROUP.finditer(pattern)) else 0)
        self.exact = True
        self.folded = False

    def run(self) -> str:
        out: list[str] = []
        p = self.p
        while self.i < len(p):
            c = p[self.i]
            if c == "\\":
                out.append(self._escape(in_class=False))
            elif c == "[":
                out.append(self._class())
            elif c == "(":
                out.append(self._group())
            elif c in "*+?":
                self.i += 1
                out.append(c)
                self._possessive_or_lazy(out)
            elif c == "{":
                out.append(self._brace())
            elif c == "$":
                self.i += 1
                out.append(r"(?:\n?$)")  # Python's $ also matches before a final newline
            else:
                self.i += 1
                out.append(c)
        return "".join(out)

    def _possessive_or_lazy(self, out: list[str]) -> None:
        """After a quantifier: keep a lazy `?`, drop a possessive `+` (same matches or more)."""
        if self.i < len(self.p) and self.p[self.i] == "?":
            out.append("?")
            self.i += 1
        elif self.i < len(self.p) and self.p[self.i] == "+":
            self.exact = False
            self.i += 1

    def _brace(self) -> str:
        m = _QUANT.match(self.p, self.i)
        if m is None or (not m.group(1) and not m.group(2)):
            self.i += 1
            return r"\{"  # a literal brace, as Python reads one that is not a repeat
        self.i = m.end()
        low = int(m.group(1) or 0)
        high = None if m.group(2) and not m.group(3) else int(m.group(3) or m.group(1))
        out: list[str] = []
        if high is None or high > _SMALL_COUNT:
            self.exact = self.exact and high is None and low <= _SMALL_COUNT
            low = low if low <= _SMALL_COUNT else 1
            out.append({0: "*", 1: "+"}.get(low, f"{{{low},}}"))
        elif m.group(2):
            out.append(f"{{{low},{'' if high is None else high}}}")
        else:
            out.append(f"{{{low}}}")
        self._possessive_or_lazy(out)
        return "".join(out)

    def _escape(self, in_class: bool) -> str:
        p = self.p
        if self.i + 1 >= len(p):
            raise Untranslatable("trailing backslash")
        c = p[self.i + 1]
        self.i += 2
        uni = not self.ascii
        if c == "w" and uni:
            if in_class:
                raise _Widen()  # a negated class cannot be a member of another one
            self.exact = False
            return f"[{_WORD}]"
        if c == "d" and uni:
            return _DIGIT
        if c == "s" and uni:
            return _SPACE if in_class else f"[{_SPACE}]"
        if c in "WSD":
            if in_class and uni:
                raise _Widen()
            return "\\" + c  # ASCII-only in RE2: its complement holds Python's
        if c in "wdsntrfva":
            return "\\" + c
        if in_class and c == "b":
            return r"\x08"
        if c in "bB":
            self.exact = self.exact and self.ascii
            return "" if not self.ascii else "\\" + c
        if c == "A":
            return r"\A"
        if c == "Z":
            return r"\z"
        if c == "x":
            return self._hex(2)
        if c == "u":
            return self._hex(4)
        if c == "U":
            return self._hex(8)
        if c == "N":
            end = p.index("}", self.i)
            ch = unicodedata.lookup(p[self.i + 1:end])
            self.i = end + 1
            return _literal(ch)
        if c == "0" or (c.isdigit() and self.i + 1 < len(p) and p[self.i:self.i + 2].isdigit()
                        and c in "01234567" and all(d in "01234567" for d in p[self.i:self.i + 2])):
            digits = c
            while len(digits) < 3 and self.i < len(p) and p[self.i] in "01234567":
                digits += p[self.i]
                self.i += 1
            return _literal(chr(int(digits, 8)))
        if c.isdigit():
            if in_class:
                raise Untranslatable("back-reference in a class")
            while self.i < len(p) and p[self.i].isdigit():
                self.i += 1
            self.exact = False
            return _ANY + "*"  # a back-reference: some text, the group's
        return _literal(c)

    def _hex(self, n: int) -> str:
        code = int(self.p[self.i:self.i + n], 16)
        self.i += n
        return _literal(chr(code))

    def _class(self) -> str:
        """A [...] class; one naming a complement class (\\W, \\S, \\D) becomes "any"."""
        start = self.i
        p = self.p
        self.i += 1
        parts = ["["]
        if self.i < len(p) and p[self.i] == "^":
            parts.append("^")
            self.i += 1
        first = True
        try:
            while True:
                if self.i >= len(p):
                    raise Untranslatable("unterminated class")
                c = p[self.i]
                if c == "]" and not first:
                    self.i += 1
                    break
                first = False
                if c == "\\":
                    parts.append(self._escape(in_class=True))
                elif c in "[]-^&~|":
                    # RE2 reads "[:" inside a class as a POSIX class; escape what is literal.
                    parts.append("-" if c == "-" and self._range_dash(parts) else "\\" + c)
                    self.i += 1
                else:
                    parts.append(c)
                    self.i += 1
        except _Widen:
            self.exact = False
            self.i = start
            self._skip_class()
            return _ascii_exact(p[start:self.i], self.class_flags)
        parts.append("]")
        return "".join(parts)

    def _range_dash(self, parts: list[str]) -> bool:
        """Is the "-" at self.i a range between two members (not first or last)?"""
        nxt = self.p[self.i + 1] if self.i + 1 < len(self.p) else "]"
        return len(parts) > 1 and parts[-1] not in ("[", "^") and nxt != "]"

    def _skip_class(self) -> None:
        self.i = _class_end(self.p, self.i)

    def _group(self) -> str:
        p = self.p
        rest = p[self.i:self.i + 4]
        if not rest.startswith("(?"):
            self.i += 1
            return "("
        if rest.startswith(("(?=", "(?!", "(?<=", "(?<!")):
            self._skip_group()
            self.exact = False
            return "(?:)"  # a look-around only narrows the match: without it, more matches
        if rest.startswith("(?#"):
            self.i = p.index(")", self.i) + 1
            return ""
        if rest.startswith("(?>"):
            self.i += 3
            self.exact = False
            return "(?:"
        if rest.startswith(("(?:", "(?P<")):
            end = self.i + 3 if rest.startswith("(?:") else p.index(">", self.i) + 1
            text = p[self.i:end]
            self.i = end
            return text
        if rest.startswith("(?P="):
            self.i = p.index(")", self.i) + 1
            self.exact = False
            return _ANY + "*"
        if rest.startswith("(?("):
            raise Untranslatable("conditional group")
        m = _FLAG_GROUP.match(p, self.i)
        if m is None:
            raise Untranslatable(f"group {rest!r}")
        on, off = m.group(1), m.group(2) or ""
        if set(on + off) - set("imsu"):
            raise Untranslatable(f"inline flags {on}")
        self.folded = self.folded or "i" in on
        self.i = m.end()
        on = on.replace("u", "")
        spec = on + (f"-{off}" if off else "")
        if m.group(3) == ")":
            return f"(?{spec})" if spec else ""
        return f"(?{spec}:" if spec else "(?:"

    def _skip_group(self) -> None:
        """Move past the group starting at self.i, minding escapes, classes and nesting."""
        p = self.p
        depth = 0
        while self.i < len(p):
            c = p[self.i]
            if c == "\\":
                self.i += 2
                continue
            if c == "[":
                self._skip_class()
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    self.i += 1
                    return
            self.i += 1
        raise Untranslatable("unbalanced group")


class _Widen(Exception):
    """Inside a class: the class cannot be written member by member in RE2 (a Unicode \\w,
    \\W, \\S or \\D inside it), so it is written as its ASCII members plus every
    non-ASCII character (_ascii_exact)."""


def _ascii_exact(klass: str, flags: int) -> str:
    """An RE2 class matching every character the Python class `klass` matches: exactly its
    ASCII members (Python asked of each of the 128), and all of the non-ASCII characters.
    Lines are mostly ASCII where the classes that need this (`[\\w.'-]`) are told apart."""
    try:
        rx = re.compile(klass, flags)
    except re.error:
        return _ANY
    codes = [c for c in range(128) if rx.fullmatch(chr(c))]
    spans: list[list[int]] = []
    for c in codes:
        if spans and spans[-1][1] == c - 1:
            spans[-1][1] = c
        else:
            spans.append([c, c])
    members = "".join(f"\\x{a:02x}" if a == b else f"\\x{a:02x}-\\x{b:02x}" for a, b in spans)
    return f"[{members}\\x{{80}}-\\x{{10ffff}}]"


def _lookaround_screens(p: str) -> list[str]:
    """Python patterns, each matching wherever `p` does, that keep a look-around's text.

    A look-around reached through plain groups only (no alternation around it, no
    optional repeat of an enclosing group) says what the line must hold there:
    `P(?=X)R` matches only where `P` followed by `X` does (the text X looked at is
    there, right after P), and `P(?<=X)R` only where `X` followed by `R` does (the text
    X looked back at, then R). translate() drops look-arounds from its main form, so
    these screens, required besides it, let through only the lines that hold that text.
    """
    groups: dict[int, list] = {}  # open index -> [kind, token, has "|", close index, enclosing]
    stack: list[int] = []
    top_alt = False
    i, n = 0, len(p)
    while i < n:
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(p, i)
            continue
        if c == "(":
            if p.startswith(("(?#", "(?P=", "(?("), i):
                return []  # comments, named back-references, conditionals: not worth it
            if p.startswith(("(?=", "(?!"), i):
                kind, tok = ("ahead" if p[i + 2] == "=" else "neg"), p[i:i + 3]
            elif p.startswith(("(?<=", "(?<!"), i):
                kind, tok = ("behind" if p[i + 3] == "=" else "neg"), p[i:i + 4]
            elif p.startswith("(?P<", i):
                kind, tok = "group", p[i:p.index(">", i) + 1]
            elif p.startswith("(?", i):
                m = _FLAG_GROUP.match(p, i)
                if p.startswith("(?:", i) or p.startswith("(?>", i):
                    kind, tok = "group", p[i:i + 3]
                elif m is not None and m.group(3) == ":":
                    kind, tok = "group", m.group(0)
                else:
                    return []  # a global flag group, or something unknown
            else:
                kind, tok = "group", "("
            groups[i] = [kind, tok, False, None, tuple(stack)]
            stack.append(i)
            i += len(tok)
            continue
        if c == ")":
            if not stack:
                return []
            groups[stack.pop()][3] = i
        elif c == "|":
            if stack:
                groups[stack[-1]][2] = True
            else:
                top_alt = True
        i += 1
    if stack or top_alt:
        return []

    def optional_after(close: int) -> bool:
        return close + 1 < n and p[close + 1] in "*?{"

    screens = []
    for start, (kind, tok, _, close, enclosing) in groups.items():
        if kind not in ("ahead", "behind") or optional_after(close):
            continue
        if any(groups[g][0] != "group" or groups[g][2] or optional_after(groups[g][3]) for g in enclosing):
            continue
        body = f"(?:{p[start + len(tok):close]})"  # an alternation inside stays inside
        if kind == "ahead":
            screens.append(p[:start] + body + ")" * len(enclosing))
        else:
            screens.append("".join(groups[g][1] for g in enclosing) + body + p[close + 1:])
    return screens


def _class_end(p: str, i: int) -> int:
    """The index just past the class opening at p[i] ("[")."""
    i += 1
    if i < len(p) and p[i] == "^":
        i += 1
    first = True
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
        elif c == "]" and not first:
            return i + 1
        else:
            i += 1
        first = False
    raise Untranslatable("unterminated class")


def _literal(ch: str) -> str:
    """One character as RE2 reads it literally."""
    if ch.isascii() and not ch.isalnum():
        return "\\" + ch if ch not in "\n\t\r" else {"\n": r"\n", "\t": r"\t", "\r": r"\r"}[ch]
    if ch.isascii():
        return ch
    return f"\\x{{{ord(ch):x}}}"
