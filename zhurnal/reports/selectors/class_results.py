"""`class-results`: each pupil's category from their period marks over all subjects
(DOMAIN.md §5, REPORTS.md §4), with names, per class and for the school.

Categories (each pupil in one): не аттестован (any н/а), неуспевающий (any «2» or «нз»),
отличник (all «5»), хорошист (only «4» and «5»; "с одной «4»" is marked beside), с одной «3»
(one «3», the rest «4»/«5»), успевающий (the rest), без отметок. Exempt and pass subjects are
left out of the judgement; the subjects of the odd mark are named.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from zhurnal.reports.registry import Column, ColumnType, Table
from zhurnal.reports.selectors import common
from zhurnal.reports.selectors.marks_count import pupil_names

T = ColumnType


def categories():
    return {
        "excellent": _("Отличник"),
        "good": _("Хорошист"),
        "one_three": _("С одной «3»"),
        "passing": _("Успевающий"),
        "failing": _("Неуспевающий"),
        "not_attested": _("Не аттестован"),
        "none": _("Без отметок"),
    }


def categorise(marks: list[tuple[str, str]]) -> tuple[str, list[str], bool]:
    """(category, subjects named, with one «4») from (subject, value) pairs."""
    counted = [(s, v) for s, v in marks if v in {"5", "4", "3", "2", "н/а", "нз"}]
    if not counted:
        return "none", [], False
    na = [s for s, v in counted if v == "н/а"]
    if na:
        return "not_attested", na, False
    failing = [s for s, v in counted if v in ("2", "нз")]
    if failing:
        return "failing", failing, False
    threes = [s for s, v in counted if v == "3"]
    fours = [s for s, v in counted if v == "4"]
    if not threes and not fours:
        return "excellent", [], False
    if not threes:
        return "good", fours if len(fours) == 1 else [], len(fours) == 1
    if len(threes) == 1:
        return "one_three", threes, False
    return "passing", [], False


def pupil_categories(actor, ctx):
    """class id → [(name, category, subjects, one_four)], and class names, from one query."""
    assignments = common.scoped_assignments(actor, ctx)
    journals = {row["id"]: row for row in common.assignment_rows(assignments)}
    marks: dict[tuple[int, int], list] = defaultdict(list)
    for assignment_id, student_id, value in common.pupil_period_marks(assignments, ctx.period):
        journal = journals[assignment_id]
        marks[(journal["class_group_id"], student_id)].append((journal["subject__name"], value or ""))
    # A member's study-group subjects count in their own class's row (decision 0036).
    slices, slice_marks = common.group_slices(actor, ctx)
    slice_of = {row["slice"]: row for row in slices}
    for key, student_id, value in slice_marks:
        journal = slice_of[key]
        journals.setdefault(key, journal)
        marks[(journal["class_group_id"], student_id)].append((journal["subject__name"], value or ""))
    who = pupil_names(actor, {student for _c, student in marks})
    classes = {j["class_group_id"]: (j["class_group__grade"], j["class_name"]) for j in journals.values()}
    result: dict[int, list] = defaultdict(list)
    for (class_id, student_id), pairs in marks.items():
        if student_id in who:
            category, subjects, one_four = categorise(pairs)
            result[class_id].append((who[student_id], category, sorted(subjects), one_four))
    return result, classes


def build(actor, ctx) -> dict:
    if ctx.period is None:
        return {"tables": []}
    by_class, classes = pupil_categories(actor, ctx)
    titles = categories()
    order = list(titles)
    lists = []
    summary = []
    total = dict.fromkeys(order, 0)
    total_pupils = total_one_four = 0
    for class_id in sorted(by_class, key=lambda c: classes[c]):
        pupils = sorted(by_class[class_id], key=lambda p: (order.index(p[1]), p[0]))
        counts = dict.fromkeys(order, 0)
        one_four = 0
        for name, category, subjects, with_one_four in pupils:
            counts[category] += 1
            one_four += with_one_four
            label = titles[category] + (_(" (с одной «4»)") if with_one_four else "")
            lists.append(
                {
                    "class_name": classes[class_id][1],
                    "student": name,
                    "category": label,
                    "subjects": ", ".join(subjects),
                }
            )
        for key in order:
            total[key] += counts[key]
        total_pupils += len(pupils)
        total_one_four += one_four
        summary.append(
            {"class_name": classes[class_id][1], "pupils": len(pupils), "one_four": one_four} | counts
        )
    if summary:
        summary.append(
            {"class_name": _("Всего"), "pupils": total_pupils, "one_four": total_one_four, "kind": "total"}
            | total
        )
    list_columns = [
        Column("class_name", _("Класс"), T.TEXT, 8),
        Column("student", _("ФИО"), T.TEXT, 32),
        Column("category", _("Категория"), T.TEXT, 26),
        Column("subjects", _("Предмет(ы)"), T.TEXT, 30),
    ]
    summary_columns = [
        Column("class_name", _("Класс"), T.TEXT, 8),
        Column("pupils", _("Учеников"), T.INT),
        *[Column(key, titles[key], T.INT, 12) for key in order],
        Column("one_four", _("С одной «4»"), T.INT, 12),
    ]
    return {
        "tables": [
            Table(_("Итоги по классам"), summary_columns, summary),
            Table(_("Списки обучающихся"), list_columns, lists),
        ]
    }
