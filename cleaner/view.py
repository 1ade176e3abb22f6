"""The matching view of a line: the form in which literal markers are compared."""

from __future__ import annotations

import re
import unicodedata

# Quotes and dashes come in many code points; a marker should not care which one a site used.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-"),
    }
)
_SPACES = re.compile(r"\s+")
# Decoration around a marker ("- Advertisement -", "[ Related ]", "ADVERTISEMENT:").
DECORATION = "-_=*#•·|:[](){}<>.…'\" \t"


def view(line: str) -> str:
    """NFKC, casefold, fold quotes and dashes, collapse whitespace, strip decoration."""
    folded = unicodedata.normalize("NFKC", line).casefold().translate(_FOLD)
    return _SPACES.sub(" ", folded).strip(DECORATION)
