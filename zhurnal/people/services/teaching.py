"""Teaching assignments (педагогическая нагрузка) and the timetable, kept by the administration in
the app's pages (issue 10 item 7, decision 0030).

An assignment's class, subgroup and subject make its journal, so they never change once made; the
teacher and the hours may. Ending an assignment ends its timetable entries the same day. The
timetable is dated: a change holds from a day on (by default today), the entry it replaces ends
the day before, so the lessons already held keep their slots. Each change announces
`timetable.changed`, and the journal brings the coming days' lessons in line after commit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from zhurnal.core import clock, events
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound
from zhurnal.core.inactive import refuse_inactive
from zhurnal.people.models import Staff, TeachingAssignment, TimetableEntry
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import BellSchedule, BellSlot, ClassGroup, Room, Subgroup, Subject

MAX_HOURS = Decimal("40")
WEEKDAYS = range(1, 7)  # Monday to Saturday
TIMETABLE_CHANGED = "timetable.changed"


def _int(value, field: str, message: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(message, field=field) from None


def _keeper(actor: Actor, school_id: int) -> None:
    if not rules.may_keep_schedule(actor, school_id):
        if school_id in actor.member_school_ids:
            raise Forbidden(_("Нагрузку и расписание ведёт администрация школы."))
        raise NotFound(_("Не найдено."))


def _hours(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        hours = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        raise InvalidInput(
            _("«Часов в неделю»: введите число, например 2 или 0,5."), field="hours_per_week"
        ) from None
    if not hours.is_finite() or hours < 0 or hours > MAX_HOURS or hours != hours.quantize(Decimal("0.1")):
        raise InvalidInput(
            _("«Часов в неделю»: от 0 до 40, с одним знаком после запятой."), field="hours_per_week"
        )
    return hours.quantize(Decimal("0.1"))


def _date(value, field: str, label: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(_("«%(f)s»: укажите дату.") % {"f": label}, field=field) from None


def _teacher(school_id: int, teacher_id) -> Staff:
    found = Staff.objects.filter(
        school_id=school_id, pk=_int(teacher_id, "teacher", _("«Учитель»: выберите сотрудника."))
    ).first()
    if found is None:
        raise InvalidInput(_("«Учитель»: выберите сотрудника этой школы."), field="teacher")
    if found.work_end is not None and found.work_end < clock.today():
        raise InvalidInput(
            _("«Учитель»: %(name)s уволен(а) %(d)s.")
            % {"name": found.short_name, "d": f"{found.work_end:%d.%m.%Y}"},
            field="teacher",
        )
    return found


def _snapshot(a: TeachingAssignment) -> dict:
    return {
        "class_group": a.class_group_id,
        "subgroup": a.subgroup_id,
        "study_group": a.study_group_id,
        "subject": a.subject_id,
        "teacher": a.teacher_id,
        "hours_per_week": str(a.hours_per_week) if a.hours_per_week is not None else None,
        "ended_on": a.ended_on.isoformat() if a.ended_on else None,
    }


def _duplicate_message(subject, where, teacher) -> str:
    return _("У %(t)s уже есть «%(s)s» в %(w)s.") % {"t": teacher.short_name, "s": subject, "w": where}


def teaching_assignment_create(
    *, actor: Actor, class_id, subject_id, teacher_id, subgroup_id=None, hours_per_week=None
) -> TeachingAssignment:
    """A teacher teaches a subject to a class, or to one of its subgroups, for the class's year."""
    # Looked up among the actor's schools, not their visible classes: a member of the school who
    # may not keep the load is told so (403), an outsider that there is no such class.
    class_group = (
        ClassGroup.objects.filter(
            school_id__in=actor.member_school_ids,
            pk=_int(class_id, "class_group", _("«Класс»: выберите класс.")),
        )
        .select_related("year")
        .first()
    )
    if class_group is None:
        raise InvalidInput(_("«Класс»: выберите класс."), field="class_group")
    _keeper(actor, class_group.school_id)
    subgroup = None
    if subgroup_id not in (None, ""):
        subgroup = Subgroup.objects.filter(
            class_group=class_group, pk=_int(subgroup_id, "subgroup", _("«Подгруппа»: выберите подгруппу."))
        ).first()
        if subgroup is None:
            raise InvalidInput(
                _("«Подгруппа»: это не подгруппа класса %(c)s.") % {"c": class_group}, field="subgroup"
            )
    subject = Subject.objects.filter(
        school_id=class_group.school_id, pk=_int(subject_id, "subject", _("«Предмет»: выберите предмет."))
    ).first()
    if subject is None:
        raise InvalidInput(_("«Предмет»: выберите предмет из справочника школы."), field="subject")
    refuse_inactive(subject, field="subject", label=_("Предмет"))
    teacher = _teacher(class_group.school_id, teacher_id)
    hours = _hours(hours_per_week)
    where = subgroup or class_group
    duplicate = TeachingAssignment.objects.filter(
        class_group=class_group, subject=subject, teacher=teacher, subgroup=subgroup
    )
    if duplicate.exists():
        raise InvalidInput(_duplicate_message(subject, where, teacher), field="subject")
    try:
        with transaction.atomic():
            assignment = TeachingAssignment.objects.create(
                school_id=class_group.school_id,
                year=class_group.year,
                class_group=class_group,
                subgroup=subgroup,
                subject=subject,
                teacher=teacher,
                hours_per_week=hours,
            )
            audit_record(
                actor=actor, action="teaching_assignment.create", obj=assignment, after=_snapshot(assignment)
            )
    except IntegrityError:
        raise InvalidInput(_duplicate_message(subject, where, teacher), field="subject") from None
    return assignment


