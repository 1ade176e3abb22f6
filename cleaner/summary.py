"""What a clean run says on stderr: each document's error, the --explain lines, --audit
records as outcomes arrive, and the end-of-batch summary with where the results went."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .auditfile import AuditFile
from .cliopts import err
from .report import Stats
from .types import Document, Hit


def reporter(explain: bool, audit: AuditFile) -> Callable[[Document], None]:
    """What happens as each outcome arrives: errors and --explain on stderr, --audit records."""

    def report(outcome: Document) -> None:
        if outcome.error is not None:
            if not outcome.fatal:  # a fatal one is the message the run stops with: said once
                err.print(f"cleaner: {outcome.id}: {outcome.error}", markup=False)
            return
        if explain:
            _explain(outcome.id, outcome.hits)
        audit.write(outcome)

    return report


def _explain(shown: str, hits: list[Hit]) -> None:
    for h in hits:
        change = f" -> {json.dumps(h.replacement, ensure_ascii=False)}" if h.replacement else ""
        note = f" ({h.note})" if h.note else ""
        err.print(f"{shown}:{h.line}: {h.rule}: {json.dumps(h.text, ensure_ascii=False)}{change}{note}",
                  markup=False)


def destinations(output: str | None, piped: bool, audit: Path | None, report_path: Path | None,
                  quarantine: Path | None, stats: Stats) -> list[tuple[str, str]]:
    """Where the run's results went, for the summary: a new user should not have to guess."""
    rows = [("outputs", output if output is not None else "stdout")]
    rows.extend((label, str(path)) for label, path in (("audit", audit), ("report", report_path))
                if path is not None)
    if quarantine is not None and stats.over_limit:
        rows.append(("quarantine", f"{quarantine} ({len(stats.over_limit):,} flagged document(s))"))
    return rows


def print_summary(stats: Stats, missing: int, unused_fields: list[str] | None = None,
                   where: list[tuple[str, str]] | None = None) -> None:
    """The end-of-batch summary on stderr: one fact per line, so it stays greppable."""
    ok = stats.documents - stats.failed
    extra = (f", {stats.skipped:,} skipped" if stats.skipped else "") + (
        f", {stats.unchanged:,} unchanged" if stats.unchanged else "")
    rows = [
        ("documents", f"{ok:,} cleaned, {stats.failed + missing:,} failed{extra}"),
        ("bytes", f"{stats.bytes_in:,} in, {stats.bytes_out:,} out"),
        ("lines removed", f"{stats.lines_removed:,}"),
    ]
    if stats.rules:
        rows.append(("top rules", ", ".join(f"{r} {n:,}" for r, n in stats.rules.most_common(8))))
    if len(stats.sites) > 1 or (stats.sites and "default" not in stats.sites):
        rows.append(("sites", ", ".join(f"{s} {n:,}" for s, n in stats.sites.most_common(8))))
    if stats.over_limit:
        rows.append(("over limit", f"{len(stats.over_limit):,} document(s) flagged"))
        rows.extend(("", f"{o['doc']}: {o['reason']}") for o in stats.over_limit[:5])
    if unused_fields:
        rows.append(("fields", f"no record has {', '.join(unused_fields)}: the option had no effect"))
    rows.extend(where or ())
    for label, value in rows:
        err.print(f"{label:>14}  {value}" if label else f"{'':>14}  {value}", markup=False)
