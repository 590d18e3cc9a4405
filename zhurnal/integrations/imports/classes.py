"""Classes of the year: one row a class, with its class teacher when named.

Matched by name («2А») in the year (the working year when «Учебный год» is empty). A new class
is created (office.services.classes.class_create); a known one whose class teacher differs gets
the named one (class_teacher_assign).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.accounts.models import Role, RoleGrant
from zhurnal.core.tabular import Column, Row
from zhurnal.integrations.imports.base import (
    CHANGE,
    CLASS_NAME,
    CREATE,
    SKIP,
    Errors,
    Importer,
    Planned,
    class_key,
    working_year,
)
from zhurnal.integrations.imports.lookups import StaffCards
from zhurnal.office.services.classes import class_create, class_teacher_assign
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import AcademicYear, ClassGroup


class ClassesImport(Importer):
    kind = "classes"
    title = gettext_lazy("Классы (с классными руководителями)")
    columns = (
        Column("class", "Класс", ("class_name", "name"), required=True),
        Column("class_teacher", "Классный руководитель", ("class_teacher",)),
        Column("year", "Учебный год", ("academic_year",)),
    )
    examples = (("1А", "Козлов Андрей Павлович", ""), ("1Б", "smirnova@example.ru", ""))

    def load(self) -> None:
        self.years = {year.name: year for year in AcademicYear.objects.filter(school=self.school)}
        self.default_year = working_year(self.school)
        self.classes = {
            (c.year_id, class_key(str(c))): c for c in ClassGroup.objects.filter(school=self.school)
        }
        self.staff = StaffCards(self.school)
        self.leaders = {
            class_id: user_id
            for user_id, class_id in RoleGrant.objects.filter(
                school=self.school, role=Role.CLASS_TEACHER
            ).values_list("user_id", "class_group_id")
        }

    def check_row(self, row: Row, errors: Errors) -> Planned | None:
        before = len(errors.items)
        match = CLASS_NAME.match(row["class"])
        if not row["class"]:
            errors.add(row, self.column("class"), _("не указан класс"))
        elif not match or not 1 <= int(match[1]) <= 11:
            errors.add(row, self.column("class"), _("имя класса — параллель 1–11 и литера, например «2А»"))
        year = self.years.get(row["year"].strip()) if row["year"] else self.default_year
        if year is None:
            errors.add(
                row,
                self.column("year"),
                _("нет учебного года «%(year)s»") % {"year": row["year"]}
                if row["year"]
                else _("в школе нет учебного года"),
            )
        teacher = None
        if row["class_teacher"]:
            teacher, problem = self.staff.named(row["class_teacher"])
            if problem:
                errors.add(row, self.column("class_teacher"), problem)
            elif teacher.user_id is None:
                errors.add(
                    row,
                    self.column("class_teacher"),
                    _("у сотрудника нет учётной записи: сначала выдайте логин"),
                )
        if len(errors.items) > before:
            return None
        key = (year.pk, class_key(row["class"]))
        if not self.first_seen(row, key, "class", errors):
            return None
        grade, letter = int(match[1]), match[2].upper()
        label = f"{grade}{letter} ({year.name})"
        payload = {
            "year_id": year.pk,
            "grade": grade,
            "letter": letter,
            "teacher_id": teacher.pk if teacher else None,
        }
        found = self.classes.get(key)
        if found is None:
            changes = [teacher.short_name] if teacher else []
            return Planned(line=row.line, action=CREATE, label=label, changes=changes, payload=payload)
        payload["class_id"] = found.pk
        if teacher is not None and self.leaders.get(found.pk) != teacher.user_id:
            return Planned(
                line=row.line,
                action=CHANGE,
                label=label,
                changes=[_("классный руководитель %(n)s") % {"n": teacher.short_name}],
                payload=payload,
            )
        return Planned(line=row.line, action=SKIP, label=label, payload=payload)

    def apply_item(self, actor: Actor, item: Planned) -> None:
        p = item.payload
        if "class_id" in p:
            class_teacher_assign(actor=actor, class_id=p["class_id"], staff_id=p["teacher_id"])
        else:
            class_create(
                actor=actor,
                year_id=p["year_id"],
                grade=p["grade"],
                letter=p["letter"],
                class_teacher_id=p["teacher_id"],
            )
