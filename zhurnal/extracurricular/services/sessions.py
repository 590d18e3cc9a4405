"""Sessions of a group and their attendance. A new session takes the next topic of the course's
plan that the group has not yet used up (a topic of 2 hours takes two sessions). Attendance is
saved for a whole grid at once, all or nothing, with one audit row per changed cell."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound
from zhurnal.extracurricular import access
from zhurnal.extracurricular.models import CourseGroup, GroupMembership, PlanTopic, Session, SessionAttendance
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor


def next_plan_topic(group: CourseGroup) -> PlanTopic | None:
    """The first topic of the plan, in order, whose hours this group's sessions have not used up."""
    topics = (
        PlanTopic.objects.filter(course_id=group.course_id)
        .annotate(used=Count("sessions", filter=Q(sessions__group_id=group.pk)))
        .order_by("number", "pk")
    )
    return next((topic for topic in topics if topic.used < topic.hours), None)


def _session_snapshot(session: Session) -> dict:
    data = snapshot(session, ["group", "date", "plan_topic", "topic", "notes"])
    data["time"] = session.time.isoformat(timespec="minutes") if session.time else None
    return data


def session_create(*, actor: Actor, group_id, date, time=None, topic="", notes="") -> Session:
    group = access.group_for_conductor(actor, group_id)
    if not isinstance(date, dt.date):
        raise InvalidInput(_("Укажите дату занятия."), field="date")
    clean = _session_fields(group, {"date": date, "time": time, "topic": topic, "notes": notes})
    topic, notes = clean["topic"], clean["notes"]
    with transaction.atomic():
        # One session at a time per group takes a plan topic, so two teachers never take the same hour.
        CourseGroup.objects.select_for_update().filter(pk=group.pk).first()
        planned = next_plan_topic(group)
        if not topic:
            if planned is None:
                raise InvalidInput(_("План курса пройден: укажите тему занятия."), field="topic")
            topic = planned.title
        session = Session.objects.create(
            school_id=group.school_id,
            group=group,
            date=clean["date"],
            time=clean["time"],
            plan_topic=planned,
            topic=topic,
            notes=notes,
        )
        audit_record(
            actor=actor,
            action="extracurricular.session_create",
            obj=session,
            after=_session_snapshot(session),
        )
    return session


CODES = frozenset(SessionAttendance.Code.values)


def session_attendance_save(*, actor: Actor, group_id, cells: dict[tuple[int, int], str]) -> int:
    """Save a grid of attendance: (session id, pupil id) → "present", "absent" or "" (not recorded).
    Every cell is checked before anything is written; answers the number of cells changed."""
    group = access.group_for_reader(actor, group_id)
    teachers = access.teacher_ids(group.course)
    if not (
        rules.may_conduct_course(actor, teachers) or rules.may_keep_extracurricular(actor, group.school_id)
    ):
        raise Forbidden(_("Посещаемость отмечает педагог курса."))
    today = clock.today()
    school = group.course.school
    sessions = {s.pk: s for s in Session.objects.filter(group=group, pk__in={cell[0] for cell in cells})}
    memberships: dict[int, list[GroupMembership]] = {}
    for membership in GroupMembership.objects.filter(group=group, student_id__in={cell[1] for cell in cells}):
        memberships.setdefault(membership.student_id, []).append(membership)
    for (session_id, student_id), code in cells.items():
        session = sessions.get(session_id)
        if session is None or not any(m.covers(session.date) for m in memberships.get(student_id, ())):
            raise InvalidInput(
                _("Занятие или обучающийся выбраны неверно."), field=f"a-{session_id}-{student_id}"
            )
        if code and code not in CODES:
            raise InvalidInput(
                _("Отметка за %(d)s: «+» присутствовал, «н» отсутствовал.")
                % {"d": session.date.strftime("%d.%m.%Y")},
                field=f"a-{session_id}-{student_id}",
            )
    changed = 0
    with transaction.atomic():
        existing = {
            (a.session_id, a.student_id): a
            for a in SessionAttendance.objects.select_for_update().filter(session_id__in=sessions)
        }
        for (session_id, student_id), code in sorted(cells.items()):
            row = existing.get((session_id, student_id))
            before = row.code if row is not None else ""
            if before == code:
                continue
            session = sessions[session_id]
            if not rules.may_record_session_attendance(actor, school, teachers, session.date, today):
                raise InvalidInput(
                    _("Посещаемость занятия %(d)s уже нельзя изменить (или занятие ещё не прошло).")
                    % {"d": session.date.strftime("%d.%m.%Y")},
                    field=f"a-{session_id}-{student_id}",
                )
            if row is None:
                row = SessionAttendance.objects.create(
                    school_id=group.school_id, session_id=session_id, student_id=student_id, code=code
                )
            elif code:
                row.code = code
                row.save(update_fields=["code", "updated_at"])
            row_id = row.pk
            if not code:
                row.delete()
            audit_record(
                actor=actor,
                action="extracurricular.attendance_set",
                object_type="extracurricular.sessionattendance",
                object_id=row_id,
                school_id=group.school_id,
                before={"session": session_id, "student": student_id, "code": before},
                after={"session": session_id, "student": student_id, "code": code},
                group_key=f"xattendance:{session_id}:{student_id}",
            )
            changed += 1
    return changed


