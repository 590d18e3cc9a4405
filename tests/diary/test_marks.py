"""Marks by subject for a period: weighted averages, period and year marks, attendance totals."""

import datetime as dt
from decimal import Decimal

import pytest

from tests import factories as f
from tests.diary.conftest import XSS
from zhurnal.journal.models import Lesson, PeriodMark

pytestmark = pytest.mark.django_db


def _weights(cast):
    school = cast.school_a
    return (
        f.WorkTypeFactory(school=school, name="Работа на уроке", weight=3),
        f.WorkTypeFactory(school=school, name="Домашняя работа", weight=1),
        f.WorkTypeFactory(school=school, name="Контрольная работа", weight=5),
    )


def test_the_weighted_average_counts_each_mark_by_its_weight(cast, lesson, page_as):
    cast.mark_a.delete()
    on_lesson, homework, test = _weights(cast)
    for day, value, work_type in ((10, 5, on_lesson), (11, 5, homework), (12, 4, test)):
        f.MarkFactory(
            lesson=lesson(day=dt.date(2026, 11, day)),
            student=cast.pupil_a,
            value=str(value),
            score=value,
            work_type=work_type,
        )

    response = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/marks/")

    (math,) = [s for s in response.context["report"].subjects if s.id == cast.math_a.subject_id]
    assert math.average == Decimal("4.44")
    assert [m["value"] for m in math.marks] == ["5", "5", "4"]
    assert "4.44" in response.content.decode()


def test_period_and_year_marks_are_shown_beside_the_average(cast, page_as):
    period = cast.class_a.year.periods.get()
    f.PeriodMarkFactory(
        student=cast.pupil_a, subject=cast.math_a.subject, year=cast.class_a.year, period=period, value="4"
    )
    f.PeriodMarkFactory(
        student=cast.pupil_a,
        subject=cast.math_a.subject,
        year=cast.class_a.year,
        period=None,
        kind=PeriodMark.Kind.YEAR,
        value="5",
    )

    response = page_as("pupil_a", f"/diary/{cast.pupil_a.pk}/marks/?period={period.pk}")

    (math,) = [s for s in response.context["report"].subjects if s.id == cast.math_a.subject_id]
    assert (math.period_mark, math.year_mark) == ("4", "5")


def test_a_day_counts_as_missed_only_when_every_lesson_was_missed(cast, lesson, codes, page_as):
    monday, tuesday, wednesday = dt.date(2026, 11, 16), dt.date(2026, 11, 17), dt.date(2026, 11, 18)
    # Monday: ill all day (two lessons). Tuesday: one of two lessons missed. Wednesday: late once.
    for day, marks in ((monday, ("Б", "Б")), (tuesday, ("Н", None)), (wednesday, ("ОП", None))):
        for slot, code in enumerate(marks, start=1):
            one = lesson(day=day, slot=slot, assignment=cast.math_a if slot == 1 else cast.english_a)
            if code:
                f.AttendanceFactory(
                    lesson=one,
                    student=cast.pupil_a,
                    code=codes[code],
                    minutes_late=5 if code == "ОП" else None,
                )
    lesson(day=wednesday, slot=3, status=Lesson.Status.CANCELLED)

    totals = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/marks/").context["report"].attendance

    assert (totals.days_missed, totals.days_missed_ill) == (1, 1)
    assert (totals.lessons_missed, totals.lessons_missed_ill) == (3, 2)
    assert totals.late == 1


def test_comments_on_the_marks_page_are_escaped(cast, lesson, page_as):
    f.MarkFactory(lesson=lesson(day=dt.date(2026, 11, 10)), student=cast.pupil_a, comment=XSS)

    html = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/marks/").content.decode()

    assert XSS not in html and "&lt;script&gt;" in html


def test_an_unknown_period_names_the_field_and_shows_the_current_one(cast, page_as):
    response = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/marks/?period=999999")

    assert response.status_code == 400
    assert "«Период»" in response.context["error"]
    assert response.context["period"] == cast.class_a.year.periods.get()


def test_a_period_of_another_school_is_not_the_pupils(cast, page_as):
    foreign = cast.class_other.year.periods.get()

    response = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/marks/?period={foreign.pk}")

    assert response.status_code == 400


def test_the_extract_is_a_printable_page_with_school_class_pupil_and_marks(cast, lesson, page_as):
    f.MarkFactory(lesson=lesson(day=dt.date(2026, 11, 10)), student=cast.pupil_a, value="5", score=5)

    response = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/extract/")

    html = response.content.decode()
    assert response.status_code == 200
    for text in (cast.school_a.name, "2А", cast.pupil_a.last_name, "2 четверть", "Печать", "diary/print.js"):
        assert text in html
    assert "<script>" not in html.replace('<script src="', "")


def test_the_print_stylesheet_hides_the_navigation():
    from pathlib import Path

    import zhurnal.diary

    css = (Path(zhurnal.diary.__file__).parent / "static/diary/diary.css").read_text()
    assert "@media print" in css and "nav.navbar" in css
