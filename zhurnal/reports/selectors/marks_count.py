"""`marks-count`: numeric marks per pupil per subject for a month or a period (накопляемость);
pupils with fewer than the school's minimum are highlighted and counted per journal.
One query for the counts (pupils at the end of the range, a correlated count), one for names."""

from __future__ import annotations

from django.db import connection
from django.utils.translation import gettext as _

from zhurnal.core import names
from zhurnal.people.models import Student
from zhurnal.reports.registry import Column, ColumnType, Table
from zhurnal.reports.selectors import common

T = ColumnType

_SQL = (
    """
    SELECT ta.id, e.student_id,
           (SELECT COUNT(*) FROM journal_mark m JOIN journal_lesson l ON l.id = m.lesson_id
            WHERE l.assignment_id = ta.id AND m.student_id = e.student_id AND m.score IS NOT NULL
              AND l.date >= %s AND l.date <= %s AND l.status <> 'cancelled')
    FROM people_teachingassignment ta
"""
    + common._PUPILS_OF_ASSIGNMENT
)


def pupil_names(actor, ids) -> dict[int, str]:
    return {
        s["id"]: names.full_name(s["last_name"], s["first_name"], s["middle_name"])
        for s in Student.objects.visible_to(actor)
        .filter(pk__in=ids)
        .values("id", "last_name", "first_name", "middle_name")
    }


def build(actor, ctx) -> dict:
    assignments = common.scoped_assignments(actor, ctx)
    journal = {row["id"]: row for row in common.assignment_rows(assignments)}
    ids_sql, ids_params = common._ids_sql(assignments)
    with connection.cursor() as cursor:
        cursor.execute(
            _SQL.format(assignments=ids_sql),
            [ctx.date_from, ctx.date_to, ctx.date_to, ctx.date_to, *ids_params],
        )
        counts = cursor.fetchall()
    who = pupil_names(actor, {row[1] for row in counts})
    minimum = min((s.min_marks_for_period for s in [ctx.school] if s), default=3)
    by_journal: dict[int, list] = {}
    for assignment_id, student_id, count in counts:
        if student_id in who:
            by_journal.setdefault(assignment_id, []).append((who[student_id], int(count)))
    columns = [
        Column("class_name", _("Класс"), T.TEXT, 8),
        Column("subject", _("Предмет"), T.TEXT, 28),
        Column("teacher", _("Учитель"), T.TEXT, 20),
        Column("student", _("ФИО"), T.TEXT, 32),
        Column("marks", _("Отметок"), T.INT),
        Column("below", _("Меньше минимума"), T.INT, 12),
    ]
    rows = []
    for assignment_id, row in journal.items():
        pupils = sorted(by_journal.get(assignment_id, []))
        where = {
            "class_name": row["class_name"],
            "subject": row["subject__name"]
            + (f" ({row['subgroup__name']})" if row["subgroup__name"] else ""),
            "teacher": row["teacher_name"],
        }
        below = 0
        for name, count in pupils:
            short = count < minimum
            below += short
            rows.append(
                where | {"student": name, "marks": count, "below": 1 if short else 0, "highlight": short}
            )
        rows.append(
            where
            | {"student": _("Итого"), "marks": sum(c for _n, c in pupils), "below": below, "kind": "subtotal"}
        )
    title = _("Накопляемость отметок (минимум — %(n)s)") % {"n": minimum}
    return {"tables": [Table(title, columns, rows)]}
