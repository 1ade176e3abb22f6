"""Show a document's normalised input against its output, each removal annotated with its rule id."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .pipeline import Cleaned

_CONTEXT = 3


@dataclass(frozen=True)
class Op:
    """One line of the diff: ' ' kept, '-' removed, '+' the changed version of a line."""

    sign: str
    text: str
    rules: tuple[str, ...] = ()
    old: int = 0  # 1-based line numbers on each side (0 where the line has none)
    new: int = 0


def ops(result: Cleaned) -> list[Op]:
    """Every normalised input line as kept, removed (with its rules) or changed (old, new)."""
    rules_on: defaultdict[int, list[str]] = defaultdict(list)
    for h in result.hits:
        if h.kind != "html-remove" and h.rule not in rules_on[h.line]:
            rules_on[h.line].append(h.rule)
    kept = dict(result.kept)
    out: list[Op] = []
    new = 0
    for num, text in result.lines:
        after = kept.get(num)
        why = tuple(rules_on.get(num, ()))
        if after is None:
            if text.strip():
                out.append(Op("-", text.rstrip(), why, old=num))
            continue
        new += 1
        if after.rstrip() == text.rstrip():
            out.append(Op(" ", text.rstrip(), old=num, new=new))
        else:
            out.append(Op("-", text.rstrip(), old=num))
            out.append(Op("+", after.rstrip(), why, new=new))
    return out


def unified(result: Cleaned, name: str) -> str:
    """A unified diff (hunks with context), removed and changed lines annotated `[rule-id]`."""
    lines = ops(result)
    changed = [i for i, op in enumerate(lines) if op.sign != " "]
    header = [f"--- {name}", f"+++ {name} (cleaned)"]
    header.extend(f"# html-remove {h.rule}: {h.text[:80]}" for h in result.hits if h.kind == "html-remove")
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
