"""Period marks, closing and reopening periods, and the deputy director's unlock."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from zhurnal.core.events import publish
from zhurnal.journal import access, locks
from zhurnal.journal.models import JournalUnlock, PeriodMark
from zhurnal.journal.services.common import check_version
from zhurnal.journal.values import parse_period_mark
from zhurnal.people.models import Staff, Student
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import StudyPeriod

# How long the deputy director's unlock lasts: named once, used by the service and the pages.
UNLOCK_HOURS = 48

AUDITED_FIELDS = ["student", "subject", "period", "kind", "value", "suggested", "reason", "version"]


def _period_for(school_id: int, period_id) -> StudyPeriod:
    period = StudyPeriod.objects.filter(school_id=school_id, pk=period_id).select_related("year").first()
    if period is None:
        raise NotFound(_("Учебный период не найден."), field="period")
    return period


def period_mark_set(
    *,
    actor: Actor,
    assignment_id: int,
    student_id: int,
    period_id: int | None,
    value: str,
    kind: str = PeriodMark.Kind.PERIOD,
    reason: str = "",
    expected_version: int | None = None,
) -> PeriodMark:
    """Set a period (or year / exam / final) mark. Departing from the suggestion needs a reason."""
    from zhurnal.journal.selectors import suggestion_for, year_suggestion_for

    assignment = access.assignment_for_writer(actor, assignment_id)
    if kind not in PeriodMark.Kind.values:
        raise InvalidInput(_("Недопустимый вид отметки."), field="kind")
    period = None
    if kind == PeriodMark.Kind.PERIOD:
        if period_id is None:
            raise InvalidInput(_("Укажите период."), field="period")
        period = _period_for(assignment.school_id, period_id)
        grade = assignment.grade
        if not (period.grade_from <= grade <= period.grade_to) or period.year_id != assignment.year_id:
            raise InvalidInput(_("Этот период не относится к классу."), field="period", code="wrong_period")
        locks.check_date_editable(assignment, period.end, edit_window_days=None, reason=reason)
    else:
        locks.check_year_open(assignment, reason=reason)
    from zhurnal.journal.roster import roster_filter

    start = period.start if period else assignment.year.start
    end = period.end if period else assignment.year.end
    student = Student.objects.filter(roster_filter(assignment, start, end), pk=student_id).first()
    if student is None:
        raise NotFound(_("Обучающийся не найден в списке класса."), field="student", code="not_in_class")
    parsed = parse_period_mark(value, locks.grading_mode(assignment))
    if period:
        suggested = suggestion_for(assignment, student.pk, period).value
    elif kind == PeriodMark.Kind.YEAR:
        suggested = year_suggestion_for(assignment, student.pk).value
    else:
        suggested = ""  # exam and final marks come from outside the journal
    reason = (reason or "").strip()
    if suggested and parsed != suggested and not reason:
        raise InvalidInput(
            _("Отметка отличается от предложенной (%(s)s): укажите причину.") % {"s": suggested},
            field="reason",
            code="reason_required",
        )
    with transaction.atomic():
        record = (
            PeriodMark.objects.select_for_update()
            .filter(
                student=student,
                subject_id=assignment.subject_id,
                year_id=assignment.year_id,
                period=period,
                kind=kind,
            )
            .first()
        )
        before = None
        if record is None:
            record = PeriodMark(
                school_id=assignment.school_id,
                student=student,
                subject_id=assignment.subject_id,
                year_id=assignment.year_id,
                period=period,
                kind=kind,
            )
        else:
            check_version(
                record.version, expected_version, data={"version": record.version, "value": record.value}
            )
            before = snapshot(record, AUDITED_FIELDS)
            record.version += 1
        record.value, record.suggested, record.reason = parsed, suggested, reason
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            raise Conflict(
                _("Эту отметку только что выставил другой пользователь. Обновите данные."),
                code="version_conflict",
            ) from None
        audit_record(
            actor=actor,
            action="period_mark.set",
            obj=record,
            before=before,
            after=snapshot(record, AUDITED_FIELDS),
            reason=reason,
        )
        publish("period_mark.saved", period_mark_id=record.pk, actor_user_id=actor.user.pk)
    return record


def _period_for_keeper(actor: Actor, period_id) -> StudyPeriod:
    period = StudyPeriod.objects.visible_to(actor).filter(pk=period_id).first()
    if period is None:
        raise NotFound(_("Учебный период не найден."))
    if not access.may_keep_periods(actor, period.school_id):
        raise Forbidden(_("Закрывать и открывать периоды может заместитель директора."))
    return period


def period_close(*, actor: Actor, period_id: int, reason: str = "") -> StudyPeriod:
    """Lock every journal of the period's grades. Before the period's last day it needs a reason
    (kept in the audit row): closing early takes the last days away from every teacher."""
    period = _period_for_keeper(actor, period_id)
    reason = (reason or "").strip()
    early = clock.today() < period.end
    if early and not reason:
        raise InvalidInput(
            _("Период заканчивается %(end)s: чтобы закрыть его раньше, укажите причину.")
            % {"end": period.end.strftime("%d.%m.%Y")},
            field="reason",
            code="reason_required",
        )
    with transaction.atomic():
        period.closed, period.closed_at = True, timezone.now()
        period.save(update_fields=["closed", "closed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="period.close",
            obj=period,
            after={"closed": True, "early": early},
            reason=reason,
        )
    return period


def period_reopen(*, actor: Actor, period_id: int, reason: str) -> StudyPeriod:
    period = _period_for_keeper(actor, period_id)
    if not (reason or "").strip():
        raise InvalidInput(_("Укажите причину."), field="reason", code="reason_required")
    with transaction.atomic():
        period.closed, period.closed_at = False, None
        period.save(update_fields=["closed", "closed_at", "updated_at"])
        audit_record(actor=actor, action="period.reopen", obj=period, after={"closed": False}, reason=reason)
    return period


def journal_unlock(
    *,
    actor: Actor,
    assignment_id: int,
    date_from: dt.date,
    date_to: dt.date,
    reason: str,
    hours: int = UNLOCK_HOURS,
) -> JournalUnlock:
    """Let the assignment's teacher change the given dates (closed period or past the edit window)."""
    assignment = access.assignment_for_reader(actor, assignment_id)
    if not access.may_keep_periods(actor, assignment.school_id):
        raise Forbidden(_("Разрешение на исправление даёт заместитель директора."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Укажите причину."), field="reason", code="reason_required")
    if date_to < date_from:
        raise InvalidInput(_("Дата «по» раньше даты «с»."), field="date_to")
    granted_by = Staff.objects.filter(pk=actor.staff_id_in(assignment.school_id)).first()
    if granted_by is None:
        raise Forbidden(_("Нет карточки сотрудника."))
    with transaction.atomic():
        unlock = JournalUnlock.objects.create(
            school_id=assignment.school_id,
            assignment=assignment,
            date_from=date_from,
            date_to=date_to,
            reason=reason,
            granted_by=granted_by,
            expires_at=timezone.now() + dt.timedelta(hours=hours),
        )
        audit_record(
            actor=actor,
            action="journal.unlock",
            obj=unlock,
            after={"assignment": assignment.pk, "date_from": str(date_from), "date_to": str(date_to)},
            reason=reason,
        )
        publish("journal.unlocked", unlock_id=unlock.pk, actor_user_id=actor.user.pk)
    return unlock
