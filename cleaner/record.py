"""The `cleaner` object an output record carries: every field of one JSON type in every record.

Loaders that infer a schema from the first records (pyarrow's JSON reader, and so Hugging
Face `datasets`) fail when a field is null or an empty list there and a string or a list of
strings later ("Couldn't cast array of type string to null"). So nothing here is ever null
or an empty list: text fields are "" when there is nothing to say, counts are integers, and
the credits are one string, several joined by CREDIT_SEPARATOR.
"""

from __future__ import annotations

from typing import Any

from .types import Cleaned

CREDIT_SEPARATOR = "; "


def summary(result: Cleaned) -> dict[str, Any]:
    """The `cleaner` object of one cleaned document (the same keys, in the same order, always)."""
    return {
        "pack": result.profile,
        "title": result.title or "",
        "url": result.url or "",
        "credits": CREDIT_SEPARATOR.join(result.credits),
        "removed_lines": result.lines_removed,
        "hits": len(result.hits),
        "over_limit": result.over_limit or "",
    }
