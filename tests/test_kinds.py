"""The rule-kind registry (cleaner/kinds/): what the schema, the pack checks and the stages
read from it, and the errors a kind's own check and its owned keys give."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cleaner import PackError, model
from cleaner.kinds import KINDS, NAMES, OWNERS
from cleaner.packfile import load_pack

RULE = """rules:
  - id: r
    kind: {kind}
    description: a rule
{extra}    examples: {{match: [Advertisement], keep: [The advertisement ran.]}}
"""


def test_the_schema_lists_the_registered_kinds_in_order() -> None:
    rule = model.Pack.model_json_schema()["$defs"]["Rule"]
    assert tuple(rule["properties"]["kind"]["enum"]) == NAMES
    assert NAMES == ("drop-line", "replace", "drop-block", "cut-rest", "drop-run", "html-remove")


def test_each_kind_has_what_its_stage_runs() -> None:
    for name, kind in KINDS.items():
        assert kind.name == name
        if kind.stage == "line":
            assert (kind.drop is None) != (kind.rewrite is None), name
            assert kind.fires is not None, name
        elif kind.stage == "run":
            assert kind.apply_run is not None, name
        else:
            assert kind.fires is not None, name
    assert OWNERS == {"replace": "replace", "block": "drop-block", "run": "drop-run",
                      "selectors": "html-remove"}


def _error(write_pack: Callable[[str, str], Path], kind: str, extra: str) -> str:
    path = write_pack("p.yaml", RULE.format(kind=kind, extra=extra))
    with pytest.raises(PackError) as caught:
        load_pack(path)
    return str(caught.value)


@pytest.mark.parametrize(("kind", "extra", "message"), [
    ("drop-line", "    lines: [Advertisement]\n    block: {max_items: 2}\n",
     "'block' is only for kind drop-block"),
    ("cut-rest", "    lines: [Advertisement]\n    run: {min_lines: 2}\n", "'run' is only for kind drop-run"),
    ("drop-line", "    lines: [Advertisement]\n    replace: ''\n", "'replace' is only for kind replace"),
    ("drop-block", "    lines: [Advertisement]\n    selectors: [div.ad]\n",
     "'selectors' is only for kind html-remove"),
    ("drop-line", "", "drop-line needs 'lines' (literal markers) or 'pattern' (a regex)"),
    ("drop-run", "", "drop-run needs 'run'"),
    ("drop-run", "    run: {after: '(unclosed'}\n", "bad regex: missing ), unterminated subpattern"),
    ("html-remove", "", "html-remove needs 'selectors'"),
    ("html-remove", "    selectors: ['div[']\n", "bad CSS selector 'div['"),
    ("replace", "    pattern: 'x'\n", "replace needs 'pattern' and 'replace'"),
    ("replace", "    pattern: 'x'\n    replace: '\\9'\n", "bad replacement: invalid group reference 9"),
    ("drop-line", "    pattern: 'x*'\n", "pattern matches an empty line"),
])
def test_a_kind_check_or_an_owned_key_names_the_rule(write_pack: Callable[[str, str], Path], kind: str,
                                                      extra: str, message: str) -> None:
    error = _error(write_pack, kind, extra)
    assert message in error
    assert "rule r" in error


def test_a_replace_pattern_may_match_the_empty_string(write_pack: Callable[[str, str], Path]) -> None:
    text = RULE.format(kind="replace", extra="    pattern: '\\s*$'\n    replace: ''\n").replace(
        "match: [Advertisement]", "fix: [['a  ', 'a']]")
    pf = load_pack(write_pack("p.yaml", text))
    assert pf.pack.rules[0].kind == "replace"
