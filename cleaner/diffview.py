"""Show a document's input against its output, each removal annotated with its rule id and each
repair by ftfy annotated `ftfy`.

Line numbers are those of the text the rules see: for an HTML page, the lines of the article
text extracted from it, not of the HTML source (html-remove removals, listed in the header,
name their HTML source line as such).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from . import normalize
from .types import Cleaned

_CONTEXT = 3
FTFY = "ftfy"


@dataclass(frozen=True)
class Op:
    """One line of the diff: ' ' kept, '-' removed, '+' the changed version of a line."""

    sign: str
    text: str
    rules: tuple[str, ...] = ()
    old: int = 0  # 1-based line numbers on each side (0 where the line has none)
    new: int = 0


def before_ftfy(result: Cleaned) -> dict[int, str]:
    """The input lines as they were before ftfy, by line number; empty when ftfy changed
    nothing, or changed the number of lines (then the header counts its repairs instead)."""
    if not result.fixes or not result.before:
        return {}
    lines = normalize.split_lines(result.before, result.tidy)
    return dict(lines) if len(lines) == len(result.lines) else {}


def ops(result: Cleaned) -> list[Op]:
    """Every input line as kept, removed (with its rules) or changed (old, new), where a line
    ftfy repaired shows as it was in the input and counts as changed."""
    rules_on: defaultdict[int, list[str]] = defaultdict(list)
    for h in result.hits:
        if h.kind != "html-remove" and h.rule not in rules_on[h.line]:
            rules_on[h.line].append(h.rule)
    kept = dict(result.kept)
    raw = before_ftfy(result)
    out: list[Op] = []
    new = 0
    for num, text in result.lines:
        after = kept.get(num)
        why = tuple(rules_on.get(num, ()))
        source = raw.get(num, text).rstrip()
        repaired = source != text.rstrip()
        if after is None:
            if text.strip() or source.strip():
                out.append(Op("-", source, why, old=num))
            continue
        new += 1
        if after.rstrip() == source:
            out.append(Op(" ", source, old=num, new=new))
        else:
            out.append(Op("-", source, old=num))
            out.append(Op("+", after.rstrip(), ((FTFY,) if repaired else ()) + why, new=new))
    return out


def unified(result: Cleaned, name: str, html: bool = False) -> str:
    """A unified diff (hunks with context), removed and changed lines annotated `[rule-id]`.

    For an HTML page (`html`), the header says the numbers are lines of its article text.
    """
    lines = ops(result)
    changed = [i for i, op in enumerate(lines) if op.sign != " "]
    what = " (the article text extracted from the HTML; line numbers are its lines)" if html else ""
    header = [f"--- {name}{what}", f"+++ {name} (cleaned)"]
    header.extend(f"# html-remove {h.rule} (HTML source line {h.line}): {h.text[:80]}"
                  for h in result.hits if h.kind == "html-remove")
    if result.fixes and not before_ftfy(result):
        header.append(f"# ftfy repaired the text ({_repairs(result.fixes)}); "
                      "the lines below are shown after its repairs")
    if not changed:
        return "\n".join(header) + "\n"
    body: list[str] = []
    for start, end in _hunks(changed, len(lines)):
        chunk = lines[start:end]
        old = [op for op in chunk if op.sign != "+"]
        new = [op for op in chunk if op.sign != "-"]
        old_start = old[0].old if old else 0
        new_start = new[0].new if new else _new_before(lines, start)
        body.append(f"@@ -{old_start},{len(old)} +{new_start},{len(new)} @@")
        body.extend(_line(op) for op in chunk)
    return "\n".join(header + body) + "\n"


def _repairs(fixes: dict[str, int]) -> str:
    parts = [f"{n} {label}" for label, n in (("line(s)", fixes.get("lines_fixed", 0)),
                                             ("HTML entities", fixes.get("entities", 0))) if n > 0]
    return ", ".join(parts) or "line breaks or spacing"


def _line(op: Op) -> str:
    note = f"    [{', '.join(op.rules)}]" if op.rules else ""
    return f"{op.sign}{op.text}{note}"


def _hunks(changed: list[int], total: int) -> list[tuple[int, int]]:
    """Ranges of op indexes: each change with its context, overlapping ranges merged."""
    spans: list[tuple[int, int]] = []
    for i in changed:
        start, end = max(0, i - _CONTEXT), min(total, i + _CONTEXT + 1)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _new_before(lines: list[Op], index: int) -> int:
    for op in reversed(lines[:index]):
        if op.new:
            return op.new
    return 0


STYLE = {"-": "red", "+": "green", " ": "dim"}
