"""Run statistics: the end-of-run summary, the --report JSON, and the --audit JSONL records."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from ._version import __version__
from .rules import Library
from .types import Document, DropReason, Hit

_SAMPLES_PER_RULE = 3
_TOP_DOCUMENTS = 10
_CONTEXT_CHARS = 200
HISTOGRAM_BINS = 20  # of the share of text removed per document: 5% each
_TOP_RULES_PER_SITE = 15


# What a run records per document is the document itself, its result and drop filled in.
Outcome = Document


def hit_context(lines: list[tuple[int, str]], hits: list[Hit]) -> list[tuple[int, str, str]]:
    """The non-blank neighbours of each line a rule hit, cut to a readable length."""
    index = {num: i for i, (num, _) in enumerate(lines)}
    out: list[tuple[int, str, str]] = []
    done: set[int] = set()
    for h in hits:
        i = index.get(h.line)
        if i is None or h.line in done or h.kind == "html-remove":
            continue
        done.add(h.line)
        # Walk out from the hit instead of slicing: a slice copies the document once per hit.
        before = next((lines[k][1] for k in range(i - 1, -1, -1) if lines[k][1].strip()), "")
        after = next((lines[k][1] for k in range(i + 1, len(lines)) if lines[k][1].strip()), "")
        out.append((h.line, before.rstrip()[:_CONTEXT_CHARS], after.rstrip()[:_CONTEXT_CHARS]))
    return out


def audit_records(outcome: Outcome) -> Iterator[dict[str, Any]]:
    """One audit record per removal or change, then ftfy's repairs and the guard's flag."""
    result = outcome.result
    if result is None:
        return
    for h in result.hits:
        rec: dict[str, Any] = {"doc": outcome.id, "pack": h.pack, "rule": h.rule, "kind": h.kind,
                               "line": h.line, "text": h.text}
        if h.column is not None:
            rec["column"] = h.column
        if h.replacement is not None:
            rec["replacement"] = h.replacement
        if h.credit is not None:
            rec["credit"] = h.credit
        if h.note is not None:
            rec["support"] = h.note
        yield rec
    if result.fixes:
        yield {"doc": outcome.id, "kind": "ftfy", **result.fixes}
    if result.over_limit:
        yield {"doc": outcome.id, "kind": "over-limit", "reason": result.over_limit}


def write_audit(fh: IO[str], outcome: Outcome) -> None:
    for rec in audit_records(outcome):
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


@dataclass
class Stats:
    """Totals over a run, fed one outcome at a time in the main process."""

    documents: int = 0
    failed: int = 0
    skipped: int = 0
    unchanged: int = 0  # skipped by an incremental re-run
    bytes_in: int = 0
    bytes_out: int = 0
    lines_removed: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    packs: Counter[str] = field(default_factory=Counter)
    sites: Counter[str] = field(default_factory=Counter)
    credits: Counter[str] = field(default_factory=Counter)
    over_limit: list[dict[str, Any]] = field(default_factory=list)
    multi_hit_lines: int = 0
    multi_hit_examples: list[dict[str, Any]] = field(default_factory=list)
    most_removed: list[tuple[float, str]] = field(default_factory=list)
    samples: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    site_hits: Counter[str] = field(default_factory=Counter)
    site_rules: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    removed_hist: list[int] = field(default_factory=lambda: [0] * HISTOGRAM_BINS)
    none_removed: int = 0  # documents no line rule took anything from
    _seen_per_rule: Counter[str] = field(default_factory=Counter)
    _rng: random.Random = field(default_factory=lambda: random.Random(0))

    def add(self, outcome: Outcome) -> None:
        drop, result = outcome.drop, outcome.result
        if drop is not None and drop.reason is DropReason.UNCHANGED:
            self.unchanged += 1
            return
        self.documents += 1
        if (drop is not None and drop.failed) or result is None:
            self.failed += 1
            return
        self.skipped += drop is not None and drop.reason is DropReason.OVER_LIMIT
        self.bytes_in += outcome.bytes_in
        self.bytes_out += outcome.bytes_out
        self.lines_removed += result.lines_removed
        self.sites[result.profile] += 1
        self.credits.update(result.credits)
        self.site_hits[result.profile] += len(result.hits)
        site_rules = self.site_rules[result.profile]
        if result.removed_share > 0:
            self.removed_hist[min(int(result.removed_share * HISTOGRAM_BINS), HISTOGRAM_BINS - 1)] += 1
        else:
            self.none_removed += 1
        context = {int(c[0]): c for c in outcome.context}
        per_line: defaultdict[int, set[str]] = defaultdict(set)
        for h in result.hits:
            self.rules[h.rule] += 1
            self.packs[h.pack] += 1
            site_rules[h.rule] += 1
            if h.kind not in ("html-remove", "refix"):
                per_line[h.line].add(h.rule)
            self._sample(outcome.id, h, context.get(h.line))
        for line, rules in per_line.items():
            if len(rules) > 1:
                self.multi_hit_lines += 1
                if len(self.multi_hit_examples) < 20:
                    self.multi_hit_examples.append({"doc": outcome.id, "line": line, "rules": sorted(rules)})
        if result.over_limit:
            self.over_limit.append({"doc": outcome.id, "reason": result.over_limit})
        if result.removed_share > 0:
            self.most_removed.append((result.removed_share, outcome.id))
            if len(self.most_removed) > 4 * _TOP_DOCUMENTS:
                self.most_removed = sorted(self.most_removed, reverse=True)[:_TOP_DOCUMENTS]

    def _sample(self, doc: str, h: Hit, context: tuple[int, str, str] | None = None) -> None:
        """Reservoir sampling: a fair, bounded sample of each rule's removals for spot checks."""
        self._seen_per_rule[h.rule] += 1
        seen = self._seen_per_rule[h.rule]
        item: dict[str, Any] = {"doc": doc, "line": h.line, "text": h.text[:300]}
        if h.replacement is not None:
            item["replacement"] = h.replacement[:300]
        if context is not None:
            item["before"], item["after"] = context[1], context[2]
        bucket = self.samples[h.rule]
        if len(bucket) < _SAMPLES_PER_RULE:
            bucket.append(item)
        else:
            k = self._rng.randrange(seen)
            if k < _SAMPLES_PER_RULE:
                bucket[k] = item

    def report(self, library: Library) -> dict[str, Any]:
        """The --report document: totals, per-rule/pack/site hits, dead rules, and how to reproduce."""
        used = [library.profile(None if name == "default" else name) for name in self.sites] or [
            library.profile()]
        in_force = {r.id: r.pack for p in used for r in p.rules}
        packs = sorted({n for p in used for n in p.packs})
        return {
            "version": __version__,
            "documents": self.documents,
            "failed": self.failed,
            "skipped": self.skipped,
            "unchanged": self.unchanged,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "lines_removed": self.lines_removed,
            "hits_per_rule": dict(self.rules.most_common()),
            "hits_per_pack": dict(self.packs.most_common()),
            "documents_per_site": dict(self.sites.most_common()),
            "credits": dict(self.credits.most_common()),
            "dead_rules": sorted(rid for rid in in_force if rid not in self.rules),
            "lines_hit_by_several_rules": {"count": self.multi_hit_lines,
                                           "examples": self.multi_hit_examples},
            "over_limit": self.over_limit,
            "most_removed": [{"doc": d, "removed_share": round(s, 4)}
                             for s, d in sorted(self.most_removed, reverse=True)[:_TOP_DOCUMENTS]],
            "samples": {rule: items for rule, items in sorted(self.samples.items())},
            "packs": [_pack_info(library, n) for n in packs],
            "ftfy": {p.name: _config(p.normalize) for p in used},
            # For the HTML report's charts and links (bounded: bins, sites, rules in force).
            "hits_per_site": dict(self.site_hits.most_common()),
            "top_rules_per_site": {site: dict(c.most_common(_TOP_RULES_PER_SITE))
                                   for site, c in sorted(self.site_rules.items())},
            "removed_share_histogram": {"bins": HISTOGRAM_BINS, "counts": list(self.removed_hist),
                                        "none_removed": self.none_removed},
            "limits": {p.name: p.limits.model_dump(exclude_none=True) for p in used},
            "rule_sources": _rule_sources(library, in_force),
        }


def _rule_sources(library: Library, in_force: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Where each rule in force is written: its pack, file and line, and its kind."""
    out: dict[str, dict[str, Any]] = {}
    for name, pf in library.packs.items():
        for i, rule in enumerate(pf.pack.rules):
            if in_force.get(rule.id) == name:
                out[rule.id] = {"pack": name, "path": str(pf.path), "line": pf.line("rules", i),
                                "kind": rule.kind}
    return dict(sorted(out.items()))


def _pack_info(library: Library, name: str) -> dict[str, str]:
    path = library.packs[name].path
    return {"name": name, "path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def _config(config: Any) -> dict[str, Any]:
    return dict(config._asdict()) if hasattr(config, "_asdict") else dataclasses.asdict(config)
