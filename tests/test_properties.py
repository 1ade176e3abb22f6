"""Property tests: cleaning is idempotent and never invents text, on generated documents."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Library, clean_text, normalize

FURNITURE = [
    "Advertisement", "ADVERTISMENT", "Also read: Markets rally as oil falls", "ALSO READ | Rain",
    "(With inputs from agencies)", "Recommended Stories", "Related Articles", "READ MORE",
    "Follow us on Google News", "Photo: Reuters", "- PTI", "Anzeige", "Lire aussi : Le budget",
    "ये भी पढ़ें :", "विज्ञापन", "Reporting by Jane Doe; Editing by John Roe",
]
CONTENT = [
    "NEW DELHI: The talks resumed on Monday.", "Russia rejects swapping ",
    "The advertisement, which ran in March, drew complaints.", "He told Reuters on Monday.",
    "“We will not sign,” she said.", "Also, read the fine print, the minister warned.",
    "donâ€™t stop", "Prices rose &amp; fell.", "Short headline", "", "   ", "\u00a0",
]
line = st.one_of(st.sampled_from(FURNITURE), st.sampled_from(CONTENT),
                 st.text(max_size=60), st.text(alphabet="ab .:-|()\u00a0\n", max_size=30))
documents = st.lists(line, max_size=25).map("\n".join)
quick = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@quick
@given(documents)
def test_idempotent(library: Library, text: str) -> None:
    profile = library.profile()
    once = clean_text(text, profile).text
    assert clean_text(once, profile).text == once


@quick
@given(documents)
def test_never_invents_text(library: Library, text: str) -> None:
    """Each output line is a normalised input line with some spans deleted."""
    profile = library.profile()
    fixed = normalize.fix_text(text, profile.normalize)
    sources = [t.rstrip() for _, t in normalize.split_lines(fixed, profile.tidy)]
    for out_line in clean_text(text, profile).text.splitlines():
        assert any(_subsequence(out_line, s) for s in sources), out_line


def _subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)
