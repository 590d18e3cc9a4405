"""Pupils' and parents' records: create, edit, link (issue 10 item 3).

Other apps (imports, enrolment) call these too. The system administrator (and director) keeps
every record of the school; a class teacher edits their class's pupils and those pupils' parents.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.people.models import Guardian, Student, StudentGuardian
from zhurnal.people.services._validate import apply
from zhurnal.policy import fields as visibility
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import School

STUDENT_FIELDS = [
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "sex",
    "address",
    "snils",
    "document_type",
    "document_series",
    "document_number",
    "document_issued_by",
    "document_issued_on",
    "health_group",
]
GUARDIAN_FIELDS = ["last_name", "first_name", "middle_name", "phone", "email", "address"]
LINK_FIELDS = ["relation", "is_legal_representative"]


def _student_fields(school: School) -> list[str]:
    # Health data only where the school keeps it: elsewhere the field is not even accepted.
    return [f for f in STUDENT_FIELDS if f != "health_group" or school.keeps_health_group]


def _check_snils(student: Student) -> None:
    """СНИЛС: 11 digits (written 123-456-789 01), with its check number."""
    digits = "".join(ch for ch in student.snils if ch.isdigit())
    if not student.snils:
        return
    if len(digits) != 11 or any(ch not in "0123456789- " for ch in student.snils):
        raise InvalidInput(_("«СНИЛС»: нужно 11 цифр, например 112-233-445 95."), field="snils")
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits[:9]))
    check = total % 101 if total > 101 else total
    check = 0 if check in (100, 101) else check
    if int(digits[9:]) != check:
        raise InvalidInput(_("«СНИЛС»: контрольное число не сходится, проверьте номер."), field="snils")
    student.snils = f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"


def student_create(*, actor: Actor, school: School, data: dict, application=None) -> Student:
    """A pupil's card. `application` is the enrolment application being enrolled, when the
    office enrols one (the secretary may create a pupil only so, `policy.fields`); its id goes
    into the audit row."""
    if not visibility.may_create_student(actor, school.pk, application=application):
        raise Forbidden(_("Вносить обучающихся может системный администратор школы."))
    student = Student(school=school)
    fields = _student_fields(school)
    apply(student, data, fields)
    _check_snils(student)
    with transaction.atomic():
        student.save()
        audit_record(
            actor=actor,
            action="student.create",
            obj=student,
            school_id=school.pk,
            after={**snapshot(student, fields), **_by_application(application)},
        )
    return student


def _by_application(application) -> dict:
    return {"application": application.pk} if application is not None else {}


def student_update(*, actor: Actor, student: Student, data: dict) -> Student:
    if not visibility.may_edit_student(actor, student, clock.today()):
        raise Forbidden(
            _("Изменять данные обучающегося может его классный руководитель или администратор школы.")
        )
    fields = _student_fields(student.school)
    with transaction.atomic():
        locked = Student.objects.select_for_update().select_related("school").get(pk=student.pk)
        before = snapshot(locked, fields)
        apply(locked, data, fields)
        _check_snils(locked)
        after = snapshot(locked, fields)
        changed = [name for name in fields if before[name] != after[name]]
        if changed:
            locked.save(update_fields=changed)
            audit_record(
                actor=actor,
                action="student.update",
                obj=locked,
                school_id=locked.school_id,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
    return locked


def guardian_create(*, actor: Actor, student: Student, data: dict, application=None) -> Guardian:
    """A parent's card, linked to the pupil (relation, legal representative) in one step.
    `application`: the enrolment application whose applicant this parent is (see student_create)."""
    if not visibility.may_create_guardian(actor, student, clock.today(), application=application):
        raise Forbidden(_("Вносить родителей может классный руководитель или администратор школы."))
    guardian = Guardian(school_id=student.school_id)
    apply(guardian, data, GUARDIAN_FIELDS)
    with transaction.atomic():
        guardian.save()
        audit_record(
            actor=actor,
            action="guardian.create",
            obj=guardian,
            school_id=guardian.school_id,
            after={**snapshot(guardian, GUARDIAN_FIELDS), **_by_application(application)},
        )
        _link_save(actor=actor, student=student, guardian=guardian, data=data)
    return guardian


def guardian_update(*, actor: Actor, guardian: Guardian, data: dict) -> Guardian:
    if not visibility.may_edit_guardian(actor, guardian, clock.today()):
        raise Forbidden(_("Изменять данные родителя может классный руководитель или администратор школы."))
    with transaction.atomic():
        locked = Guardian.objects.select_for_update().get(pk=guardian.pk)
        before = snapshot(locked, GUARDIAN_FIELDS)
        apply(locked, data, GUARDIAN_FIELDS)
        after = snapshot(locked, GUARDIAN_FIELDS)
        changed = [name for name in GUARDIAN_FIELDS if before[name] != after[name]]
        if changed:
            locked.save(update_fields=changed)
            audit_record(
                actor=actor,
                action="guardian.update",
                obj=locked,
                school_id=locked.school_id,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
    return locked


def guardian_link(*, actor: Actor, student: Student, guardian: Guardian, data: dict) -> StudentGuardian:
    """Link (or re-describe the link of) a pupil and a parent of the same school."""
    if not visibility.may_edit_student(actor, student, clock.today()):
        raise Forbidden(
            _("Связывать родителей с обучающимся может классный руководитель или администратор школы.")
        )
    return _link_save(actor=actor, student=student, guardian=guardian, data=data)


def _link_save(*, actor: Actor, student: Student, guardian: Guardian, data: dict) -> StudentGuardian:
    """The link itself, once the caller has checked who may make it."""
    if guardian.school_id != student.school_id:
        raise InvalidInput(_("Родитель и обучающийся из разных школ."), field="guardian")
    values = {
        "relation": str(data.get("relation") or "").strip(),
        "is_legal_representative": str(data.get("is_legal_representative", "on")).lower()
        in ("on", "true", "1", "yes"),
    }
    if values["relation"] not in StudentGuardian.Relation.values:
        raise InvalidInput(_("«Кем приходится»: выберите из списка."), field="relation")
    with transaction.atomic():
        link, made = StudentGuardian.objects.update_or_create(
            student=student, guardian=guardian, defaults={**values, "school_id": student.school_id}
        )
        audit_record(
            actor=actor,
            action="guardian.link",
            obj=link,
            school_id=student.school_id,
            after={"student": student.pk, "guardian": guardian.pk, **values, "created": made},
        )
    return link
