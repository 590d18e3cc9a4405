"""The generator: deterministic per seed, sized by the number of pupils, and the calendar it follows."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from zhurnal.demo.calendar import year_calendar
from zhurnal.demo.management.commands.generate import school_spec
from zhurnal.journal.models import Lesson, Mark
from zhurnal.people.models import Student
from zhurnal.schools.models import ClassGroup, StudyPeriod


def generate(seed, today="2026-11-25", students=60):
    """Run the command in a transaction that is rolled back; return what it made."""
    with transaction.atomic():
        out = StringIO()
        call_command(
            "generate", "--schools", "1", "--students-per-school", str(students), "--seed", str(seed),
            "--today", today, stdout=out,
        )  # fmt: skip
        result = {
            "names": list(
                Student.objects.order_by("id").values_list("last_name", "first_name", "middle_name")
            ),
            "lessons": Lesson.objects.count(),
            "marks": Mark.objects.count(),
            "grades": sorted(ClassGroup.objects.values_list("grade", flat=True)),
            "output": out.getvalue(),
        }
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_school_and_another_seed_another():
    first, second, other = generate(5), generate(5), generate(6)
    assert first["names"] == second["names"]
    assert (first["lessons"], first["marks"]) == (second["lessons"], second["marks"])
    assert first["names"] != other["names"]
    assert "Rows created" in first["output"]


@pytest.mark.django_db
def test_a_small_school_has_the_pupils_asked_for_in_grades_1_to_4():
    made = generate(1)
    assert len(made["names"]) == 60
    assert made["grades"] == [1, 2, 3, 4]
    assert made["lessons"] > 500 and made["marks"] > 1000


def test_a_large_school_has_grades_1_to_11_with_classes_of_about_25():
    spec = school_spec(0, students=1000, seed=1, today=None)
    assert spec.grades == tuple(range(1, 12))
    assert 20 <= 1000 / (len(spec.grades) * spec.classes_per_grade) <= 30
    assert school_spec(0, students=100, seed=1, today=None).grades == (1, 2, 3, 4)


def test_the_calendar_gives_grade_1_an_extra_february_week():
    cal = year_calendar(2026)
    week = [dt.date(2027, 2, 15) + dt.timedelta(days=i) for i in range(5)]
    assert not any(cal.is_school_day(d, 1) for d in week)
    assert all(cal.is_school_day(d, 2) for d in week if d != dt.date(2027, 2, 23))
    assert not cal.is_school_day(dt.date(2027, 2, 23), 2)  # a public holiday
    assert not cal.is_school_day(dt.date(2026, 11, 4), 3)
    assert cal.is_school_day(dt.date(2026, 11, 25), 1)
    quarters = [(p.start, p.end) for p in cal.periods if p.kind == StudyPeriod.Kind.QUARTER]
    assert quarters[0] == (dt.date(2026, 9, 1), dt.date(2026, 10, 23))
    assert quarters[3] == (dt.date(2027, 3, 30), dt.date(2027, 5, 26))


@pytest.mark.django_db
def test_generated_lessons_skip_the_grade_1_february_week_for_grade_1_only():
    with transaction.atomic():
        call_command(
            "generate", "--schools", "1", "--students-per-school", "40", "--seed", "3",
            "--today", "2027-02-26", stdout=StringIO(),
        )  # fmt: skip
        week = (dt.date(2027, 2, 15), dt.date(2027, 2, 21))
        assert not Lesson.objects.filter(assignment__class_group__grade=1, date__range=week).exists()
        assert Lesson.objects.filter(assignment__class_group__grade=2, date__range=week).exists()
        closed = StudyPeriod.objects.filter(closed=True).values_list("name", flat=True)
        assert set(closed) == {"1 четверть", "2 четверть"}
        transaction.set_rollback(True)
