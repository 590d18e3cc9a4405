"""The journal grid, read with plain SQL, holds exactly the rows the ORM reads of the same data.

One class (5В) with a whole-class journal and a subgroup's journal, over three quarters; a roster
that changes during the second quarter; lessons given by a substitute; every kind of cell.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import pytest

from tests import factories as f
from zhurnal.journal.access import assignment_loaded
from zhurnal.journal.models import Attendance, Lesson, LessonFile, Mark, PeriodMark
from zhurnal.journal.roster import roster_filter
from zhurnal.journal.selectors import journal_grid
from zhurnal.people.models import (
    Enrollment,
    Staff,
    Student,
    StudyGroupMembership,
    TeachingAssignment,
    enrolled_between_q,
)
from zhurnal.schools.models import StudyPeriod

pytestmark = pytest.mark.django_db

D = dt.date
TAKEN = dt.datetime(2026, 11, 3, 9, 15, tzinfo=dt.UTC)


@dataclass
class Journal:
    whole: TeachingAssignment
    sub: TeachingAssignment
    teacher: Staff
    substitute: Staff
    periods: dict[str, StudyPeriod]
    students: dict[str, Student]
    lessons: dict[str, Lesson]


@pytest.fixture
def journal(cast):
    school, year = cast.school_a, cast.class_a.year
    periods = {
        "q1": f.StudyPeriodFactory(
            year=year, number=1, name="1 четверть", start=D(2026, 9, 1), end=D(2026, 10, 31)
        ),
        "q2": StudyPeriod.objects.get(year=year, number=2),  # the cast's: 3 November to 26 December
        "q3": f.StudyPeriodFactory(
            year=year, number=3, name="3 четверть", start=D(2027, 1, 12), end=D(2027, 3, 20)
        ),
        # Grade 1's trimester: not one of 5В's periods, so asking for it gives the whole year.
        "other": f.StudyPeriodFactory(
            year=year,
            kind=StudyPeriod.Kind.TRIMESTER,
            grade_from=1,
            grade_to=1,
            number=1,
            name="1 триместр",
            start=D(2026, 9, 1),
            end=D(2026, 11, 30),
        ),
    }
    class_g = f.ClassGroupFactory(year=year, grade=5, letter="В")
    subgroup = f.SubgroupFactory(class_group=class_g, name="Английский язык, гр. 2")
    teacher = f.StaffFactory(school=school)
    substitute = f.StaffFactory(school=school)
    whole = f.TeachingAssignmentFactory(class_group=class_g, teacher=teacher)
    sub = f.TeachingAssignmentFactory(class_group=class_g, subgroup=subgroup, teacher=teacher)

    def student(key, last, first, middle, *spans, in_subgroup=False):
        pupil = f.StudentFactory(school=school, last_name=last, first_name=first, middle_name=middle)
        for start, end in spans:
            f.EnrollmentFactory(class_group=class_g, student=pupil, start=start, end=end)
        if in_subgroup:
            f.SubgroupMembershipFactory(subgroup=subgroup, student=pupil)
        return key, pupil

    students = dict(
        [
            student("stay", "Алексеев", "Борис", "Петрович", (D(2026, 9, 1), None), in_subgroup=True),
            student("left", "Иванов", "Иван", "Иванович", (D(2026, 9, 1), D(2026, 11, 20)), in_subgroup=True),
            # The same name as `left`: the two are told apart by id.
            student("joined", "Иванов", "Иван", "Иванович", (D(2026, 11, 16), None)),
            student(
                "back",
                "Иванов",
                "Пётр",
                "Сергеевич",
                (D(2026, 9, 1), D(2026, 11, 10)),
                (D(2026, 11, 20), None),
                in_subgroup=True,
            ),
            student(
                "back_closed",
                "Иванова",
                "Анна",
                "",
                (D(2026, 11, 5), D(2026, 11, 10)),
                (D(2026, 12, 1), D(2026, 12, 10)),
            ),
            student(
                "ends_on_start",
                "Борисов",
                "Глеб",
                "Олегович",
                (D(2026, 9, 1), D(2026, 11, 3)),
                in_subgroup=True,
            ),
            student("starts_on_end", "Яковлев", "Ян", "Янович", (D(2026, 12, 26), None), in_subgroup=True),
            student(
                "gone", "Григорьев", "Гавриил", "Ильич", (D(2026, 9, 1), D(2026, 10, 20)), in_subgroup=True
            ),
            student("future", "Дмитриев", "Дмитрий", "Дмитриевич", (D(2027, 1, 15), None)),
            student("lowercase", "де Сото", "Мария", "", (D(2026, 9, 1), None)),
        ]
    )
    # In another class, though (wrongly) in 5В's subgroup; `left` moves on to 3Б.
    elsewhere = f.EnrollmentFactory(class_group=cast.class_a, student__school=school).student
    f.SubgroupMembershipFactory(subgroup=subgroup, student=elsewhere)
    students["elsewhere"] = elsewhere
    f.EnrollmentFactory(class_group=cast.class_b, student=students["left"], start=D(2026, 11, 21))

    combined = f.LessonTypeFactory(school=school, name="Комбинированный урок")
    control = f.LessonTypeFactory(school=school, name="Урок контроля")

    def lesson(key, assignment, date, slot, by=None, **fields):
        return key, f.LessonFactory(
            assignment=assignment, teacher=by or teacher, date=date, slot=slot, topic=f"Тема: {key}", **fields
        )

    lessons = dict(
        [
            lesson("q1", whole, D(2026, 10, 15), 1),
            lesson(
                "first_day",
                whole,
                D(2026, 11, 3),
                2,
                lesson_type=combined,
                homework="§ 1, упр. 3",
                homework_due=D(2026, 11, 5),
                attendance_taken_at=TAKEN,
            ),
            lesson("by_substitute", whole, D(2026, 11, 10), 1, by=substitute),
            lesson("no_slot", whole, D(2026, 11, 10), None, lesson_type=control),
            lesson(
                "by_substitute_2",
                whole,
                D(2026, 11, 25),
                3,
                by=substitute,
                lesson_type=combined,
                attendance_taken_at=TAKEN + dt.timedelta(days=22),
                version=3,
            ),
            lesson("same_slot", whole, D(2026, 11, 25), 3, status=Lesson.Status.CANCELLED),
            lesson("last_day", whole, D(2026, 12, 26), 1, homework="Повторить"),
            lesson("holidays", whole, D(2026, 12, 27), 1),
            lesson("q3", whole, D(2027, 1, 20), 2, by=substitute),
            lesson("sub_q1", sub, D(2026, 10, 1), 4),
            lesson("sub", sub, D(2026, 11, 10), 4),
            lesson("sub_by_substitute", sub, D(2026, 11, 12), 4, by=substitute, lesson_type=control),
        ]
    )

    work = f.WorkTypeFactory(school=school, name="Работа на уроке", short_name="Р", weight=1)
    test = f.WorkTypeFactory(school=school, name="Контрольная работа", short_name="К", weight=5)
    s, ls = students, lessons

    def mark(lesson_key, student_key, value, score, **fields):
        fields.setdefault("work_type", work)
        f.MarkFactory(lesson=ls[lesson_key], student=s[student_key], value=value, score=score, **fields)

    mark("q1", "stay", "3", 3)
    mark("q1", "gone", "4", 4)
    mark("first_day", "stay", "5", 5)
    mark("first_day", "left", "5/4", 5, score2=4, work_type=test, comment="Хорошо, но с ошибками")
    mark("first_day", "joined", "н/а", None, deferred_until=D(2026, 12, 1), comment="Болел")
    mark("first_day", "stay", "4", 4, work_type=test, version=2)
    mark("by_substitute", "back", "3", 3, work_type=test, deferred_until=D(2026, 11, 17))
    mark("no_slot", "lowercase", "2", 2)
    mark("by_substitute_2", "stay", "4", 4)
    mark("by_substitute_2", "gone", "2", 2)  # not on the roster any more: still the lesson's mark
    mark("same_slot", "starts_on_end", ".", None)
    mark("last_day", "back_closed", "4", 4, work_type=test)
    mark("holidays", "stay", "5", 5)
    mark("q3", "future", "5", 5)
    mark("sub_q1", "gone", "3", 3)
    mark("sub", "stay", "4", 4)
    mark("sub_by_substitute", "back", "5", 5, deferred_until=D(2026, 11, 19), comment="Пересдача")
    mark("sub_by_substitute", "elsewhere", "3", 3)

    codes = {
        code: f.AttendanceCodeFactory(school=school, code=code, name=code, is_late=code == "ОП")
        for code in ("Н", "Б", "ОП")
    }

    def absent(lesson_key, student_key, code, **fields):
        f.AttendanceFactory(lesson=ls[lesson_key], student=s[student_key], code=codes[code], **fields)

    absent("q1", "gone", "Н")
    absent("first_day", "left", "Н")
    absent("first_day", "joined", "ОП", minutes_late=7, version=2)
    absent("by_substitute", "stay", "Б")
    absent("by_substitute_2", "back", "Н")
    absent("by_substitute_2", "starts_on_end", "ОП", minutes_late=15)
    absent("last_day", "lowercase", "Б")
    absent("q3", "future", "Б")
    absent("sub", "back", "Н")
    absent("sub_by_substitute", "stay", "Б")

    def attach(lesson_key, name, size, by=teacher):
        LessonFile.objects.create(
            school=school,
            lesson=ls[lesson_key],
            file=f"homework/{lesson_key}-{size}.bin",
            name=name,
            size=size,
            content_type="application/pdf",
            uploaded_by=by,
        )

    attach("first_day", "Задание.pdf", 1024)
    attach("q1", "Старое.pdf", 10)
    attach("by_substitute_2", "Карточка.pdf", 2048, by=substitute)
    attach("first_day", "Ответы.pdf", 333)
    attach("q3", "Январь.pdf", 99, by=substitute)
    attach("sub_by_substitute", "Words.pdf", 5)
    attach("same_slot", "Пусто.txt", 0)

    def result(student_key, subject, kind, value, period=None, the_year=year, **fields):
        f.PeriodMarkFactory(
            student=s[student_key],
            subject=subject,
            year=the_year,
            period=periods[period] if period else None,
            kind=kind,
            value=value,
            **fields,
        )

    term, year_kind = PeriodMark.Kind.PERIOD, PeriodMark.Kind.YEAR
    last_year = f.AcademicYearFactory(
        school=school, name="2025/2026", start=D(2025, 9, 1), end=D(2026, 5, 31)
    )
    result("stay", whole.subject, term, "5", "q2", suggested="5")
    result("back", whole.subject, term, "4", "q2", suggested="5", reason="Пропуски", version=2)
    result("gone", whole.subject, term, "3", "q2")  # not on the second quarter's roster
    result("stay", whole.subject, term, "4", "q1")
    result("gone", whole.subject, term, "4", "q1")
    result("stay", whole.subject, year_kind, "5")
    result("gone", whole.subject, year_kind, "4")
    result("future", whole.subject, year_kind, "3")
    result("stay", whole.subject, PeriodMark.Kind.EXAM, "5")
    result("stay", whole.subject, year_kind, "2", the_year=last_year)
    result("stay", sub.subject, term, "3", "q2")
    result("back", sub.subject, year_kind, "4")
    result("elsewhere", sub.subject, term, "5", "q2")

    return Journal(
        whole=whole,
        sub=sub,
        teacher=teacher,
        substitute=substitute,
        periods=periods,
        students=students,
        lessons=lessons,
    )


def typed(value):
    """The value with the type of every scalar in it: a date must not come back as a string."""
    if isinstance(value, list | tuple):
        return [typed(v) for v in value]
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    return (type(value).__name__, value)


def orm_grid(assignment: TeachingAssignment, period: StudyPeriod | None, only_teacher_id: int | None) -> dict:
    """The grid's rows as the ORM reads them."""
    start = period.start if period else assignment.year.start
    end = period.end if period else assignment.year.end
    lessons_qs = Lesson.objects.filter(assignment=assignment, date__gte=start, date__lte=end)
    if only_teacher_id is not None:
        lessons_qs = lessons_qs.filter(teacher_id=only_teacher_id)
    lessons = [
        (*row[:10], row[10] is not None, *row[11:])
        for row in lessons_qs.order_by("date", "slot", "id").values_list(
            "id",
            "date",
            "slot",
            "topic",
            "lesson_type_id",
            "lesson_type__name",
            "homework",
            "homework_due",
            "status",
            "teacher_id",
            "attendance_taken_at",
            "version",
            "plan_item_id",
            "plan_item__number",
            "plan_item__topic",
        )
    ]
    lesson_ids = [row[0] for row in lessons]

    students = list(
        Student.objects.filter(roster_filter(assignment, start, end))
        .order_by("last_name", "first_name", "middle_name", "pk")
        .values("id", "last_name", "first_name", "middle_name")
    )
    spans = defaultdict(list)
    # A study group's journal dates its rows by the memberships, a class's by the enrolments.
    dated = (
        StudyGroupMembership.objects.filter(group_id=assignment.study_group_id)
        if assignment.study_group_id
        else Enrollment.objects.filter(class_group_id=assignment.class_group_id)
    )
    for student_id, e_start, e_end in dated.filter(enrolled_between_q(start, end)).values_list(
        "student_id", "start", "end"
    ):
        spans[student_id].append((e_start, e_end))
    for student in students:
        enrolments = spans[student["id"]]
        ends = [e_end for _start, e_end in enrolments]
        student["enrolled_from"] = min(e_start for e_start, _end in enrolments)
        student["enrolled_to"] = None if None in ends else max(ends)

    marks = list(
        Mark.objects.filter(lesson_id__in=lesson_ids)
        .order_by("id")
        .values_list(
            "id",
            "lesson_id",
            "student_id",
            "value",
            "score",
            "score2",
            "work_type_id",
            "work_type__weight",
            "comment",
            "deferred_until",
            "version",
        )
    )
    attendance = list(
        Attendance.objects.filter(lesson_id__in=lesson_ids)
        .order_by("id")
        .values_list("lesson_id", "student_id", "code__code", "minutes_late", "version")
    )
    files = defaultdict(list)
    for file_id, lesson_id, name, size in (
        LessonFile.objects.filter(lesson_id__in=lesson_ids)
        .order_by("id")
        .values_list("id", "lesson_id", "name", "size")
    ):
        files[lesson_id].append((file_id, name, size))

    results = PeriodMark.objects.filter(
        subject_id=assignment.subject_id,
        year_id=assignment.year_id,
        student_id__in=[student["id"] for student in students],
    ).order_by("id")
    keys = ("id", "student_id", "period_id", "kind", "value", "suggested", "reason", "version")
    period_marks = year_marks = []
    if only_teacher_id is None:
        if period is not None:
            period_marks = list(results.filter(kind=PeriodMark.Kind.PERIOD, period=period).values(*keys))
        year_marks = list(results.filter(kind=PeriodMark.Kind.YEAR).values(*keys))
    return {
        "lessons": lessons,
        "students": students,
        "marks": marks,
        "attendance": attendance,
        "files": dict(files),
        "period_marks": period_marks,
        "year_marks": year_marks,
    }


