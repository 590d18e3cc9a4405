"""The КТП from a spreadsheet (core.tabular) and from another plan: all or nothing.

The file's rows replace the working version's items. Numbers in the «№» column must be whole,
positive and unique; the items take the file's order of numbers and are renumbered 1…n.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record
from zhurnal.core.errors import InvalidInput
from zhurnal.core.tabular import Column, RowError, TableError, read_table
from zhurnal.planning import access
from zhurnal.planning.models import PlanEvent, PlanItem, PlanVersion, ThematicPlan
from zhurnal.planning.services.common import MAX_HOURS, event, item_values, when_parsed, working_version
from zhurnal.policy.actor import Actor

COLUMNS = (
    Column("number", "№", aliases=("номер", "№ п/п", "№ урока", "number", "n"), required=True),
    Column("section", "Раздел", aliases=("раздел программы", "section")),
    Column("topic", "Тема", aliases=("тема урока", "topic"), required=True),
    Column("hours", "Часы", aliases=("кол-во часов", "количество часов", "hours")),
    Column("when", "Дата", aliases=("дата или неделя", "неделя", "date", "week")),
    Column("lesson_type", "Тип урока", aliases=("lesson_type",)),
    Column("homework", "Домашнее задание", aliases=("д/з", "homework")),
)
TEMPLATE_EXAMPLES = (
    (
        "1",
        "Числа от 1 до 100",
        "Повторение: сложение и вычитание",
        "1",
        "01.09.2025",
        "урок повторения",
        "с. 4 № 1, 2",
    ),
    ("2", "Числа от 1 до 100", "Письменные приёмы сложения", "2", "2", "урок открытия нового знания", ""),
)
LIMITS = {"section": 300, "topic": 500, "lesson_type": 100, "homework": 2000}


@dataclass
class ImportResult:
    items: list[dict]
    hours: int
    dry_run: bool


def parsed_rows(data: bytes, year) -> list[dict]:
    """The file's items in order; TableError naming every bad row and column otherwise."""
    table = read_table(data, COLUMNS)
    errors: list[RowError] = []
    rows: list[tuple[int, dict]] = []
    seen: dict[int, int] = {}
    titles = {c.key: c.title for c in COLUMNS}
    for row in table.rows:
        values: dict = {}
        bad = False
        number_text = row["number"]
        if not number_text.isdigit() or int(number_text) < 1:
            errors.append(RowError(row.line, titles["number"], _("нужен номер пункта: целое число от 1")))
            bad = True
        elif int(number_text) in seen:
            errors.append(
                RowError(
                    row.line,
                    titles["number"],
                    _("номер %(n)s уже был в строке %(l)s") % {"n": number_text, "l": seen[int(number_text)]},
                )
            )
            bad = True
        else:
            seen[int(number_text)] = row.line
        if not row["topic"]:
            errors.append(RowError(row.line, titles["topic"], _("тема не указана")))
            bad = True
        for key, limit in LIMITS.items():
            if len(row[key]) > limit:
                errors.append(RowError(row.line, titles[key], _("длиннее %(n)s знаков") % {"n": limit}))
                bad = True
            values[key] = row[key]
        hours_text = row["hours"] or "1"
        if not hours_text.isdigit() or not (1 <= int(hours_text) <= MAX_HOURS):
            errors.append(
                RowError(
                    row.line, titles["hours"], _("нужно целое число часов от 1 до %(n)s") % {"n": MAX_HOURS}
                )
            )
            bad = True
        else:
            values["hours"] = int(hours_text)
        try:
            values["planned_date"], values["planned_week"] = when_parsed(row["when"], year)
        except ValueError as error:
            errors.append(RowError(row.line, titles["when"], str(error)))
            bad = True
        if not bad:
            rows.append((int(number_text), values))
    if not errors and not rows:
        errors.append(RowError(1, "", _("в файле нет ни одного пункта")))
    if errors:
        raise TableError(errors)
    return [values for _number, values in sorted(rows, key=lambda pair: pair[0])]


def _replace_items(version: PlanVersion, rows: list[dict]) -> None:
    version.items.all().delete()
    PlanItem.objects.bulk_create(
        PlanItem(school_id=version.school_id, version=version, number=index, **values)
        for index, values in enumerate(rows, start=1)
    )


def plan_import(*, actor: Actor, assignment_id, data: bytes, dry_run: bool = False) -> ImportResult:
    """Replace the draft's items with the file's; with dry_run only read and check the file."""
    assignment = access.assignment_for_plan_writer(actor, assignment_id)
    rows = parsed_rows(data, assignment.year)
    result = ImportResult(items=rows, hours=sum(r["hours"] for r in rows), dry_run=dry_run)
    if dry_run:
        return result
    with transaction.atomic():
        version = working_version(actor, assignment)
        before = version.items.count()
        _replace_items(version, rows)
        audit_record(
            actor=actor,
            action="plan.import",
            obj=version.plan,
            before={"items": before},
            after={"items": len(rows), "hours": result.hours},
        )
        event(actor, version, PlanEvent.Action.IMPORTED, _("%(n)s пунктов") % {"n": len(rows)})
    return result


def copy_sources(actor: Actor, assignment) -> list[ThematicPlan]:
    """Plans the teacher may copy into this one: the same subject and grade in the same school
    (their own from an earlier year, or a colleague's), that have items."""
    return list(
        ThematicPlan.objects.visible_to(actor)
        .filter(
            school_id=assignment.school_id,
            assignment__subject_id=assignment.subject_id,
            assignment__class_group__grade=assignment.grade,
            versions__items__isnull=False,
        )
        .exclude(assignment=assignment)
        .distinct()
        .select_related(
            "assignment__class_group",
            "assignment__subgroup__class_group",
            "assignment__teacher",
            "assignment__year",
        )
        .order_by("-assignment__year__start", "assignment__class_group__letter")
    )


def plan_copy(*, actor: Actor, assignment_id, source_plan_id) -> int:
    """Replace the draft's items with another plan's (its latest approved version, or its latest
    version when none is approved). Returns how many items were copied."""
    assignment = access.assignment_for_plan_writer(actor, assignment_id)
    source = next((p for p in copy_sources(actor, assignment) if str(p.pk) == str(source_plan_id)), None)
    if source is None:
        raise InvalidInput(_("Выберите КТП того же предмета и той же параллели."), field="source")
    versions = source.versions.order_by("-number")
    chosen = versions.filter(status=PlanVersion.Status.APPROVED).first() or versions.first()
    rows = [item_values(i) for i in chosen.items.order_by("number")]
    year = assignment.year
    for row in rows:  # a date of another year means nothing here; the week number still does
        if row["planned_date"] is not None and not (year.start <= row["planned_date"] <= year.end):
            row["planned_date"] = None
    with transaction.atomic():
        version = working_version(actor, assignment)
        _replace_items(version, rows)
        audit_record(
            actor=actor, action="plan.copy", obj=version.plan, after={"source": source.pk, "items": len(rows)}
        )
        event(actor, version, PlanEvent.Action.COPIED, str(source.assignment))
    return len(rows)
