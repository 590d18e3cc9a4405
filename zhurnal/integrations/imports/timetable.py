"""The weekly timetable: one row a lesson of a class (or subgroup) on a weekday and slot.

The teaching assignment (class or subgroup × subject × teacher × year) is found, or created; the
timetable entry is matched by assignment, weekday and slot among those in force on «Действует с»
(the year's first day when empty). A known entry whose room differs gets the new room. Neither
has a service of its own yet, so this writes both rows with the audit entries a service would
(`assignment.create`, `timetable.create`, `timetable.update`), inside the import's transaction.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden
from zhurnal.core.tabular import Column, Row
from zhurnal.integrations.imports.base import (
    CHANGE,
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
from zhurnal.integrations.imports.lookups import StaffCards
from zhurnal.people.models import TeachingAssignment, TimetableEntry
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import BellSchedule, Subgroup, Subject

WEEKDAYS = {
    "пн": 1,
    "понедельник": 1,
    "вт": 2,
    "вторник": 2,
    "ср": 3,
    "среда": 3,
    "чт": 4,
    "четверг": 4,
    "пт": 5,
    "пятница": 5,
    "сб": 6,
    "суббота": 6,
    "вс": 7,
    "воскресенье": 7,
    **{str(n): n for n in range(1, 8)},
}


class TimetableImport(Importer):
    kind = "timetable"
    title = gettext_lazy("Расписание уроков")
    columns = (
        Column("class", "Класс", required=True),
        Column("subgroup", "Подгруппа"),
        Column("subject", "Предмет", required=True),
        Column("teacher", "Учитель", required=True),
        Column("weekday", "День недели", required=True),
        Column("slot", "Урок №", ("урок", "номер урока"), required=True),
        Column("room", "Кабинет"),
        Column("valid_from", "Действует с"),
        Column("valid_to", "Действует по"),
    )
    examples = (("1А", "", "Математика", "Козлов Андрей Павлович", "пн", "1", "12", "", ""),)

    def load(self) -> None:
        self.year = working_year(self.school)
        self.classes = classes_by_name(self.school, self.year)
        self.subgroups = {
            (s.class_group_id, normal(s.name)): s for s in Subgroup.objects.filter(school=self.school)
        }
        self.subjects = {normal(s.name): s for s in Subject.objects.filter(school=self.school)}
        self.subjects.update(
            {normal(s.short_name): s for s in Subject.objects.filter(school=self.school) if s.short_name}
        )
        self.staff = StaffCards(self.school)
        self.schedule = BellSchedule.objects.filter(school=self.school, is_active=True).order_by("pk").first()
        self.assignments = {
            (a.class_group_id, a.subgroup_id, a.subject_id, a.teacher_id): a
            for a in TeachingAssignment.objects.filter(school=self.school, year=self.year)
        }
        self.entries = list(
            TimetableEntry.objects.filter(school=self.school, assignment__year=self.year).select_related(
                "assignment"
            )
        )

    def check_row(self, row: Row, errors: Errors) -> Planned | None:
        before = len(errors.items)
        class_group = self.classes.get(class_key(row["class"])) if row["class"] else None
        if class_group is None:
            errors.add(
                row,
                self.column("class"),
                _("нет класса «%(name)s»") % {"name": row["class"]} if row["class"] else _("не указан класс"),
            )
        subgroup = None
        if row["subgroup"] and class_group is not None:
            subgroup = self.subgroups.get((class_group.pk, normal(row["subgroup"])))
            if subgroup is None:
                errors.add(
                    row,
                    self.column("subgroup"),
                    _("нет подгруппы «%(name)s» в %(cls)s") % {"name": row["subgroup"], "cls": class_group},
                )
        subject = self.subjects.get(normal(row["subject"])) if row["subject"] else None
        if subject is None:
            errors.add(
                row,
                self.column("subject"),
                _("нет предмета «%(name)s»") % {"name": row["subject"]}
                if row["subject"]
                else _("не указан предмет"),
            )
        teacher = None
        if row["teacher"]:
            teacher, problem = self.staff.named(row["teacher"])
            if problem:
                errors.add(row, self.column("teacher"), problem)
        else:
            errors.add(row, self.column("teacher"), _("не указан учитель"))
        weekday = WEEKDAYS.get(normal(row["weekday"]).rstrip("."))
        if weekday is None:
            errors.add(row, self.column("weekday"), _("день недели — 1–7 или пн, вт, ср, чт, пт, сб"))
        slot = int(row["slot"]) if row["slot"].isdigit() else 0
        if not 1 <= slot <= 12:
            errors.add(row, self.column("slot"), _("номер урока — число от 1 до 12"))
        self.length(row, "room", 20, errors)
        valid_from = self.date(row, "valid_from", errors)
        valid_to = self.date(row, "valid_to", errors)
        if self.schedule is None and class_group is not None and class_group.bell_schedule_id is None:
            errors.add(row, "", _("в школе нет расписания звонков"))
        if len(errors.items) > before:
            return None
        valid_from = valid_from or self.year.start
        if valid_to and valid_to < valid_from:
            errors.add(row, self.column("valid_to"), _("дата раньше «Действует с»"))
            return None
        where = subgroup.pk if subgroup else None
        if not self.first_seen(row, (class_group.pk, where, weekday, slot, subject.pk), "slot", errors):
            return None
        label = f"{subgroup or class_group}, {row['weekday']} {slot}: {subject.name} — {teacher.short_name}"
        key = (class_group.pk, where, subject.pk, teacher.pk)
        assignment = self.assignments.get(key)
        payload = {
            "key": key,
            "weekday": weekday,
            "slot": slot,
            "room": row["room"],
            "valid_from": valid_from.isoformat(),
            "valid_to": valid_to.isoformat() if valid_to else None,
            "schedule_id": class_group.bell_schedule_id or self.schedule.pk,
        }
        if assignment is None:
            return Planned(
                line=row.line, action=CREATE, label=label, changes=[_("новая нагрузка")], payload=payload
            )
        payload["assignment_id"] = assignment.pk
        entry = next(
            (
                e
                for e in self.entries
                if e.assignment_id == assignment.pk
                and e.weekday == weekday
                and e.slot == slot
                and e.valid_from <= valid_from
                and (e.valid_to is None or e.valid_to >= valid_from)
            ),
            None,
        )
        if entry is None:
            return Planned(line=row.line, action=CREATE, label=label, payload=payload)
        payload["entry_id"] = entry.pk
        if row["room"] and row["room"] != entry.room:
            return Planned(line=row.line, action=CHANGE, label=label, changes=[_("кабинет")], payload=payload)
        return Planned(line=row.line, action=SKIP, label=label, payload=payload)

    def apply(self, actor: Actor, plan, progress=None) -> None:
        if not rules.may_import(actor, self.school.pk):
            raise Forbidden(_("Загружать расписание может системный администратор школы."))
        self.made: dict[tuple, TeachingAssignment] = {}
        super().apply(actor, plan, progress)

    def apply_item(self, actor: Actor, item: Planned) -> None:
        p = item.payload
        if "entry_id" in p:
            entry = TimetableEntry.objects.select_for_update().get(pk=p["entry_id"])
            before = entry.room
            entry.room = p["room"]
            entry.save(update_fields=["room", "updated_at"])
            audit_record(
                actor=actor,
                action="timetable.update",
                obj=entry,
                before={"room": before},
                after={"room": entry.room},
            )
            return
        assignment_id = p.get("assignment_id")
        if assignment_id is None:
            assignment = self.made.get(tuple(p["key"]))
            if assignment is None:
                class_id, subgroup_id, subject_id, teacher_id = p["key"]
                assignment = TeachingAssignment.objects.create(
                    school_id=self.school.pk,
                    year=self.year,
                    class_group_id=class_id,
                    subgroup_id=subgroup_id,
                    subject_id=subject_id,
                    teacher_id=teacher_id,
                )
                audit_record(
                    actor=actor,
                    action="assignment.create",
                    object_type="people.teachingassignment",
                    object_id=assignment.pk,
                    school_id=self.school.pk,
                    after={
                        "class_group": class_id,
                        "subgroup": subgroup_id,
                        "subject": subject_id,
                        "teacher": teacher_id,
                        "year": self.year.pk,
                    },
                )
                self.made[tuple(p["key"])] = assignment
            assignment_id = assignment.pk
        entry = TimetableEntry.objects.create(
            school_id=self.school.pk,
            assignment_id=assignment_id,
            weekday=p["weekday"],
            slot=p["slot"],
            bell_schedule_id=p["schedule_id"],
            room=p["room"],
            valid_from=p["valid_from"],
            valid_to=p["valid_to"],
        )
        audit_record(
            actor=actor,
            action="timetable.create",
            object_type="people.timetableentry",
            object_id=entry.pk,
            school_id=self.school.pk,
            after={k: p[k] for k in ("weekday", "slot", "room", "valid_from", "valid_to")}
            | {"assignment": assignment_id},
        )
