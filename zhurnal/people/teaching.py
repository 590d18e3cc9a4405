"""Reads for the teaching load and timetable pages: everything a page shows, in a fixed number of
queries however many classes, assignments and lessons the school has."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhurnal.core import clock
from zhurnal.people.models import Staff, TeachingAssignment, TimetableEntry
from zhurnal.people.services.teaching import WEEKDAYS, bell_schedule_of, in_force_q, rooms_offered
from zhurnal.policy import rules
from zhurnal.schools.models import AcademicYear, BellSlot, ClassGroup, Subgroup, Subject

WEEKDAY_NAMES = {
    1: _("Понедельник"),
    2: _("Вторник"),
    3: _("Среда"),
    4: _("Четверг"),
    5: _("Пятница"),
    6: _("Суббота"),
}


def _year(school, year_id) -> tuple[AcademicYear | None, list[AcademicYear]]:
    years = list(AcademicYear.objects.filter(school=school).order_by("-start"))
    today = clock.today()
    chosen = next((y for y in years if str(y.pk) == str(year_id)), None) if year_id else None
    chosen = (
        chosen or next((y for y in years if y.start <= today <= y.end), None) or (years[0] if years else None)
    )
    return chosen, years


def _active_staff(school_id: int) -> list[Staff]:
    today = clock.today()
    return list(
        Staff.objects.filter(Q(work_end__isnull=True) | Q(work_end__gte=today), school_id=school_id).order_by(
            "last_name", "first_name", "pk"
        )
    )


def assignments_page(actor, school, year_id=None, class_id=None) -> dict:
    year, years = _year(school, year_id)
    classes = list(
        ClassGroup.objects.visible_to(actor).filter(school=school, year=year).order_by("grade", "letter")
    )
    chosen_class = next((c for c in classes if str(c.pk) == str(class_id)), None) if class_id else None
    assignments = (
        TeachingAssignment.objects.visible_to(actor)
        .filter(school=school, year=year)
        .select_related("class_group", "subgroup", "study_group", "subject", "teacher")
        .order_by(
            "class_group__grade",
            "class_group__letter",
            "study_group__name",
            "subject__name",
            "subgroup__name",
            "pk",
        )
    )
    if chosen_class is not None:
        assignments = assignments.filter(class_group=chosen_class)
    return {
        "school": school,
        "year": year,
        "years": years,
        "classes": classes,
        "chosen_class": chosen_class,
        "assignments": list(assignments),
        "subgroups": list(
            Subgroup.objects.filter(class_group__in=classes)
            .select_related("class_group")
            .order_by("class_group__grade", "class_group__letter", "name")
        ),
        "subjects": list(Subject.objects.filter(school=school, is_active=True).order_by("name")),
        "staff": _active_staff(school.pk),
        "may_keep": rules.may_keep_schedule(actor, school.pk),
        "may_read_groups": school.pk in rules.study_group_reader_school_ids(actor),
    }


def assignment_page(actor, assignment) -> dict:
    entries = list(
        TimetableEntry.objects.visible_to(actor)
        .filter(assignment=assignment)
        .order_by("valid_from", "weekday", "slot")
    )
    for entry in entries:
        entry.weekday_name = WEEKDAY_NAMES.get(entry.weekday, entry.weekday)
    return {
        "rooms": rooms_offered(assignment.school_id),
        "assignment": assignment,
        "entries": entries,
        "staff": _active_staff(assignment.school_id),
        "may_keep": rules.may_keep_schedule(actor, assignment.school_id),
        "today": clock.today(),
        "weekdays": list(WEEKDAY_NAMES.items()),
    }


def timetable_page(actor, class_group, on: dt.date | None = None) -> dict:
    """The class's week on a day: rows by bell slot, a column per weekday, each cell the entries in
    force (two subgroups may share one)."""
    year = class_group.year
    day = on or min(max(clock.today(), year.start), year.end)
    schedule = bell_schedule_of(class_group)
    slots = list(BellSlot.objects.filter(schedule=schedule).order_by("number")) if schedule else []
    entries = list(
        TimetableEntry.objects.visible_to(actor)
        .filter(in_force_q(day), assignment__class_group=class_group)
        .select_related("assignment__subject", "assignment__teacher", "assignment__subgroup")
        .order_by("weekday", "slot", "assignment__subgroup__name", "pk")
    )
    numbers = sorted({s.number for s in slots} | {e.slot for e in entries})
    by_cell: dict[tuple[int, int], list] = {}
    for entry in entries:
        by_cell.setdefault((entry.slot, entry.weekday), []).append(entry)
    slot_times = {s.number: s for s in slots}
    grid = [
        {"number": n, "bell": slot_times.get(n), "cells": [(w, by_cell.get((n, w), [])) for w in WEEKDAYS]}
        for n in numbers
    ]
    assignments = list(
        TeachingAssignment.objects.visible_to(actor)
        .filter(class_group=class_group, ended_on__isnull=True)
        .select_related("subject", "teacher", "subgroup")
        .order_by("subject__name", "subgroup__name", "pk")
    )
    return {
        "rooms": rooms_offered(class_group.school_id),
        "class_group": class_group,
        "classes": list(
            ClassGroup.objects.visible_to(actor)
            .filter(school_id=class_group.school_id, year_id=class_group.year_id)
            .order_by("grade", "letter")
        ),
        "day": day,
        "schedule": schedule,
        "grid": grid,
        "weekdays": [(w, WEEKDAY_NAMES[w]) for w in WEEKDAYS],
        "slot_numbers": numbers or list(range(1, 8)),
        "assignments": assignments,
        "may_keep": rules.may_keep_schedule(actor, class_group.school_id),
    }
