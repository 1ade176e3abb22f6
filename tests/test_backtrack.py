"""The `rules check` warning on patterns that can backtrack catastrophically (backtrack.py),
read from the pattern's text."""

from __future__ import annotations

import re

import pytest

from cleaner.backtrack import nested_quantifier

FLAGGED = [
    r"(a+)+$",
    r"^(z)zz(\w+\s?)+\1\.$",
    r"^(?:(a+)+(?<!a)|match me)$",
    r"(?:\w+\s?)*x",
    r"(?:a|b+)*c",
    r"(?P<x>\d{1,}[ ]?)+$",
    r"(?:a+?)*?b",
    r"(?:(?:a{2,})){3,}",
    r"(?:x?a+|x?b)+",  # the common x? taken out of both alternatives leaves a+ alone
    r"(?i:(?:\x41+)+)z",
]
CLEAN = [
    r"(?:\s+\w+)*$",
    r"^Advertisement$",
    r"(a+)?b+",
    r"(?:a{1,50})+",  # an inner repeat of at most 50 is not unbounded
    r"(?:a++)+",  # possessive: never gives back what it took
    r"(?>a+)+",  # atomic, likewise
    r"(?:ab+)+",  # each iteration needs its a
    r"[(a+)+]",  # a class, not groups
    r"\(a+\)+",  # escaped parentheses
    r"a{,}b",
    r"(a)(?(1)b+|c)+",  # a conditional is not looked into
]


@pytest.mark.parametrize("pattern", FLAGGED)
def test_nested_unbounded_repeats_are_flagged(pattern: str) -> None:
    re.compile(pattern)
    assert nested_quantifier(pattern)


@pytest.mark.parametrize("pattern", CLEAN)
def test_linear_repeats_are_not_flagged(pattern: str) -> None:
    re.compile(pattern)
    assert not nested_quantifier(pattern)


def test_verbose_patterns_skip_their_spaces_and_comments() -> None:
    pattern = "( a +  # the letter\n )+ $"
    assert nested_quantifier(pattern, re.VERBOSE)
    assert nested_quantifier("(?x)" + pattern)
    # Without the flag the space is a character each iteration needs.
    assert not nested_quantifier("(a+ )+$")


def test_what_the_reader_cannot_read_gives_no_warning() -> None:
    assert not nested_quantifier("(a+)+)")  # an unbalanced group
    assert not nested_quantifier("[a+")
    assert not nested_quantifier("(a+")
