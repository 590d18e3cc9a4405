"""`attendance`: per pupil, days and lessons missed (of them for illness, excused, unexcused) and
late arrivals, with class and school totals, and a chart by week.

A pupil's lessons are those of the journals in scope while the pupil was enrolled in the class
(and, for a subgroup journal, a member of it); cancelled lessons do not count. A day is missed
only when every such lesson of that day was missed (DOMAIN.md §4), of them for illness when
every one was missed for illness. An illness code counts as illness, not as "excused".
Aggregation runs in SQL: three queries (marked pupil-days grouped per pupil, the roster, per
day) whatever the number of pupils; lessons are counted only on the days a pupil has a mark.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils.translation import gettext as _

from zhurnal.core import names
from zhurnal.people.models import Student
from zhurnal.reports import charts
from zhurnal.reports.registry import Column, ColumnType, Table
from zhurnal.reports.selectors import common
from zhurnal.schools.models import ClassGroup

T = ColumnType

# Pupil-days with any attendance mark (few: most pupils are present most days), each with the
# number of the pupil's lessons that day (the class's and the pupil's subgroups' lessons in
# scope). Counting lessons only for these days keeps the query small on a big school.
_MARKED_DAYS = """
    SELECT m.student_id, m.class_id, m.day, m.missed, m.ill, m.excused, m.late, SUM(g.n) AS lessons
    FROM (
        SELECT a.student_id AS student_id, e.class_group_id AS class_id, l.date AS day,
               SUM(CASE WHEN c.is_absence THEN 1 ELSE 0 END) AS missed,
               SUM(CASE WHEN c.is_absence AND c.is_illness THEN 1 ELSE 0 END) AS ill,
               SUM(CASE WHEN c.is_absence AND c.is_excused AND NOT c.is_illness THEN 1 ELSE 0 END) AS excused,
               SUM(CASE WHEN c.is_late THEN 1 ELSE 0 END) AS late
        FROM journal_attendance a
        JOIN journal_lesson l ON l.id = a.lesson_id
        JOIN journal_attendancecode c ON c.id = a.code_id
        JOIN people_teachingassignment ta ON ta.id = l.assignment_id
        JOIN people_enrollment e ON e.student_id = a.student_id AND e.class_group_id = ta.class_group_id
             AND e.start <= l.date AND (e."end" IS NULL OR e."end" >= l.date)
        WHERE l.assignment_id IN ({assignments})
          AND l.date >= %s AND l.date <= %s AND l.status <> 'cancelled'
        GROUP BY a.student_id, e.class_group_id, l.date
    ) m
    JOIN (
        SELECT t.class_group_id AS class_id, t.subgroup_id AS subgroup_id, l.date AS day, COUNT(*) AS n
        FROM journal_lesson l
        JOIN people_teachingassignment t ON t.id = l.assignment_id
        WHERE l.assignment_id IN ({assignments})
          AND l.date >= %s AND l.date <= %s AND l.status <> 'cancelled'
        GROUP BY t.class_group_id, t.subgroup_id, l.date
    ) g ON g.class_id = m.class_id AND g.day = m.day
       AND (g.subgroup_id IS NULL OR EXISTS (
            SELECT 1 FROM people_subgroupmembership sm
            WHERE sm.subgroup_id = g.subgroup_id AND sm.student_id = m.student_id))
    GROUP BY m.student_id, m.class_id, m.day, m.missed, m.ill, m.excused, m.late
"""

_PER_PUPIL = """
    SELECT d.student_id, d.class_id,
           SUM(CASE WHEN d.missed > 0 AND d.missed = d.lessons THEN 1 ELSE 0 END),
           SUM(CASE WHEN d.ill > 0 AND d.ill = d.lessons THEN 1 ELSE 0 END),
           SUM(d.lessons), SUM(d.missed), SUM(d.ill), SUM(d.excused), SUM(d.late)
    FROM ({daily}) d
    GROUP BY d.student_id, d.class_id
"""

# Every pupil of the journals in scope at some time in the range, present or not.
_ROSTER = """
    SELECT DISTINCT e.student_id, e.class_group_id
    FROM people_teachingassignment ta
    JOIN people_enrollment e ON e.class_group_id = ta.class_group_id
         AND e.start <= %s AND (e."end" IS NULL OR e."end" >= %s)
    WHERE ta.id IN ({assignments})
      AND (ta.subgroup_id IS NULL OR EXISTS (
            SELECT 1 FROM people_subgroupmembership sm
            WHERE sm.subgroup_id = ta.subgroup_id AND sm.student_id = e.student_id))
"""

# Lessons missed per day for the chart: the attendance rows of the lessons in scope (a journal
# records attendance only for the pupils of its lesson), without the full-day rule's grouping.
_PER_DAY = """
    SELECT l.date,
           SUM(CASE WHEN c.is_absence THEN 1 ELSE 0 END),
           SUM(CASE WHEN c.is_absence AND c.is_illness THEN 1 ELSE 0 END)
    FROM journal_attendance a
    JOIN journal_lesson l ON l.id = a.lesson_id
    JOIN journal_attendancecode c ON c.id = a.code_id
    WHERE l.assignment_id IN ({assignments})
      AND l.date >= %s AND l.date <= %s AND l.status <> 'cancelled'
    GROUP BY l.date ORDER BY l.date
