"""Staff records: a staff card, and with it (for the system administrator) a login and roles."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.accounts.logins import login_make
from zhurnal.accounts.models import Role, RoleGrant, SecurityEvent, User
from zhurnal.accounts.security import security_log
from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.people.models import Staff
from zhurnal.people.services._validate import apply
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup, School, Subject

STAFF_FIELDS = ["last_name", "first_name", "middle_name", "position", "email", "phone"]


def _clean_staff(data: dict) -> dict:
    cleaned = {name: str(data.get(name) or "").strip() for name in STAFF_FIELDS}
    if not cleaned["last_name"]:
        raise InvalidInput(_("Укажите фамилию."), field="last_name")
    if not cleaned["first_name"]:
        raise InvalidInput(_("Укажите имя."), field="first_name")
    for name in STAFF_FIELDS:
        limit = Staff._meta.get_field(name).max_length
        if limit and len(cleaned[name]) > limit:
            label = Staff._meta.get_field(name).verbose_name
            raise InvalidInput(
                _("Поле «%(field)s» длиннее %(max)s знаков.") % {"field": label, "max": limit}, field=name
            )
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            raise InvalidInput(_("Эл. почта указана неверно."), field="email") from None
    return cleaned


def _clean_roles(
    school: School, roles, class_group: ClassGroup | None
) -> list[tuple[str, ClassGroup | None]]:
    result = []
    for role in roles:
        if role not in rules.GRANTABLE_ROLES:
            raise InvalidInput(_("Такую роль здесь назначить нельзя."), field="roles")
        if role == Role.CLASS_TEACHER:
            if class_group is None or class_group.school_id != school.pk:
                raise InvalidInput(_("Выберите класс классного руководителя."), field="class_group")
            result.append((role, class_group))
        else:
            result.append((role, None))
    return result


def role_grant(*, actor: Actor, user: User, school_id: int, role: str, class_group=None) -> RoleGrant:
    """Grant a staff role in a school: its system administrator (audited and in the security log)."""
    if not rules.may_grant_roles(actor, school_id):
        raise Forbidden(_("Назначать роли может системный администратор школы."))
    with transaction.atomic():
        grant, made = RoleGrant.objects.get_or_create(
            user=user, role=role, school_id=school_id, class_group=class_group
        )
        if made:
            detail = {"role": role, "class_group": class_group.pk if class_group else None}
            audit_record(actor=actor, action="role.grant", obj=grant, school_id=school_id, after=detail)
            security_log(
                kind=SecurityEvent.Kind.ROLE_GRANTED,
                actor=actor,
                school_id=school_id,
                subject=user,
                detail=detail,
            )
    return grant


def staff_create(
    *,
    actor: Actor,
    school: School,
    data: dict,
    roles=(),
    class_group: ClassGroup | None = None,
) -> Staff:
    """A staff card; with roles (system administrator only) also a login made from the name.

    The login has no password yet: the credentials are issued next (people.services.credentials).
    """
    if school.pk not in rules.staff_record_school_ids(actor):
        raise Forbidden(_("Вносить сотрудников может секретарь или системный администратор школы."))
    cleaned = _clean_staff(data)
    roles = list(dict.fromkeys(r for r in roles if r))
    grants = _clean_roles(school, roles, class_group)
    if grants and not rules.may_grant_roles(actor, school.pk):
        raise Forbidden(_("Назначать роли может системный администратор школы."))
    with transaction.atomic():
        staff = Staff.objects.create(school=school, **cleaned)
        audit_record(
            actor=actor,
            action="staff.create",
            obj=staff,
            school_id=school.pk,
            after=snapshot(staff, STAFF_FIELDS),
        )
        if grants:
            user = User.objects.create_user(
                username=login_make(staff.last_name, staff.first_name, staff.middle_name),
                last_name=staff.last_name,
                first_name=staff.first_name,
                middle_name=staff.middle_name,
                email=staff.email,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            staff.user = user
            staff.save(update_fields=["user"])
            audit_record(
                actor=actor,
                action="account.open",
                obj=user,
                school_id=school.pk,
                after={"username": user.username, "card": "people.staff", "card_id": staff.pk},
            )
            for role, group in grants:
                role_grant(actor=actor, user=user, school_id=school.pk, role=role, class_group=group)
    return staff


STAFF_EDIT_FIELDS = [*STAFF_FIELDS, "work_start", "work_end"]


def staff_update(*, actor: Actor, staff: Staff, data: dict, subject_ids=None) -> Staff:
    """Edit a staff record (position, contacts, dates of work, subjects): the secretary, the
    system administrator, the director."""
    if staff.school_id not in rules.staff_record_school_ids(actor):
        raise Forbidden(_("Изменять данные сотрудника может секретарь или системный администратор школы."))
    with transaction.atomic():
        locked = Staff.objects.select_for_update().get(pk=staff.pk)
        before = snapshot(locked, STAFF_EDIT_FIELDS)
        before["subjects"] = sorted(locked.subjects.values_list("pk", flat=True))
        apply(locked, data, STAFF_EDIT_FIELDS)
        if locked.work_start and locked.work_end and locked.work_end < locked.work_start:
            raise InvalidInput(_("«Работал по»: дата раньше даты начала работы."), field="work_end")
        after = snapshot(locked, STAFF_EDIT_FIELDS)
        locked.save(update_fields=[n for n in STAFF_EDIT_FIELDS if before[n] != after[n]] or None)
        if subject_ids is not None:
            subjects = list(Subject.objects.filter(school_id=locked.school_id, pk__in=list(subject_ids)))
            if len(subjects) != len(set(subject_ids)):
                raise InvalidInput(_("«Предметы»: предмет не из этой школы."), field="subjects")
            locked.subjects.set(subjects)
            after["subjects"] = sorted(s.pk for s in subjects)
        else:
            after["subjects"] = before["subjects"]
        changed = [k for k in after if before.get(k) != after[k]]
        if changed:
            audit_record(
                actor=actor,
                action="staff.update",
                obj=locked,
                school_id=locked.school_id,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
    return locked
