"""A year of journal so far: lessons for every timetable slot, attendance, marks and period marks.

Rates (per lesson and pupil): about 6 % absences — illnesses of 2–5 school days (Б), a day away
(Н, У), a lesson missed (Н, У, П) — and some late arrivals (ОП, not an absence); about 0.4 marks in
marked subjects (1.2 per three lessons), skewed to 5/4/3 by each pupil's level, work types mostly
«Работа на уроке», a test lesson every 8–10 lessons where nearly everyone is marked (a dictation
in Russian, sometimes a double mark «5/4»). Grade 1 and unmarked subjects get no marks; pass/fail
subjects get only the period's «зч». Periods that have ended get period marks from the weighted
average by the school's thresholds.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass

from zhurnal.demo.calendar import YearCalendar
from zhurnal.demo.topics import homework, topics
from zhurnal.journal.models import Attendance, Lesson, Mark, PeriodMark
from zhurnal.schools.models import GradingMode, StudyPeriod

FLUSH = 40_000
MARK_RATE = 0.34  # per present pupil on an ordinary lesson of a marked subject
TEST_RATE = 0.9
RARE_SUBJECT_RATE = {1: 0.55, 2: 0.42}  # by hours a week: so a quarter has enough marks
SUBSTITUTION_RATE = 0.015
# Value weights (5, 4, 3, 2) for each pupil level: strong, good, average, weak.
LEVELS = [(60, 33, 7, 0), (35, 45, 17, 3), (18, 44, 33, 5), (6, 32, 52, 10)]
ORDINARY_WORK = [
    ("Работа на уроке", 55),
    ("Домашняя работа", 20),
    ("Самостоятельная работа", 15),
    ("Проверочная работа", 10),
]
ORDINARY_TYPES = [
    ("Комбинированный урок", 45),
    ("Урок открытия новых знаний", 25),
    ("Урок закрепления", 20),
    ("Урок рефлексии", 5),
    ("Урок обобщения и систематизации знаний", 5),
]
TEST_EVERY = {"Русский язык": 8, "Математика": 8, "Алгебра": 8}


@dataclass
class AssignmentPlan:
    id: int
    class_name: str
    subgroup: tuple[str, int] | None
    subject: str
    subject_id: int
    mode: str
    teacher_id: int
    cells: list[tuple[int, int]]


@dataclass
class JournalInput:
    rng: random.Random
    school: object
    year: object
    calendar: YearCalendar
    today: dt.date
    directories: dict
    assignments: list[AssignmentPlan]
    grades: dict[str, int]
    rosters: dict[str, list[tuple[int, dt.date, dt.date | None]]]
    members: dict[tuple[str, str, int], set[int]]
    tiers: dict[int, int]
    teacher_ids: list[int]


LESSON_FIELDS = [
    "school_id", "assignment_id", "date", "slot", "topic", "lesson_type_id", "homework", "homework_due",
    "teacher_id", "status", "version",
]  # fmt: skip
ATTENDANCE_FIELDS = ["school_id", "lesson_id", "student_id", "code_id", "minutes_late", "version"]
MARK_FIELDS = [
    "school_id",
    "lesson_id",
    "student_id",
    "value",
    "score",
    "score2",
    "work_type_id",
    "comment",
    "version",
]
PERIOD_MARK_FIELDS = [
    "school_id", "student_id", "subject_id", "year_id", "period_id", "kind", "value", "suggested", "reason",
    "version",
]  # fmt: skip


class _Buffer:
    """Rows waiting for one plain insert, written in large chunks."""

    def __init__(self, w):
        self.w = w
        self.rows: dict[type, list[tuple]] = defaultdict(list)
        self.fields = {Attendance: ATTENDANCE_FIELDS, Mark: MARK_FIELDS, PeriodMark: PERIOD_MARK_FIELDS}

    def add(self, model, row: tuple) -> None:
        rows = self.rows[model]
        rows.append(row)
        if len(rows) >= FLUSH:
            self.flush(model)

    def flush(self, model=None) -> None:
        for m in [model] if model else list(self.rows):
            self.w.insert(m, self.fields[m], self.rows[m])
            self.rows[m] = []


def _cum(pairs):
    values, weights = zip(*pairs, strict=True)
    return values, list(itertools.accumulate(weights))


def fill_journal(w, inp: JournalInput) -> None:
    rng = inp.rng
    busy: dict[tuple[int, int], set[int]] = defaultdict(set)
    for a in inp.assignments:
        for cell in a.cells:
            busy[cell].add(a.teacher_id)
    codes = {k: v.pk for k, v in inp.directories["codes"].items()}
    work = dict(inp.directories["work"])
    weight_of = {wt.pk: wt.weight for wt in work.values()}
    types = {k: v.pk for k, v in inp.directories["lesson"].items()}
    periods = {(p.kind, p.number, p.grade_from): p for p in StudyPeriod.objects.filter(year=inp.year)}
    buffer = _Buffer(w)
    by_class: dict[str, list[AssignmentPlan]] = defaultdict(list)
    for a in inp.assignments:
        by_class[a.class_name].append(a)
    days_of = {g: inp.calendar.school_days(g, inp.today) for g in set(inp.grades.values())}
    school_id = inp.school.pk
    late, absent_n, absent_u, truant = codes["ОП"], codes["Н"], codes["У"], codes["П"]

    for class_name in sorted(by_class):
        grade = inp.grades[class_name]
        days = days_of[grade]
        roster = inp.rosters.get(class_name, [])
        away = _absences(rng, roster, days, codes)
        lessons = []
        for a in by_class[class_name]:
            lessons += _lessons(rng, inp, a, days, busy, types, grade, w.date)
        w.insert(Lesson, LESSON_FIELDS, [row for *_, row in lessons])
        ids = {
            (assignment, day, slot): pk
            for pk, assignment, day, slot in Lesson.objects.filter(
                school_id=school_id, assignment_id__in=[a.id for a in by_class[class_name]]
            ).values_list("id", "assignment_id", "date", "slot")
        }

        terms = inp.calendar.term_periods(grade)
        sums: dict[tuple[int, int, int], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
        present_cache: dict[dt.date, list[int]] = {}
        for a, day, slot, is_test, _ in lessons:
            lesson_id = ids[a.id, day, slot]
            pupils = present_cache.get(day)
            if pupils is None:
                pupils = [sid for sid, start, end in roster if start <= day and (end is None or day <= end)]
                present_cache[day] = pupils
            if a.subgroup:
                members = inp.members.get((class_name, *a.subgroup), set())
                pupils = [sid for sid in pupils if sid in members]
            marked = a.mode == GradingMode.MARKS
            # Subjects of one or two hours a week get marked more often per lesson.
            rate = TEST_RATE if is_test else RARE_SUBJECT_RATE.get(len(a.cells), MARK_RATE)
            term = next((i for i, p in enumerate(terms) if p.start <= day <= p.end), None)
            for sid in pupils:
                code = away[sid].get(day)
                if code is None:
                    roll = rng.random()
                    if roll < 0.014:
                        code = absent_n if roll < 0.007 else absent_u if roll < 0.012 or grade < 5 else truant
                    elif roll < 0.024:
                        buffer.add(Attendance, (school_id, lesson_id, sid, late, rng.randint(3, 15), 1))
                if code is not None:
                    buffer.add(Attendance, (school_id, lesson_id, sid, code, None, 1))
                    continue
                if not marked or rng.random() >= rate:
                    continue
                value, score, score2, work_type = _mark(rng, a.subject, is_test, inp.tiers[sid], work)
                buffer.add(Mark, (school_id, lesson_id, sid, value, score, score2, work_type, "", 1))
                if term is not None:
                    acc = sums[sid, a.subject_id, term]
                    weight = weight_of[work_type]
                    for x in (score, score2):
                        if x is not None:
                            acc[0] += x * weight
                            acc[1] += weight
                            acc[2] += 1
        _period_marks(buffer, inp, class_name, terms, periods, sums, by_class[class_name])
    buffer.flush()


def _absences(rng, roster, days, codes) -> dict[int, dict[dt.date, int]]:
    """Whole days away: illnesses of 2–5 school days, and single days away for a reason or none."""
    away: dict[int, dict[dt.date, int]] = {}
    for sid, _, _ in roster:
        plan: dict[dt.date, int] = {}
        i = 0
        while i < len(days):
            roll = rng.random()
            if roll < 0.011:
                for d in days[i : i + rng.randint(2, 5)]:
                    plan[d] = codes["Б"]
                i += 5
                continue
            if roll < 0.019:
                plan[days[i]] = codes["У"] if roll < 0.015 else codes["Н"]
            i += 1
        away[sid] = plan
    return away


def _lessons(rng, inp: JournalInput, a: AssignmentPlan, days, busy, types, grade, adapt):
    """The assignment's lessons so far: (assignment, date, slot, is_test, row to insert)."""
    subject_topics = topics(a.subject)
    test_every = TEST_EVERY.get(a.subject, 10)
    marked = a.mode == GradingMode.MARKS
    kinds, kind_weights = _cum(ORDINARY_TYPES)
    planned = []
    n = 0
    for day in days:
        for weekday, slot in a.cells:
            if weekday != day.isoweekday():
                continue
            is_test = marked and n % test_every == test_every - 1
            if is_test:
                topic = "Контрольный диктант" if a.subject == "Русский язык" else "Контрольная работа"
                lesson_type = types["Контрольный урок"]
            else:
                topic = subject_topics[n % len(subject_topics)]
                lesson_type = types[rng.choices(kinds, cum_weights=kind_weights)[0]]
            teacher = a.teacher_id
            if rng.random() < SUBSTITUTION_RATE:
                free = [t for t in inp.teacher_ids if t not in busy[weekday, slot]]
                if free:
                    teacher = rng.choice(free)
            task = "" if grade == 1 or rng.random() < 0.12 else homework(rng, a.subject)
            planned.append([a, day, slot, is_test, topic, lesson_type, task, teacher])
            n += 1
    result = []
    for i, (a_, day, slot, is_test, topic, lesson_type, task, teacher) in enumerate(planned):
        # Homework is due at the assignment's next lesson.
        due = None
        if task:
            due = planned[i + 1][1] if i + 1 < len(planned) else day + dt.timedelta(days=7)
        row = (
            inp.school.pk, a_.id, adapt(day), slot, topic, lesson_type, task, adapt(due), teacher,
            Lesson.Status.PLANNED.value, 1,
        )  # fmt: skip
        result.append((a_, day, slot, is_test, row))
    return result


