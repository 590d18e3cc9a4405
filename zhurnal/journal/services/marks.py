"""Marks: create (idempotent), change, remove — each checked, locked by version, audited."""

import datetime as dt
from functools import cache

from django.db import IntegrityError, connection, connections, transaction
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Conflict, InvalidInput, Unprocessable
from zhurnal.core.events import publish
from zhurnal.core.inactive import refuse_inactive
from zhurnal.core.rawsql import ModelColumns, fetch, insert_rows, record_id
from zhurnal.journal import access, locks, memo
from zhurnal.journal.memo import memoized
from zhurnal.journal.models import Mark, WorkType
from zhurnal.journal.services.common import body_digest, cell_key, check_version
from zhurnal.journal.values import DEFERRED, parse_mark
from zhurnal.policy.actor import Actor

# The memo's name for the idempotency keys a batch's creates found taken (services.batch).
TAKEN_KEYS = "taken_mark_keys"
AUDITED_FIELDS = ["lesson", "student", "value", "work_type", "comment", "deferred_until", "version"]


_WORK_TYPE = ModelColumns(WorkType, "w")


@memoized(key=lambda school_id, work_type_id: (school_id, str(work_type_id)))
def _work_type(school_id: int, work_type_id) -> WorkType:
    work_type_id = record_id(work_type_id)
    rows = (
        fetch(
            f"SELECT {_WORK_TYPE.select(connection)} FROM journal_worktype w WHERE w.id = %s AND w.school_id = %s",
            [work_type_id, school_id],
        )
        if work_type_id is not None
        else []
    )
    work_type = _WORK_TYPE.build(rows[0]) if rows else None
    if work_type is None:
        raise _no_work_type()
    return work_type


def _no_work_type() -> InvalidInput:
    return InvalidInput(_("Вид работы не найден."), field="work_type", code="bad_work_type")


def _offered_work_type(school_id: int, work_type_id, kept_id=None) -> WorkType:
    """A work type for a new mark (or a change): a deactivated one only where the mark has it."""
    return _offered(_work_type(school_id, work_type_id), kept_id)


def _offered(work_type: WorkType | None, kept_id=None) -> WorkType:
    """The work type read (None: none of the school's has that id), offered as above."""
    if work_type is None:
        raise _no_work_type()
    refuse_inactive(work_type, field="work_type", label=_("Вид работы"), kept_id=kept_id)
    return work_type


def new_mark_rules(lesson, work_type_id) -> tuple:
    """(period, grading mode, work type or None) for a new mark in `lesson`, in one statement:
    `locks.period_of`, `locks.grading_mode` and `_work_type` would read them in three, on every
    mark saved (decision 0041). A batch keeps those three: they are read once for all its items."""
    assignment = lesson.assignment
    params = [*locks.cell_rules_params(assignment, lesson.date), record_id(work_type_id), lesson.school_id]
    row = fetch(_new_mark_rules_sql(connection.alias), params)[0]
    period, mode, start = locks.cell_rules_of(row, assignment)
    return period, mode, _WORK_TYPE.build(row, start)


@cache
def _new_mark_rules_sql(alias: str) -> str:
    # Built once per database: it is asked on every mark saved.
    db = connections[alias]
    return locks.cell_rules_sql(
        _WORK_TYPE.select(db), " LEFT JOIN journal_worktype w ON w.id = %s AND w.school_id = %s", db
    )


def _apply_value(mark: Mark, raw: str, mode: str, deferred_until: dt.date | None) -> None:
    parsed = parse_mark(raw, mode)
    mark.value, mark.score, mark.score2 = parsed.value, parsed.score, parsed.score2
    if parsed.value == DEFERRED:
        if deferred_until is None:
            raise InvalidInput(
                _("Для «точки» укажите срок, до которого работа должна быть сдана."),
                field="deferred_until",
                code="deadline_required",
            )
        mark.deferred_until = deferred_until
    else:
        mark.deferred_until = None


