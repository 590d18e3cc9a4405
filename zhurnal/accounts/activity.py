"""The activity log writer: one narrow row per login attempt and per signed-in request.

Logins, logouts, failed attempts and token issues are inserted at once (plain SQL through
core.rawsql): the security log must not lose them. The rows of pages and API calls — one per
request — wait in a buffer of the process and are written in one batch by a background thread
every `ZHURNAL_ACTIVITY_FLUSH_SECONDS` (and when the buffer fills), so no request pays for a
write (decision 0028). The buffer is flushed on a clean shutdown (gunicorn's `worker_exit`,
`atexit`); a crash of the process (SIGKILL, power loss) loses at most the last interval's page
and API rows. With the setting at 0 every row is written at once, as before (the tests).
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import os
import threading

from django.conf import settings
from django.db import connection
from django.utils import timezone

from zhurnal.accounts.models import ActivityEvent
from zhurnal.core import rawsql
from zhurnal.core.request_context import client_ip

log = logging.getLogger(__name__)

# Kinds written from the buffer; the others (logins and such) always at once.
BUFFERED_KINDS = frozenset({ActivityEvent.Kind.PAGE, ActivityEvent.Kind.API})
FLUSH_ROWS = 200  # a full buffer wakes the writer before its interval


def activity_record(*, request, kind: str, user=None, username: str = "", status: int | None = None) -> None:
    actor = getattr(request, "actor", None)
    user = user if user is not None else getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    role = ""
    school_id = None
    if user_id is not None and actor is not None and getattr(actor, "user", None) is not None:
        role = actor.primary_role
        school_id = actor.primary_school_id
    match = getattr(request, "resolver_match", None)
    route = (match.view_name if match else "") or request.path[:100]
    values = {
        "user_id": user_id,
        "username": (username or (user.get_username() if user_id else ""))[:150],
        "role": role,
        "school_id": school_id,
        "kind": kind,
        "route": route[:100],
        "method": (request.method or "")[:8],
        "status": status,
        "ip": client_ip(request),
    }
    if kind in BUFFERED_KINDS and settings.ZHURNAL_ACTIVITY_FLUSH_SECONDS > 0:
        # The row's time is the request's, taken now, not the flush's; the fields' preparation
        # waits for the writer thread, off the request's path.
        buffer.add((values, timezone.now()))
    else:
        rawsql.insert(ActivityEvent, **values)


def _params(row: tuple[dict, dt.datetime]) -> list:
    values, at = row
    params = rawsql.insert_params(ActivityEvent, **values)
    params[_AT] = _AT_FIELD.get_db_prep_save(at, connection)  # not the flush's time (auto_now_add)
    return params


_AT_FIELD = ActivityEvent._meta.get_field("at")
_AT = [f for f in ActivityEvent._meta.concrete_fields if not f.primary_key].index(_AT_FIELD)


class ActivityBuffer:
    """Rows waiting for the writer thread of this process (started on the first row)."""

    def __init__(self):
        self._rows: list[list] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def add(self, row: tuple[dict, dt.datetime]) -> None:
        with self._lock:
            self._rows.append(row)
            full = len(self._rows) >= FLUSH_ROWS
            if self._pid != os.getpid() or self._thread is None or not self._thread.is_alive():
                # First row of this process (a forked worker starts its own writer).
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="activity-log", daemon=True)
                self._thread.start()
        if full:
            self._wake.set()

    def pending(self) -> int:
        return len(self._rows)

    def flush(self) -> int:
        """Write every waiting row in one transaction; return how many."""
        with self._lock:
            rows, self._rows = self._rows, []
        if not rows:
            return 0
        try:
            rawsql.insert_many(ActivityEvent, [_params(row) for row in rows])
        except Exception:
            with self._lock:
                self._rows[:0] = rows  # kept for the next attempt
            raise
        return len(rows)

    def _run(self) -> None:
        while True:
            self._wake.wait(settings.ZHURNAL_ACTIVITY_FLUSH_SECONDS)
            self._wake.clear()
            try:
                self.flush()
            except Exception:  # the database is away: try again at the next interval
                log.exception("activity log flush failed")
                connection.close()


buffer = ActivityBuffer()


def flush_on_exit() -> None:
    """A clean shutdown writes what is waiting (gunicorn's worker_exit and atexit call it)."""
    try:
        buffer.flush()
    except Exception:
        log.exception("activity log flush at exit failed")


atexit.register(flush_on_exit)
