"""Journals with their fill state, for the class page, the school page and the weekly board."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from zhurnal.journal import completeness
from zhurnal.journal.completeness import FewMarks, Fill
from zhurnal.journal.models import Lesson
from zhurnal.people.models import TeachingAssignment
from zhurnal.policy.actor import Actor
from zhurnal.policy.scopes import completeness_board_class_q, journal_assignment_q
from zhurnal.schools.models import ClassGroup, StudyPeriod
from zhurnal.web.selectors.home import current_year_q

ASSIGNMENT_RELATED = ("school", "subject", "teacher", "subgroup", "class_group", "study_group")


@dataclass
class JournalRow:
    """One journal the actor reads, with its fill state over the span shown."""

    assignment: TeachingAssignment
    fill: Fill
    gaps: list[tuple[Lesson, list[str]]] = field(default_factory=list)
    few_marks: FewMarks | None = None


def _readable(actor: Actor, today: dt.date):
    """This year's journals the actor may open (never more than `journal_assignment_q` allows)."""
    return (
        TeachingAssignment.objects.filter(journal_assignment_q(actor))
        .filter(current_year_q(today))
        .select_related(*ASSIGNMENT_RELATED)
        .order_by("class_group__grade", "class_group__letter", "subject__name", "subgroup__name")
    )


def current_period_start(school_ids, today: dt.date) -> dict[tuple[int, int], dt.date]:
    """For each (year, grade) of the schools: the start of the study period containing today."""
    starts: dict[tuple[int, int], dt.date] = {}
    periods = (
        StudyPeriod.objects.filter(school_id__in=school_ids, start__lte=today, end__gte=today)
        .exclude(kind=StudyPeriod.Kind.YEAR)
        .order_by("-start")
    )
    for period in periods:
        for grade in range(period.grade_from, period.grade_to + 1):
            starts.setdefault((period.year_id, grade), period.start)
    return starts


def journals_with_fill(actor: Actor, today: dt.date, *, class_ids=None, school_ids=None) -> list[JournalRow]:
    """The journals of the classes (or schools) the actor reads, each with its fill state in the
    current study period so far (lessons before today). Queries: the journals, the periods, and one
    aggregate per distinct period start (one or two: quarters and half-years)."""
    assignments = _readable(actor, today)
    if class_ids is not None:
        assignments = assignments.filter(class_group_id__in=class_ids)
    if school_ids is not None:
        assignments = assignments.filter(school_id__in=school_ids)
    assignments = list(assignments)
    if not assignments:
        return []
    starts = current_period_start({a.school_id for a in assignments}, today)
    by_start: dict[dt.date, list[int]] = defaultdict(list)
    for assignment in assignments:
        # Between periods (the holidays) the journal shows its last week as the span.
        start = starts.get((assignment.year_id, assignment.grade), today - dt.timedelta(days=7))
        by_start[start].append(assignment.pk)
    fills: dict[int, Fill] = {}
    for start, ids in by_start.items():
        fills.update(completeness.fill_by_assignment(ids, start, today, today))
    return [JournalRow(assignment=a, fill=fills.get(a.pk, Fill())) for a in assignments]


@dataclass
class ClassJournals:
    """A class's journals with their fill state, and the class's totals."""

    class_group: ClassGroup
    rows: list[JournalRow]

    @property
    def total(self) -> Fill:
        total = Fill()
        for row in self.rows:
            for name in ("lessons", "without_topic", "without_attendance", "without_homework", "incomplete"):
                setattr(total, name, getattr(total, name) + getattr(row.fill, name))
        return total

    @property
    def complete_journals(self) -> int:
        return sum(1 for row in self.rows if row.fill.complete)


def by_class(rows: list[JournalRow]) -> list[ClassJournals]:
    """Journal rows (already ordered by class) grouped by class; a cross-class study group's
    journal belongs to no class and is left out."""
    groups: list[ClassJournals] = []
    for row in rows:
        if row.assignment.class_group_id is None:
            continue
        if not groups or groups[-1].class_group.pk != row.assignment.class_group_id:
            groups.append(ClassJournals(class_group=row.assignment.class_group, rows=[]))
        groups[-1].rows.append(row)
    return groups


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


@dataclass
class ClassBoard:
    class_group: ClassGroup
    journals: list[JournalRow]

    @property
    def gap_count(self) -> int:
        return sum(len(row.gaps) for row in self.journals)

    @property
    def few_marks_count(self) -> int:
        return sum(len(row.few_marks.pupils) for row in self.journals if row.few_marks)


@dataclass
class Board:
    week_start: dt.date
    week_end: dt.date
    classes: list[ClassBoard]
    choices: list[ClassGroup]
    chosen_class_id: int | None

    @property
    def previous_week(self) -> dt.date:
        return self.week_start - dt.timedelta(days=7)

    @property
    def next_week(self) -> dt.date:
        return self.week_start + dt.timedelta(days=7)


def board_classes(actor: Actor, today: dt.date) -> list[ClassGroup]:
    """This year's classes whose board the actor checks."""
    return list(
        ClassGroup.objects.filter(completeness_board_class_q(actor))
        .filter(current_year_q(today))
        .select_related("school")
        .order_by("school__short_name", "grade", "letter")
    )


def completeness_board(actor: Actor, today: dt.date, day: dt.date, class_id: int | None) -> Board:
    """The weekly board: for every journal of the chosen class (or of every class the actor
    checks), the lessons of the week that lack a topic, attendance or homework, and the pupils
    with fewer marks in the current period than the school's minimum. A fixed number of queries."""
    week_start, week_end = week_of(day)
    choices = board_classes(actor, today)
    chosen = [c for c in choices if c.pk == class_id] if class_id is not None else choices
    assignments = (
        list(_readable(actor, today).filter(class_group_id__in=[c.pk for c in chosen])) if chosen else []
    )
    gaps = defaultdict(list)
    for lesson, missing in completeness.gap_lessons([a.pk for a in assignments], week_start, week_end, today):
        gaps[lesson.assignment_id].append((lesson, missing))
    fills = completeness.fill_by_assignment([a.pk for a in assignments], week_start, week_end, today)
    few = completeness.few_marks(assignments, min(week_end, today))
    by_class: dict[int, list[JournalRow]] = defaultdict(list)
    for assignment in assignments:
        by_class[assignment.class_group_id].append(
            JournalRow(
                assignment=assignment,
                fill=fills.get(assignment.pk, Fill()),
                gaps=gaps.get(assignment.pk, []),
                few_marks=few.get(assignment.pk),
            )
        )
    return Board(
        week_start=week_start,
        week_end=week_end,
        classes=[ClassBoard(class_group=c, journals=by_class.get(c.pk, [])) for c in chosen],
        choices=choices,
        chosen_class_id=class_id,
    )
