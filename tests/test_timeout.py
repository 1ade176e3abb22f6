"""timeout.time_limit: the hung rule is named from what the rule loop told `running()`."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cleaner.timeout import DocumentTimeout, running, time_limit


@dataclass
class _Rule:
    id: str
    source: str = "packs/slow.yaml:3"


def _spin_in(told: _Rule | None) -> None:
    """Tell running() `told` (no local here is called `rule`: the frames cannot name it)."""
    holder = running()
    holder.rule = told
    while True:  # stands for a pattern that backtracks for ever
        pass


def test_the_rule_a_loop_recorded_is_named() -> None:
    told = _Rule("told-rule")
    with pytest.raises(DocumentTimeout) as caught, time_limit(0.05):
        _spin_in(told)
    assert caught.value.where == " in rule told-rule (packs/slow.yaml:3)"


def test_a_local_called_rule_is_not_read_from_the_frames() -> None:
    rule = _Rule("local-rule")  # the old frame scan would have named this one
    with pytest.raises(DocumentTimeout) as caught, time_limit(0.05):
        _spin_in(None)
        del rule
    assert caught.value.where == ""


def test_each_limit_starts_with_no_rule() -> None:
    with pytest.raises(DocumentTimeout), time_limit(0.05):
        _spin_in(_Rule("earlier"))
    with pytest.raises(DocumentTimeout) as caught, time_limit(0.05):
        _spin_in(None)
    assert caught.value.where == ""
