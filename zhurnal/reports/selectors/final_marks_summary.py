"""`final-marks-summary`: the summary sheet of final marks of a class (сводная ведомость,
REPORTS.md §7) — pupils × subjects (each period, year, exam, final), the lessons each pupil
missed, and the class's totals under every column.

The figures are the archive's selector's (`archive.selectors.summary`), the same the printed
sheet and the printed journal show. As on paper, the subjects are split into sheets of a few
subjects each (`archive.printing.SUBJECTS_PER_PAGE`), so every format reads the same tables and
a landscape A4 page holds one of them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhurnal.archive.printing import SUBJECTS_PER_PAGE
from zhurnal.archive.selectors.summary import final_marks_summary
from zhurnal.core.errors import Forbidden
from zhurnal.policy import rules
from zhurnal.reports.registry import Column, ColumnType, Table

T = ColumnType


def build(actor, ctx) -> dict:
    class_group = ctx.class_group
    if class_group is None:
        return {"tables": []}
    if not rules.may_read_class_summary(actor, class_group):
        raise Forbidden(_("Сводную ведомость класса составляют классный руководитель и администрация школы."))
    summary = final_marks_summary(class_group.school, class_group, class_group.year)
    titles = {column.key: column.title for column in summary.columns}
    subjects = summary.subjects
    chunks = [subjects[i : i + SUBJECTS_PER_PAGE] for i in range(0, len(subjects), SUBJECTS_PER_PAGE)]
    tables = []
    for index, chunk in enumerate(chunks or [[]]):
        keys = [key for subject in chunk for key in subject.keys]
        columns = [
            Column("number", _("№"), T.INT, 5),
            Column("student", _("Фамилия, имя обучающегося"), T.TEXT, 30),
            Column("left", _("Выбыл"), T.DATE),
        ]
        for subject in chunk:
            columns += [Column(key, f"{subject.name}: {titles[key]}", T.TEXT, 7) for key in subject.keys]
        last = index == len(chunks) - 1 or not chunks
        if last:
            columns.append(Column("missed", _("Пропущено уроков"), T.INT, 10))
        rows = [
            {"number": row["number"], "student": row["student"], "left": row["left"], "missed": row["missed"]}
            | {key: row[key] for key in keys}
            for row in summary.rows
        ]
        for total in summary.totals:
            label = total["label"]
            rows.append({"student": label, "kind": "total"} | {key: total[key] for key in keys})
        names = ", ".join(subject.name for subject in chunk)
        title = _("Сводная ведомость итоговых отметок %(cls)s класса") % {"cls": class_group}
        if len(chunks) > 1:
            title = f"{title} ({index + 1}/{len(chunks)}: {names})"
        tables.append(Table(title, columns, rows))
    return {
        "tables": tables,
        "period_title": summary.period_label,
        "page_break": True,
    }
