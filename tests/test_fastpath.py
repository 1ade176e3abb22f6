"""The fast paths give exactly what the plain way gives.

- normalize.fix_text (ftfy only on the segments it could change, with ftfy's own loop
  minus the fixers that cannot act) against ftfy.fix_text, byte for byte, under several
  configs, on the samples, on documents from the benchmark generator, on edge cases and on
  generated strings;
- apply_rules (prefiltered) against the straightforward matcher kept here as a reference:
  same kept lines and the same hits, for every profile of the built-in library;
- the facts the prefilters rest on: no pattern a prefilter rules out matches, the RE2 form
  of a pattern matches wherever it does (classes over every code point, case folding over
  every cased character, each construct, every built-in rule's examples), a view is never
  shorter than the line's ASCII letters and digits, the mojibake witness is found wherever
  ftfy's detector fires.

Speed is measured by bench/run.py, never here.
"""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from functools import cache
from types import ModuleType

import ftfy
import pytest
import re2
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Library, normalize
from cleaner import matcher as fast
from cleaner.fastmatch import (
    _NOT_ALNUM,
    _options,
    has_traps,
    passes_prose,
    prefilter,
    re2_form,
    translated,
)
from cleaner.kinds import KINDS
from cleaner.matcher import MAX_PASSES, Hit, Line, in_window, nonblank_rank
from cleaner.model import Block
from cleaner.re2syntax import CASE_TRAPS, Untranslatable, translate
from cleaner.reparse import bad_witness
from cleaner.rules import CompiledRule, compile_rule
from cleaner.view import view

from .conftest import ROOT

SAMPLES = sorted((ROOT / "samples" / "text").glob("*.txt"))
DEFAULTS = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=True, explain=False)
CONFIGS = [
    DEFAULTS,
    ftfy.TextFixerConfig(explain=False),  # ftfy's own defaults: uncurl quotes, unescape "auto"
    ftfy.TextFixerConfig(uncurl_quotes=True, unescape_html=True, explain=False),
    ftfy.TextFixerConfig(fix_encoding=False, unescape_html=True, explain=False),
    ftfy.TextFixerConfig(normalization="NFKC", unescape_html=True, explain=False),
    ftfy.TextFixerConfig(normalization=None, fix_line_breaks=False, remove_control_chars=False,
                         explain=False),
    ftfy.TextFixerConfig(unescape_html="auto", max_decode_length=40, explain=False),
]
EDGE_CASES = [
    "", "\n", "\n\n", "plain ASCII line\nand another", "no final newline",
    "donâ€™t stop â€” ever\nIt cost Â£5m and â‚¬48m.\nRamÃ\xadrez said â€œnoâ€\x9d",
    "Tom &amp; Jerry&nbsp;&#8217;s &lt;b&gt; &quot;q&quot; &eacute;t&eacute; &AMP; &bogus;",
    "crlf line\r\nnext\r\nlone\rreturn\u2028sep\u2029para\x85nel\n",
    "bell\x07 esc\x1b[31mred\x1b[0m vt\x0b ff\x0c bom\ufeff zwsp\u200b del\x7f c1\x81\x8d\x9d",
    "NBSP\u00a0here\u202fnarrow\u3000ideographic", "ﬁnance ﬂights oﬃce ﬀ ĳ",
    "ＦＵＬＬＷＩＤＴＨ　２０２５ ｶﾀｶﾅ",
    "e\u0301 decomposed, A\u030a ring, \u1100\u1161 jamo", "\ud83d\ude00 paired and \ud800 lone surrogates",
    "“curly” ‘quotes’ ‚low‛ „German“ «French» ʼmodifier",
    "Ã\xa0 la carte, Ã©tÃ©, Ã‰lodie, Ã¼ber, Ã§a", "Ð¿Ñ€Ð¸Ð²ÐµÑ‚ (Cyrillic mojibake)", "cafÃ\u00a9 · Â· Â»",
    "<p>a &amp; b</p>\n&amp; after the tag\nagain &lt;", "x" * 90 + "\nÃ©" * 3 + "\n" + "é" * 60,
    "Yıldız, İstanbul, ſ long s, K kelvin", "Hindi: हिन्दी में ख़बर क़ानून", "mixed\u00a0\r\n\x00nul",
]


def _configs_ids(config: ftfy.TextFixerConfig) -> str:
    return f"uncurl={config.uncurl_quotes},html={config.unescape_html},enc={config.fix_encoding}," \
           f"norm={config.normalization},max={config.max_decode_length}"