def session_update(*, actor: Actor, group_id, session_id, **fields) -> Session:
    """Correct a session's date, time, topic or notes; the plan topic it took stays with it."""
    group = access.group_for_conductor(actor, group_id)
    unknown = set(fields) - {"date", "time", "topic", "notes"}
    if unknown:
        raise InvalidInput(
            _("Нельзя изменить поле: %(f)s.") % {"f": ", ".join(sorted(unknown))}, field=min(unknown)
        )
    clean = _session_fields(group, fields)
    if "topic" in clean and not clean["topic"]:
        raise InvalidInput(_("Укажите тему занятия."), field="topic")
    with transaction.atomic():
        session = Session.objects.select_for_update().filter(group=group, pk=_int(session_id)).first()
        if session is None:
            raise NotFound(_("Не найдено."))
        before = _session_snapshot(session)
        for name, value in clean.items():
            setattr(session, name, value)
        session.save(update_fields=[*clean, "updated_at"])
        audit_record(
            actor=actor,
            action="extracurricular.session_update",
            obj=session,
            before=before,
            after=_session_snapshot(session),
        )
    return session


def session_delete(*, actor: Actor, group_id, session_id) -> None:
    """Remove a session entered by mistake; one with attendance recorded is kept."""
    group = access.group_for_conductor(actor, group_id)
    with transaction.atomic():
        session = Session.objects.select_for_update().filter(group=group, pk=_int(session_id)).first()
        if session is None:
            raise NotFound(_("Не найдено."))
        if SessionAttendance.objects.filter(session=session).exists():
            raise InvalidInput(
                _("У занятия %(d)s уже отмечена посещаемость: сначала очистите её.")
                % {"d": session.date.strftime("%d.%m.%Y")},
                field="session",
            )
        before = _session_snapshot(session)
        pk = session.pk
        session.delete()
        audit_record(
            actor=actor,
            action="extracurricular.session_delete",
            object_type="extracurricular.session",
            object_id=pk,
            school_id=group.school_id,
            before=before,
        )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _session_fields(group: CourseGroup, fields: dict) -> dict:
    year = group.course.year
    clean: dict = {}
    if "date" in fields:
        date = fields["date"]
        if not isinstance(date, dt.date):
            raise InvalidInput(_("Укажите дату занятия."), field="date")
        if not year.start <= date <= year.end:
            raise InvalidInput(
                _("Дата занятия должна быть в %(y)s учебном году.") % {"y": year.name}, field="date"
            )
        clean["date"] = date
    if "time" in fields:
        if fields["time"] is not None and not isinstance(fields["time"], dt.time):
            raise InvalidInput(_("Время указано неверно."), field="time")
        clean["time"] = fields["time"]
    for name, label, limit in (("topic", _("Тема"), 300), ("notes", _("Примечание"), 500)):
        if name in fields:
            value = (fields[name] or "").strip()
            if len(value) > limit:
                raise InvalidInput(
                    _("Поле «%(f)s» длиннее %(n)s знаков.") % {"f": label, "n": limit}, field=name
                )
            clean[name] = value
    return clean
