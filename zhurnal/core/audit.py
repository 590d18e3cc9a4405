"""The audit writer. Services call `audit_record` inside their own transaction.

Inside `audit_batch()` (a batch of writes in one transaction, e.g. the journal's cell batches)
the rows are kept and inserted together in one statement when the block ends, still inside the
transaction; the batch forgets the rows of an item whose savepoint rolled back (`forget_after`).
"""

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from zhurnal.core.models import AuditEvent
from zhurnal.core.rawsql import insert_rows
from zhurnal.core.request_context import current_ip


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """A JSON-safe picture of the named fields, for `before` and `after`."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)
        data[name] = _jsonable(value)
    return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


_pending: contextvars.ContextVar[list[AuditEvent] | None] = contextvars.ContextVar(
    "audit_pending", default=None
)


class AuditBatch:
    def __init__(self) -> None:
        self.rows: list[AuditEvent] = []

    def mark(self) -> int:
        return len(self.rows)

    def forget_after(self, mark: int) -> None:
        """Drop the rows written since `mark` (their item was undone)."""
        del self.rows[mark:]


@contextmanager
def audit_batch() -> Iterator[AuditBatch]:
    """Collect the audit rows written inside and insert them in one statement at the end (call
    it inside the transaction.atomic of the writes, so they commit or roll back together)."""
    batch = AuditBatch()
    token = _pending.set(batch.rows)
    try:
        yield batch
    finally:
        _pending.reset(token)
    insert_rows(batch.rows)


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: int | None = None,
    school_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    group_key: str = "",
) -> AuditEvent:
    user = getattr(actor, "user", actor)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id is not None else obj.pk
        if school_id is None:
            school_id = getattr(obj, "school_id", None)
    row = AuditEvent(
        actor_id=getattr(user, "pk", None),
        actor_repr=str(getattr(user, "username", "") or "system")[:200],
        school_id=school_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=str(obj)[:300] if obj is not None else "",
        before=before,
        after=after,
        reason=reason,
        group_key=group_key,
        ip=current_ip(),
    )
    pending = _pending.get()
    if pending is not None:
        pending.append(row)
    else:
        row.save(force_insert=True)
    return row


def audit_record_many(*, actor: Any, entries: list[dict[str, Any]], batch_size: int = 500) -> None:
    """The rows `audit_record` would write, one per entry (its keyword arguments but `actor`),
    in a few INSERTs: for bulk paths (imports) that write many rows in one transaction."""
    user = getattr(actor, "user", actor)
    actor_id = getattr(user, "pk", None)
    actor_repr = str(getattr(user, "username", "") or "system")[:200]
    ip = current_ip()
    events = []
    for entry in entries:
        obj = entry.get("obj")
        school_id = entry.get("school_id")
        if obj is not None and school_id is None:
            school_id = getattr(obj, "school_id", None)
        events.append(
            AuditEvent(
                actor_id=actor_id,
                actor_repr=actor_repr,
                school_id=school_id,
                action=entry["action"],
                object_type=entry.get("object_type") or (obj._meta.label_lower if obj is not None else ""),
                object_id=entry.get("object_id", obj.pk if obj is not None else None),
                object_repr=str(entry.get("object_repr", obj if obj is not None else ""))[:300],
                before=entry.get("before"),
                after=entry.get("after"),
                reason=entry.get("reason", ""),
                group_key=entry.get("group_key", ""),
                ip=ip,
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