@cache
def _generate() -> ModuleType:
    """bench/generate.py, loaded by path (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@cache
def corpus(n: int = 300) -> list[str]:
    """The first n documents of the benchmark corpus (mojibake, entities, CRLF included)."""
    gen = _generate()
    return [gen.text_article(gen.DEFAULT_SEED, i)[1] for i in range(n)]


def documents() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in SAMPLES] + corpus() + EDGE_CASES


# -- ftfy -------------------------------------------------------------------------------------

@pytest.mark.parametrize("config", CONFIGS, ids=_configs_ids)
def test_fix_text_is_ftfy_byte_for_byte(config: ftfy.TextFixerConfig) -> None:
    for text in documents():
        assert normalize.fix_text(text, config) == ftfy.fix_text(text, config), text[:200]


@pytest.mark.parametrize("config", CONFIGS, ids=_configs_ids)
def test_the_marks_left_out_for_ascii_text_cannot_match_it(config: ftfy.TextFixerConfig) -> None:
    """_fix skips, on an ASCII text, the marks that cannot match one (they start with a
    class of non-ASCII characters only); the others are kept, and some are left out."""
    plan = normalize._plan(config)
    rng = random.Random(7)
    ascii_texts = ["".join(map(chr, range(128)))] + [
        "".join(chr(rng.randrange(128)) for _ in range(200)) for _ in range(200)]
    for rx in plan.marks:
        if rx not in plan.ascii_marks:
            assert not any(rx.search(t) for t in ascii_texts), rx.pattern[:80]
    if config.fix_encoding:
        assert len(plan.ascii_marks) < len(plan.marks)
    for pattern, expected in [("[é][a]", False), ("[a][é]", True), ("[é]*", True), ("[é]|a", True),
                              ("[^é]", True), (r"[\x80-\xff]", False)]:
        assert normalize._may_match_ascii(re.compile(pattern)) is expected, pattern


def test_the_corpus_exercises_the_slow_path() -> None:
    """The generated documents hold mojibake and entities, so ftfy really runs on some."""
    changed = sum(ftfy.fix_text(t, DEFAULTS) != t for t in corpus())
    assert changed >= 25
    assert normalize._plan(DEFAULTS).own_loop  # our loop agrees with ftfy on the probes


_MOJIBAKE_CHARS = "".join(sorted(set("".join(MOJIBAKE_CATEGORIES.values())) - set("-")))
_ALPHABET = st.sampled_from(list(_MOJIBAKE_CHARS + "abcXYZ &;#<>\n\r\t\x00\x1b[m\x85\u2028éü’“”—ﬁＡ"
                                 "\u0301\ud800ÃÂâ€œ™¢£©®°±²³µ·»¼½¾¿ÀÉÎÐÑÖ×Øàéîðñö÷øœšž‚ƒ„…†‡ˆ‰‹Œ"))
_texts = st.lists(_ALPHABET, max_size=60).map("".join)
_quick = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_quick
@given(_texts, st.sampled_from(CONFIGS))
def test_fix_text_matches_ftfy_on_generated_strings(text: str, config: ftfy.TextFixerConfig) -> None:
    assert normalize.fix_text(text, config) == ftfy.fix_text(text, config)


@_quick
@given(_texts)
def test_mojibake_witness_is_found_wherever_the_detector_fires(text: str) -> None:
    witness = bad_witness(BADNESS_RE)
    assert witness is not None
    if BADNESS_RE.search(text):
        assert witness.found(text)
        assert any(rx.search(text) for rx in witness.clue_regexes())



def test_the_witness_reader_reads_classes_literals_and_stops_at_what_it_does_not_know() -> None:
    witness = bad_witness(re.compile(r"""
        [\x80-\x9f]      # a rare class: a single
        | \s? [é] [ü]     # optional \s breaks adjacency; the two classes after it are a pair
        | ^ [Ã] [ ]       # zero-width ^ skipped; the space is ASCII, so Ã alone (poor, but sound)
    """, re.VERBOSE))
    assert witness is not None
    assert witness.singles == frozenset(range(0x80, 0xA0)) | {ord("Ã")}
    assert witness.pairs == ((frozenset({ord("é")}), frozenset({ord("ü")})),)
    for pattern, flags in [(r"(é)ü", 0), (r"é{2}", 0), (r"éü", re.IGNORECASE), (r"\bé", 0),
                           (r"[éa]b|x", 0)]:
        assert bad_witness(re.compile(pattern, flags)) is None, pattern


# -- the matcher --------------------------------------------------------------------------------

def reference_apply_rules(lines: list[Line], rules: tuple[CompiledRule, ...]) -> tuple[list[Line], list[Hit]]:
    """The straightforward matcher: every rule, in order, on every line."""
    free = tuple(r for r in rules if r.where_first is None and r.where_last is None)
    placed = tuple(r for r in rules if r.where_first is not None or r.where_last is not None)
    hits: list[Hit] = []
    for _ in range(MAX_PASSES):
        before = len(hits)
        lines = _reference_pass(lines, free, hits)
        if placed:
            lines = _reference_pass(lines, placed, hits)
        if len(hits) == before:
            break
    return lines, hits


def _reference_pass(lines: list[Line], rules: tuple[CompiledRule, ...], hits: list[Hit]) -> list[Line]:
    """Every rule, in order, on every line, each handed to its kind (no screen)."""
    if not rules:
        return lines
    rank = nonblank_rank(lines)
    total = max(rank, default=-1) + 1
    out: list[Line] = []
    i, n = 0, len(lines)
    while i < n:
        num, text = lines[i]
        stripped = text.rstrip()
        if not stripped:
            out.append(lines[i])
            i += 1
            continue
        line_view = view(stripped) if len(stripped) <= fast.MAX_VIEW_LEN else None
        consumed = 0
        dropped = False
        for rule in rules:
            if not in_window(rule, rank[i], total):
                continue
            kind = KINDS[rule.kind]
            if kind.rewrite is not None:
                new = kind.rewrite(rule, num, stripped, text, hits)
                if new is None:
                    continue
                text, stripped = new, new.rstrip()
                if not stripped:
                    dropped = True
                    break
                line_view = view(stripped) if len(stripped) <= fast.MAX_VIEW_LEN else None
                continue
            if not rule.fires(stripped, line_view):
                continue
            assert kind.drop is not None
            taken = kind.drop(rule, lines, i, num, stripped, out, hits)
            if taken is None:
                continue
            consumed, dropped = taken, True
            break
        if not dropped:
            out.append((num, text))
        elif consumed:
            blank = next((ln for ln in lines[i + 1:i + 1 + consumed] if not ln[1].strip()), None)
            if blank is not None:
                out.append(blank)
        i += 1 + consumed
    return out


def _profiles(library: Library) -> list[str | None]:
    return [None, *sorted(pf.name for pf in library.site_packs)]


def test_matcher_equals_the_reference_on_samples_and_corpus(library: Library) -> None:
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES] + corpus() + EDGE_CASES
    for site in _profiles(library):
        profile = library.profile(site)
        # Every document under the default profile; a slice under each site profile.
        for text in texts if site is None else texts[:80]:
            lines = normalize.split_lines(normalize.fix_text(text, profile.normalize), profile.tidy)
            rules = profile.line_rules
            assert fast.apply_rules(lines, rules) == reference_apply_rules(lines, rules)


_FURNITURE = [
    "Advertisement", "ADVERTISEMENT", "- Advertisment -", "Also read: Markets rally", "ALSO READ | Rain",
    "(With inputs from agencies)", "He left. (With inputs from PTI)", "Recommended Stories",
    "Related Articles", "Photo: Reuters", "A caption (AP Photo/Evan Vucci)", "Getty Images",
    "— Jane (@jane) March 3, 2025", "pic.twitter.com/AbC123", "Reporting by Jane Doe; Editing by John Roe",
    "Anzeige", "Lire aussi : Le budget", "Lee también: El clima", "ये भी पढ़ें :", "विज्ञापन", "<br />",
    "&nbsp;", "Foto: dpa", "mes/dpa/AFP", "Follow us on Google News", "Sign up for our newsletter",
    "Share Facebook Twitter", "Tags: a, b", "Copyright 2025 The Associated Press. All rights reserved.",
    "PTI ATK AH AH", "(Symbolbild)", "Yıldız contributed to this report.", "İNPUTS FROM PTİ",
    "The advertisement ran.", "Short headline",
]
_line = st.one_of(st.sampled_from(_FURNITURE), st.text(max_size=50),
                  st.text(alphabet="ab .:-|()/@<>\u00a0İıſK’—", max_size=30))
_docs = st.lists(_line, max_size=30).map("\n".join)


@_quick
@given(_docs)
def test_matcher_equals_the_reference_on_generated_documents(library: Library, text: str) -> None:
    profile = library.profile()
    lines = normalize.split_lines(normalize.fix_text(text, profile.normalize), profile.tidy)
    assert fast.apply_rules(lines, profile.line_rules) == reference_apply_rules(lines, profile.line_rules)


def test_a_rule_checked_alone_matches_the_reference(library: Library) -> None:
    profile = library.profile()
    lines = normalize.split_lines(normalize.fix_text("\n".join(_FURNITURE), profile.normalize), profile.tidy)
    for rule in profile.line_rules:
        one = (rule,)
        assert fast.apply_rules(lines, one) == reference_apply_rules(lines, one), rule.id


def _corpus_lines(library: Library) -> list[str]:
    profile = library.profile()
    out = []
    for text in [p.read_text(encoding="utf-8") for p in SAMPLES] + corpus(150) + _FURNITURE:
        fixed = normalize.fix_text(text, profile.normalize)
        out.extend(t.rstrip() for _, t in normalize.split_lines(fixed, profile.tidy) if t.strip())
    return out


def test_no_pattern_the_prefilter_rules_out_matches(library: Library) -> None:
    """For every rule and every line: outside `possible`, the pattern finds nothing."""
    rules = library.profile().line_rules
    pre = prefilter(rules)
    lines = _corpus_lines(library)
    for rule, bit in zip(rules, pre.bits, strict=True):
        if not bit:
            continue
        assert rule.regex is not None
        for line in lines:
            if not pre.possible(line) & bit:
                assert rule.regex.search(line) is None, (rule.id, line)


def test_a_view_is_never_shorter_than_the_ascii_letters_and_digits(library: Library) -> None:
    rng = random.Random(5)
    pool = "aZ09 -–—_.*#•|:[](){}<>«»…'\"\t\u00a0\u2003ﬁ①Ａé\u0301\u0323İı"
    lines = _corpus_lines(library) + ["".join(rng.choice(pool) for _ in range(rng.randint(1, 40)))
                                      for _ in range(3000)]
    for line in lines:
        sturdy = len(line.encode("ascii", "ignore").translate(None, _NOT_ALNUM))
        assert len(view(line)) >= sturdy, line


def _all_chars() -> str:
    return "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000)


def test_re2_case_folding_differs_from_python_only_on_the_case_traps() -> None:
    """Over every cased character: what re's IGNORECASE matches to it, RE2's folding does
    too, unless a CASE_TRAPS character is involved (the screen widens those lines)."""
    cased = "".join(ch for ch in _all_chars()
                    if ch.lower() != ch or ch.upper() != ch or ch.casefold() != ch)
    folding = re2.Options()
    folding.case_sensitive = False
    for ch in cased:
        by_re = set(re.findall(re.escape(ch), cased, re.IGNORECASE))
        by_re2 = set(re2.compile(re2.escape(ch), folding).findall(cased))
        missed = by_re - by_re2
        assert not missed or ch in CASE_TRAPS or missed <= set(CASE_TRAPS), (hex(ord(ch)), missed)


@pytest.mark.parametrize("cls", [r"\w", r"\d", r"\s", r"\W", r"\D", r"\S", r"[\w'-]", r"[^\s.]"])
def test_re2_classes_hold_every_character_python_matches(cls: str) -> None:
    """Over every code point: the RE2 form of a class matches wherever Python's does."""
    text = _all_chars()
    by_re = set(re.findall(cls, text))
    by_re2 = set(re2.compile(translate(cls).pattern).findall(text))
    assert by_re <= by_re2, sorted(by_re - by_re2)[:5]


