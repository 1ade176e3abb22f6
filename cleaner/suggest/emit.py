"""The YAML writer: a site's suggestions as one commented pack file (names, quoting, comments)."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from ..rules import builtin_dir
from .results import SiteSuggestion, Suggestion

SCHEMA_REF = "../schema.json"  # right for a pack saved as rules/sites/<host>.yaml
_LISTED = 15  # covered and left-out lines listed in a pack's comments
# Names that YAML reads as plain strings (a letter first; no number, bool or null words).
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"}
# PyYAML refuses these characters anywhere in a file, and reads these as line breaks.
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
                            "|[\x85\u2028\u2029\ufeff]")


def to_yaml(site: SiteSuggestion, *, schema: str = SCHEMA_REF) -> str:
    """The pack for one site, as commented YAML (one pack per file)."""
    out = [f"# yaml-language-server: $schema={schema}", *_header(site)]
    out.append(f"name: {_q(pack_name(site))}")
    out.append(f"description: {_q(_pack_description(site))}")
    if site.extends:
        out.append(f"extends: [{', '.join(_q(e) for e in site.extends)}]")
    sites = site_globs(site.site)
    if sites:
        out.append(f"sites: [{', '.join(_q(s) for s in sites)}]")
    if not site.rules:
        out.append("rules: []  # nothing repeated often enough; try lower --min-docs / --min-share")
    else:
        out.append("rules:")
        for i, rule in enumerate(site.rules):
            if i:
                out.append("")
            out.extend(_rule_yaml(rule, site.docs))
    out.extend(_footer(site))
    return "\n".join(out) + "\n"


def to_yamls(suggestions: Sequence[SiteSuggestion], *, schema: str = SCHEMA_REF) -> dict[str, str]:
    """One pack per site: file name -> YAML text (for `-o DIR`)."""
    return {file_name(s): to_yaml(s, schema=schema) for s in suggestions}


def pack_name(site: SiteSuggestion) -> str:
    """The pack's name: the host, or "suggested" when the site is unknown."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", site.site).strip("._-")
    return name or "suggested"


def file_name(site: SiteSuggestion) -> str:
    """`<host>.yaml`: the file a site's pack is written to with `-o DIR`."""
    return f"{pack_name(site)}.yaml"


def site_globs(site: str) -> list[str]:
    """The pack's `sites:`: a host and its subdomains; a folder name as it is."""
    if not site:
        return []
    return [site, f"*.{site}"] if "." in site else [site]


def schema_ref(pack_path: Path) -> str:
    """The `$schema` reference for a pack written at `pack_path` (relative when possible)."""
    schema = builtin_dir() / "schema.json"
    try:
        return Path(os.path.relpath(schema.resolve(), pack_path.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.resolve().as_uri()


def _header(site: SiteSuggestion) -> list[str]:
    where = site.site or "an unnamed site"
    dup = f"; {site.duplicates:,} duplicate document(s) counted once" if site.duplicates else ""
    dup += f"; {site.empty:,} empty document(s) skipped" if site.empty else ""
    out = [f"# Suggested by `cleaner suggest` from {site.docs:,} documents of {where}{dup}.",
           "# Support is how many documents carry a line, not proof that it is furniture:",
           "# review each rule, then run `cleaner rules check` and `cleaner clean --explain`."]
    if site.covered:
        out.append("# Already removed by the default packs (not repeated here):")
        for c in site.covered[:_LISTED]:
            out.append(f"#   {_comment(c.text)} (in {_support(c.docs, site.docs)}; "
                       f"{', '.join(c.rules[:3])})")
        if len(site.covered) > _LISTED:
            out.append(f"#   ... and {len(site.covered) - _LISTED:,} more")
    return out


def _footer(site: SiteSuggestion) -> list[str]:
    if not site.left_out:
        return []
    out = ["", "# Frequent but left out (edit and add as rules if they are furniture):"]
    for item in sorted(site.left_out, key=lambda x: -x.docs)[:_LISTED]:
        out.append(f"#   {_comment(item.text)} (in {_support(item.docs, site.docs)}): {item.reason}")
    if len(site.left_out) > _LISTED:
        out.append(f"#   ... and {len(site.left_out) - _LISTED:,} more")
    return out


def _pack_description(site: SiteSuggestion) -> str:
    where = site.site or "a corpus"
    return (f"Boilerplate mined from {site.docs:,} articles of {where} by cleaner suggest: "
            f"lines and line prefixes repeated across documents that the default packs keep.")


def _rule_yaml(rule: Suggestion, total: int) -> list[str]:
    support = f"in {_support(rule.docs, total)}"
    if rule.kind == "prefix":
        support += f", {rule.distinct:,} distinct texts after the prefix"
    out = [f"  # {support}"]
    if rule.default_share:
        out.append(f"  # the default packs already remove {rule.default_share:.0%} of the sampled lines")
    out += [f"  - id: {rule.id}", "    kind: drop-line", f"    description: {_q(_rule_description(rule))}"]
    if rule.lines:
        out.append(f"    lines: [{', '.join(_q(x) for x in rule.lines)}]")
    if rule.pattern is not None:
        out.append(f"    pattern: {_q(rule.pattern)}")
        out.append(f"    flags: [{', '.join(rule.flags)}]")
    if rule.where_last:
        out.append(f"    where: {{last: {rule.where_last}}}   # it always sits among the last lines")
    elif rule.where_first:
        out.append(f"    where: {{first: {rule.where_first}}}   # it always sits among the first lines")
    out.append("    examples:")
    for key, values in (("match", rule.match), ("keep", rule.keep)):
        out.append(f"      {key}:")
        out.extend(f"        - {_q(v)}" for v in values)
    return out


def _rule_description(rule: Suggestion) -> str:
    if rule.kind == "prefix":
        return f'A line that starts with "{rule.text}" followed by varying text (a headline, a link).'
    return f'The line "{rule.text}", repeated across the site\'s articles.'


def _support(docs: int, total: int) -> str:
    return f"{docs:,} of {total:,} documents ({docs / max(total, 1):.1%})"


def _comment(text: str) -> str:
    clean = _NON_PRINTABLE.sub(" ", text)
    return clean if len(clean) <= 80 else clean[:77] + "..."


def _q(text: str) -> str:
    """A YAML scalar for any text: plain for names, single-quoted when printable, else
    double-quoted with escapes.

    Not PyYAML's emitter: it writes a NEL (U+0085) raw inside single quotes, which reads back
    as a space ('x\x85y' loads as 'x y'), and it writes no comments, which the pack carries."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    if not _NON_PRINTABLE.search(text):
        return "'" + text.replace("'", "''") + "'"
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif _NON_PRINTABLE.match(ch):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000
                       else f"\\U{code:08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
