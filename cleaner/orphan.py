"""Worker processes die with their parent, so a killed run leaves no worker cleaning on its own.

On Linux the kernel sends the worker SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG);
elsewhere a watchdog thread notices that the worker has been re-parented and exits. (The
signal follows the thread that started the worker; batch.py starts its pool from the main
thread, which lives as long as the process.)
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
_WATCH_EVERY = 1.0  # seconds between the watchdog's looks at the parent


def die_with_parent(parent: int) -> None:
    """Make the calling process exit when process `parent` (its parent) is gone."""
    if sys.platform.startswith("linux") and _pdeathsig():
        if os.getppid() != parent:
            os._exit(1)  # the parent died before the signal was armed
        return
    threading.Thread(target=_watch, args=(parent,), name="cleaner-orphan-watch", daemon=True).start()


def _pdeathsig() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_EVERY)
    os._exit(1)
