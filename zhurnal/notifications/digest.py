"""The weekly digest: one e-mail per parent and child with the week's marks, absences, homework.

`zhurnal notifications_digest` (or the send_weekly_digest task) sends it, best on Saturday;
a DigestSent row per parent, child and week makes a second run send nothing. The whole school
is read in a fixed number of queries, whatever the number of pupils.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.journal.models import Attendance, Lesson, Mark
from zhurnal.notifications import email
from zhurnal.notifications.delivery import channels_for, enqueue, queue
from zhurnal.notifications.kinds import Kind
from zhurnal.notifications.models import DigestSent, EmailDelivery
from zhurnal.notifications.recipients import diary_url
from zhurnal.people.models import Enrollment, StudentGuardian, SubgroupMembership, enrolled_between_q


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _day(value: dt.date) -> str:
    return date_format(value, "j E, D")


def _homework_by_student(student_ids: set[int], start: dt.date, end: dt.date) -> dict[int, list[Lesson]]:
    enrolled = Enrollment.objects.filter(enrolled_between_q(start, end), student_id__in=student_ids)
    classes: dict[int, set[int]] = defaultdict(set)
    for student_id, class_id in enrolled.values_list("student_id", "class_group_id"):
        classes[student_id].add(class_id)
    subgroups: dict[int, set[int]] = defaultdict(set)
    memberships = SubgroupMembership.objects.filter(student_id__in=student_ids)
    for student_id, subgroup_id in memberships.values_list("student_id", "subgroup_id"):
        subgroups[student_id].add(subgroup_id)
    all_classes = {c for ids in classes.values() for c in ids}
    lessons = (
        Lesson.objects.filter(assignment__class_group_id__in=all_classes, date__range=(start, end))
        .exclude(homework="")
        .select_related("assignment__subject")
        .order_by("date", "slot")
    )
    found: dict[int, list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        a = lesson.assignment
        for student_id in student_ids:
            if a.class_group_id in classes[student_id] and (
                a.subgroup_id is None or a.subgroup_id in subgroups[student_id]
            ):
                found[student_id].append(lesson)
    return found


def _text(parent, student, start, end, marks, absences, homework, school_name) -> tuple[str, str]:
    subject = _("Сводка за неделю: %(student)s — %(school)s") % {
        "student": student.short_name,
        "school": school_name,
    }
    lines = [
        _("Здравствуйте, %(name)s!") % {"name": parent.full_name},
        "",
        _("%(student)s: неделя с %(start)s по %(end)s.")
        % {
            "student": student.full_name,
            "start": date_format(start, "j E"),
            "end": date_format(end, "j E Y"),
        },
        "",
        _("Отметки:"),
    ]
    lines += [
        f"  {_day(m.lesson.date)}, {m.lesson.assignment.subject.name}: {m.value} ({m.work_type.name})"
        for m in marks
    ] or ["  " + _("нет")]
    lines += ["", _("Пропуски и опоздания:")]
    lines += [
        f"  {_day(a.lesson.date)}, {a.lesson.assignment.subject.name}: {a.code.code} — {a.code.name}"
        for a in absences
    ] or ["  " + _("нет")]
    lines += ["", _("Домашние задания:")]
    lines += [f"  {_day(h.date)}, {h.assignment.subject.name}: {h.homework}" for h in homework] or [
        "  " + _("нет")
    ]
    lines += [
        "",
        _("Школа: %(school)s") % {"school": school_name},
        _("Дневник: %(url)s") % {"url": email.absolute(diary_url(student.pk))},
    ]
    return subject[:300], "\n".join(lines)


def send_digests(*, week_start: str | dt.date | None = None) -> int:
    """Queue the digests of the week (this week by default); returns how many were queued."""
    if isinstance(week_start, str):
        week_start = dt.date.fromisoformat(week_start)
    start, end = week_of(week_start or clock.today())
    links = list(
        StudentGuardian.objects.filter(guardian__user__isnull=False, guardian__user__is_active=True)
        .exclude(guardian__user__email="")
        .select_related("guardian__user", "student", "school")
    )
    wanted = channels_for({link.guardian.user_id for link in links}, Kind.DIGEST)
    done = set(DigestSent.objects.filter(week_start=start).values_list("recipient_id", "student_id"))
    links = [
        link
        for link in links
        if wanted[link.guardian.user_id][1] and (link.guardian.user_id, link.student_id) not in done
    ]
    if not links:
        return 0
    student_ids = {link.student_id for link in links}
    marks: dict[int, list[Mark]] = defaultdict(list)
    for mark in (
        Mark.objects.filter(student_id__in=student_ids, lesson__date__range=(start, end))
        .select_related("lesson__assignment__subject", "work_type")
        .order_by("lesson__date", "lesson__slot", "pk")
    ):
        marks[mark.student_id].append(mark)
    absences: dict[int, list[Attendance]] = defaultdict(list)
    for record in (
        Attendance.objects.filter(student_id__in=student_ids, lesson__date__range=(start, end))
        .filter(Q(code__is_absence=True) | Q(code__is_late=True))
        .select_related("lesson__assignment__subject", "code")
        .order_by("lesson__date", "lesson__slot")
    ):
        absences[record.student_id].append(record)
    homework = _homework_by_student(student_ids, start, end)
    made: list[EmailDelivery] = []
    for link in links:
        parent = link.guardian.user
        subject, body = _text(
            parent,
            link.student,
            start,
            end,
            marks[link.student_id],
            absences[link.student_id],
            homework[link.student_id],
            link.school.short_name,
        )
        delivery = EmailDelivery(
            recipient=parent,
            school_id=link.school_id,
            kind=Kind.DIGEST,
            address=parent.email,
            subject=subject,
            body=body,
        )
        try:
            with transaction.atomic():
                # A concurrent run loses the race on the unique row and sends nothing.
                delivery = queue([delivery], send=False)[0]
                DigestSent.objects.create(
                    recipient=parent, student_id=link.student_id, week_start=start, delivery=delivery
                )
        except IntegrityError:
            continue
        made.append(delivery)
    enqueue(made)
    return len(made)
