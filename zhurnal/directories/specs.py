"""The directories kept on the school's pages, declared once: which model, which fields in the
form and the table, which rows another directory's field may point to. The pages, the services
and the tests all read these declarations, so adding a directory is one entry here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.journal.models import AttendanceCode, LessonType, WorkType
from zhurnal.schools.models import (
    AcademicYear,
    BellSchedule,
    BellSlot,
    CurriculumPlan,
    Holiday,
    Room,
    StudyPeriod,
    Subject,
)


@dataclass(frozen=True)
class Directory:
    slug: str
    title: str
    model: type[models.Model]
    fields: tuple[str, ...]
    order_by: tuple[str, ...]
    hint: str = ""
    deletable: bool = True

    @property
    def deactivatable(self) -> bool:
        """An entry of this directory is switched off instead of deleted once used (decision 0037)."""
        return any(f.name == "is_active" for f in self.model._meta.concrete_fields)

    def field(self, name: str) -> models.Field:
        return self.model._meta.get_field(name)

    def label(self, name: str) -> str:
        return LABELS.get(name) or self.field(name).verbose_name

    def kind(self, name: str) -> str:
        """How the form asks for the field: text, number, checkbox, date, time, select."""
        f = self.field(name)
        if isinstance(f, models.ForeignKey) or f.choices:
            return "select"
        if isinstance(f, models.BooleanField):
            return "checkbox"
        if isinstance(f, models.DateField):
            return "date"
        if isinstance(f, models.TimeField):
            return "time"
        if isinstance(f, (models.IntegerField, models.DecimalField)):
            return "number"
        return "text"


DIRECTORIES: dict[str, Directory] = {
    d.slug: d
    for d in (
        Directory("subjects", _("Предметы"), Subject, ("name", "short_name"), ("name",)),
        Directory("lesson-types", _("Типы уроков"), LessonType, ("name",), ("name",)),
        Directory(
            "work-types",
            _("Виды работ и веса"),
            WorkType,
            ("name", "short_name", "weight"),
            ("name",),
            hint=_("Вес входит в средневзвешенный балл с отметок, поставленных после изменения."),
        ),
        Directory(
            "attendance-codes",
            _("Коды посещаемости"),
            AttendanceCode,
            ("code", "name", "is_absence", "is_illness", "is_excused", "is_late"),
            ("code",),
        ),
        Directory("bell-schedules", _("Расписания звонков"), BellSchedule, ("name",), ("name",)),
        Directory(
            "rooms",
            _("Кабинеты"),
            Room,
            ("name", "capacity"),
            ("name",),
            hint=_(
                "Когда справочник заполнен, в расписание ставят только действующие кабинеты из него; "
                "отключённый кабинет остаётся в прежних записях."
            ),
        ),
        Directory(
            "bell-slots",
            _("Звонки"),
            BellSlot,
            ("schedule", "number", "starts", "ends"),
            ("schedule", "number"),
        ),
        Directory(
            "years",
            _("Учебные годы"),
            AcademicYear,
            ("name", "start", "end"),
            ("-start",),
            hint=_(
                "Учебный год не удаляется (его периоды, каникулы и план ушли бы с ним): ошибку исправляют в записи."
            ),
            deletable=False,
        ),
        Directory(
            "curriculum",
            _("Учебный план и шкалы"),
            CurriculumPlan,
            ("year", "grade", "subject", "hours_per_week", "grading_mode"),
            ("-year__start", "grade", "subject__name"),
            hint=_(
                "Оценивание по предмету в параллели: пятибалльная шкала, зачёт или без отметок; действует для отметок, поставленных после изменения."
            ),
        ),
        Directory(
            "periods",
            _("Учебные периоды"),
            StudyPeriod,
            ("year", "kind", "number", "name", "start", "end", "grade_from", "grade_to"),
            ("year__start", "grade_from", "start"),
            hint=_("Закрытый период не меняется; закрывают периоды на странице «Периоды»."),
            deletable=False,
        ),
        Directory(
            "holidays",
            _("Каникулы и выходные"),
            Holiday,
            ("year", "name", "start", "end", "grade_from", "grade_to"),
            ("start",),
        ),
    )
}

# Fields whose model names them too plainly for a form ("year" is a foreign key without a label).
LABELS = {"year": _("учебный год"), "schedule": _("расписание звонков"), "subject": _("предмет")}

# A field pointing at another of the school's rows: the rows it may choose from.
PARENTS: dict[type[models.Model], tuple[str, ...]] = {
    BellSchedule: ("name",),
    AcademicYear: ("-start",),
    Subject: ("name",),
}
