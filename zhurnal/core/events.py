"""Domain events: lower layers announce what happened, upper layers react after commit.

The journal must not import notifications (it sits below them), yet a new mark must reach a
parent. So a service calls `publish("mark.created", ...)` inside its transaction; subscribers
registered by upper apps in `ready()` run in `transaction.on_commit`, so a rolled-back write
notifies nobody. A failing subscriber is logged and never undoes the write.

Inside `grouped()` (a batch of writes in one transaction) the events are collected instead and
delivered together after commit: a subscriber registered with `subscribe_group` gets each
event's payloads as one list (one notification per pupil, not one per mark); the others get
them one by one as usual. Events of a savepoint that rolled back are dropped, as on_commit does.
"""

import contextvars
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

log = logging.getLogger(__name__)
Handler = Callable[[str, dict[str, Any]], None]
GroupHandler = Callable[[str, list[dict[str, Any]]], None]
_subscribers: dict[str, list[Handler]] = defaultdict(list)
_group_subscribers: dict[str, list[GroupHandler]] = defaultdict(list)
# The events of the batch being written, by name in the order first published (None: no batch).
_group: contextvars.ContextVar[dict[str, list[dict[str, Any]]] | None] = contextvars.ContextVar(
    "events_group", default=None
)


def subscribe(event: str, handler: Handler) -> None:
    if handler not in _subscribers[event]:
        _subscribers[event].append(handler)


def subscribe_group(event: str, handler: GroupHandler) -> None:
    """`handler(event, payloads)` receives a batch's events of this kind at once; outside a batch
    the plain subscribers alone are called."""
    if handler not in _group_subscribers[event]:
        _group_subscribers[event].append(handler)


def _deliver(event: str, handler: Callable, argument: Any) -> None:
    try:
        handler(event, argument)
    except Exception:  # a notification must never break the journal
        log.exception("subscriber of %s failed", event)


@contextmanager
def grouped() -> Iterator[None]:
    """Collect the events published inside (within one transaction.atomic) and deliver them
    after commit, grouped by event: `subscribe_group` handlers once per event with all payloads,
    plain handlers once per payload."""
    if _group.get() is not None:  # already inside a batch: it delivers
        yield
        return
    collected: dict[str, list[dict[str, Any]]] = {}
    token = _group.set(collected)
    try:
        yield
    finally:
        _group.reset(token)

    def deliver() -> None:
        for event, payloads in collected.items():
            groupers = list(_group_subscribers.get(event, ()))
            for handler in groupers:
                _deliver(event, handler, payloads)
            if not groupers:
                for handler in list(_subscribers.get(event, ())):
                    for payload in payloads:
                        _deliver(event, handler, payload)

    # Registered after every item's own callbacks, so it runs once they have all been collected.
    transaction.on_commit(deliver)


def publish(event: str, **payload: Any) -> None:
    collected = _group.get()
    if collected is not None:
        if _subscribers.get(event) or _group_subscribers.get(event):
            # Through on_commit, so that an item whose savepoint rolled back adds nothing.
            transaction.on_commit(lambda: collected.setdefault(event, []).append(payload))
        return
    handlers = list(_subscribers.get(event, ()))
    if not handlers:
        return

    def deliver() -> None:
        for handler in handlers:
            try:
                handler(event, payload)
            except Exception:  # a notification must never break the journal
                log.exception("subscriber of %s failed", event)

    transaction.on_commit(deliver)
