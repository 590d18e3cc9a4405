"""`class-teacher`: the class teacher's period report — the list's movement (in, out, by date),
the progress table, attendance and the class's results — built from the other reports'
selectors for one class, so every figure is the same as theirs."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhurnal.core import names
from zhurnal.people.models import Enrollment
from zhurnal.reports.registry import Column, ColumnType, Table
from zhurnal.reports.selectors import attendance, class_results, progress

T = ColumnType


def build(actor, ctx) -> dict:
    if ctx.class_group is None or ctx.period is None:
        return {"tables": []}
    start, end = ctx.period.start, ctx.period.end
    enrolments = list(
        Enrollment.objects.visible_to(actor)
        .filter(class_group_id=ctx.class_group.pk, start__lte=end)
        .values("start", "end", "student__last_name", "student__first_name", "student__middle_name")
    )
    at_start = sum(1 for e in enrolments if e["start"] <= start and (e["end"] is None or e["end"] >= start))
    at_end = sum(1 for e in enrolments if e["end"] is None or e["end"] >= end)
    moves = []
    for e in enrolments:
        who = names.full_name(e["student__last_name"], e["student__first_name"], e["student__middle_name"])
        if start < e["start"] <= end:
            moves.append({"date": e["start"], "student": who, "move": _("прибыл")})
        if e["end"] is not None and start <= e["end"] < end:
            moves.append({"date": e["end"], "student": who, "move": _("выбыл")})
    moves.sort(key=lambda m: (m["date"], m["student"]))
    arrived = sum(1 for m in moves if m["move"] == _("прибыл"))
    movement = Table(
        _("Движение"),
        [Column("indicator", _("Показатель"), T.TEXT, 28), Column("value", _("Значение"), T.INT, 10)],
        [
            {"indicator": _("Количество на начало"), "value": at_start},
            {"indicator": _("Прибыло"), "value": arrived},
            {"indicator": _("Выбыло"), "value": len(moves) - arrived},
            {"indicator": _("Количество на конец"), "value": at_end},
        ],
    )
    move_list = Table(
        _("Прибытие и выбытие"),
        [
            Column("date", _("Дата"), T.DATE),
            Column("student", _("ФИО"), T.TEXT, 32),
            Column("move", _("Движение"), T.TEXT, 10),
        ],
        moves,
    )
    made = progress.build(actor, ctx)
    absences = attendance.build(actor, ctx)
    results = class_results.build(actor, ctx)
    return {
        "tables": [movement, move_list, *made["tables"], *absences["tables"], *results["tables"]],
        "charts": made.get("charts", []),
    }
