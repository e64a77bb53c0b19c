"""Results computed once per object, for readers that several rule families call on the same
document or table (the grids of a table, a document's scorecards).

``functools.lru_cache`` would hash the argument, and a frozen Document or Table hashes every cell
of it on each call; these caches key on the object's identity instead. An entry holds the object
itself, so its id cannot be reused while the entry lives, and at most ``maxsize`` entries live.
"""

from __future__ import annotations

import threading
from functools import wraps
from typing import Callable, TypeVar

A = TypeVar("A")
R = TypeVar("R")


def by_identity(maxsize: int) -> Callable[[Callable[[A], R]], Callable[[A], R]]:
    """Cache ``fn(obj)`` per object (``is``, not ``==``); the oldest entry goes first."""

    def decorate(fn: Callable[[A], R]) -> Callable[[A], R]:
        cache: dict[int, tuple[A, R]] = {}
        lock = threading.Lock()  # a scan may check the next document while a timed-out one still runs

        @wraps(fn)
        def cached(obj: A) -> R:
            with lock:
                hit = cache.get(id(obj))
            if hit is not None and hit[0] is obj:
                return hit[1]
            value = fn(obj)
            with lock:
                cache[id(obj)] = (obj, value)
                while len(cache) > maxsize:
                    del cache[next(iter(cache))]
            return value

        cached.cache_clear = cache.clear  # type: ignore[attr-defined]
        return cached

    return decorate
