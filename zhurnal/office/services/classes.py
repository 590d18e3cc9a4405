"""Classes of a year with their class teachers (a role grant naming the class), and the class
teacher's subgroups. The system administrator (and the director) set classes up; the class
teacher splits their own class."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhurnal.accounts.models import Role, RoleGrant, SecurityEvent
from zhurnal.accounts.security import security_log
from zhurnal.core import clock
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound
from zhurnal.people.models import Enrollment, Staff, SubgroupMembership, enrolled_between_q
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import AcademicYear, ClassGroup, Subgroup

LETTERS_MAX = 4


def _int(value, field: str, message: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(message, field=field) from None


def _manager_school(actor: Actor, school_id: int) -> None:
    if school_id not in rules.class_manager_school_ids(actor):
        if school_id in actor.member_school_ids:
            raise Forbidden(_("Классы создаёт системный администратор."))
        raise NotFound(_("Не найдено."))


def _staff(school_id: int, staff_id) -> Staff:
    found = (
        Staff.objects.filter(
            school_id=school_id, pk=_int(staff_id, "class_teacher", _("Выберите сотрудника."))
        )
        .select_related("user")
        .first()
    )
    if found is None:
        raise InvalidInput(_("Классный руководитель должен быть сотрудником школы."), field="class_teacher")
    if found.user_id is None:
        raise InvalidInput(
            _("У сотрудника нет учётной записи: сначала выдайте ему логин."), field="class_teacher"
        )
    return found


def class_create(*, actor: Actor, year_id, grade, letter, class_teacher_id=None) -> ClassGroup:
    year = AcademicYear.objects.filter(
        pk=_int(year_id, "year", _("Выберите учебный год.")), school_id__in=actor.member_school_ids
    ).first()
    if year is None:
        raise InvalidInput(_("Выберите учебный год."), field="year")
    _manager_school(actor, year.school_id)
    grade = _int(grade, "grade", _("Параллель — число от 1 до 11."))
    if not 1 <= grade <= 11:
        raise InvalidInput(_("Параллель — число от 1 до 11."), field="grade")
    letter = (letter or "").strip().upper() if isinstance(letter, str) else ""
    if not letter or len(letter) > LETTERS_MAX:
        raise InvalidInput(_("Литера — от 1 до 4 знаков, например «А»."), field="letter")
    teacher = _staff(year.school_id, class_teacher_id) if class_teacher_id not in (None, "") else None
    with transaction.atomic():
        if ClassGroup.objects.filter(
            school_id=year.school_id, year=year, grade=grade, letter=letter
        ).exists():
            raise InvalidInput(
                _("Класс %(n)s%(l)s в этом году уже есть.") % {"n": grade, "l": letter}, field="letter"
            )
        class_group = ClassGroup.objects.create(
            school_id=year.school_id, year=year, grade=grade, letter=letter
        )
        audit_record(
            actor=actor,
            action="class.create",
            obj=class_group,
            after={"year": year.name, "grade": grade, "letter": letter},
        )
        if teacher is not None:
            _assign(actor, class_group, teacher)
    return class_group


def _assign(actor: Actor, class_group: ClassGroup, teacher: Staff) -> RoleGrant:
    previous = list(
        RoleGrant.objects.filter(role=Role.CLASS_TEACHER, class_group=class_group).select_related("user")
    )
    for grant in previous:
        if grant.user_id == teacher.user_id:
            return grant
    for grant in previous:
        grant.delete()
        security_log(
            kind=SecurityEvent.Kind.ROLE_REVOKED,
            actor=actor,
            school_id=class_group.school_id,
            subject=grant.user,
            detail={"role": Role.CLASS_TEACHER, "class": class_group.pk},
        )
    grant = RoleGrant.objects.create(
        user_id=teacher.user_id,
        role=Role.CLASS_TEACHER,
        school_id=class_group.school_id,
        class_group=class_group,
    )
    security_log(
        kind=SecurityEvent.Kind.ROLE_GRANTED,
        actor=actor,
        school_id=class_group.school_id,
        subject=teacher.user,
        detail={"role": Role.CLASS_TEACHER, "class": class_group.pk},
    )
    audit_record(
        actor=actor,
        action="class.class_teacher",
        obj=class_group,
        before={"class_teacher": [g.user_id for g in previous]},
        after={"class_teacher": teacher.user_id},
    )
    return grant


def class_teacher_assign(*, actor: Actor, class_id, staff_id) -> RoleGrant:
    class_group = ClassGroup.objects.filter(
        pk=_int(class_id, "class_group", _("Выберите класс.")), school_id__in=actor.member_school_ids
    ).first()
    if class_group is None:
        raise NotFound(_("Не найдено."))
    _manager_school(actor, class_group.school_id)
    teacher = _staff(class_group.school_id, staff_id)
    with transaction.atomic():
        return _assign(actor, class_group, teacher)


# --- subgroups -------------------------------------------------------------------------------------


def class_for_splitting(actor: Actor, class_id) -> ClassGroup:
    class_group = (
        ClassGroup.objects.visible_to(actor)
        .filter(pk=_int(class_id, "class_group", _("Не найдено.")))
        .select_related("year")
        .first()
    )
    if class_group is None:
        raise NotFound(_("Не найдено."))
    if not rules.may_split_class(actor, class_group):
        raise Forbidden(_("Делить класс на подгруппы может классный руководитель."))
    return class_group


def class_pupil_ids(class_group: ClassGroup) -> set[int]:
    """The class's pupils from today to the year's end (or for the whole year, once it is over)."""
    day = min(max(clock.today(), class_group.year.start), class_group.year.end)
    return set(
        Enrollment.objects.filter(
            enrolled_between_q(day, class_group.year.end), class_group=class_group
        ).values_list("student_id", flat=True)
    )


def _members(class_group: ClassGroup, member_ids) -> set[int]:
    wanted = set()
    for value in member_ids or ():
        wanted.add(_int(value, "members", _("Выберите обучающихся из списка класса.")))
    stray = wanted - class_pupil_ids(class_group)
    if stray:
        raise InvalidInput(_("В подгруппу можно включить только обучающихся этого класса."), field="members")
    return wanted


def subgroup_save(*, actor: Actor, class_id, subgroup_id=None, name, member_ids) -> Subgroup:
    """Create a subgroup of the class (or rename it) and set its members (checkboxes)."""
    class_group = class_for_splitting(actor, class_id)
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name:
        raise InvalidInput(_("Укажите название подгруппы, например «Английский язык, гр. 1»."), field="name")
    if len(name) > 100:
        raise InvalidInput(_("Название подгруппы длиннее 100 знаков."), field="name")
    members = _members(class_group, member_ids)
    with transaction.atomic():
        if subgroup_id in (None, ""):
            subgroup = Subgroup.objects.create(
                school_id=class_group.school_id, class_group=class_group, name=name
            )
            before = None
        else:
            subgroup = (
                Subgroup.objects.select_for_update()
                .filter(pk=_int(subgroup_id, "subgroup", _("Не найдено.")), class_group=class_group)
                .first()
            )
            if subgroup is None:
                raise NotFound(_("Не найдено."))
            before = {
                "name": subgroup.name,
                "members": sorted(
                    SubgroupMembership.objects.filter(subgroup=subgroup).values_list("student_id", flat=True)
                ),
            }
            if subgroup.name != name:
                subgroup.name = name
                subgroup.save(update_fields=["name", "updated_at"])
        current = set(
            SubgroupMembership.objects.filter(subgroup=subgroup).values_list("student_id", flat=True)
        )
        SubgroupMembership.objects.filter(subgroup=subgroup, student_id__in=current - members).delete()
        try:
            SubgroupMembership.objects.bulk_create(
                [
                    SubgroupMembership(school_id=class_group.school_id, subgroup=subgroup, student_id=s)
                    for s in sorted(members - current)
                ]
            )
        except IntegrityError:
            raise InvalidInput(_("Состав подгруппы изменился, обновите страницу."), field="members") from None
        audit_record(
            actor=actor,
            action="subgroup.save",
            obj=subgroup,
            before=before,
            after={"name": name, "members": sorted(members)},
        )
    return subgroup
