"""Report parameters: what each one means, its default, and reading it from a query string.

Every parameter has a default (the actor's school, the current or else the last finished
period, the actor's own class or assignments), so a report runs with no parameters at all.
Bad input raises InvalidInput naming the field, in Russian; an object outside the actor's
scope raises NotFound, exactly as a missing one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.archive.selectors.journal_print import month_name
from zhurnal.core import clock
from zhurnal.core.errors import InvalidInput, NotFound
from zhurnal.people.models import Student
from zhurnal.policy import rules
from zhurnal.schools.models import ClassGroup, School, StudyPeriod

LABELS = {
    "school": gettext_lazy("Школа"),
    "period": gettext_lazy("Период"),
    "class": gettext_lazy("Класс"),
    "student": gettext_lazy("Обучающийся"),
    "date_from": gettext_lazy("С"),
    "date_to": gettext_lazy("По"),
    "date": gettext_lazy("День"),
    "month": gettext_lazy("Месяц"),
}
KINDS = {
    "school": "choice",
    "period": "choice",
    "class": "choice",
    "student": "choice",
    "date_from": "date",
    "date_to": "date",
    "date": "date",
    "month": "choice",
}


@dataclass
class Context:
    """The resolved parameters a selector works with."""

    school: School | None  # None: every school the actor reads aggregates of (the authority)
    school_ids: list[int]
    period: StudyPeriod | None
    class_group: ClassGroup | None
    student: Student | None
    date_from: dt.date
    date_to: dt.date
    day: dt.date
    made_at: dt.datetime
    month: dt.date | None = None  # the first day of the month asked for, which sets the dates
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def period_label(self) -> str:
        if self.month is not None:
            return f"{month_name(self.month.month)} {self.month.year}"
        if self.period is None:
            return f"{self.date_from:%d.%m.%Y} — {self.date_to:%d.%m.%Y}"
        label = f"{self.period.name} {self.period.year.name}"
        if (self.date_from, self.date_to) != (self.period.start, self.period.end):
            label += f" ({self.date_from:%d.%m.%Y} — {self.date_to:%d.%m.%Y})"
        return label

    def as_dict(self, names) -> dict[str, str]:
        values = {
            "school": self.school.pk if self.school else "",
            "period": self.period.pk if self.period else "",
            "class": self.class_group.pk if self.class_group else "",
            "student": self.student.pk if self.student else "",
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "date": self.day.isoformat(),
            "month": f"{self.month:%Y-%m}" if self.month else "",
        }
        return {name: str(values[name]) for name in names}


def _int(raw: Mapping[str, str], name: str) -> int | None:
    text = (raw.get(name) or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 18:
        raise InvalidInput(
            _("Поле «%(field)s»: «%(value)s» — не номер.") % {"field": LABELS[name], "value": text[:40]},
            field=name,
        )
    return int(text)


def _date(raw: Mapping[str, str], name: str) -> dt.date | None:
    text = (raw.get(name) or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            _("Поле «%(field)s»: дата «%(value)s» не распознана, нужен формат ГГГГ-ММ-ДД.")
            % {"field": LABELS[name], "value": text[:40]},
            field=name,
        ) from None


def _month(raw: Mapping[str, str]) -> dt.date | None:
    """A month as 2026-11 or 11.2026: its first day."""
    text = (raw.get("month") or "").strip()
    if not text:
        return None
    found = re.fullmatch(r"(\d{4})-(\d{1,2})|(\d{1,2})\.(\d{4})", text)
    if found:
        year, month = (found[1], found[2]) if found[1] else (found[4], found[3])
        if 1 <= int(month) <= 12 and 2000 <= int(year) <= 2100:
            return dt.date(int(year), int(month), 1)
    raise InvalidInput(
        _("Поле «%(field)s»: месяц «%(value)s» не распознан, нужен формат ГГГГ-ММ.")
        % {"field": LABELS["month"], "value": text[:40]},
        field="month",
    )


def month_end(first: dt.date) -> dt.date:
    return (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def month_choices(start: dt.date, end: dt.date) -> list[tuple[str, str]]:
    """The months from start to end, for the form: ("2026-09", "сентябрь 2026")…"""
    months = []
    day = start.replace(day=1)
    while day <= end:
        months.append((f"{day:%Y-%m}", f"{month_name(day.month)} {day.year}"))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _school_choices(actor, report) -> list[School]:
    if report.may_run is rules.may_run_authority_reports:
        condition = rules.report_authority_school_ids_q(actor)
    elif report.may_run is rules.may_get_parent_letter:
        condition = Q(pk__in=rules.report_school_ids(actor)) | Q(
            pk__in=Student.objects.filter(pk__in=actor.own_student_ids).values("school_id")
        )
    else:
        condition = Q(pk__in=rules.report_school_ids(actor))
    return list(School.objects.visible_to(actor).filter(condition).order_by("short_name", "pk"))


def default_period(periods: list[StudyPeriod], today: dt.date, grade: int | None) -> StudyPeriod | None:
    """The period going on today, else the last one finished, else the first; within the grade
    range of the class when one is chosen. Year-long periods only when nothing else exists."""
    fitting = [p for p in periods if grade is None or p.applies_to_grade(grade)] or periods
    parts = [p for p in fitting if p.kind != StudyPeriod.Kind.YEAR] or fitting
    current = [p for p in parts if p.start <= today <= p.end]
    if current:
        return current[0]
    finished = sorted((p for p in parts if p.end < today), key=lambda p: p.end)
    if finished:
        return finished[-1]
    return parts[0] if parts else None


def resolve(actor, report, raw: Mapping[str, str]) -> Context:
    names = report.params
    schools = _school_choices(actor, report)
    school_id = _int(raw, "school") if "school" in names else None
    wide_authority = report.may_run is rules.may_run_authority_reports and bool(actor.authority_ids)
    if school_id is not None:
        school = next((s for s in schools if s.pk == school_id), None)
        if school is None:
            raise NotFound(_("Не найдено."))
    else:
        school = None if wide_authority or not schools else schools[0]
    school_ids = [school.pk] if school else [s.pk for s in schools]

    class_group = None
    classes: list[ClassGroup] = []
    if "class" in names or "student" in names:
        classes = list(
            ClassGroup.objects.visible_to(actor)
            .filter(school_id__in=school_ids)
            .select_related("year")
            .order_by("-year__start", "grade", "letter")
        )
    if "class" in names:
        class_id = _int(raw, "class")
        if class_id is not None:
            class_group = next((c for c in classes if c.pk == class_id), None)
            if class_group is None:
                raise NotFound(_("Не найдено."))
        else:
            led = [c for c in classes if c.pk in actor.led_class_ids]
            if led and report.may_run in (rules.may_run_class_reports, rules.may_get_parent_letter):
                class_group = led[0]
            elif report.needs_class:
                class_group = (led or classes or [None])[0]

    student = None
    students: list[Student] = []
    if "student" in names:
        students = list(
            Student.objects.visible_to(actor)
            .filter(rules.parent_letter_student_ids_q(actor), school_id__in=school_ids)
            .order_by("last_name", "first_name", "pk")
        )
        student_id = _int(raw, "student")
        if student_id is not None:
            student = next((s for s in students if s.pk == student_id), None)
            if student is None:
                raise NotFound(_("Не найдено."))
        elif actor.own_student_ids and class_group is None:
            student = next((s for s in students if s.pk in actor.own_student_ids), None)

    today = clock.today()
    period = None
    periods: list[StudyPeriod] = []
    if "period" in names:
        periods = list(
            StudyPeriod.objects.visible_to(actor)
            .filter(school_id__in=school_ids if school else school_ids[:1])
            .select_related("year")
            .order_by("-year__start", "grade_from", "start")
        )
        period_id = _int(raw, "period")
        if period_id is not None:
            period = next((p for p in periods if p.pk == period_id), None)
            if period is None:
                raise InvalidInput(
                    _("Поле «%(field)s»: такого периода в школе нет.") % {"field": LABELS["period"]},
                    field="period",
                )
        else:
            grade = class_group.grade if class_group else None
            period = default_period(periods, today, grade)

    date_from = _date(raw, "date_from") if "date_from" in names else None
    date_to = _date(raw, "date_to") if "date_to" in names else None
    day = (_date(raw, "date") if "date" in names else None) or today
    month = _month(raw) if "month" in names else None
    if month is not None:
        # A month chosen sets the dates, whatever the form sent in «С» and «По».
        date_from, date_to = month, month_end(month)
    if period is not None:
        date_from = date_from or period.start
        date_to = date_to or period.end
    else:
        date_from = date_from or today.replace(day=1)
        date_to = date_to or today
    if date_to < date_from:
        raise InvalidInput(
            _("Поле «%(field)s»: дата окончания раньше даты начала.") % {"field": LABELS["date_to"]},
            field="date_to",
        )
    if (date_to - date_from).days > 400:
        raise InvalidInput(
            _("Поле «%(field)s»: отчёт строится не больше чем за учебный год.")
            % {"field": LABELS["date_to"]},
            field="date_to",
        )

    ctx = Context(
        school=school,
        school_ids=school_ids,
        period=period,
        class_group=class_group,
        student=student,
        date_from=date_from,
        date_to=date_to,
        day=day,
        made_at=clock.now(),
        month=month,
    )
    ctx.choices = {
        "school": [(str(s.pk), s.short_name) for s in schools],
        "period": [(str(p.pk), f"{p.name} {p.year.name} ({p.grade_from}–{p.grade_to})") for p in periods],
        "class": [(str(c.pk), f"{c} ({c.year.name})") for c in classes],
        "student": [(str(s.pk), s.full_name) for s in students],
    }
    if "month" in names:
        year = period.year if period is not None else None
        start, end = (year.start, year.end) if year else (date_from, date_to)
        ctx.choices["month"] = [("", _("весь период")), *month_choices(start, end)]
    return ctx