def _assignment_for_keeper(actor: Actor, assignment_id) -> TeachingAssignment:
    found = (
        TeachingAssignment.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .filter(pk=_int(assignment_id, "assignment", _("Не найдено.")))
        .first()
    )
    if found is None:
        raise NotFound(_("Не найдено."))
    _keeper(actor, found.school_id)
    return found


def teaching_assignment_update(
    *, actor: Actor, assignment_id, teacher_id, hours_per_week=None
) -> TeachingAssignment:
    """Hand the assignment to another teacher (from the next lesson made on) or change its hours.
    The lessons already held keep the teacher who conducted them."""
    with transaction.atomic():
        assignment = _assignment_for_keeper(actor, assignment_id)
        if assignment.ended_on is not None:
            raise InvalidInput(_("Нагрузка завершена, изменить её нельзя."), field="teacher")
        before = _snapshot(assignment)
        teacher = _teacher(assignment.school_id, teacher_id)
        hours = _hours(hours_per_week)
        if (
            teacher.pk != assignment.teacher_id
            and TeachingAssignment.objects.filter(
                class_group_id=assignment.class_group_id,
                subject_id=assignment.subject_id,
                subgroup_id=assignment.subgroup_id,
                study_group_id=assignment.study_group_id,
                teacher=teacher,
            ).exists()
        ):
            raise InvalidInput(
                _duplicate_message(assignment.subject, assignment.unit, teacher),
                field="teacher",
            )
        assignment.teacher = teacher
        assignment.hours_per_week = hours
        assignment.save(update_fields=["teacher", "hours_per_week", "updated_at"])
        audit_record(
            actor=actor,
            action="teaching_assignment.update",
            obj=assignment,
            before=before,
            after=_snapshot(assignment),
        )
        events.publish(TIMETABLE_CHANGED, school_id=assignment.school_id, start=clock.today().isoformat())
    return assignment


def teaching_assignment_end(*, actor: Actor, assignment_id, on) -> TeachingAssignment:
    """The last day of the assignment: its timetable entries end that day (those starting later go)."""
    with transaction.atomic():
        assignment = _assignment_for_keeper(actor, assignment_id)
        on = _date(on, "ended_on", _("Последний день"))
        year = assignment.year
        if not year.start <= on <= year.end:
            raise InvalidInput(
                _("«Последний день»: дата в пределах учебного года %(y)s.") % {"y": year.name},
                field="ended_on",
            )
        if assignment.ended_on is not None:
            raise InvalidInput(_("Нагрузка уже завершена."), field="ended_on")
        before = _snapshot(assignment)
        assignment.ended_on = on
        assignment.save(update_fields=["ended_on", "updated_at"])
        entries = TimetableEntry.objects.filter(assignment=assignment)
        entries.filter(valid_from__gt=on).delete()
        entries.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).update(valid_to=on)
        audit_record(
            actor=actor,
            action="teaching_assignment.end",
            obj=assignment,
            before=before,
            after=_snapshot(assignment),
        )
        events.publish(
            TIMETABLE_CHANGED, school_id=assignment.school_id, start=(on + dt.timedelta(days=1)).isoformat()
        )
    return assignment


