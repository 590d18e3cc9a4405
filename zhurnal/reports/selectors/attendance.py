"""`attendance`: per pupil, days and lessons missed (of them for illness, excused, unexcused) and
late arrivals, with class and school totals, and a chart by week.

A pupil's lessons are those of the journals in scope while the pupil was enrolled in the class
(and, for a subgroup journal, a member of it); cancelled lessons do not count. A day is missed
only when every such lesson of that day was missed (DOMAIN.md §4), of them for illness when
every one was missed for illness. An illness code counts as illness, not as "excused".
Aggregation runs in SQL: two queries (per pupil, per day) whatever the number of pupils.
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

_DAILY = """
    SELECT e.student_id AS student_id, e.class_group_id AS class_id, l.date AS day,
           COUNT(*) AS lessons,
           SUM(CASE WHEN c.is_absence THEN 1 ELSE 0 END) AS missed,
           SUM(CASE WHEN c.is_absence AND c.is_illness THEN 1 ELSE 0 END) AS ill,
           SUM(CASE WHEN c.is_absence AND c.is_excused AND NOT c.is_illness THEN 1 ELSE 0 END) AS excused,
           SUM(CASE WHEN c.is_late THEN 1 ELSE 0 END) AS late
    FROM journal_lesson l
    JOIN people_teachingassignment ta ON ta.id = l.assignment_id
    JOIN people_enrollment e ON e.class_group_id = ta.class_group_id
         AND e.start <= l.date AND (e."end" IS NULL OR e."end" >= l.date)
    LEFT JOIN journal_attendance a ON a.lesson_id = l.id AND a.student_id = e.student_id
    LEFT JOIN journal_attendancecode c ON c.id = a.code_id
    WHERE l.assignment_id IN ({assignments})
      AND l.date >= %s AND l.date <= %s AND l.status <> 'cancelled'
      AND (ta.subgroup_id IS NULL OR EXISTS (
            SELECT 1 FROM people_subgroupmembership sm
            WHERE sm.subgroup_id = ta.subgroup_id AND sm.student_id = e.student_id))
    GROUP BY e.student_id, e.class_group_id, l.date
"""

_PER_PUPIL = """
    SELECT d.student_id, d.class_id,
           SUM(CASE WHEN d.missed = d.lessons THEN 1 ELSE 0 END),
           SUM(CASE WHEN d.ill = d.lessons THEN 1 ELSE 0 END),
           SUM(d.lessons), SUM(d.missed), SUM(d.ill), SUM(d.excused), SUM(d.late)
    FROM ({daily}) d
    GROUP BY d.student_id, d.class_id
"""

_PER_DAY = """
    SELECT d.day, SUM(d.missed), SUM(d.ill) FROM ({daily}) d GROUP BY d.day ORDER BY d.day
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
    assignments = common.scoped_assignments(actor, ctx, with_grading_none=True)
    ids_sql, ids_params = common._ids_sql(assignments)
    daily = _DAILY.format(assignments=ids_sql)
    params = [*ids_params, ctx.date_from, ctx.date_to]
    with connection.cursor() as cursor:
        cursor.execute(_PER_PUPIL.format(daily=daily), params)
        per_pupil = cursor.fetchall()
        cursor.execute(_PER_DAY.format(daily=daily), params)
        per_day = cursor.fetchall()
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