def _checked(
    actor: Actor,
    lesson_id: int,
    student_id: int,
    value: str,
    work_type_id: int,
    comment: str,
    deferred_until: dt.date | None,
    idempotency_key: str | None,
    reason: str,
) -> Mark:
    """Everything a new mark is checked for (the writer, the roster, the cell's lock, the work
    type, the value), and the mark built with its key's digest, not yet saved."""
    lesson = access.lesson_for_writer(actor, lesson_id)
    student = access.student_of_lesson(lesson, student_id)
    if memo.active():  # a batch: each read once for all its items
        locks.check_cell_editable(lesson, part="marks", reason=reason)
        work_type = _offered_work_type(lesson.school_id, work_type_id)
        mode = locks.grading_mode(lesson.assignment)
    else:
        period, mode, found = new_mark_rules(lesson, work_type_id)
        locks.check_cell_editable(lesson, part="marks", reason=reason, period=period)
        work_type = _offered(found)
    mark = Mark(
        school_id=lesson.school_id,
        lesson=lesson,
        student=student,
        work_type=work_type,
        comment=(comment or "").strip(),
        idempotency_key=idempotency_key or None,
    )
    if idempotency_key:
        mark.idempotency_digest = body_digest(
            lesson=int(lesson_id),
            student=int(student_id),
            value=(value or "").strip(),
            work_type=work_type_id,
            comment=mark.comment,
            deferred_until=deferred_until,
        )
    _apply_value(mark, value, mode, deferred_until)
    return mark


def mark_create(
    *,
    actor: Actor,
    lesson_id: int,
    student_id: int,
    value: str,
    work_type_id: int,
    comment: str = "",
    deferred_until: dt.date | None = None,
    idempotency_key: str | None = None,
    reason: str = "",
) -> tuple[Mark, bool]:
    """Returns (mark, created). A retry with the same Idempotency-Key returns the first mark: the
    key's unique constraint finds it, so the common path pays no look-up. The same key with
    another request is refused (422) and the first mark is kept."""
    mark = _checked(
        actor, lesson_id, student_id, value, work_type_id, comment, deferred_until, idempotency_key, reason
    )
    taken = memo.get(TAKEN_KEYS) if idempotency_key else None
    if taken is not None:
        # In a batch the keys already taken were read at once (cells_save), so the insert needs
        # no savepoint of its own: the item's savepoint undoes it if anything fails.
        if (mark.school_id, idempotency_key) in taken:
            return _retried(idempotency_key, mark.school_id, mark.idempotency_digest), False
        _save_new(mark, actor, reason)
        taken.add((mark.school_id, idempotency_key))
        return mark, True
    try:
        with transaction.atomic():
            _save_new(mark, actor, reason)
    except IntegrityError:
        if not idempotency_key:
            raise
        return _retried(idempotency_key, mark.school_id, mark.idempotency_digest), False
    return mark, True


def mark_create_checked(
    *,
    actor: Actor,
    lesson_id: int,
    student_id: int,
    value: str,
    work_type_id: int,
    comment: str = "",
    deferred_until: dt.date | None = None,
    idempotency_key: str | None = None,
    reason: str = "",
) -> tuple[Mark, bool]:
    """In a batch (services.batch): mark_create without its insert. (The mark a retried key
    already made, False), or (the new mark, checked and built but unsaved, True) for
    `marks_insert`, which saves many at once; a refusal raises as mark_create's does."""
    mark = _checked(
        actor, lesson_id, student_id, value, work_type_id, comment, deferred_until, idempotency_key, reason
    )
    taken = memo.get(TAKEN_KEYS)
    if idempotency_key and taken is not None and (mark.school_id, idempotency_key) in taken:
        return _retried(idempotency_key, mark.school_id, mark.idempotency_digest), False
    return mark, True


def marks_insert(*, actor: Actor, marks: list[tuple[Mark, str]]) -> None:
    """New marks from `mark_create_checked` with their reasons, inserted in one statement, each
    with the audit row and the event `mark_create` writes for one. Call it inside a savepoint:
    if one key was taken meanwhile by another request (IntegrityError), none is saved."""
    insert_rows([mark for mark, _reason in marks], returning_pk=True)
    taken = memo.get(TAKEN_KEYS)
    for mark, reason in marks:
        _recorded(mark, actor, reason)
        if taken is not None and mark.idempotency_key:
            taken.add((mark.school_id, mark.idempotency_key))