@pytest.mark.parametrize("cls", [r"[\w.'’-]", r"[^\w\s]", r"[\W\d]", r"[\S]", r"[^\D]",
                                 r"[^\S\n]", r"[A-Z\W]"])
@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_a_class_re2_cannot_spell_keeps_its_ascii_members_exactly(cls: str, flags: int) -> None:
    """A class holding a Unicode \\w, \\W, \\S or \\D is written as its ASCII members
    plus every non-ASCII character: over every code point a superset of Python's, and
    without case folding exactly Python's on ASCII (so ASCII lines are screened as tightly)."""
    tr = translate(cls, flags)
    assert "(?s:.)" not in tr.pattern
    text = _all_chars()
    by_re = set(re.findall(cls, text, flags))
    by_re2 = set(re2.compile(tr.pattern).findall(text))
    assert by_re <= by_re2, sorted(by_re - by_re2)[:5]
    if not flags:
        assert {c for c in by_re2 if c.isascii()} == {c for c in by_re if c.isascii()}


_LOOKAROUNDS = [
    (r"a(?=b)c?", 1), (r"^x(?=.*yz)", 1), (r"(?<=[.!])\s*(?P<k>AP)$", 1),
    (r"^(?i:(?![ \t]*\")(?=[^\n]{0,50}\bnews\b)(?=.{0,60}help)[^\n]{3,})$", 2),
    (r"(?:x(?=y))?z", 0), (r"a(?=b)|c", 0), (r"(?:a|(?<=b))c", 0), (r"(?!(?=a)b)c", 0),
    (r"((?<=a)b)+c", 1), (r"(?:q(?=r))*s", 0), (r"^(?:p(?=rq))(r)", 1), (r"(?P<x>a)(?=\1)", 1),
    (r"x(?=ab|c)", 1), (r"(?<=ab|pq)z", 1),
]


