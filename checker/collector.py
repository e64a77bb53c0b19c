"""The cyclic garbage collector held off while a document is checked.

A check builds tens of thousands of small objects (figures, statements, cells) that live until its
report is written; the collector's generations keep re-walking them, and a full collection also
walks everything the process has loaded (jieba's dictionary, lexicons, models): together about a
twentieth of a warm check. The pipeline builds no reference cycles worth collecting (a test holds
that a check leaves next to no cyclic garbage), so nothing is lost by collecting only after it.
Reference counting frees everything else as usual, so memory does not grow while paused.
"""

from __future__ import annotations

import gc
import threading
from functools import wraps
from typing import Callable, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.Lock()
_running = 0  # checks in progress: a scan's threads may overlap, the last one out resumes collection
_was_enabled = False


def collector_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` with automatic collection off, restoring the state it found when the last
    overlapping call ends (a caller that disabled the collector itself keeps it disabled)."""

    @wraps(fn)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        global _running, _was_enabled
        with _lock:
            if _running == 0:
                _was_enabled = gc.isenabled()
                gc.disable()
            _running += 1
        try:
            return fn(*args, **kwargs)
        finally:
            with _lock:
                _running -= 1
                if _running == 0 and _was_enabled:
                    gc.enable()

    return paused