def sql_grid(grid) -> dict:
    """The same parts of the grid journal_grid read with plain SQL."""
    for row in grid.lessons:
        assert row[10] in (True, False), row  # SQLite gives 1/0, PostgreSQL a boolean
    keys = ("id", "last_name", "first_name", "middle_name", "enrolled_from", "enrolled_to")
    return {
        "lessons": [(*row[:10], bool(row[10]), *row[11:]) for row in grid.lessons],
        "students": [{k: student[k] for k in keys} for student in grid.students],
        "marks": [tuple(row) for row in grid.marks],
        "attendance": [tuple(row) for row in grid.attendance],
        "files": dict(grid.files),
        "period_marks": grid.period_marks,
        "year_marks": grid.year_marks,
    }


# Period asked for -> the period the grid shows (today, for the tests, is 25 November 2026).
PERIODS = {"q1": "q1", "q2": "q2", "q3": "q3", None: "q2", "other": None}


@pytest.mark.parametrize("which", ["whole", "sub"])
@pytest.mark.parametrize("period_key", list(PERIODS), ids=str)
@pytest.mark.parametrize("only", [None, "substitute", "teacher"], ids=str)
def test_the_grid_read_with_sql_is_the_grid_the_orm_reads(journal, which, period_key, only):
    assignment = assignment_loaded(getattr(journal, which).pk)
    period_id = journal.periods[period_key].pk if period_key else None
    only_teacher_id = getattr(journal, only).pk if only else None
    grid = journal_grid(assignment, period_id, only_teacher_id=only_teacher_id)

    shown = PERIODS[period_key]
    assert (grid.period.pk if grid.period else None) == (journal.periods[shown].pk if shown else None)
    expected = orm_grid(assignment, grid.period, only_teacher_id)
    actual = sql_grid(grid)
    for part in expected:
        assert typed(actual[part]) == typed(expected[part]), part


