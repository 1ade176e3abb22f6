"""A per-document time limit, so one pathological document or rule cannot hang a batch."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import FrameType


class DocumentTimeout(Exception):
    """Cleaning one document took longer than the limit; `where` names the rule running then."""

    def __init__(self, where: str = "") -> None:
        super().__init__(where)
        self.where = where


class Running:
    """What the rule stage is running now, told by the stage itself: a rule loop sets `rule`
    before it runs a rule's patterns, so a timeout can name the rule that hung."""

    __slots__ = ("rule",)

    def __init__(self) -> None:
        self.rule: object | None = None


# One holder per thread (and per context), so a rule loop in one thread never names its rule
# in another's timeout; a loop fetches it once per document, then only sets an attribute.
_RUNNING: ContextVar[Running] = ContextVar("cleaner_running_rule")


def running() -> Running:
    """The holder a rule loop writes its rule to (a fresh one in each time_limit block)."""
    try:
        return _RUNNING.get()
    except LookupError:
        holder = Running()
        _RUNNING.set(holder)
        return holder


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
    holder = Running()
    token = _RUNNING.set(holder)
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except DocumentTimeout:
        where = _named(holder.rule)
        raise DocumentTimeout(where) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _RUNNING.reset(token)


def _named(rule: object | None) -> str:
    """' in rule X (pack file)' for a rule object, "" for None or anything without an id."""
    rule_id = getattr(rule, "id", None)
    return f" in rule {rule_id} ({getattr(rule, 'source', '?')})" if isinstance(rule_id, str) else ""
