"""Every built-in rule's examples, one test each; and every broken pack's exact error."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cleaner import Library, PackError, load_library, selftest
from cleaner.cli import app
from cleaner.rules import builtin_dir

from .conftest import ROOT

BROKEN = sorted((ROOT / "tests" / "packs" / "broken").glob("*.yaml"))


def _builtin_rules() -> list[Any]:  # pytest.param cases
    """One case per built-in rule, named pack/rule-id so a failure says which rule it is."""
    lib = load_library()
    return [pytest.param(name, i, id=f"{name}/{rule.id}")
            for name, pf in lib.packs.items() for i, rule in enumerate(pf.pack.rules)]


@pytest.mark.parametrize(("pack", "index"), _builtin_rules())
def test_rule_examples(library: Library, pack: str, index: int) -> None:
    pf = library.packs[pack]
    profile = library.profile(pack if pf.pack.sites else None)
    failures = list(selftest.check_rule(pf, index, profile))
    assert not failures, "\n".join(map(str, failures))


def test_builtin_packs_cover_the_families(library: Library) -> None:
    names = set(library.packs)
    assert {"ads", "promo", "prompts", "credits", "photo", "de", "fr", "es", "hi"} <= names
    assert len(library.site_packs) >= 3
    for pf in library.site_packs:
        assert "default" in pf.pack.extends, pf.path


def _expectation(path: Path) -> tuple[str, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    kind, _, message = first.removeprefix("# ").partition(": ")
    return kind, message


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_pack_reports_file_line_and_rule(path: Path) -> None:
    kind, expected = _expectation(path)
    if kind == "expect":
        with pytest.raises(PackError) as caught:
            load_library([path], no_default=True)
        message = str(caught.value)
        assert message.startswith(str(path.parent) + "/"), message
        assert expected in message.removeprefix(str(path.parent) + "/")
        assert "\n" not in message
    else:
        assert kind == "check"
        failures = selftest.check(load_library([path], no_default=True))
        shown = [str(f).removeprefix(str(path.parent) + "/") for f in failures]
        assert expected in shown


def test_extends_cycle_is_reported() -> None:
    folder = ROOT / "tests" / "packs" / "cycle"
    with pytest.raises(PackError, match=re.escape("extends cycle: cycle-a -> cycle-b -> cycle-a")):
        load_library([folder], no_default=True)


def test_unknown_extends_hints_at_no_default(write_pack) -> None:
    path = write_pack("site.yaml", "extends: [default]\nsites: [x.com]\nrules: []\n")
    with pytest.raises(PackError, match=r"extends unknown pack 'default' .*--no-default"):
        load_library([path], no_default=True)


def test_aliases_and_huge_packs_are_refused(write_pack) -> None:
    alias = write_pack("alias.yaml", "base: &b {a: 1}\nrules: []\nother: *b\n")
    with pytest.raises(PackError, match="anchors and aliases"):
        load_library([alias], no_default=True)
    huge = write_pack("huge.yaml", "rules: []\n" + "#" * 2_100_000)
    with pytest.raises(PackError, match="at most"):
        load_library([huge], no_default=True)
    deep = write_pack("deep.yaml", "rules: " + "[" * 60 + "]" * 60 + "\n")
    with pytest.raises(PackError, match="nested"):
        load_library([deep], no_default=True)


def test_user_pack_overrides_builtin_pack_of_same_name(write_pack) -> None:
    site = next(p for p in sorted((builtin_dir() / "sites").glob("*.yaml")))
    name = load_library().packs
    builtin = next(pf for pf in name.values() if pf.path == site)
    path = write_pack(site.name, f"name: {builtin.name}\nextends: [default]\n"
                      f"sites: [{builtin.pack.sites[0]}]\nrules: []\n")
    lib = load_library([path])
    assert lib.packs[builtin.name].path == path
    assert lib.profile(builtin.name).rules  # still extends the default packs


def test_schema_file_is_in_sync() -> None:
    import json

    from cleaner.model import json_schema

    on_disk = json.loads((ROOT / "rules" / "schema.json").read_text(encoding="utf-8"))
    assert on_disk == json_schema(), "run `make schema` to regenerate rules/schema.json"


def test_builtin_packs_carry_the_schema_comment() -> None:
    """Editors that speak yaml-language-server complete and check the packs against the schema."""
    for path in sorted(builtin_dir().rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema.json", path


def test_rules_check_of_a_folder_names_every_broken_pack(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: a\ndescription: x\nrules:\n  - id: x\n   kind: drop-line\n")
    (tmp_path / "b.yaml").write_text("name: b\ndescription: y\nrulez: []\n")
    (tmp_path / "c.yaml").write_text("name: c\ndescription: fine\nrules: []\n")
    result = CliRunner().invoke(app, ["rules", "check", str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"cleaner: {tmp_path / 'a.yaml'}:5: YAML syntax error")
    assert lines[1] == f"cleaner: {tmp_path / 'b.yaml'}:3: unknown key 'rulez' (did you mean 'rules'?)"
    assert lines[2] == "cleaner: 2 packs do not load; fix each at the line given and check again"