def test_the_compared_grid_holds_every_case(journal):
    """Not vacuous: the second quarter's grids hold the roster changes and cells built above."""
    s, ls = journal.students, journal.lessons
    grid = journal_grid(assignment_loaded(journal.whole.pk), journal.periods["q2"].pk)
    on_roster = {student["id"]: student for student in grid.students}
    assert set(on_roster) == {
        s[k].pk
        for k in (
            "stay",
            "left",
            "joined",
            "back",
            "back_closed",
            "ends_on_start",
            "starts_on_end",
            "lowercase",
        )
    }
    spans = {
        key: (on_roster[pupil.pk]["enrolled_from"], on_roster[pupil.pk]["enrolled_to"])
        for key, pupil in s.items()
        if pupil.pk in on_roster
    }
    assert spans["left"] == (D(2026, 9, 1), D(2026, 11, 20))
    assert spans["joined"] == (D(2026, 11, 16), None)
    assert spans["back"] == (D(2026, 9, 1), None)
    assert spans["back_closed"] == (D(2026, 11, 5), D(2026, 12, 10))
    assert spans["ends_on_start"] == (D(2026, 9, 1), D(2026, 11, 3))
    twins = [
        student["id"]
        for student in grid.students
        if student["last_name"] == "Иванов" and student["first_name"] == "Иван"
    ]
    assert twins == sorted([s["left"].pk, s["joined"].pk])

    names = ("first_day", "by_substitute", "no_slot", "by_substitute_2", "same_slot", "last_day")
    assert {row[0] for row in grid.lessons} == {ls[k].pk for k in names}
    by_id = {row[0]: row for row in grid.lessons}
    first_day = by_id[ls["first_day"].pk]
    assert (
        first_day[1] == D(2026, 11, 3)
        and first_day[5] == "Комбинированный урок"
        and first_day[7] == D(2026, 11, 5)
    )
    assert first_day[10] and not by_id[ls["last_day"].pk][10]
    assert by_id[ls["by_substitute"].pk][4] is None and by_id[ls["by_substitute"].pk][5] is None
    assert len(grid.marks) == 10 and len(grid.attendance) == 6
    assert {row[9] for row in grid.marks} == {None, D(2026, 12, 1), D(2026, 11, 17)}
    assert sorted(grid.files) == sorted([ls["first_day"].pk, ls["by_substitute_2"].pk, ls["same_slot"].pk])
    assert [r["student_id"] for r in grid.period_marks] == [s["stay"].pk, s["back"].pk]
    assert [r["student_id"] for r in grid.year_marks] == [s["stay"].pk]

    substitute = journal_grid(
        assignment_loaded(journal.whole.pk), journal.periods["q2"].pk, only_teacher_id=journal.substitute.pk
    )
    assert [row[0] for row in substitute.lessons] == [ls["by_substitute"].pk, ls["by_substitute_2"].pk]
    assert (
        len(substitute.marks) == 3
        and len(substitute.attendance) == 3
        and list(substitute.files) == [ls["by_substitute_2"].pk]
    )
    assert substitute.period_marks == [] and substitute.year_marks == []
    assert [x["id"] for x in substitute.students] == [x["id"] for x in grid.students]

    subgroup = journal_grid(assignment_loaded(journal.sub.pk), journal.periods["q2"].pk)
    assert {x["id"] for x in subgroup.students} == {
        s[k].pk for k in ("stay", "left", "back", "ends_on_start", "starts_on_end")
    }
    assert [r["student_id"] for r in subgroup.period_marks] == [s["stay"].pk]
    assert [r["student_id"] for r in subgroup.year_marks] == [s["back"].pk]


