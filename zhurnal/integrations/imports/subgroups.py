"""Subgroups of classes and who is in them: one row a pupil in a subgroup.

The subgroup is found by class and name, and made when missing; the pupil (СНИЛС or ФИО + birth
date) must be enrolled in the class. Each subgroup the file names goes once through
office.services.classes.subgroup_save with its members so far and the file's; a pupil already in
the subgroup is skipped. Nobody is taken out of a subgroup by an import.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.core.tabular import Column, Row
from zhurnal.integrations.imports.base import (
    CREATE,
    SKIP,
    Errors,
    Importer,
    Planned,
    class_key,
    classes_by_name,
    normal,
    working_year,
)
from zhurnal.integrations.imports.lookups import Pupils
from zhurnal.office.services.classes import class_pupil_ids, subgroup_save
from zhurnal.people.models import SubgroupMembership
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import Subgroup


class SubgroupsImport(Importer):
    kind = "subgroups"
    title = gettext_lazy("Подгруппы классов и их состав")
    columns = (
        Column("class", "Класс", required=True),
        Column("subgroup", "Подгруппа", ("subgroup_name",), required=True),
        Column("last_name", "Фамилия", required=True),
        Column("first_name", "Имя", required=True),
        Column("middle_name", "Отчество"),
        Column("birth_date", "Дата рождения", required=True),
        Column("snils", "СНИЛС"),
    )
    examples = (("1А", "Английский язык, гр. 1", "Иванова", "Мария", "Петровна", "01.03.2019", ""),)

    def load(self) -> None:
        year = working_year(self.school)
        self.classes = classes_by_name(self.school, year)
        self.pupils = Pupils(self.school, year.start if year else None) if year else None
        self.subgroups = {
            (s.class_group_id, normal(s.name)): s for s in Subgroup.objects.filter(school=self.school)
        }
        self.members = set(
            SubgroupMembership.objects.filter(school=self.school).values_list("subgroup_id", "student_id")
        )
        self.rosters: dict[int, set[int]] = {}

    def check_row(self, row: Row, errors: Errors) -> Planned | None:
        before = len(errors.items)
        class_group = None
        if row["class"]:
            class_group = self.classes.get(class_key(row["class"]))
            if class_group is None:
                errors.add(row, self.column("class"), _("нет класса «%(name)s»") % {"name": row["class"]})
        else:
            errors.add(row, self.column("class"), _("не указан класс"))
        name = self.required(row, "subgroup", errors, _("не указано название подгруппы"))
        self.length(row, "subgroup", 100, errors)
        last = self.required(row, "last_name", errors, _("не указана фамилия"))
        first = self.required(row, "first_name", errors, _("не указано имя"))
        born = self.date(row, "birth_date", errors)
        if not row["birth_date"]:
            errors.add(row, self.column("birth_date"), _("не указана дата рождения"))
        if len(errors.items) > before:
            return None
        pupil, conflict = self.pupils.find(row["snils"], last, first, row["middle_name"], born)
        if conflict or pupil is None:
            errors.add(row, self.column("last_name"), conflict or _("нет такого обучающегося в школе"))
            return None
        if class_group.pk not in self.rosters:
            self.rosters[class_group.pk] = class_pupil_ids(class_group)
        if pupil.pk not in self.rosters[class_group.pk]:
            errors.add(
                row, self.column("class"), _("обучающийся не зачислен в %(cls)s") % {"cls": class_group}
            )
            return None
        if not self.first_seen(row, (class_group.pk, normal(name), pupil.pk), "last_name", errors):
            return None
        subgroup = self.subgroups.get((class_group.pk, normal(name)))
        label = f"{class_group} · {name}: {pupil.short_name}"
        payload = {
            "class_id": class_group.pk,
            "name": subgroup.name if subgroup else name,
            "subgroup_id": subgroup.pk if subgroup else None,
            "pupil_id": pupil.pk,
        }
        action = SKIP if subgroup and (subgroup.pk, pupil.pk) in self.members else CREATE
        return Planned(line=row.line, action=action, label=label, payload=payload)

    def apply(self, actor: Actor, plan, progress=None) -> None:
        groups: dict[tuple, list[Planned]] = {}
        for item in plan.writes:
            groups.setdefault((item.payload["class_id"], normal(item.payload["name"])), []).append(item)
        done = 0
        for items in groups.values():
            first = items[0].payload
            self.current = items[0]
            current = set()
            if first["subgroup_id"]:
                current = set(
                    SubgroupMembership.objects.filter(subgroup_id=first["subgroup_id"]).values_list(
                        "student_id", flat=True
                    )
                )
            subgroup_save(
                actor=actor,
                class_id=first["class_id"],
                subgroup_id=first["subgroup_id"],
                name=first["name"],
                member_ids=current | {item.payload["pupil_id"] for item in items},
            )
            done += len(items)
            if progress is not None:
                progress(done)
