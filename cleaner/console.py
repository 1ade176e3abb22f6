"""The CLI's stderr: rich's Console when stderr is a terminal, plain lines when it is not.

Importing rich costs about 20 ms of a run's start, and a pipe, a log file or a test runner
gets nothing from it: the messages are plain text printed with `markup=False`. So the
console is only made (and rich imported) when stderr is a terminal or a caller asks for
the real one (`rich()`, for a progress bar). Plain output is what rich writes to a
non-terminal for such a message, less its `:emoji:` codes (a file name is not an emoji).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

# What rich's Text drops from printed text (rich.control.strip_control_codes).
_CONTROL = {ord(c): None for c in "\x07\x08\x0b\x0c\x0d"}


class ErrConsole:
    """`print` and `is_terminal` of a `Console(stderr=True, highlight=False, soft_wrap=True)`."""

    def __init__(self) -> None:
        self._console: Console | None = None

    def rich(self) -> Console:
        """The rich Console on stderr (rich is imported now if it was not)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True, highlight=False, soft_wrap=True)
        return self._console

    @property
    def is_terminal(self) -> bool:
        if self._console is not None:
            return self._console.is_terminal
        # rich's own rules: FORCE_COLOR or TTY_COMPATIBLE make it a terminal; ask it then.
        if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE"):
            return self.rich().is_terminal
        isatty = getattr(sys.stderr, "isatty", None)
        try:
            return bool(isatty and isatty())
        except ValueError:  # a closed stream
            return False

    def print(self, text: str, *, markup: bool = True, **kwargs: Any) -> None:
        """Print one message line; rich renders it only for a terminal or markup."""
        if markup or kwargs or self.is_terminal:
            self.rich().print(text, markup=markup, **kwargs)
            return
        sys.stderr.write(text.translate(_CONTROL) + "\n")
        sys.stderr.flush()
