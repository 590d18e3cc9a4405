"""`progress`: period marks by class and subject (and teacher), with parallel and school totals.

Counts come from one GROUP BY query (common.period_mark_counts); N and the indicators from
indicators.Counts, exactly as DOMAIN.md §5 defines them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhurnal.reports import charts
from zhurnal.reports.indicators import Counts
from zhurnal.reports.registry import Column, ColumnType, Table
from zhurnal.reports.selectors import common

T = ColumnType


def counts_columns() -> list[Column]:
    return [
        Column("total", _("Всего"), T.INT),
        Column("n5", "«5»", T.INT),
        Column("n4", "«4»", T.INT),
        Column("n3", "«3»", T.INT),
        Column("n2", "«2»", T.INT),
        Column("na", _("н/а"), T.INT),
        Column("exempt", _("осв."), T.INT),
        Column("passed", _("зач."), T.INT),
        Column("failed", _("незач."), T.INT),
        Column("without_mark", _("Без отметки"), T.INT),
        Column("n", "N", T.INT),
        Column("success", _("% успев."), T.PERCENT),
        Column("quality", _("% кач."), T.PERCENT),
        Column("sou", _("СОУ"), T.PERCENT),
        Column("average", _("Ср. балл"), T.DECIMAL),
    ]


def counts_cells(counts: Counts) -> dict:
    return {
        "total": counts.total,
        "n5": counts.n5,
        "n4": counts.n4,
        "n3": counts.n3,
        "n2": counts.n2,
        "na": counts.na,
        "exempt": counts.exempt,
        "passed": counts.passed,
        "failed": counts.failed,
        "without_mark": counts.without_mark,
        "n": counts.n,
        "success": counts.success,
        "quality": counts.quality,
        "sou": counts.sou,
        "average": counts.average,
    }


def build(actor, ctx) -> dict:
    if ctx.period is None:
        return {"tables": [], "charts": []}
    assignments = common.scoped_assignments(actor, ctx)
    # The study groups' journals come in as one row per member's class (decision 0036).
    slices, slice_marks = common.group_slices(actor, ctx)
    rows_in = common.assignment_rows(assignments)
    if slices:
        rows_in = sorted(rows_in + slices, key=common.by_class_order)
    counted = common.period_mark_counts(assignments, ctx.period) | common.slice_counts(slice_marks)
    columns = [
        Column("class_name", _("Класс"), T.TEXT, 8),
        Column("subject", _("Предмет"), T.TEXT, 30),
        Column("subgroup", _("Подгруппа"), T.TEXT, 18),
        Column("teacher", _("Учитель"), T.TEXT, 20),
        *counts_columns(),
    ]
    rows: list[dict] = []
    school_total = Counts()
    parallel_total: Counts | None = None
    class_total: Counts | None = None
    current_class = current_grade = None

    def close_class():
        if class_total is not None:
            rows.append(
                {"class_name": current_class, "subject": _("Итого по классу"), "kind": "subtotal"}
                | counts_cells(class_total)
            )

    def close_parallel():
        if parallel_total is not None:
            rows.append(
                {
                    "class_name": _("%(grade)s-е классы") % {"grade": current_grade},
                    "subject": _("Итого по параллели"),
                    "kind": "subtotal",
                }
                | counts_cells(parallel_total)
            )

    for row in rows_in:
        if row["class_name"] != current_class:
            close_class()
            if row["class_group__grade"] != current_grade:
                close_parallel()
                current_grade, parallel_total = row["class_group__grade"], Counts()
            current_class, class_total = row["class_name"], Counts()
        counts = counted.get(row.get("slice", row["id"]), Counts())
        class_total.add(counts)
        parallel_total.add(counts)
        school_total.add(counts)
        rows.append(
            {
                "class_name": row["class_name"],
                "subject": row["subject__name"],
                "subgroup": row["subgroup__name"] or "",
                "teacher": row["teacher_name"],
            }
            | counts_cells(counts)
        )
    close_class()
    close_parallel()
    if rows_in:
        rows.append(
            {"class_name": _("Всего"), "subject": _("Итого"), "kind": "total"} | counts_cells(school_total)
        )
    chart = charts.distribution(
        _("Распределение отметок за период"),
        {
            "5": school_total.n5,
            "4": school_total.n4,
            "3": school_total.n3,
            "2": school_total.n2,
            _("н/а"): school_total.na,
        },
    )
    return {"tables": [Table(_("Итоги успеваемости"), columns, rows)], "charts": [chart] if rows_in else []}