def test_the_active_unlocks_read_with_sql_are_the_ones_the_orm_reads(cast):
    """Expired unlocks and another journal's are left out; the latest expiry comes first, with
    its dates and its aware moment as the ORM gives them."""
    from django.utils import timezone

    from zhurnal.journal.locks import active_unlocks
    from zhurnal.journal.models import JournalUnlock

    now = timezone.now()
    granted_by = Staff.objects.filter(school=cast.school_a).first()

    def unlock(assignment, day, hours):
        JournalUnlock.objects.create(
            school=cast.school_a,
            assignment=assignment,
            date_from=day,
            date_to=day + dt.timedelta(days=2),
            reason="Ошибка",
            granted_by=granted_by,
            expires_at=now + dt.timedelta(hours=hours),
        )

    unlock(cast.math_a, D(2026, 11, 5), 2)
    unlock(cast.math_a, D(2026, 11, 9), 20)
    unlock(cast.math_a, D(2026, 10, 1), -1)  # expired an hour ago
    other = TeachingAssignment.objects.exclude(pk=cast.math_a.pk).first()
    unlock(other, D(2026, 11, 5), 5)

    orm = list(
        JournalUnlock.objects.filter(assignment_id=cast.math_a.pk, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .values("date_from", "date_to", "expires_at")
    )
    assert active_unlocks(cast.math_a.pk) == orm
    assert [u["date_from"] for u in orm] == [D(2026, 11, 9), D(2026, 11, 5)]


@pytest.mark.parametrize("which", ["whole", "sub"])
@pytest.mark.parametrize("period_key", list(PERIODS), ids=str)
@pytest.mark.parametrize("only", [None, "substitute", "teacher"], ids=str)
def test_postgresql_builds_the_same_rows_as_json_in_one_statement(
    journal, which, period_key, only, django_assert_num_queries
):
    """The vendor branch (journal.grid_json) against the plain reader, row for row and in order."""
    from django.db import connection

    from zhurnal.journal.grid_json import grid_rows_postgresql
    from zhurnal.journal.selectors import grid_rows, periods_of, pick_period

    if connection.vendor != "postgresql":
        pytest.skip("json_agg is PostgreSQL's")
    assignment = assignment_loaded(getattr(journal, which).pk)
    period = pick_period(periods_of(assignment), journal.periods[period_key].pk if period_key else None)
    start, end = (period.start, period.end) if period else (assignment.year.start, assignment.year.end)
    only_teacher_id = getattr(journal, only).pk if only else None

    plain = grid_rows(assignment, start, end, only_teacher_id=only_teacher_id)
    with django_assert_num_queries(1):
        built = grid_rows_postgresql(assignment, start, end, only_teacher_id=only_teacher_id)

    assert plain.roster  # not vacuous (test_the_compared_grid_holds_every_case: the cells)
    for part in ("lessons", "roster", "marks", "attendance", "files", "results"):
        assert getattr(built, part) == getattr(plain, part), part
