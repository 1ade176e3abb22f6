"""Shared pieces of the real-data benchmark: where texts and labels live, line hashes,
the label grammar, and the errors that say what to run when something is missing."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "texts"
LABELS = HERE / "labels"
WORK = LABELS / "work"
INDEX = TEXTS / "index.jsonl"

FAMILIES = ("ad", "promo", "related", "prompt", "credit", "photo", "nav", "meta", "social",
            "other")  # fmt: skip
LABEL_RE = re.compile(r"^(keep|drop:(?P<df>[a-z]+)|tail:(?P<tf>[a-z]+):(?P<cut>\d+))$")


class Missing(Exception):
    """Texts or labels are not there; the message says what to run or fetch."""


def line_hash(line: str) -> str:
    """First 12 hex digits of the SHA-1 of the rstripped line."""
    return hashlib.sha1(line.rstrip().encode("utf-8")).hexdigest()[:12]


def load_index() -> dict[str, dict]:
    if not INDEX.exists():
        raise Missing(
            f"{INDEX} is missing: run `python bench/real/build.py` (it says what to fetch)"
        )
    rows = [json.loads(line) for line in INDEX.read_text(encoding="utf-8").splitlines()]
    return {r["doc"]: r for r in rows}


def doc_lines(doc: str) -> list[str]:
    """The built text of a document, one entry per line (1-based: index n-1)."""
    path = TEXTS / f"{doc}.txt"
    if not path.exists():
        raise Missing(f"{path} is missing: run `python bench/real/build.py`")
    return path.read_text(encoding="utf-8").split("\n")


@dataclass(frozen=True)
class Label:
    """One line's label: kind is keep, drop or tail; cut only for tail."""

    kind: str
    family: str = ""
    cut: int = 0

    def __str__(self) -> str:
        if self.kind == "keep":
            return "keep"
        if self.kind == "drop":
            return f"drop:{self.family}"
        return f"tail:{self.family}:{self.cut}"


def parse_label(text: str) -> Label:
    """Parse keep | drop:<family> | tail:<family>:<cut>; ValueError says what is wrong."""
    m = LABEL_RE.match(text.strip())
    if not m:
        raise ValueError(f"bad label {text!r} (keep, drop:<family>, tail:<family>:<cut>)")
    family = m.group("df") or m.group("tf") or ""
    if family and family not in FAMILIES:
        raise ValueError(f"unknown family {family!r} (one of {', '.join(FAMILIES)})")
    if m.group("df"):
        return Label("drop", family)
    if m.group("tf"):
        return Label("tail", family, int(m.group("cut")))
    return Label("keep")


def load_labels() -> dict[str, list[tuple[int, str, Label]]]:
    """Every committed label record, by document id."""
    out: dict[str, list[tuple[int, str, Label]]] = {}
    for path in sorted(LABELS.glob("*.jsonl")):
        for k, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw)
                out[rec["doc"]] = [(int(n), h, parse_label(lab)) for n, h, lab in rec["lines"]]
            except (ValueError, KeyError, TypeError) as err:
                raise Missing(f"{path}:{k}: unreadable label record: {err}") from err
    return out
