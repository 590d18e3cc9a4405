"""Domain events: lower layers announce what happened, upper layers react after commit.

The journal must not import notifications (it sits below them), yet a new mark must reach a
parent. So a service calls `publish("mark.created", ...)` inside its transaction; subscribers
registered by upper apps in `ready()` run in `transaction.on_commit`, so a rolled-back write
notifies nobody. A failing subscriber is logged and never undoes the write.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

log = logging.getLogger(__name__)
Handler = Callable[[str, dict[str, Any]], None]
_subscribers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event: str, handler: Handler) -> None:
    if handler not in _subscribers[event]:
        _subscribers[event].append(handler)


def publish(event: str, **payload: Any) -> None:
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
