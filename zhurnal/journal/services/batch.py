"""Many cell changes in one request and one transaction (`POST /api/v1/journal/cells`).

Each item goes through the same service as its single-cell route (marks, attendance), so the
policy, the edit window, closed periods and their reasons, versions, idempotency keys and audit
rows are theirs (the audit rows of a batch are inserted in one statement, core.audit.audit_batch).
Each item runs in its own savepoint: one stale or forbidden cell is answered
with its error and the others are saved. The items share their reads (journal.memo) and their
events are grouped (core.events.grouped): a family hears once per pupil per batch.

With an Idempotency-Key the batch's answer is kept (CellBatch): a retry of a batch that landed
gets the same results and writes nothing; the key reused for another body is refused (422).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhurnal.core import events
from zhurnal.core.audit import AuditBatch, audit_batch
from zhurnal.core.errors import Conflict, InvalidInput, ServiceError, Unprocessable
from zhurnal.journal import memo
from zhurnal.journal.memo import shared_reads
from zhurnal.journal.models import Attendance, CellBatch, Mark
from zhurnal.journal.services.attendance import attendance_clear, attendance_set
from zhurnal.journal.services.common import body_digest
from zhurnal.journal.services.marks import (
    TAKEN_KEYS,
    mark_create,
    mark_create_checked,
    mark_delete,
    mark_update,
    marks_insert,
    taken_keys,
)
from zhurnal.policy.actor import Actor

MAX_ITEMS = 200
OPS = ("mark.create", "mark.update", "mark.delete", "attendance.set", "attendance.clear")
MARK_FIELDS = ("value", "work_type", "comment", "deferred_until")


@dataclass(frozen=True)
class CellChange:
    """One item of a batch as the API parsed it: the op and its fields (ids as ints, dates as
    dates); `reason` for a change in an unlocked period."""

    op: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CellOutcome:
    """What became of one item: a status (201 made, 200 changed or already there, or the
    error's), the record when there is one, the refusal otherwise."""

    op: str
    status: int
    record: Mark | Attendance | None = None
    error: ServiceError | None = None


def _status_of(error: ServiceError) -> int:
    # 400 answers a malformed request as a whole; an item's bad value is unprocessable (422),
    # with the same code and field as the single route's 400.
    return 422 if error.status == 400 else error.status


def _apply(actor: Actor, change: CellChange) -> tuple[int, Mark | Attendance | None]:
    f = change.fields
    reason = f.get("reason") or ""
    if change.op == "mark.create":
        mark, created = mark_create(
            actor=actor,
            lesson_id=f["lesson"],
            student_id=f["student"],
            value=f["value"],
            work_type_id=f["work_type"],
            comment=f.get("comment") or "",
            deferred_until=f.get("deferred_until"),
            idempotency_key=f.get("idempotency_key"),
            reason=reason,
        )
        return (201 if created else 200), mark
    if change.op == "mark.update":
        changes = {name: f[name] for name in MARK_FIELDS if name in f}
        mark = mark_update(
            actor=actor, mark_id=f["id"], expected_version=f.get("if_match"), changes=changes, reason=reason
        )
        return 200, mark
    if change.op == "mark.delete":
        mark_delete(actor=actor, mark_id=f["id"], expected_version=f.get("if_match"), reason=reason)
        return 200, None
    if change.op == "attendance.set":
        record = attendance_set(
            actor=actor,
            lesson_id=f["lesson"],
            student_id=f["student"],
            code=f["code"],
            minutes_late=f.get("minutes"),
            # No if_match: the client saw no record (0), so an existing one is a conflict.
            expected_version=f.get("if_match") or 0,
            reason=reason,
        )
        return 200, record
    if change.op == "attendance.clear":
        attendance_clear(
            actor=actor,
            lesson_id=f["lesson"],
            student_id=f["student"],
            expected_version=f.get("if_match"),
            reason=reason,
        )
        return 200, None
    raise InvalidInput(_("Неизвестное действие: %(op)s.") % {"op": change.op}, field="op")


def _one(actor: Actor, change: CellChange, audit: AuditBatch) -> CellOutcome:
    mark = audit.mark()
    try:
        with transaction.atomic():  # the item's savepoint: a refusal undoes this item alone
            status, record = _apply(actor, change)
    except ServiceError as error:
        audit.forget_after(mark)  # its audit rows go with it
        return CellOutcome(change.op, _status_of(error), error=error)
    except IntegrityError:
        # Another request took this mark's idempotency key a moment ago: this item, not the batch.
        audit.forget_after(mark)
        return CellOutcome(
            change.op, 409, error=Conflict(_("Повторите сохранение."), code="idempotency_key_reused")
        )
    return CellOutcome(change.op, status, record)


def _create_fields(change: CellChange) -> dict[str, Any]:
    f = change.fields
    return {
        "lesson_id": f["lesson"],
        "student_id": f["student"],
        "value": f["value"],
        "work_type_id": f["work_type"],
        "comment": f.get("comment") or "",
        "deferred_until": f.get("deferred_until"),
        "idempotency_key": f.get("idempotency_key"),
        "reason": f.get("reason") or "",
    }


def _creates(actor: Actor, run: Sequence[CellChange], audit: AuditBatch) -> list[CellOutcome]:
    """A run of consecutive new marks: each checked as mark_create checks it (reads only, so a
    refusal needs no savepoint to undo), then all the new ones inserted in one statement inside
    one savepoint. Should the database refuse that insert (a key another request took a moment
    ago), the run is undone and saved again item by item, each in its own savepoint (`_one`)."""
    outcomes: list[CellOutcome | None] = [None] * len(run)
    new: list[tuple[int, Mark, str]] = []
    for index, change in enumerate(run):
        fields = _create_fields(change)
        try:
            mark, created = mark_create_checked(actor=actor, **fields)
        except ServiceError as error:
            outcomes[index] = CellOutcome(change.op, _status_of(error), error=error)
            continue
        if created:
            new.append((index, mark, fields["reason"]))
        else:
            outcomes[index] = CellOutcome(change.op, 200, mark)
    if new:
        before_insert = audit.mark()
        try:
            with transaction.atomic():
                marks_insert(actor=actor, marks=[(m, reason) for _index, m, reason in new])
        except IntegrityError:
            audit.forget_after(before_insert)
            for index, _mark, _reason in new:
                outcomes[index] = _one(actor, run[index], audit)
        else:
            for index, m, _reason in new:
                outcomes[index] = CellOutcome("mark.create", 201, m)
    return outcomes  # type: ignore[return-value]  # every index was answered above


def _outcomes(actor: Actor, changes: Sequence[CellChange], audit: AuditBatch) -> list[CellOutcome]:
    """Every item in the order sent. Consecutive creates go together (`_creates`): no item
    between them can change what they check. A key sent twice ends the run before its second
    use, which then meets the first mark as a retry does."""
    outcomes: list[CellOutcome] = []
    run: list[CellChange] = []
    run_keys: set[str] = set()

    def flush() -> None:
        if run:
            outcomes.extend(_creates(actor, run, audit))
            run.clear()
            run_keys.clear()

    for change in changes:
        if change.op != "mark.create":
            flush()
            outcomes.append(_one(actor, change, audit))
            continue
        key = change.fields.get("idempotency_key")
        if key is not None and str(key) in run_keys:
            flush()
        run.append(change)
        if key is not None:
            run_keys.add(str(key))
    flush()
    return outcomes


def _digest(changes: Sequence[CellChange]) -> str:
    return body_digest(items=[{"op": c.op, **c.fields} for c in changes])


def _stored(actor: Actor, key: str, digest: str) -> list[dict] | None:
    stored = CellBatch.objects.filter(user_id=actor.user.pk, idempotency_key=key).first()
    if stored is None:
        return None
    if stored.idempotency_digest != digest:
        raise Unprocessable(
            _("Этот ключ повтора (Idempotency-Key) уже использован для другого пакета изменений."),
            field="Idempotency-Key",
            code="idempotency_key_reused",
        )
    return stored.results


def cells_save(
    *,
    actor: Actor,
    changes: Sequence[CellChange],
    render: Callable[[list[CellOutcome]], list[dict]],
    idempotency_key: str | None = None,
) -> tuple[list[dict], bool]:
    """Apply the changes in order, each in its own savepoint, in one transaction. Returns the
    results as `render` writes them (JSON-ready, in the order sent) and whether they are a
    replay of a batch that already landed under this Idempotency-Key."""
    if not changes:
        raise InvalidInput(_("Пакет изменений пуст."), field="items")
    if len(changes) > MAX_ITEMS:
        raise InvalidInput(
            _("В одном пакете не больше %(n)s изменений.") % {"n": MAX_ITEMS}, field="items", code="too_many"
        )
    digest = _digest(changes) if idempotency_key else ""
    with transaction.atomic():
        if idempotency_key:
            replay = _stored(actor, idempotency_key, digest)
            if replay is not None:
                return replay, True
        # The items' audit rows are inserted together, in this transaction (core.audit).
        with shared_reads(), events.grouped(), audit_batch() as audit:
            keys = [
                str(c.fields["idempotency_key"])
                for c in changes
                if c.op == "mark.create" and c.fields.get("idempotency_key")
            ]
            # A writer marks only in their own schools (access.lesson_for_writer).
            memo.put(TAKEN_KEYS, taken_keys(actor.member_school_ids, keys))
            outcomes = _outcomes(actor, changes, audit)
        results = render(outcomes)
        if idempotency_key:
            # No savepoint of its own: if the key is taken, the whole batch is undone anyway.
            try:
                CellBatch.objects.create(
                    user_id=actor.user.pk,
                    idempotency_key=idempotency_key,
                    idempotency_digest=digest,
                    results=results,
                )
            except IntegrityError:
                # The same batch sent twice at once: the other one is saving it; this one undoes.
                raise Conflict(
                    _("Этот пакет изменений уже сохраняется. Повторите запрос."), code="batch_in_progress"
                ) from None
    return results, False


KEEP_BATCHES = dt.timedelta(days=7)


def cell_batches_expire(*, now: dt.datetime | None = None) -> int:
    """Forget stored batch answers after a week: a retry comes within seconds or minutes, so a
    week is ample, and the table does not grow with every batch ever sent. A system job (the
    scheduler's), not a user's write: no policy, no audit row."""
    now = now or timezone.now()
    deleted, _by_model = CellBatch.objects.filter(created_at__lt=now - KEEP_BATCHES).delete()
    return deleted
