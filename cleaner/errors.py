"""Error types that carry a one-line, user-facing message (file, line, hint)."""

from __future__ import annotations


class CleanerError(Exception):
    """A user error: printed as one line, never as a traceback."""


class PackError(CleanerError):
    """A rule pack is invalid: the message reads `file:line: rule id: what is wrong`."""

    def __init__(self, path: str, line: int | None, message: str, rule: str | None = None):
        self.path = path
        self.line = line
        self.rule = rule
        self.detail = message
        where = f"{path}:{line}" if line else path
        who = f" rule {rule}:" if rule else ""
        super().__init__(f"{where}:{who} {message}")
