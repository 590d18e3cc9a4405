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


# --- cross-class study groups in reports that go by class (decision 0036) ----------------------
# A study group's journal belongs to no class: a report by class shows it as one slice per class
# its members are enrolled in at the period's end, each slice counting that class's members only.

_GROUP_MEMBERS_SQL = """
    SELECT ta.id, e.class_group_id, cg.grade, cg.letter, gm.student_id, pm.value
    FROM people_teachingassignment ta
    JOIN people_studygroupmembership gm ON gm.group_id = ta.study_group_id
         AND gm.start <= %s AND (gm."end" IS NULL OR gm."end" >= %s)
    JOIN people_enrollment e ON e.student_id = gm.student_id
         AND e.start <= %s AND (e."end" IS NULL OR e."end" >= %s)
    JOIN schools_classgroup cg ON cg.id = e.class_group_id
    LEFT JOIN journal_periodmark pm ON pm.student_id = gm.student_id AND pm.subject_id = ta.subject_id
         AND {marks}
    WHERE ta.id IN ({assignments}) {one_class}
"""


def scoped_group_assignments(actor, ctx, *, with_grading_none: bool = False) -> QuerySet:
    """The study groups' journals a report reads: the actor's (policy) in the chosen school and
    the period's grade range, with the curriculum's grading mode for the group's grade."""
    qs = TeachingAssignment.objects.visible_to(actor).filter(
        rules.report_assignment_q(actor), school_id__in=ctx.school_ids, study_group__isnull=False
    )
    if ctx.period is not None:
        qs = qs.filter(
            year_id=ctx.period.year_id,
            study_group__grade__gte=ctx.period.grade_from,
            study_group__grade__lte=ctx.period.grade_to,
        )
    grading = CurriculumPlan.objects.filter(
        year_id=OuterRef("year_id"), grade=OuterRef("study_group__grade"), subject_id=OuterRef("subject_id")
    ).values("grading_mode")[:1]
    qs = qs.annotate(grading=Subquery(grading))
    if not with_grading_none:
        qs = qs.filter(Q(grading__isnull=True) | ~Q(grading=GradingMode.NONE))
    return qs


def group_slices(actor, ctx) -> tuple[list[dict], list[tuple]]:
    """The group journals as rows by class, shaped as `assignment_rows` (the group's name where
    a subgroup's would be, `slice` = (assignment id, class id)), and (slice, pupil, period mark
    or None) for each member at the period's end. Two queries. A class teacher who reads a
    group's journal for their own pupils gets the slices of their classes only."""
    if ctx.period is None:
        return [], []
    journals = {
        row["id"]: row
        for row in scoped_group_assignments(actor, ctx).values(
            "id",
            "school_id",
            "study_group__name",
            "subject_id",
            "subject__name",
            "teacher_id",
            "teacher__last_name",
            "teacher__first_name",
            "teacher__middle_name",
            "grading",
        )
    }
    if not journals:
        return [], []
    wide = rules.report_wide_school_ids(actor)
    one_class, class_params = ("", [])
    if ctx.class_group is not None:
        one_class, class_params = "AND e.class_group_id = %s", [ctx.class_group.pk]
    mark_sql, mark_params = period_mark_filter(ctx.period)
    end = ctx.period.end
    sql = _GROUP_MEMBERS_SQL.format(
        marks=mark_sql, assignments=", ".join(["%s"] * len(journals)), one_class=one_class
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [end, end, end, end, *mark_params, *journals, *class_params])
        fetched = cursor.fetchall()
    rows: dict[tuple, dict] = {}
    marks: list[tuple] = []
    for assignment_id, class_id, grade, letter, student_id, value in fetched:
        journal = journals[assignment_id]
        whole = journal["school_id"] in wide or journal["teacher_id"] in actor.staff_ids
        if not whole and class_id not in actor.led_class_ids:
            continue
        key = (assignment_id, class_id)
        if key not in rows:
            rows[key] = {
                "id": assignment_id,
                "slice": key,
                "class_group_id": class_id,
                "class_group__grade": grade,
                "class_group__letter": letter,
                "class_name": f"{grade}{letter}",
                "subgroup_id": None,
                "subgroup__name": journal["study_group__name"],
                "subject_id": journal["subject_id"],
                "subject__name": journal["subject__name"],
                "teacher_id": journal["teacher_id"],
                "teacher_name": names.short_name(
                    journal["teacher__last_name"],
                    journal["teacher__first_name"],
                    journal["teacher__middle_name"],
                ),
                "grading": journal["grading"] or GradingMode.MARKS,
            }
        marks.append((key, student_id, value))
    return list(rows.values()), marks


def slice_counts(marks: list[tuple]) -> dict[tuple, Counts]:
    """Counts of the period marks of each group slice, as `period_mark_counts` counts them."""
    result: dict[tuple, Counts] = {}
    for key, _student, value in marks:
        counts = result.setdefault(key, Counts())
        counts.total += 1
        if value in _VALUE_FIELDS:
            setattr(counts, _VALUE_FIELDS[value], getattr(counts, _VALUE_FIELDS[value]) + 1)
    return result


def by_class_order(row: dict) -> tuple:
    return (
        row["class_group__grade"],
        row["class_group__letter"],
        row["subject__name"],
        row["subgroup__name"] or "",
    )