# --- the timetable ---------------------------------------------------------------------------------


def in_force_q(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def bell_schedule_of(class_group: ClassGroup) -> BellSchedule | None:
    if class_group.bell_schedule_id:
        return class_group.bell_schedule
    # A class without its own schedule follows the school's first one still in use.
    return BellSchedule.objects.filter(school_id=class_group.school_id, is_active=True).order_by("pk").first()


def _entry_snapshot(entry: TimetableEntry) -> dict:
    return {
        "assignment": entry.assignment_id,
        "weekday": entry.weekday,
        "slot": entry.slot,
        "room": entry.room,
        "valid_from": entry.valid_from.isoformat(),
        "valid_to": entry.valid_to.isoformat() if entry.valid_to else None,
    }


def _from_day(value, year) -> dt.date:
    day = _date(value, "valid_from", _("Действует с")) if value not in (None, "") else clock.today()
    if not year.start <= day <= year.end:
        if value in (None, ""):
            return max(min(day, year.end), year.start)
        raise InvalidInput(
            _("«Действует с»: дата в пределах учебного года %(y)s.") % {"y": year.name}, field="valid_from"
        )
    return day


def timetable_entry_add(
    *, actor: Actor, assignment_id, weekday, slot, room: str = "", valid_from=None
) -> TimetableEntry:
    """Put an assignment into a slot of its class's week from a day on. Refused, naming the field,
    when the slot is taken by the class (two subgroups may share one), the teacher is elsewhere or
    the room is taken."""
    with transaction.atomic():
        assignment = _assignment_for_keeper(actor, assignment_id)
        if assignment.ended_on is not None:
            raise InvalidInput(_("«Предмет»: нагрузка завершена."), field="assignment")
        weekday = _int(weekday, "weekday", _("«День недели»: выберите день."))
        if weekday not in WEEKDAYS:
            raise InvalidInput(_("«День недели»: с понедельника по субботу."), field="weekday")
        slot = _int(slot, "slot", _("«Урок №»: номер урока по звонкам."))
        if assignment.class_group_id:
            class_group = ClassGroup.objects.select_related("bell_schedule").get(pk=assignment.class_group_id)
            schedule = bell_schedule_of(class_group)
        else:  # a cross-class study group keeps the school's bells
            schedule = BellSchedule.objects.filter(school_id=assignment.school_id).order_by("pk").first()
        if schedule is None:
            raise InvalidInput(_("В школе нет расписания звонков: сначала заведите его."), field="slot")
        numbers = set(BellSlot.objects.filter(schedule=schedule).values_list("number", flat=True))
        if (numbers and slot not in numbers) or not 1 <= slot <= 12:
            raise InvalidInput(
                _("«Урок №»: в расписании звонков «%(s)s» нет урока %(n)s.") % {"s": schedule, "n": slot},
                field="slot",
            )
        room = (room or "").strip() if isinstance(room, str) else ""
        if len(room) > 20:
            raise InvalidInput(_("«Кабинет»: не длиннее 20 знаков."), field="room")
        _check_room(assignment.school_id, room)
        day = _from_day(valid_from, assignment.year)
        _check_clashes(assignment, weekday, slot, room, day)
        entry = TimetableEntry.objects.create(
            school_id=assignment.school_id,
            assignment=assignment,
            weekday=weekday,
            slot=slot,
            bell_schedule=schedule,
            room=room,
            valid_from=day,
        )
        audit_record(actor=actor, action="timetable.add", obj=entry, after=_entry_snapshot(entry))
        events.publish(TIMETABLE_CHANGED, school_id=assignment.school_id, start=day.isoformat())
    return entry


def _check_room(school_id: int, room: str) -> None:
    """Once the school keeps its rooms' directory, a room is one of its rooms in use."""
    if not room:
        return
    rooms = dict(Room.objects.filter(school_id=school_id).values_list("name", "is_active"))
    if rooms and not rooms.get(room):
        raise InvalidInput(
            _("«Кабинет»: «%(r)s» нет среди действующих кабинетов справочника школы.") % {"r": room},
            field="room",
            code="unknown_room" if room not in rooms else "inactive_entry",
        )


def rooms_offered(school_id: int) -> list[str]:
    """The rooms the timetable's forms offer: the directory's rooms in use."""
    return list(Room.objects.filter(school_id=school_id, is_active=True).values_list("name", flat=True))


def _check_clashes(assignment: TeachingAssignment, weekday: int, slot: int, room: str, day: dt.date) -> None:
    """Entries in force on `day` or later at the same weekday and slot."""
    later = Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    same_time = TimetableEntry.objects.filter(
        later, school_id=assignment.school_id, weekday=weekday, slot=slot
    )
    same_time = list(
        same_time.select_related(
            "assignment__subject", "assignment__teacher", "assignment__class_group", "assignment__subgroup"
        )
    )
    for other in same_time:
        theirs = other.assignment
        if theirs.pk == assignment.pk:
            raise InvalidInput(_("«Урок №»: этот предмет уже стоит на этом уроке."), field="slot")
        # Study groups (no class) in one slot run side by side, as the ОРКСЭ modules do.
        if (
            assignment.class_group_id
            and theirs.class_group_id == assignment.class_group_id
            and not (
                theirs.subgroup_id and assignment.subgroup_id and theirs.subgroup_id != assignment.subgroup_id
            )
        ):
            raise InvalidInput(
                _("«Урок №»: у класса %(c)s на этом уроке уже «%(s)s».")
                % {"c": theirs.class_group, "s": theirs.subject},
                field="slot",
            )
        if theirs.teacher_id == assignment.teacher_id:
            raise InvalidInput(
                _("«Урок №»: %(t)s в это время ведёт «%(s)s» в %(c)s.")
                % {
                    "t": theirs.teacher.short_name,
                    "s": theirs.subject,
                    "c": theirs.subgroup or theirs.class_group,
                },
                field="slot",
            )
        if room and other.room == room:
            raise InvalidInput(
                _("«Кабинет»: кабинет %(r)s в это время занят (%(c)s, «%(s)s»).")
                % {"r": room, "c": theirs.class_group, "s": theirs.subject},
                field="room",
            )


def timetable_entry_end(*, actor: Actor, entry_id, valid_from=None) -> TimetableEntry | None:
    """Take an entry out of the week from a day on (by default today): it ends the day before, or
    goes altogether when it had not begun yet. Returns the ended entry, None when deleted."""
    with transaction.atomic():
        entry = (
            TimetableEntry.objects.visible_to(actor)
            .select_for_update(of=("self",))
            .filter(pk=_int(entry_id, "entry", _("Не найдено.")))
            .select_related("assignment__year")
            .first()
        )
        if entry is None:
            raise NotFound(_("Не найдено."))
        _keeper(actor, entry.school_id)
        day = _from_day(valid_from, entry.assignment.year)
        before = _entry_snapshot(entry)
        if entry.valid_to is not None and entry.valid_to < day:
            raise InvalidInput(
                _("«Действует с»: этот урок уже снят с расписания раньше."), field="valid_from"
            )
        school_id = entry.school_id
        if entry.valid_from >= day:
            audit_record(actor=actor, action="timetable.remove", obj=entry, before=before)
            entry.delete()
            result = None
        else:
            entry.valid_to = day - dt.timedelta(days=1)
            entry.save(update_fields=["valid_to", "updated_at"])
            audit_record(
                actor=actor, action="timetable.end", obj=entry, before=before, after=_entry_snapshot(entry)
            )
            result = entry
        events.publish(TIMETABLE_CHANGED, school_id=school_id, start=day.isoformat())
    return result
