"""Byte counts as people read them: `612 B`, `1.5 kB`, `50 MB` (decimal units, as --max-bytes)."""

from __future__ import annotations

_UNITS = (("GB", 10**9), ("MB", 10**6), ("kB", 10**3))


def human(size: int) -> str:
    """`size` bytes in the largest unit it fills, with at most one decimal: `1.5 MB`, `600 B`."""
    if size < 1000:
        return f"{size} B"
    # The largest unit the size fills once rounded: 999,999 B is "1 MB", not "1,000 kB".
    # kB comes last and 1000 B or more always fills it.
    unit, scale = next((u, s) for u, s in _UNITS if round(size / s, 1) >= 1)
    return f"{size / scale:,.1f}".removesuffix(".0") + f" {unit}"


def over_limit(size: int, limit: int) -> tuple[str, str]:
    """`size` and `limit` as two strings that differ: rounded when rounding keeps them apart,
    else exact bytes (50,000,001 B over 50,000,000 B, not `50 MB over 50 MB`)."""
    a, b = human(size), human(limit)
    if a == b:
        return f"{size:,} B", f"{limit:,} B"
    return a, b
