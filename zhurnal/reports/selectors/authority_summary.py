"""`authority-summary`: progress and attendance across the authority's schools and by school,
with no personal data at all — no names, no ids of people; only schools and counts.

Per school its own period (the one going on, else the last finished; schools keep their own
calendars): two queries per school for the period and the marks, and one query for the
attendance of every school. So the count grows with the number of schools, never with pupils.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.journal.models import Attendance, Lesson
from zhurnal.people.models import TeachingAssignment
from zhurnal.policy import rules
from zhurnal.reports import indicators
from zhurnal.reports.params import default_period
from zhurnal.reports.registry import Column, ColumnType, Table
from zhurnal.reports.selectors import common
from zhurnal.reports.selectors.progress import counts_cells, counts_columns
from zhurnal.schools.models import School, StudyPeriod

T = ColumnType


def build(actor, ctx) -> dict:
    today = clock.today()
    schools = list(
        School.objects.visible_to(actor)
        .filter(rules.report_authority_school_ids_q(actor), pk__in=ctx.school_ids)
        .order_by("short_name", "pk")
    )
    periods_by_school: dict[int, list] = {}
    for period in (
        StudyPeriod.objects.visible_to(actor)
        .filter(school__in=schools)
        .select_related("year")
        .order_by("grade_from", "start")
    ):
        periods_by_school.setdefault(period.school_id, []).append(period)
    rows = []
    total = indicators.Counts()
    chosen = {}
    for school in schools:
        period = default_period(periods_by_school.get(school.pk, []), today, None)
        if period is None:
            continue
        chosen[school.pk] = period
        # Aggregates only: every journal of the school, not the actor's own assignments.
        assignments = common.grading_filter(
            TeachingAssignment.objects.filter(
                school_id=school.pk,
                year_id=period.year_id,
                class_group__grade__gte=period.grade_from,
                class_group__grade__lte=period.grade_to,
            )
        )
        counts = indicators.Counts()
        for figures in common.period_mark_counts(assignments, period).values():
            counts.add(figures)
        total.add(counts)
        rows.append(
            {"school": school.short_name, "period": f"{period.name} {period.year.name}"}
            | counts_cells(counts)
        )
    # Each school's attendance over its own period, all schools in one query.
    own_periods = Q(pk__in=[])
    for school_id, period in chosen.items():
        own_periods |= Q(school_id=school_id, lesson__date__gte=period.start, lesson__date__lte=period.end)
    attendance = {
        row["school_id"]: row
        for row in Attendance.objects.filter(own_periods)
        .exclude(lesson__status=Lesson.Status.CANCELLED)
        .values("school_id")
        .annotate(
            missed=Count("pk", filter=Q(code__is_absence=True)),
            ill=Count("pk", filter=Q(code__is_absence=True, code__is_illness=True)),
            late=Count("pk", filter=Q(code__is_late=True)),
        )
    }
    by_name = {s.short_name: s.pk for s in schools}
    sums = {"missed": 0, "ill": 0, "late": 0}
    for row in rows:
        got = attendance.get(by_name[row["school"]], {})
        for key in sums:
            row[key] = got.get(key, 0)
            sums[key] += row[key]
    if rows:
        rows.append({"school": _("Всего"), "period": "", "kind": "total"} | counts_cells(total) | sums)
    columns = [
        Column("school", _("Школа"), T.TEXT, 28),
        Column("period", _("Период"), T.TEXT, 18),
        *counts_columns(),
        Column("missed", _("Пропущено уроков"), T.INT, 10),
        Column("ill", _("из них по болезни"), T.INT, 10),
        Column("late", _("Опозданий"), T.INT),
    ]
    return {
        "school_title": ", ".join(s.short_name for s in schools)
        if len(schools) < 4
        else _("Школ: %(n)s") % {"n": len(schools)},
        "period_title": _("Текущий или последний завершённый период каждой школы"),
        "tables": [Table(_("Успеваемость и посещаемость по школам"), columns, rows)],
    }
