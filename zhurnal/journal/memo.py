"""Reads shared by the items of one batch of cell changes (`services.cells_save`).

A batch of 30 marks on one lesson asks 30 times for the same lesson, roster, period, grading mode
and work type; inside `shared_reads()` each is read once and kept for the rest of the batch, so
the batch's queries are its writes plus a constant. Only reads the batch's own writes cannot
change are memoized (a lesson's date and status, the roster, the periods, the directories).
Outside a batch nothing is kept: a single save reads afresh, as before.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_store: contextvars.ContextVar[dict | None] = contextvars.ContextVar("journal_shared_reads", default=None)


@contextmanager
def shared_reads() -> Iterator[None]:
    if _store.get() is not None:
        yield
        return
    token = _store.set({})
    try:
        yield
    finally:
        _store.reset(token)


def active() -> bool:
    return _store.get() is not None


def memoized(key: Callable[..., Any]):
    """Keep `func`'s answer for `key(*args, **kwargs)` while a batch runs."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            store = _store.get()
            if store is None:
                return func(*args, **kwargs)
            slot = (func.__qualname__, key(*args, **kwargs))
            if slot not in store:
                store[slot] = func(*args, **kwargs)
            return store[slot]

        return wrapper

    return decorate


def put(name: str, value: Any) -> None:
    """Keep a value the batch computed for all its items (e.g. the idempotency keys taken)."""
    store = _store.get()
    if store is not None:
        store[("put", name)] = value


def get(name: str) -> Any:
    store = _store.get()
    return None if store is None else store.get(("put", name))
