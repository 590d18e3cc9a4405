"""The consent registry's writes: record a consent with its signed scan, withdraw it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.core.uploads import UploadRules, check_files, store
from zhurnal.people.models import Consent, Guardian, Student, StudentGuardian
from zhurnal.policy import fields as visibility
from zhurnal.policy.actor import Actor

SCAN_RULES = UploadRules(
    max_bytes=10 * 1024 * 1024, max_count=1, extensions=("pdf", "jpg", "jpeg", "png"), field="scan"
)


def _date(value, field: str, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            _("«%(label)s»: дата в виде ГГГГ-ММ-ДД.") % {"label": label}, field=field
        ) from None


def consent_record(
    *, actor: Actor, student: Student, kind: str, given_on, guardian: Guardian | None = None, scan=None
) -> Consent:
    if not visibility.may_edit_student(actor, student, clock.today()):
        raise Forbidden(_("Вносить согласия может классный руководитель или администратор школы."))
    if kind not in Consent.Kind.values:
        raise InvalidInput(_("«Вид согласия»: выберите из списка."), field="kind")
    given = _date(given_on, "given_on", _("Дано"))
    if given is None:
        raise InvalidInput(_("«Дано»: укажите дату согласия."), field="given_on")
    if given > clock.today():
        raise InvalidInput(_("«Дано»: дата ещё не наступила."), field="given_on")
    if (
        guardian is not None
        and not StudentGuardian.objects.filter(student=student, guardian=guardian).exists()
    ):
        raise InvalidInput(_("«Кто дал согласие»: это не родитель обучающегося."), field="guardian")
    checked = check_files([scan] if scan else [], SCAN_RULES)
    with transaction.atomic():
        consent = Consent(
            school_id=student.school_id,
            student=student,
            guardian=guardian,
            kind=kind,
            given_on=given,
            recorded_by=actor.user,
        )
        if checked:
            consent.scan = store(checked[0], "consents", student.school_id)
            consent.scan_name = checked[0].original_name
            consent.scan_content_type = checked[0].content_type
        consent.save()
        audit_record(
            actor=actor,
            action="consent.record",
            obj=consent,
            school_id=student.school_id,
            after={
                "student": student.pk,
                "guardian": guardian.pk if guardian else None,
                "kind": kind,
                "given_on": given.isoformat(),
                "scan": bool(checked),
            },
        )
    return consent


def consent_withdraw(*, actor: Actor, consent: Consent, withdrawn_on=None) -> Consent:
    if not visibility.may_edit_student(actor, consent.student, clock.today()):
        raise Forbidden(_("Отмечать отзыв согласия может классный руководитель или администратор школы."))
    day = _date(withdrawn_on, "withdrawn_on", _("Отозвано")) or clock.today()
    if consent.withdrawn_on is not None:
        raise InvalidInput(_("Согласие уже отозвано."), field="withdrawn_on")
    if day < consent.given_on:
        raise InvalidInput(_("«Отозвано»: дата раньше даты согласия."), field="withdrawn_on")
    with transaction.atomic():
        consent.withdrawn_on = day
        consent.save(update_fields=["withdrawn_on"])
        audit_record(
            actor=actor,
            action="consent.withdraw",
            obj=consent,
            school_id=consent.school_id,
            before={"withdrawn_on": None},
            after={"withdrawn_on": day.isoformat()},
        )
    return consent
