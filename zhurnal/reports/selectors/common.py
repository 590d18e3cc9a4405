"""Reads several reports share: the assignments in the actor's scope, the pupils of a group at a
date, period marks counted in SQL. Each is a fixed number of queries whatever the school's size.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery

from zhurnal.core import names
from zhurnal.people.models import TeachingAssignment
from zhurnal.policy import rules
from zhurnal.reports.indicators import Counts
from zhurnal.schools.models import CurriculumPlan, GradingMode, StudyPeriod


def scoped_assignments(actor, ctx, *, with_grading_none: bool = False) -> QuerySet:
    """The teaching assignments a report reads: the actor's journals (policy) in the chosen
    school, class and the period's grade range, with the curriculum's grading mode."""
    qs = TeachingAssignment.objects.visible_to(actor).filter(
        rules.report_assignment_q(actor), school_id__in=ctx.school_ids
    )
    if ctx.period is not None:
        qs = qs.filter(
            year_id=ctx.period.year_id,
            class_group__grade__gte=ctx.period.grade_from,
            class_group__grade__lte=ctx.period.grade_to,
        )
    if ctx.class_group is not None:
        qs = qs.filter(class_group_id=ctx.class_group.pk)
    return grading_filter(qs, with_grading_none=with_grading_none)


def grading_filter(qs: QuerySet, *, with_grading_none: bool = False) -> QuerySet:
    """Annotate the curriculum's grading mode; leave out journals taught without marks."""
    grading = CurriculumPlan.objects.filter(
        year_id=OuterRef("year_id"), grade=OuterRef("class_group__grade"), subject_id=OuterRef("subject_id")
    ).values("grading_mode")[:1]
    qs = qs.annotate(grading=Subquery(grading))
    if not with_grading_none:
        # A class without a curriculum line is graded with marks (the journal's default).
        qs = qs.filter(Q(grading__isnull=True) | ~Q(grading=GradingMode.NONE))
    return qs


def assignment_rows(qs: QuerySet) -> list[dict]:
    rows = list(
        qs.order_by(
            "class_group__grade", "class_group__letter", "subject__name", "subgroup__name", "pk"
        ).values(
            "id",
            "class_group_id",
            "class_group__grade",
            "class_group__letter",
            "subgroup_id",
            "subgroup__name",
            "subject_id",
            "subject__name",
            "teacher_id",
            "teacher__last_name",
            "teacher__first_name",
            "teacher__middle_name",
            "grading",
        )
    )
    for row in rows:
        row["class_name"] = f"{row['class_group__grade']}{row['class_group__letter']}"
        row["teacher_name"] = names.short_name(
            row["teacher__last_name"], row["teacher__first_name"], row["teacher__middle_name"]
        )
        row["grading"] = row["grading"] or GradingMode.MARKS
    return rows


# The pupils of an assignment at a date: enrolled in its class that day and, for a subgroup
# journal, members of the subgroup. "end" is quoted: it is a keyword in SQL.
_PUPILS_OF_ASSIGNMENT = """
    JOIN people_enrollment e ON e.class_group_id = ta.class_group_id
         AND e.start <= %s AND (e."end" IS NULL OR e."end" >= %s)
    WHERE ta.id IN ({assignments})
      AND (ta.subgroup_id IS NULL OR EXISTS (
            SELECT 1 FROM people_subgroupmembership sm
            WHERE sm.subgroup_id = ta.subgroup_id AND sm.student_id = e.student_id))
"""


def _ids_sql(qs: QuerySet) -> tuple[str, tuple]:
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    return sql, tuple(params)


def period_mark_filter(period: StudyPeriod) -> tuple[str, list]:
    if period.kind == StudyPeriod.Kind.YEAR:
        return "pm.kind = 'year' AND pm.year_id = %s", [period.year_id]
    return "pm.kind = 'period' AND pm.period_id = %s", [period.pk]


_VALUE_FIELDS = {
    "5": "n5",
    "4": "n4",
    "3": "n3",
    "2": "n2",
    "н/а": "na",
    "осв": "exempt",
    "зч": "passed",
    "нз": "failed",
}


def period_mark_counts(assignments: QuerySet, period: StudyPeriod) -> dict[int, Counts]:
    """Assignment id → Counts of its pupils' period marks (one GROUP BY query)."""
    ids_sql, ids_params = _ids_sql(assignments)
    mark_sql, mark_params = period_mark_filter(period)
    sql = f"""
        SELECT ta.id, pm.value, COUNT(*)
        FROM people_teachingassignment ta
        {_PUPILS_OF_ASSIGNMENT.format(assignments=ids_sql)}
        GROUP BY ta.id, pm.value
    """
    # The period mark joins before WHERE; placed in the JOIN so pupils without one still count.
    sql = sql.replace(
        "WHERE ta.id IN",
        f"LEFT JOIN journal_periodmark pm ON pm.student_id = e.student_id AND pm.subject_id = ta.subject_id"
        f" AND {mark_sql}\n    WHERE ta.id IN",
        1,
    )
    params = [period.end, period.end, *mark_params, *ids_params]
    result: dict[int, Counts] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for assignment_id, value, count in cursor.fetchall():
            counts = result.setdefault(assignment_id, Counts())
            counts.total += count
            if value in _VALUE_FIELDS:
                setattr(counts, _VALUE_FIELDS[value], getattr(counts, _VALUE_FIELDS[value]) + count)
    return result


def pupil_period_marks(assignments: QuerySet, period: StudyPeriod) -> list[tuple]:
    """(assignment id, student id, value or None) for every pupil of every assignment at the
    period's end: what class summaries (отличники, хорошисты…) are made from. One query."""
    ids_sql, ids_params = _ids_sql(assignments)
    mark_sql, mark_params = period_mark_filter(period)
    sql = f"""
        SELECT ta.id, e.student_id, pm.value
        FROM people_teachingassignment ta
        {_PUPILS_OF_ASSIGNMENT.format(assignments=ids_sql)}
    """.replace(
        "WHERE ta.id IN",
        f"LEFT JOIN journal_periodmark pm ON pm.student_id = e.student_id AND pm.subject_id = ta.subject_id"
        f" AND {mark_sql}\n    WHERE ta.id IN",
        1,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [period.end, period.end, *mark_params, *ids_params])
        return cursor.fetchall()


def class_filter_q(ctx) -> Q:
    return Q(class_group_id=ctx.class_group.pk) if ctx.class_group is not None else Q()