@pytest.mark.parametrize(("pattern", "screens"), _LOOKAROUNDS)
def test_lookaround_screens_keep_every_match(pattern: str, screens: int) -> None:
    """A look-around reached through plain groups adds a screen that keeps its text, and
    every screen matches wherever the Python pattern does (random lines over the letters
    the patterns use); a look-around inside an alternation or an optional repeat adds none."""
    tr = translate(pattern)
    assert len(tr.also) == screens, tr
    compiled = [re2.compile(s) for s in (tr.pattern, *tr.also)]
    rng = random.Random(pattern)
    rx = re.compile(pattern)
    found = 0
    for _ in range(4000):
        line = "".join(rng.choice('abcpqrsxyz AP.!"\thelpnews') for _ in range(rng.randint(0, 14)))
        if rng.random() < 0.2:
            line = rng.choice(["news help xxx", "ab", "xyz", ". AP", "abc", "prq", "aa", "zz"]) + line
        if rx.search(line):
            found += 1
            for screen in compiled:
                assert screen.search(line), (pattern, screen.pattern, line)
    assert found, pattern


def test_a_screen_remembered_is_the_screen_computed(library: Library) -> None:
    """The verdicts a prefilter remembers across documents are what it computes afresh."""
    pre = prefilter(library.profile().line_rules)
    for line in _corpus_lines(library)[:3000]:
        first = pre.screen(line)
        assert pre.screen(line) == first == (pre.possible(line), pre.owners(line)), line


