"""Compatibility name for cleaner.timeout, kept only so that branches written before the rename
still import: `limits` read like model.Limits (the removal guard), which it is not. Import
cleaner.timeout in new code; delete this module once nothing imports it."""

from __future__ import annotations

from .timeout import DocumentTimeout, time_limit

__all__ = ["DocumentTimeout", "time_limit"]