"""

FIELDS = ("days", "days_ill", "lessons", "missed", "ill", "excused", "late")


def _columns() -> list[Column]:
    return [
        Column("class_name", _("Класс"), T.TEXT, 8),
        Column("student", _("ФИО"), T.TEXT, 32),
        Column("days", _("Дней: всего"), T.INT),
        Column("days_ill", _("Дней: по болезни"), T.INT),
        Column("missed", _("Уроков: всего"), T.INT),
        Column("ill", _("Уроков: по болезни"), T.INT),
        Column("excused", _("Уроков: по уваж. причине"), T.INT),
        Column("unexcused", _("Уроков: без уваж. причины"), T.INT),
        Column("late", _("Опозданий"), T.INT),
    ]


def _as_day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def attendance_figures(actor, ctx) -> tuple[list[tuple], list[tuple]]:
    """(per pupil and class: days, days ill, lessons, missed, ill, excused, late — every pupil
    of the range, zeros for those never marked), (per day: missed, ill). Three queries."""
    assignments = common.scoped_assignments(actor, ctx, with_grading_none=True)
    ids_sql, ids_params = common._ids_sql(assignments)
    daily = _MARKED_DAYS.format(assignments=ids_sql)
    with connection.cursor() as cursor:
        cursor.execute(
            _PER_PUPIL.format(daily=daily),
            [*ids_params, ctx.date_from, ctx.date_to, *ids_params, ctx.date_from, ctx.date_to],
        )
        marked = {(row[0], row[1]): row for row in cursor.fetchall()}
        cursor.execute(_ROSTER.format(assignments=ids_sql), [ctx.date_to, ctx.date_from, *ids_params])
        roster = cursor.fetchall()
        cursor.execute(_PER_DAY.format(assignments=ids_sql), [*ids_params, ctx.date_from, ctx.date_to])
        per_day = cursor.fetchall()
    per_pupil = [
        marked.get((student, class_id), (student, class_id, 0, 0, 0, 0, 0, 0, 0))
        for student, class_id in roster
    ]
    return per_pupil, per_day


def build(actor, ctx) -> dict:
    per_pupil, per_day = attendance_figures(actor, ctx)
    student_ids = {row[0] for row in per_pupil}
    people = {
        s["id"]: s
        for s in Student.objects.visible_to(actor)
        .filter(pk__in=student_ids)
        .values("id", "last_name", "first_name", "middle_name")
    }
    class_names = {
        c["id"]: f"{c['grade']}{c['letter']}"
        for c in ClassGroup.objects.visible_to(actor)
        .filter(pk__in={row[1] for row in per_pupil})
        .values("id", "grade", "letter")
    }
    pupils = []
    for student_id, class_id, *figures in per_pupil:
        if student_id not in people:
            continue
        person = people[student_id]
        cells = dict(zip(FIELDS, (int(v or 0) for v in figures), strict=True))
        cells["unexcused"] = cells["missed"] - cells["ill"] - cells["excused"]
        full = names.full_name(person["last_name"], person["first_name"], person["middle_name"])
        pupils.append(({"class_name": class_names.get(class_id, ""), "student": full} | cells, class_id))
    pupils.sort(
        key=lambda item: (item[0]["class_name"][:-1].zfill(3), item[0]["class_name"], item[0]["student"])
    )

    keys = (*FIELDS, "unexcused")
    rows: list[dict] = []
    total = dict.fromkeys(keys, 0)
    current, subtotal = None, None
    for cells, _class_id in pupils:
        if cells["class_name"] != current:
            if subtotal is not None:
                rows.append(
                    {"class_name": current, "student": _("Итого по классу"), "kind": "subtotal"} | subtotal
                )
            current, subtotal = cells["class_name"], dict.fromkeys(keys, 0)
        for key in keys:
            subtotal[key] += cells[key]
            total[key] += cells[key]
        rows.append(cells)
    if subtotal is not None:
        rows.append({"class_name": current, "student": _("Итого по классу"), "kind": "subtotal"} | subtotal)
    if pupils:
        rows.append({"class_name": _("Всего"), "student": _("Итого"), "kind": "total"} | total)
    for row in rows:
        row.pop("lessons", None)

    weeks: dict[dt.date, list[int]] = {}
    for day, missed, ill in per_day:
        day = _as_day(day)
        monday = day - dt.timedelta(days=day.weekday())
        bucket = weeks.setdefault(monday, [0, 0])
        bucket[0] += int(missed or 0)
        bucket[1] += int(ill or 0)
    chart = None
    if weeks:
        mondays = sorted(weeks)
        chart = charts.weekly(
            _("Пропущено уроков по неделям"),
            [f"{m:%d.%m}" for m in mondays],
            {_("всего"): [weeks[m][0] for m in mondays], _("по болезни"): [weeks[m][1] for m in mondays]},
        )
    return {"tables": [Table(_("Посещаемость"), _columns(), rows)], "charts": [chart] if chart else []}
