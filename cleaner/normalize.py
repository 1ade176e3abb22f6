"""Text normalisation: ftfy with a profile's options, Unicode spaces, and the final tidy.

`fix_text` gives exactly what `ftfy.fix_text(text, config)` gives, faster. ftfy fixes a
text segment by segment (each line with its "\\n"; longer stretches are cut at
`max_decode_length`), and every fixer it runs either leaves a segment alone or needs a
particular character in it:

- `unescape_html` needs "&" (every entity starts with one);
- `fix_encoding` changes nothing unless `ftfy.badness.is_bad` says mojibake, and that
  regex cannot match without one of a few rare characters or two adjacent non-ASCII
  characters of its classes (`reparse.bad_witness` reads them off the regex's text);
- the other fixers translate or substitute fixed characters (C1 controls, ligatures,
  fullwidth forms, curly quotes when uncurling, "\\r" and the Unicode line breaks,
  surrogates, ESC, the control characters ftfy removes);
- the final normalisation changes nothing in text that is already normalised.

So a segment holding none of those characters, already in the configured normal form,
comes out of ftfy as it went in, and only the other segments are given to ftfy (its own
`fix_and_explain`, the function `fix_text` calls on each segment). tests/test_fastpath.py
checks the result against ftfy.fix_text byte for byte.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import ftfy
from ftfy import chardata, fixes
from ftfy.badness import BADNESS_RE

from .reparse import bad_witness
from .types import Line

# No-break, thin, ideographic and other spaces a reader cannot tell from a plain one.
_UNICODE_SPACES = ("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                   "\u202f\u205f\u3000")
# One regex substitution, not str.translate, which looks every character up in a dict.
_SPACES = re.compile(f"[{_UNICODE_SPACES}]")
assert all(not ch.isascii() for ch in _UNICODE_SPACES)  # what the ASCII fast paths rest on


def fix_text(text: str, config: ftfy.TextFixerConfig) -> str:
    """ftfy.fix_text with `config`, run only on the segments it could change."""
    if len(text) > config.max_decode_length:
        return ftfy.fix_text(text, config)  # segments may be cut mid-line: let ftfy cut them
    if config.unescape_html == "auto":
        # ftfy stops unescaping, for the rest of the text, at the first segment holding "<".
        at = text.find("<")
        if at != -1:
            cut = text.rfind("\n", 0, at) + 1
            off = config._replace(unescape_html=False)
            return _fix(text[:cut], config) + _fix(text[cut:], off)
    return _fix(text, config)


def _fix(text: str, config: ftfy.TextFixerConfig) -> str:
    plan = _plan(config)
    if plan.form is not None and not unicodedata.is_normalized(plan.form, text):
        return _fix_each(text, plan)  # rare (decomposed text): judge every segment on its own
    # The text is in normal form, so each segment is: only segments holding a mark (a
    # fixer's character or a mojibake clue) can change. Jump from mark to mark.
    out: list[str] = []
    pos, n = 0, len(text)
    marks = plan.ascii_marks if text.isascii() else plan.marks
    found = [(m, rx) for rx in marks if (m := rx.search(text)) is not None]
    while found:
        at = min(m.start() for m, _ in found)
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at) + 1 or n
        out.append(text[pos:start])
        out.append(plan.fix_segment(text[start:end]))
        pos = end
        # A mark inside the segment just fixed is used up: look again from its end.
        found = [(m, rx) for m, rx in ((m if m.start() >= end else rx.search(text, end), rx)
                                       for m, rx in found) if m is not None]
    if pos == 0:
        return text
    out.append(text[pos:])
    return "".join(out)


def _fix_each(text: str, plan: _FixerPlan) -> str:
    out: list[str] = []
    pos, n = 0, len(text)
    while pos < n:
        end = text.find("\n", pos) + 1 or n
        segment = text[pos:end]
        out.append(plan.fix_segment(segment) if plan.maybe(segment) else segment)
        pos = end
    return "".join(out)


# ftfy.fix_and_explain's fixers after unescape_html and fix_encoding, in its order.
_FIXER_ORDER = ("fix_c1_controls", "fix_latin_ligatures", "fix_character_width", "uncurl_quotes",
                "fix_line_breaks", "fix_surrogates", "remove_terminal_escapes", "remove_control_chars")
# Strings that exercise every fixer; a plan whose own loop disagrees with ftfy on any of them
# (a future ftfy reordering its fixers, say) hands every segment to ftfy instead.
_PROBES = (
    "donâ€™t cafÃ© â€œquotedâ€\x9d Â£5m", "Tom &amp; Jerry&nbsp;&#8217;s &lt;b&gt;", "ﬁnance ＵＮ　２０２５",
    "a\r\nb\rc\u2028d\x85", "\x1b[31mred\x1b[0m \x07bell\ufeff", "\ud83d\ude00 and \ud800 alone",
    "‘curly’ “quotes”", "e\u0301 composed", "Ã\xa0 la carte", "Ã©tÃ© \x81\x8d", "plain ASCII line",
)


class _FixerPlan:
    """What makes each fixer of one config act (see the module docstring), and ftfy's
    per-segment loop run with those checks."""

    def __init__(self, config: ftfy.TextFixerConfig) -> None:
        self.config = config
        triggers = {
            "fix_c1_controls": _class_of(chardata.C1_CONTROL_RE),
            "fix_latin_ligatures": _escape_keys(chardata.LIGATURES),
            "fix_character_width": _escape_keys(chardata.WIDTH_MAP),
            "uncurl_quotes": _class_of(chardata.SINGLE_QUOTE_RE) + _class_of(chardata.DOUBLE_QUOTE_RE),
            "fix_line_breaks": "\\r\\u2028\\u2029\\x85",
            "fix_surrogates": _class_of(fixes.SURROGATE_RE),
            "remove_terminal_escapes": "\\x1b",  # every ANSI escape starts with ESC
            "remove_control_chars": _escape_keys(chardata.CONTROL_CHARS),
        }
        on = [name for name in _FIXER_ORDER if getattr(config, name)]
        self.fixers = [(re.compile(f"[{triggers[name]}]"), ftfy.FIXERS[name]) for name in on]
        chars = ("&" if config.unescape_html else "") + "".join(triggers[name] for name in on)
        self.chars = re.compile(f"[{chars}]") if chars else None
        self.form = config.normalization
        self.fix_encoding = bool(config.fix_encoding)
        self.witness = bad_witness(BADNESS_RE) if self.fix_encoding else None
        # What _fix jumps between: fixer characters in one class, and mojibake clues (with
        # no witness read off the detector, every non-ASCII character is a clue).
        marks = [re.compile(f"[{chars}]")] if chars else []
        if self.witness is not None:
            marks += self.witness.clue_regexes()
        elif self.fix_encoding:
            marks.append(re.compile("[^\\x00-\\x7f]"))
        self.marks = marks
        # The marks an ASCII text can hold (most documents are ASCII): a mark made of
        # character classes in a row, the first of which no ASCII character matches,
        # cannot match it anywhere.
        self.ascii_marks = [rx for rx in marks if _may_match_ascii(rx)]
        self.own_loop = all(self._loop(p) == ftfy.fix_and_explain(p, config).text for p in _PROBES)

    def maybe(self, text: str) -> bool:
        """Might some fixer act on `text` (a document or one segment)? False: ftfy.fix_text
        returns it as it is."""
        return (self._fixer_chars(text) or self._mojibake_clue(text)
                or (self.form is not None and not unicodedata.is_normalized(self.form, text)))

    def fix_segment(self, segment: str) -> str:
        """ftfy.fix_and_explain(segment, config).text."""
        return self._loop(segment) if self.own_loop else ftfy.fix_and_explain(segment, self.config).text

    def _loop(self, text: str) -> str:
        """fix_and_explain's loop (explain off), skipping each fixer where it cannot act:
        unescape_html without "&", fix_encoding where is_bad cannot be true or on its own
        output (it repeats its step until nothing changes, so its output is a fixed point),
        the other fixers without their characters, the normalisation on normalised text."""
        config = self.config
        unescape = bool(config.unescape_html) and not (config.unescape_html == "auto" and "<" in text)
        settled = None  # the last output of fix_encoding
        while True:
            before = text
            if unescape and "&" in text:
                text = fixes.unescape_html(text)
            if self.fix_encoding and text != settled:
                text = settled = self._fix_encoding(text)
            for trigger, fixer in self.fixers:
                if trigger.search(text) is not None:
                    text = fixer(text)
            if self.form is not None and not unicodedata.is_normalized(self.form, text):
                text = unicodedata.normalize(self.form, text)
            if text == before:
                return text

    def _fix_encoding(self, text: str) -> str:
        """ftfy.fix_encoding(text), as fix_and_explain calls it (with ftfy's default options).
        Text without a mojibake clue is text whose every step changes nothing (is_bad is
        false), so it is not handed to ftfy at all: most segments stop here."""
        return ftfy.fix_encoding(text, _ENCODING_CONFIG) if self._mojibake_clue(text) else text

    def _fixer_chars(self, text: str) -> bool:
        return self.chars is not None and self.chars.search(text) is not None

    def _mojibake_clue(self, text: str) -> bool:
        """Could ftfy.badness.is_bad(text) be true? fix_encoding changes nothing otherwise."""
        if not self.fix_encoding or text.isascii():
            return False
        return self.witness is None or self.witness.found(text)


# The options fix_and_explain gives fix_encoding when explanations are off (its defaults).
_ENCODING_CONFIG = ftfy.TextFixerConfig(explain=False)


@lru_cache(maxsize=64)
def _plan(config: ftfy.TextFixerConfig) -> _FixerPlan:
    """The plan for one config (TextFixerConfig is a hashable NamedTuple)."""
    return _FixerPlan(config)


_CLASS = r"\[\^?(?:\\.|[^\\\]\[])+\]"
_CLASSES = re.compile(f"(?:{_CLASS})+")


def _may_match_ascii(rx: re.Pattern[str]) -> bool:
    """Could `rx` match somewhere in an ASCII text? False only for a run of classes
    (one character each, no repeat) whose first class holds no ASCII character."""
    if _CLASSES.fullmatch(rx.pattern) is None:
        return True
    first = re.compile(re.match(_CLASS, rx.pattern).group(), rx.flags)  # type: ignore[union-attr]
    return any(first.match(chr(c)) for c in range(128))


def _class_of(pattern: re.Pattern[str]) -> str:
    """The inside of a one-class regex such as "[\\x80-\\x9f]"."""
    text = pattern.pattern
    if not (text.startswith("[") and text.endswith("]") and not text.startswith("[^")):
        raise ValueError(f"not a simple character class: {text!r}")
    return text[1:-1]


def _escape_keys(table: dict[int, object]) -> str:
    return "".join(f"\\U{cp:08x}" for cp in sorted(table))


# Enough for any text seen so far (a C1 control that ftfy turns into the second half of a
# mojibake pair settles in two rounds); the bound only guards against a fixer cycle.
_MAX_ROUNDS = 4
_LINE_BREAKS = ("\n", "\r", "\u2028", "\u2029", "\x85")


def settle(text: str, config: ftfy.TextFixerConfig, tidy: dict[str, bool]) -> str:
    """The text the rules see: ftfy, plain spaces and stripped line ends, to a fixed point.

    One ftfy pass is not enough for idempotence: ftfy fixes line by line, so a "\\r" it turns
    into a line break, a no-break space made plain, or trailing spaces stripped leave a line
    that ftfy, given it alone (as the next run does), would fix again. So every line that
    changed is settled again on its own, as it will stand in the output; lines that came
    through unchanged are fixed points already. The last line is fixed as a whole line (with
    its "\\n"), since that is how it stands in the output too.
    """
    if not text:
        return text
    open_end = not text.endswith(_LINE_BREAKS)
    work = text + "\n" if open_end else text
    fixed = tidy_chars(fix_text(work, config), tidy)
    if fixed != work:
        before, after = work.split("\n"), fixed.split("\n")
        if len(before) == len(after):
            changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        else:
            changed = list(range(len(after)))  # line breaks were made or removed: recheck all
        for i, line in zip(changed, _settle_lines([after[i] for i in changed], config, tidy, _MAX_ROUNDS),
                           strict=True):
            after[i] = line
        fixed = "\n".join(after)
    return fixed[:-1] if open_end and fixed.endswith("\n") else fixed


def settle_line(line: str, config: ftfy.TextFixerConfig, tidy: dict[str, bool]) -> str:
    """One line settled as `settle` settles each changed line (it may become several)."""
    return _settle_lines([line], config, tidy, _MAX_ROUNDS)[0]


def _settle_lines(lines: list[str], config: ftfy.TextFixerConfig, tidy: dict[str, bool], rounds: int
                  ) -> list[str]:
    """Each line (no "\\n") fixed on its own until it stops changing; one may become several
    (joined by "\\n"). ftfy fixes line by line, so the lines are given to it in one text."""
    todo = [i for i, line in enumerate(lines) if not _inert(line)]
    if not todo or rounds <= 0:
        return lines
    out = list(lines)
    if config.unescape_html == "auto":
        # "auto" stops unescaping after the first line with "<": no batching across lines.
        fixed = [tidy_chars(fix_text(lines[i] + "\n", config), tidy)[:-1] for i in todo]
    else:
        parts = tidy_chars(fix_text("".join(lines[i] + "\n" for i in todo), config), tidy).split("\n")
        if len(parts) - 1 == len(todo):
            fixed = parts[:-1]
        else:  # some line became several: fix them one by one to know which
            fixed = [tidy_chars(fix_text(lines[i] + "\n", config), tidy)[:-1] for i in todo]
    for i, new in zip(todo, fixed, strict=True):
        if new != lines[i]:
            out[i] = "\n".join(_settle_lines(new.split("\n"), config, tidy, rounds - 1))
    return out


def _inert(line: str) -> bool:
    """A line no fixer acts on and nothing strips: plain printable ASCII, no "&", no tail."""
    return not line or (line.isascii() and "&" not in line and line.isprintable()
                        and not line[-1].isspace())


def tidy_chars(text: str, tidy: dict[str, bool]) -> str:
    """What split_lines and join_lines change inside a line: Unicode spaces, trailing space."""
    if tidy["unicode_spaces"] and not text.isascii():  # the spaces are all non-ASCII
        text = _SPACES.sub(" ", text)
    if tidy["strip_trailing"]:
        text = "\n".join(map(str.rstrip, text.split("\n")))  # in C: far faster than a regex
    return text


def lines_of(text: str, config: ftfy.TextFixerConfig, tidy: dict[str, bool]) -> list[Line]:
    """The numbered, normalised lines of a document: what its rules run on."""
    return list(enumerate(settle(text, config, tidy).split("\n"), start=1))  # spaces already plain


def split_lines(text: str, tidy: dict[str, bool]) -> list[Line]:
    """Number the lines of normalised text, with Unicode spaces made plain if asked."""
    if tidy["unicode_spaces"] and not text.isascii():  # the spaces are all non-ASCII
        text = _SPACES.sub(" ", text)
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