_LEVELS = [list(itertools.accumulate(w)) for w in LEVELS]
_VALUES = (5, 4, 3, 2)
_WORK = _cum(ORDINARY_WORK)


def _draw(rng, level: int) -> int:
    return rng.choices(_VALUES, cum_weights=_LEVELS[level])[0]


def _mark(rng, subject: str, is_test: bool, level: int, work: dict) -> tuple[str, int, int | None, int]:
    """(value, score, score2, work type id) of one mark."""
    if is_test and subject == "Русский язык":
        wt = work["Диктант"]
        if rng.random() < 0.6:
            a, b = _draw(rng, level), _draw(rng, min(level + 1, 3))
            return f"{a}/{b}", a, b, wt.pk
    elif is_test:
        wt = work["Контрольная работа"]
    else:
        wt = work[rng.choices(_WORK[0], cum_weights=_WORK[1])[0]]
    value = _draw(rng, level)
    return str(value), value, None, wt.pk


def _period_marks(buffer, inp: JournalInput, class_name, terms, periods, sums, assignments) -> None:
    school = inp.school
    thresholds = [
        (float(school.threshold_5), "5"),
        (float(school.threshold_4), "4"),
        (float(school.threshold_3), "3"),
    ]
    subjects = {(a.subject_id, a.mode) for a in assignments if a.mode != GradingMode.NONE}
    roster = inp.rosters.get(class_name, [])
    for index, term in enumerate(terms):
        if term.end >= inp.today:
            continue
        period = periods[term.kind, term.number, term.grade_from]
        for sid, start, end in roster:
            if start > term.end or (end is not None and end < term.end):
                continue
            for subject_id, mode in sorted(subjects):
                if mode == GradingMode.PASS_FAIL:
                    value = "зч"
                else:
                    total, weight, count = sums.get((sid, subject_id, index), (0.0, 0.0, 0))
                    if count < school.min_marks_for_period:  # the service's rule (suggest_period_mark)
                        value = "н/а"
                    else:
                        average = total / weight
                        value = next((v for limit, v in thresholds if average >= limit), "2")
                buffer.add(
                    PeriodMark,
                    (
                        school.pk,
                        sid,
                        subject_id,
                        inp.year.pk,
                        period.pk,
                        PeriodMark.Kind.PERIOD.value,
                        value,
                        value,
                        "",
                        1,
                    ),
                )
