"""A per-document time limit, so one pathological document or rule cannot hang a batch."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType


class DocumentTimeout(Exception):
    """Cleaning one document took longer than the limit; `where` names the rule running then."""

    def __init__(self, where: str = "") -> None:
        super().__init__(where)
        self.where = where


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise DocumentTimeout()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise DocumentTimeout in the block after `seconds` (SIGALRM: CPython's regex engine checks
    for signals, so even a catastrophically backtracking pattern is interrupted).

    Off when `seconds` is 0 or outside the main thread, where signals cannot be delivered.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except DocumentTimeout as exc:
        raise DocumentTimeout(_running_rule(exc.__traceback__)) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _running_rule(tb: TracebackType | None) -> str:
    """' in rule X' for the innermost frame that was applying a rule, if any."""
    found = ""
    while tb is not None:
        rule = tb.tb_frame.f_locals.get("rule")
        rule_id = getattr(rule, "id", None)
        if isinstance(rule_id, str):
            found = f" in rule {rule_id} ({getattr(rule, 'source', '?')})"
        tb = tb.tb_next
    return found