def test_one_screen_serves_free_and_placed_rules_wherever_the_line_stands() -> None:
    """The same text in a placed rule's window and outside it: one remembered verdict,
    and each pass takes only its own rules from it (as the reference matcher does)."""
    first = CompiledRule("t", "first", "drop-line", frozenset({"menu"}), re.compile(r"^Menu \d$"),
                         None, 1, None, Block(), (), None, "t.yaml:1")
    last = CompiledRule("t", "last", "drop-line", frozenset(), re.compile(r"^Menu"),
                        None, None, 1, Block(), (), None, "t.yaml:2")
    free = _pattern_rule(r"^Ad \d$")
    rules = (first, free, last)
    doc = ["Menu 1", "Ad 2", "Menu 1", "Body text.", "Menu", "Menu 1", "menu", "Ad 2", "Menu 1"]
    lines = list(enumerate(doc, start=1))
    seen: dict = {}
    assert fast.apply_rules(lines, rules, seen) == reference_apply_rules(lines, rules)
    assert "Menu 1" in seen
    assert fast.apply_rules(lines, rules, seen) == reference_apply_rules(lines, rules)
    assert fast.apply_rules(lines, rules) == reference_apply_rules(lines, rules)


@pytest.mark.parametrize(("pattern", "flags", "line"), [
    (r"(?<=[.!?])\s+REUTERS/\w+$", 0, "Done. REUTERS/Someone"),
    (r"<(b|i)>x</\1>", 0, "<b>x</b>"),
    (r"^\bab++c{,2}\Z", 0, "abbcc"),
    (r"a{2}\{x}", 0, "aa{x}"),
    (r"^(?!no)\w{1,3}(?P<tail>z)$", re.IGNORECASE, "İYZ"),
    (r"^x(?=y)", re.DOTALL, "xy"),
    (r"(?>ab|a)c", 0, "ac"),
    (r"[\]\[-]\N{EN DASH}\u00e9\x41", 0, "]–éA"),
])
def test_translate_keeps_every_match(pattern: str, flags: int, line: str) -> None:
    assert re.search(pattern, flags=flags, string=line)
    tr = translate(pattern, flags)
    assert re2.search(tr.pattern, line) or (tr.folded and any(c in line for c in CASE_TRAPS))


