"""The self-test: a proposed pack is written, loaded beside the library and run through
`rules check`; rules whose examples fail are left out."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .. import selftest
from ..rules import Library, load_pack
from .emit import file_name, to_yaml
from .results import LeftOut, SiteSuggestion, Suggestion


def verified(result: SiteSuggestion, rules: list[Suggestion], library: Library) -> list[Suggestion]:
    """Run the pack through cleaner's self-test; drop rules whose examples fail it."""
    for r in rules:
        if not (r.match and r.keep):
            why = "no content line to use as a keep example"
            result.left_out.append(LeftOut(r.text, r.docs, r.share, why))
    rules = [r for r in rules if r.match and r.keep]
    while rules:  # each round drops at least one rule, so this ends
        failures = _self_test(SiteSuggestion(result.site, result.docs, rules=rules,
                                             extends=result.extends), library)
        if not failures:
            return rules
        for r in rules:
            if r.id in failures:
                result.left_out.append(LeftOut(r.text, r.docs, r.share,
                                               f"its examples fail the self-test: {failures[r.id]}"))
        rules = [r for r in rules if r.id not in failures]
    return rules


def _self_test(site: SiteSuggestion, library: Library) -> dict[str, str]:
    """Rule id -> first failure message, from `selftest.check` on the pack as written."""
    with tempfile.TemporaryDirectory(prefix="cleaner-suggest-") as tmp:
        path = Path(tmp) / file_name(site)
        path.write_text(to_yaml(site), encoding="utf-8")
        pf = load_pack(path)
        # A copy of the library with this pack in it (in place of a pack of the same name).
        replaced = library.packs.get(pf.name)
        others = {k: v for k, v in library.packs.items() if k != pf.name}
        lib = Library(packs=others,
                      groups={k: [n for n in v if n != pf.name] for k, v in library.groups.items()},
                      extra=[n for n in library.extra if n != pf.name],
                      builtin_paths={p for p in library.builtin_paths
                                     if replaced is None or p != replaced.path})
        lib.add(pf)
        if not pf.pack.sites:  # a pack without sites applies everywhere, as load_library does
            lib.extra.append(pf.name)
        lib.validate()
        failures: dict[str, str] = {}
        for f in selftest.check(lib, {path.resolve()}):
            failures.setdefault(f.rule, f.message)
        return failures
