"""`journal-filling`: per journal (teacher, class, subject) over a month or a period: lessons
given, without a topic, without homework, without attendance taken; marks, and marks entered
later than the school's edit window after the lesson; % of lessons filled (topic and attendance);
the last entry. Two GROUP BY queries whatever the size of the journals."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Max, Q
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.journal.models import Lesson, Mark
from zhurnal.reports.indicators import percent
from zhurnal.reports.registry import Column, ColumnType, Table
from zhurnal.reports.selectors import common

T = ColumnType


def build(actor, ctx) -> dict:
    assignments = common.scoped_assignments(actor, ctx, with_grading_none=True)
    journals = common.assignment_rows(assignments)
    until = min(ctx.date_to, clock.today())
    given = (
        Lesson.objects.visible_to(actor)
        .filter(assignment__in=assignments.values("pk"), date__gte=ctx.date_from, date__lte=until)
        .exclude(status=Lesson.Status.CANCELLED)
    )
    lessons = {
        row["assignment_id"]: row
        for row in given.values("assignment_id").annotate(
            lessons=Count("pk"),
            no_topic=Count("pk", filter=Q(topic="")),
            no_homework=Count("pk", filter=Q(homework="")),
            no_attendance=Count("pk", filter=Q(attendance_taken_at__isnull=True)),
            filled=Count("pk", filter=~Q(topic="") & Q(attendance_taken_at__isnull=False)),
        )
    }
    window = ctx.school.edit_window_days if ctx.school else 7
    marks = {
        row["lesson__assignment_id"]: row
        for row in Mark.objects.visible_to(actor)
        .filter(lesson__in=given.values("pk"))
        .values("lesson__assignment_id")
        .annotate(
            marks=Count("pk"),
            late=Count("pk", filter=Q(created_at__date__gt=F("lesson__date") + dt.timedelta(days=window))),
            last=Max("created_at"),
        )
    }
    columns = [
        Column("teacher", _("Учитель"), T.TEXT, 20),
        Column("class_name", _("Класс"), T.TEXT, 8),
        Column("subject", _("Предмет"), T.TEXT, 28),
        Column("lessons", _("Уроков проведено"), T.INT, 10),
        Column("no_topic", _("Без темы"), T.INT),
        Column("no_homework", _("Без ДЗ"), T.INT),
        Column("no_attendance", _("Без посещаемости"), T.INT, 11),
        Column("filled", _("% заполнено"), T.PERCENT, 10),
        Column("marks", _("Отметок"), T.INT),
        Column("late", _("Отметок позже срока"), T.INT, 11),
        Column("last", _("Последняя отметка"), T.DATETIME),
    ]
    rows = []
    for journal in sorted(
        journals,
        key=lambda j: (j["teacher_name"], j["class_group__grade"], j["class_name"], j["subject__name"]),
    ):
        lesson = lessons.get(journal["id"], {})
        mark = marks.get(journal["id"], {})
        count = lesson.get("lessons", 0)
        gaps = lesson.get("no_topic", 0) + lesson.get("no_attendance", 0)
        rows.append(
            {
                "teacher": journal["teacher_name"],
                "class_name": journal["class_name"],
                "subject": journal["subject__name"]
                + (f" ({journal['subgroup__name']})" if journal["subgroup__name"] else ""),
                "lessons": count,
                "no_topic": lesson.get("no_topic", 0),
                "no_homework": lesson.get("no_homework", 0),
                "no_attendance": lesson.get("no_attendance", 0),
                "filled": percent(lesson.get("filled", 0), count),
                "marks": mark.get("marks", 0),
                "late": mark.get("late", 0),
                "last": mark.get("last"),
                "highlight": bool(gaps),
            }
        )
    return {"tables": [Table(_("Заполнение журналов"), columns, rows)]}