def _save_new(mark: Mark, actor: Actor, reason: str) -> None:
    mark.save()
    _recorded(mark, actor, reason)


def _recorded(mark: Mark, actor: Actor, reason: str) -> None:
    """The audit row and the event of a mark just inserted."""
    audit_record(
        actor=actor,
        action="mark.create",
        obj=mark,
        after=snapshot(mark, AUDITED_FIELDS),
        reason=reason,
        group_key=cell_key(mark.lesson_id, mark.student_id),
    )
    publish("mark.saved", mark_id=mark.pk, created=True, actor_user_id=actor.user.pk)


def taken_keys(school_ids, keys: list[str]) -> set[tuple[int, str]]:
    """(school, key) of the marks of these schools that already hold any of these idempotency
    keys: one read (by the key's unique index) for all of a batch's creates."""
    if not keys or not school_ids:
        return set()
    return set(
        Mark.objects.filter(school_id__in=list(school_ids), idempotency_key__in=keys).values_list(
            "school_id", "idempotency_key"
        )
    )


def _retried(key: str, school_id: int, digest: str | None) -> Mark:
    """The mark a retried request already made; a key reused for another request is refused."""
    existing = Mark.objects.filter(school_id=school_id, idempotency_key=key).first()
    if existing is None:  # the row that held the key was removed meanwhile
        raise Conflict(_("Повторите сохранение."), code="idempotency_key_reused")
    # A mark made before digests were kept (None) is taken as the retry it most likely is.
    if existing.idempotency_digest not in (None, digest):
        raise Unprocessable(
            _("Этот ключ повтора (Idempotency-Key) уже использован для другой отметки."),
            field="Idempotency-Key",
            code="idempotency_key_reused",
        )
    return existing


def mark_update(
    *,
    actor: Actor,
    mark_id: int,
    expected_version: int | None,
    changes: dict,
    reason: str = "",
) -> Mark:
    mark = access.mark_for_writer(actor, mark_id)
    locks.check_cell_editable(mark.lesson, part="marks", reason=reason)
    with transaction.atomic():
        mark = (
            Mark.objects.select_for_update(of=("self",))
            .select_related("lesson__assignment__class_group")
            .get(pk=mark.pk)
        )
        check_version(mark.version, expected_version, data={"version": mark.version, "value": mark.value})
        before = snapshot(mark, AUDITED_FIELDS)
        if "work_type" in changes:
            mark.work_type = _offered_work_type(
                mark.school_id, changes["work_type"], kept_id=mark.work_type_id
            )
        if "comment" in changes:
            mark.comment = (changes["comment"] or "").strip()
        if "value" in changes or "deferred_until" in changes:
            _apply_value(
                mark,
                changes.get("value", mark.value),
                locks.grading_mode(mark.lesson.assignment),
                changes.get("deferred_until", mark.deferred_until),
            )
        mark.version += 1
        mark.save()
        audit_record(
            actor=actor,
            action="mark.update",
            obj=mark,
            before=before,
            after=snapshot(mark, AUDITED_FIELDS),
            reason=reason,
            group_key=cell_key(mark.lesson_id, mark.student_id),
        )
        if before["value"] != mark.value:
            publish("mark.saved", mark_id=mark.pk, created=False, actor_user_id=actor.user.pk)
    return mark


def mark_delete(*, actor: Actor, mark_id: int, expected_version: int | None, reason: str = "") -> None:
    mark = access.mark_for_writer(actor, mark_id)
    locks.check_cell_editable(mark.lesson, part="marks", reason=reason)
    with transaction.atomic():
        mark = Mark.objects.select_for_update().get(pk=mark.pk)
        check_version(mark.version, expected_version, data={"version": mark.version, "value": mark.value})
        audit_record(
            actor=actor,
            action="mark.delete",
            obj=mark,
            before=snapshot(mark, AUDITED_FIELDS),
            reason=reason,
            group_key=cell_key(mark.lesson_id, mark.student_id),
        )
        mark.delete()
