"""Enrolment applications (Приказ № 458): received in the intake windows, documents checked, then
enrolled by an order (the pupil's records, the guardian and the link, the personal file and the
enrolment in one transaction) or refused with a reason."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.core import clock
from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Conflict, InvalidInput
from zhurnal.office import access
from zhurnal.office.models import EnrolmentApplication, Movement, OfficeSettings
from zhurnal.office.services.movements import movement_record
from zhurnal.office.services.orders import office_settings
from zhurnal.people.models import Student, StudentGuardian
from zhurnal.people.services.records import guardian_create, student_create
from zhurnal.policy.actor import Actor

A = EnrolmentApplication
AUDITED = ["number", "year", "received_on", "window", "category", "grade", "status", "refusal_reason"]
TEXT_FIELDS = {
    "child_last_name": (gettext_lazy("Фамилия ребёнка"), 100, True),
    "child_first_name": (gettext_lazy("Имя ребёнка"), 100, True),
    "child_middle_name": (gettext_lazy("Отчество ребёнка"), 100, False),
    "address": (gettext_lazy("Адрес проживания"), 500, False),
    "applicant_last_name": (gettext_lazy("Фамилия заявителя"), 100, True),
    "applicant_first_name": (gettext_lazy("Имя заявителя"), 100, True),
    "applicant_middle_name": (gettext_lazy("Отчество заявителя"), 100, False),
    "applicant_phone": (gettext_lazy("Телефон"), 30, False),
    "applicant_email": (gettext_lazy("Эл. почта"), 254, False),
}


def _day(year: int, month_day: str) -> dt.date:
    month, day = (int(p) for p in month_day.split("-"))
    return dt.date(year, month, day)


def intake_windows(settings: OfficeSettings, year: int) -> dict[str, tuple[dt.date, dt.date]]:
    return {
        A.Window.FIRST: (_day(year, settings.first_window_from), _day(year, settings.first_window_to)),
        A.Window.SECOND: (_day(year, settings.second_window_from), _day(year, settings.second_window_to)),
    }


def window_for(settings: OfficeSettings, category: str, day: dt.date) -> str | None:
    """The window an application of `category` received on `day` belongs to, or None (closed).
    Priority and territory apply from the first window on; others only in the second."""
    windows = intake_windows(settings, day.year)
    first, second = windows[A.Window.FIRST], windows[A.Window.SECOND]
    if category in (A.Category.PRIORITY, A.Category.TERRITORY) and first[0] <= day <= first[1]:
        return A.Window.FIRST
    if second[0] <= day <= second[1]:
        return A.Window.SECOND
    return None


def _clean(fields: dict) -> dict:
    clean = {}
    for name, (label, limit, required) in TEXT_FIELDS.items():
        value = fields.get(name) or ""
        if not isinstance(value, str):
            raise InvalidInput(_("Поле «%(f)s» должно быть текстом.") % {"f": label}, field=name)
        value = value.strip()
        if required and not value:
            raise InvalidInput(_("Заполните поле «%(f)s».") % {"f": label}, field=name)
        if len(value) > limit:
            raise InvalidInput(_("Поле «%(f)s» длиннее %(n)s знаков.") % {"f": label, "n": limit}, field=name)
        clean[name] = value
    birth = fields.get("child_birth_date")
    if not isinstance(birth, dt.date):
        raise InvalidInput(_("Укажите дату рождения ребёнка."), field="child_birth_date")
    clean["child_birth_date"] = birth
    sex = fields.get("child_sex") or ""
    if sex not in ("", *Student.Sex.values):
        raise InvalidInput(_("Выберите пол из списка."), field="child_sex")
    clean["child_sex"] = sex
    relation = fields.get("applicant_relation") or StudentGuardian.Relation.MOTHER
    if relation not in StudentGuardian.Relation.values:
        raise InvalidInput(_("Выберите, кем заявитель приходится ребёнку."), field="applicant_relation")
    clean["applicant_relation"] = relation
    return clean


def application_receive(
    *, actor: Actor, school_id=None, category, received_on=None, grade=1, **fields
) -> EnrolmentApplication:
    school = access.school_for_orders_keeper(actor, school_id)
    if category not in A.Category.values:
        raise InvalidInput(_("Выберите категорию заявителя из списка."), field="category")
    received_on = received_on or clock.today()
    if not isinstance(received_on, dt.date):
        raise InvalidInput(_("Дата подачи указана неверно."), field="received_on")
    try:
        grade = int(grade)
    except (TypeError, ValueError):
        grade = 0
    if not 1 <= grade <= 11:
        raise InvalidInput(_("Класс — число от 1 до 11."), field="grade")
    settings = office_settings(school.pk)
    window = window_for(settings, category, received_on)
    if window is None:
        windows = intake_windows(settings, received_on.year)
        raise InvalidInput(
            _(
                "%(d)s приём заявлений этой категории закрыт. Этапы приёма: %(a)s–%(b)s (преимущественное право и закреплённая территория), %(c)s–%(e)s (все)."
            )
            % {
                "d": f"{received_on:%d.%m.%Y}",
                "a": f"{windows[A.Window.FIRST][0]:%d.%m}",
                "b": f"{windows[A.Window.FIRST][1]:%d.%m}",
                "c": f"{windows[A.Window.SECOND][0]:%d.%m}",
                "e": f"{windows[A.Window.SECOND][1]:%d.%m}",
            },
            field="received_on",
            code="intake_closed",
        )
    clean = _clean(fields)
    with transaction.atomic():
        last = A.objects.filter(school=school, year=received_on.year).aggregate(n=Max("number"))
        application = A.objects.create(
            school=school,
            number=(last["n"] or 0) + 1,
            year=received_on.year,
            received_on=received_on,
            window=window,
            category=category,
            grade=grade,
            **clean,
        )
        audit_record(
            actor=actor, action="application.receive", obj=application, after=snapshot(application, AUDITED)
        )
    return application


def _for_decision(actor: Actor, application_id, allowed: tuple[str, ...]) -> EnrolmentApplication:
    found = access.application_for_keeper(actor, application_id)
    application = A.objects.select_for_update().get(pk=found.pk)
    if application.status not in allowed:
        raise Conflict(
            _("Заявление уже в статусе «%(s)s».") % {"s": application.get_status_display()},
            code="wrong_status",
        )
    return application


def application_check(*, actor: Actor, application_id) -> EnrolmentApplication:
    with transaction.atomic():
        application = _for_decision(actor, application_id, (A.Status.RECEIVED,))
        before = snapshot(application, AUDITED)
        application.status = A.Status.CHECKED
        application.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="application.check",
            obj=application,
            before=before,
            after=snapshot(application, AUDITED),
        )
    return application


def application_refuse(*, actor: Actor, application_id, reason) -> EnrolmentApplication:
    reason = (reason or "").strip() if isinstance(reason, str) or reason is None else ""
    if not reason:
        raise InvalidInput(_("Укажите причину отказа."), field="reason")
    if len(reason) > 500:
        raise InvalidInput(_("Причина отказа длиннее 500 знаков."), field="reason")
    with transaction.atomic():
        application = _for_decision(actor, application_id, (A.Status.RECEIVED, A.Status.CHECKED))
        before = snapshot(application, AUDITED)
        application.status = A.Status.REFUSED
        application.refusal_reason = reason
        application.decided_by = actor.user
        application.decided_at = clock.now()
        application.save(update_fields=["status", "refusal_reason", "decided_by", "decided_at", "updated_at"])
        audit_record(
            actor=actor,
            action="application.refuse",
            obj=application,
            before=before,
            after=snapshot(application, AUDITED),
            reason=reason,
        )
    return application


def _create_pupil_records(actor: Actor, application: EnrolmentApplication) -> Student:
    """The pupil, the applicant as their guardian (a legal representative) and the link, through
    the people services: their checks (the secretary may create pupils only by an application)
    and the same audit rows as a pupil entered by hand."""
    student = student_create(
        actor=actor,
        school=application.school,
        application=application,
        data={
            "last_name": application.child_last_name,
            "first_name": application.child_first_name,
            "middle_name": application.child_middle_name,
            "birth_date": application.child_birth_date,
            "sex": application.child_sex,
            "address": application.address,
        },
    )
    guardian_create(
        actor=actor,
        student=student,
        application=application,
        data={
            "last_name": application.applicant_last_name,
            "first_name": application.applicant_first_name,
            "middle_name": application.applicant_middle_name,
            "phone": application.applicant_phone,
            "email": application.applicant_email,
            "relation": application.applicant_relation,
            "is_legal_representative": "on",
        },
    )
    return student


def application_enrol(*, actor: Actor, application_id, order_id, class_id, date=None) -> EnrolmentApplication:
    """Enrol the child by an order of the movement series into a class: their records, the
    guardian link, the personal file (opened by the enrolment) and the enrolment itself."""
    if class_id in (None, ""):
        raise InvalidInput(_("Выберите класс."), field="to_class")
    with transaction.atomic():
        application = _for_decision(actor, application_id, (A.Status.CHECKED,))
        before = snapshot(application, AUDITED)
        student = _create_pupil_records(actor, application)
        movement = movement_record(
            actor=actor,
            order_id=order_id,
            kind=Movement.Kind.ENROLMENT,
            student_id=student.pk,
            date=date,
            to_class_id=class_id,
            note=_("заявление № %(n)s/%(y)s") % {"n": application.number, "y": application.year},
        )
        application.status = A.Status.ENROLLED
        application.student = student
        application.movement = movement
        application.decided_by = actor.user
        application.decided_at = clock.now()
        application.save(
            update_fields=["status", "student", "movement", "decided_by", "decided_at", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="application.enrol",
            obj=application,
            before=before,
            after={**snapshot(application, AUDITED), "student": student.pk, "movement": movement.pk},
        )
    return application
