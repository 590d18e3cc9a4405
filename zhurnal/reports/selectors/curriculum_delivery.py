"""`curriculum-delivery`: per journal, planned hours (the curriculum's hours per week × study
weeks of the calendar for the class's grade, holidays left out; schools.calendar) against
lessons given and lessons still scheduled, to date and for the period; the gap highlighted; and
the control works given (lessons of a type the school marks as a control work).
A fixed number of queries: journals, holidays, one GROUP BY over lessons."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.journal.models import Lesson
from zhurnal.reports.registry import Column, ColumnType, Table
from zhurnal.reports.selectors import common
from zhurnal.schools import calendar
from zhurnal.schools.models import CurriculumPlan, Holiday

T = ColumnType


def build(actor, ctx) -> dict:
    if ctx.period is None:
        return {"tables": []}
    period = ctx.period
    today = clock.today()
    hours = CurriculumPlan.objects.filter(
        year_id=OuterRef("year_id"), grade=OuterRef("class_group__grade"), subject_id=OuterRef("subject_id")
    ).values("hours_per_week")[:1]
    assignments = common.scoped_assignments(actor, ctx, with_grading_none=True).annotate(
        hours=Subquery(hours)
    )
    journals = common.assignment_rows(assignments)
    hours_by_id = dict(assignments.values_list("pk", "hours"))
    holidays = list(Holiday.objects.visible_to(actor).filter(year_id=period.year_id))
    lessons = {
        row["assignment_id"]: row
        for row in Lesson.objects.visible_to(actor)
        .filter(assignment__in=assignments.values("pk"), date__gte=period.start, date__lte=period.end)
        .exclude(status=Lesson.Status.CANCELLED)
        .values("assignment_id")
        .annotate(
            given=Count("pk", filter=Q(date__lte=today)),
            ahead=Count("pk", filter=Q(date__gt=today)),
            control=Count("pk", filter=Q(date__lte=today, lesson_type__is_control_work=True)),
        )
    }
    to_date_end = min(today, period.end)
    weeks: dict[int, tuple[Decimal, Decimal]] = {}
    rows = []
    for journal in journals:
        grade = journal["class_group__grade"]
        if grade not in weeks:
            weeks[grade] = (
                calendar.study_weeks(period.start, period.end, holidays, grade),
                calendar.study_weeks(period.start, to_date_end, holidays, grade),
            )
        per_week = hours_by_id.get(journal["id"]) or Decimal(0)
        planned = (per_week * weeks[grade][0]).quantize(Decimal("0.1"))
        planned_to_date = (per_week * weeks[grade][1]).quantize(Decimal("0.1"))
        got = lessons.get(journal["id"], {})
        given, ahead = got.get("given", 0), got.get("ahead", 0)
        lag = planned_to_date - given
        gap = planned - given - ahead
        rows.append(
            {
                "class_name": journal["class_name"],
                "subject": journal["subject__name"]
                + (f" ({journal['subgroup__name']})" if journal["subgroup__name"] else ""),
                "teacher": journal["teacher_name"],
                "per_week": per_week,
                "planned": planned,
                "planned_to_date": planned_to_date,
                "given": given,
                "lag": lag,
                "ahead": ahead,
                "gap": gap,
                "control": got.get("control", 0),
                "done": (Decimal(given * 100) / planned).quantize(Decimal("0.1")) if planned else None,
                "highlight": gap > 0 or lag > 0,
            }
        )
    columns = [
        Column("class_name", _("Класс"), T.TEXT, 8),
        Column("subject", _("Предмет"), T.TEXT, 28),
        Column("teacher", _("Учитель"), T.TEXT, 20),
        Column("per_week", _("Часов в неделю"), T.DECIMAL, 10),
        Column("planned", _("По плану за период"), T.DECIMAL, 11),
        Column("planned_to_date", _("По плану на сегодня"), T.DECIMAL, 11),
        Column("given", _("Проведено"), T.INT, 10),
        Column("lag", _("Отставание на сегодня"), T.DECIMAL, 12),
        Column("ahead", _("Ещё по расписанию"), T.INT, 11),
        Column("gap", _("Не хватит до плана"), T.DECIMAL, 11),
        Column("done", _("% выполнения"), T.PERCENT, 10),
        Column("control", _("К/р проведено"), T.INT, 10),
    ]
    return {"tables": [Table(_("Выполнение учебного плана"), columns, rows)]}
