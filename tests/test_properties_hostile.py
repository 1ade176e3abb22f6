"""Property tests on hostile text: arbitrary Unicode, C1 controls, HTML entities, lone CRs,
Unicode line separators and mixed mojibake. Cleaning is idempotent (byte for byte, through
the decoder, as a second run sees it), never invents text, and input minus audit is output."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import clean_text, load_library, normalize
from cleaner.decode import decode
from cleaner.rules import Profile

from .test_audit import _replay
from .test_properties import CONTENT, FURNITURE, _subsequence

C1 = st.characters(min_codepoint=0x80, max_codepoint=0x9F)
ENTITIES = st.sampled_from(["&amp;", "&nbsp;", "&#8217;", "&lt;b&gt;", "&amp;amp;", "&#x9d;", "&#128;",
                            "&quot;", "&eacute;", "&#0;", "&#xD800;", "&nbsp", "&"])
BREAKS = st.sampled_from(["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\n\n", "\x0b", "\x0c"])
MOJIBAKE = st.sampled_from(["â€™", "Ã©", "Ã", "Â", "\xa0", "â€œ", "â€\x9d", "Ã\xa0", "Ð", "Ñ",
                            "Ã¼", "Â£", "\u203a", "\u0160", "¯", "ï»¿", "\ufeff"])
# Text as it looks after a UTF-8 round trip through Latin-1 or Windows-1252: real mojibake,
# C1 controls included.
GARBLED = st.text(max_size=12).map(
    lambda s: s.encode("utf-8").decode("latin-1")) | st.text(max_size=12).map(
    lambda s: s.encode("utf-8").decode("cp1252", errors="ignore"))
TAGS = st.sampled_from(["<p>", "</p>", "<b>", "<br/>", "<script>x</script>", "<div class=\"a\">"])
PIECE = st.one_of(st.text(max_size=8), C1, ENTITIES, BREAKS, MOJIBAKE, GARBLED, TAGS,
                  st.sampled_from(FURNITURE), st.sampled_from(CONTENT), st.just(" "))
hostile = st.lists(PIECE, max_size=30).map("".join)
quick = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_PROFILE: list[Profile] = []


def profile() -> Profile:
    """The default profile, loaded once (not a fixture: hypothesis would print the library)."""
    if not _PROFILE:
        _PROFILE.append(load_library().profile())
    return _PROFILE[0]


# The two inputs of issue 11 that came out different on a second run.
ISSUE_11 = ["0\u00a0\u008a\u00af\n", "\u009b\u00d1\r&nbsp;\r"]


@quick
@given(hostile)
@example(ISSUE_11[0])
@example(ISSUE_11[1])
def test_idempotent_on_hostile_text(text: str) -> None:
    once = clean_text(text, profile()).text
    # A second run reads the written bytes back through the decoder.
    again = clean_text(decode(once.encode("utf-8")), profile()).text
    assert again == once


@quick
@given(hostile)
def test_never_invents_text_on_hostile_text(text: str) -> None:
    """Each output line is a normalised input line with some spans deleted, or what a
    `refix` hit in the audit says such a line was normalised to."""
    p = profile()
    result = clean_text(text, p)
    sources = [t for _, t in normalize.lines_of(text, p.normalize, p.tidy)]
    sources += [h.replacement or "" for h in result.hits if h.kind == "refix"]
    for out_line in result.text.splitlines():
        assert any(_subsequence(out_line, s) for s in sources), out_line


@quick
@given(hostile)
def test_input_minus_audit_is_output_on_hostile_text(text: str) -> None:
    result = clean_text(text, profile())
    assert _replay(result) == result.text