def _pattern_rule(pattern: str, flags: int = 0) -> CompiledRule:
    return CompiledRule("t", f"r{abs(hash(pattern))}", "drop-line", frozenset(), re.compile(pattern, flags),
                        None, None, None, Block(), (), None, "t.yaml:1")


def test_lines_with_a_case_trap_are_screened_as_python_folds_them() -> None:
    """The dotted and dotless I: wherever re matches, the screen lets the line through,
    and a line without them is not let through by a pattern that cannot match it."""
    patterns = [("^sign in$", re.IGNORECASE), ("^(?i:kısa) yol$", 0), ("^kısa$", 0), ("^[a-z]+ İn$", re.I),
                (r"^\w+ in$", re.IGNORECASE)]
    lines = ["SIGN İN", "sign ın", "KISA yol", "kIsa yol", "kısa", "KISA", "sign in", "sıgn İn"]
    rules = tuple(_pattern_rule(p, f) for p, f in patterns)
    pre = prefilter(rules)
    for rule, bit in zip(rules, pre.bits, strict=True):
        assert rule.regex is not None
        for line in [*lines, "no match here"]:
            if rule.regex.search(line):
                assert pre.possible(line) & bit, (rule.regex.pattern, line)
    # Patterns holding a trap themselves run on every line; the others are screened.
    screened = prefilter(tuple(r for r in rules if r.regex and not has_traps(r.regex.pattern)))
    assert screened.verdict("no match here") == -1 and screened.verdict("SIGN İN") >= 0


def test_translate_refuses_what_it_cannot_widen() -> None:
    for pattern, flags in [(r"(a)?(?(1)b|c)", 0), (r"a b", re.VERBOSE)]:
        with pytest.raises(Untranslatable):
            translate(pattern, flags)


def test_every_builtin_pattern_has_an_re2_screen_that_keeps_its_examples(library: Library) -> None:
    """Each built-in pattern gets an RE2 screen, and it matches every example the pattern does."""
    for pf in library.packs.values():
        for i, spec in enumerate(pf.pack.rules):
            rule = compile_rule(pf, i, spec)
            if rule.regex is None:
                continue
            tr = re2_form(rule.regex)
            assert tr is not None, rule.id
            # The main form and every look-around screen (all are required of a line), and
            # the ones the matcher keeps (translated: those plain prose does not match).
            kept = translated(rule.regex.pattern, rule.regex.flags)
            assert set(kept.also) | {kept.pattern} <= {tr.pattern, *tr.also}, rule.id
            screens = [re2.compile(s, _options()) for s in (tr.pattern, *tr.also)]
            ex = spec.examples
            for text in [*ex.match, *(f[0] for f in ex.fix), *ex.keep]:
                if rule.regex.search(text):
                    for screen in screens:
                        assert screen.search(text), (rule.id, screen.pattern, text)


def test_no_builtin_screen_lets_plain_prose_through(library: Library) -> None:
    """A built-in pattern whose RE2 screen matches ordinary news prose sends nearly every line
    to Python's `re`: a look-ahead inside an alternation widened one rule's screen to "a
    line of 10 characters" and halved the engine's speed. A line must pass all of a rule's
    kept screens, so one of them has to refuse plain prose. (Only the screened line rules:
    a drop-run's item pattern is judged in the structure stage, over few lines.)"""
    rules = [r for r in library.profile().line_rules if r.regex is not None]
    assert len(rules) > 200
    assert [r.id for r in rules if passes_prose(r)] == []


def test_a_line_whose_view_was_taken_first_is_still_screened_right(library: Library) -> None:
    """The prefilter's per-line memo serves the matcher's view and the literal screen alike."""
    from cleaner.fastmatch import line_view

    pre = prefilter(library.profile().line_rules)
    long_line = "A line seen first through line_view, long enough to pass the letters-and-digits bound."
    assert line_view(long_line) == view(long_line)
    assert not pre.literal(long_line)
    assert line_view("- ADVERTISEMENT -") == "advertisement"
    assert pre.literal("- ADVERTISEMENT -")

