"""Single cell saves a moment apart, notified together (issue 13 item 3, decision 0039).

A teacher typing marks one cell at a time (the single-cell routes, a client of the API) made one
notification task per mark: each read the mark, the family and the preferences and wrote the
notifications, and on the embedded default it ran in the web process while the teacher's next
save was being answered (about 5 ms of the 10 ms a back-to-back save took over HTTP). The events
of the kinds that have a group handler (`subscribers.GROUP_HANDLERS`) are gathered for
`NOTIFY_COALESCE_SECONDS` and handed on as one group task: one notification per pupil naming
every mark, as a batch's are, and one task instead of thirty.

Only where the tasks themselves live in the process (the embedded `ThreadBackend`): a crash
loses the gathered events as it would lose that backend's queued tasks, and never a mark. With a
database or Redis backend the events go to it at once, durable as before. What is gathered when
the process stops is handed on before its task pool is joined.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

Enqueue = Callable[[str, list[dict[str, Any]]], None]


class Coalescer:
    """Events gathered by kind; the first of a quiet moment starts a timer of `window` seconds,
    after which everything gathered is handed to `enqueue_group` (one call per kind)."""

    def __init__(self, window: float, enqueue_group: Enqueue):
        self.window = window
        self.enqueue_group = enqueue_group
        self._lock = threading.Lock()
        self._pending: dict[str, list[dict[str, Any]]] = {}
        self._timer: threading.Timer | None = None

    def add(self, event: str, payload: dict[str, Any]) -> None:
        with self._lock:
            self._pending.setdefault(event, []).append(payload)
            if self._timer is None:
                self._timer = threading.Timer(self.window, self.flush)
                self._timer.daemon = True  # the exit hook below hands on what it held
                self._timer.start()

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()  # when called before its time (the exit hook, tests)
        for event, payloads in pending.items():
            self.enqueue_group(event, payloads)


_coalescer: Coalescer | None = None
_made = threading.Lock()


def coalescer(enqueue_group: Enqueue) -> Coalescer | None:
    """The process's coalescer, or None when events go straight to the task backend."""
    global _coalescer
    if _coalescer is None:
        window = _window()
        if window <= 0:
            return None
        with _made:
            if _coalescer is None:
                _coalescer = Coalescer(window, enqueue_group)
                # Before the task pool is joined at exit (the pool's own hook was registered
                # first, and these run in reverse order), so what was gathered still runs.
                threading._register_atexit(_coalescer.flush)
    return _coalescer


def _window() -> float:
    from django.conf import settings
    from django_tasks import task_backends

    from zhurnal.core.tasks_backend import ThreadBackend

    if not isinstance(task_backends["default"], ThreadBackend):
        return 0.0
    return float(getattr(settings, "NOTIFY_COALESCE_SECONDS", 1.0))
