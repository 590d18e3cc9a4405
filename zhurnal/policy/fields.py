"""Field-level visibility of personal data (152-ФЗ minimisation, issue 10 item 3).

A record's page and the API show a field only when the actor's role may see it: a subject
teacher sees a pupil's name and class, not the address, documents, СНИЛС or contacts. The sets
of fields are data here; pages and the API ask `*_fields(actor, card)` and leave out the rest.
"""

from __future__ import annotations

from zhurnal.accounts.models import Role
from zhurnal.people.models import Enrollment, Guardian, Staff, Student, StudentGuardian, enrolled_between_q
from zhurnal.policy.actor import STUDENT_RECORD_KEEPERS, Actor
from zhurnal.policy.rules import credential_admin_school_ids, order_keeper_school_ids, staff_record_school_ids

NAME_FIELDS = ("last_name", "first_name", "middle_name")
STUDENT_PERSONAL_FIELDS = (
    "birth_date",
    "sex",
    "address",
    "snils",
    "document_type",
    "document_series",
    "document_number",
    "document_issued_by",
    "document_issued_on",
)
STUDENT_HEALTH_FIELDS = ("health_group",)
GUARDIAN_CONTACT_FIELDS = ("phone", "email", "address")
STAFF_PUBLIC_FIELDS = (*NAME_FIELDS, "position")
STAFF_WORK_FIELDS = ("phone", "email", "work_start", "work_end", "subjects")


def led_pupil_ids(actor: Actor, on) -> set[int]:
    """Pupils enrolled on `on` in classes the actor leads (one query; none without a class)."""
    if not actor.led_class_ids:
        return set()
    return set(
        Enrollment.objects.filter(
            enrolled_between_q(on, on), class_group_id__in=actor.led_class_ids
        ).values_list("student_id", flat=True)
    )


def student_personal_ids(actor: Actor, students, on) -> set[int]:
    """Of `students`, those whose personal data the actor may see: the school's record keepers,
    the pupil's class teacher, the pupil and their parents."""
    keepers = actor.school_ids(*STUDENT_RECORD_KEEPERS)
    led = led_pupil_ids(actor, on)
    own = actor.own_student_ids
    return {s.pk for s in students if s.school_id in keepers or s.pk in led or s.pk in own}


def student_fields(actor: Actor, student: Student, on, *, personal: bool | None = None) -> tuple[str, ...]:
    if personal is None:
        personal = student.pk in student_personal_ids(actor, [student], on)
    if not personal:
        return NAME_FIELDS
    fields = (*NAME_FIELDS, *STUDENT_PERSONAL_FIELDS)
    if student.school.keeps_health_group:
        fields = (*fields, *STUDENT_HEALTH_FIELDS)
    return fields


def guardian_contact_ids(actor: Actor, guardians, on) -> set[int]:
    """Of `guardians`, those whose contacts the actor may see: record keepers, the class teacher
    of one of their children, the parent themself."""
    keepers = actor.school_ids(*STUDENT_RECORD_KEEPERS)
    led = led_pupil_ids(actor, on)
    of_led = (
        set(
            StudentGuardian.objects.filter(
                guardian_id__in=[g.pk for g in guardians], student_id__in=led
            ).values_list("guardian_id", flat=True)
        )
        if led
        else set()
    )
    user_id = actor.user.pk if actor.user else None
    return {g.pk for g in guardians if g.school_id in keepers or g.pk in of_led or g.user_id == user_id}


def guardian_fields(actor: Actor, guardian: Guardian, on) -> tuple[str, ...]:
    if guardian.pk in guardian_contact_ids(actor, [guardian], on):
        return (*NAME_FIELDS, *GUARDIAN_CONTACT_FIELDS)
    return NAME_FIELDS


def staff_fields(actor: Actor, staff: Staff) -> tuple[str, ...]:
    """A school's community knows its staff's names and positions; contacts and dates of work are
    for its staff (the administration and colleagues)."""
    if staff.school_id in actor.school_ids(*STAFF_ROLES_FOR_CONTACTS):
        return (*STAFF_PUBLIC_FIELDS, *STAFF_WORK_FIELDS)
    return STAFF_PUBLIC_FIELDS


STAFF_ROLES_FOR_CONTACTS = (
    Role.DIRECTOR,
    Role.DEPUTY,
    Role.SYSADMIN,
    Role.SECRETARY,
    Role.CLASS_TEACHER,
    Role.TEACHER,
)


# --- who edits ------------------------------------------------------------------------------------


def may_create_student(actor: Actor, school_id: int, *, application=None) -> bool:
    """New pupils' cards: the system administrator (and director) of the school, by hand or by
    an import. The secretary, who keeps the orders book, only by enrolling an application of the
    school (`application`, the enrolment application being enrolled): the regulation gives
    people records to the system administrator, so a pupil never appears from the secretary's
    hand without an application and an order."""
    if school_id in credential_admin_school_ids(actor):
        return True
    return (
        application is not None
        and application.school_id == school_id
        and school_id in order_keeper_school_ids(actor)
    )


def may_create_guardian(actor: Actor, student: Student, on, *, application=None) -> bool:
    """A new parent's card linked to a pupil: whoever may edit the pupil's record, and the
    secretary enrolling that pupil by an application (the applicant becomes the guardian)."""
    return may_edit_student(actor, student, on) or may_create_student(
        actor, student.school_id, application=application
    )


def may_edit_student(actor: Actor, student: Student, on) -> bool:
    """The system administrator (and director) of the school; the pupil's class teacher."""
    return student.school_id in credential_admin_school_ids(actor) or student.pk in led_pupil_ids(actor, on)


def may_edit_guardian(actor: Actor, guardian: Guardian, on) -> bool:
    if guardian.school_id in credential_admin_school_ids(actor):
        return True
    led = led_pupil_ids(actor, on)
    return bool(led) and StudentGuardian.objects.filter(guardian=guardian, student_id__in=led).exists()


def may_edit_staff(actor: Actor, staff: Staff) -> bool:
    """Staff records: the secretary, the system administrator and the director."""
    return staff.school_id in staff_record_school_ids(actor)


def may_see_view_history(actor: Actor, school_id: int) -> bool:
    """Who viewed a person's record: the system administrator (and director) — the security log."""
    return school_id in credential_admin_school_ids(actor)
