"""The summary sheet of final marks: its columns, rows and the class's totals, worked out by hand."""

from decimal import Decimal

import pytest

from tests import factories as f
from tests.archive.data import small_class
from tests.querycount import count_queries
from zhurnal.archive.selectors.summary import final_marks_summary

pytestmark = pytest.mark.django_db


def _summary(c):
    return final_marks_summary(c.school, c.class_group, c.year)


def _totals(summary, key):
    return {row["label"]: row[key] for row in summary.totals}


def test_subjects_follow_the_curriculum_with_each_period_year_exam_and_final():
    c = small_class()
    summary = _summary(c)
    assert [s.name for s in summary.subjects] == ["Математика", "Физическая культура"]
    math_titles = [col.title for col in summary.columns if col.subject_id == c.math.pk]
    assert math_titles == ["I", "II", "Год", "Экз.", "Итог"]


def test_pupils_are_listed_alphabetically_with_their_marks_and_who_left():
    c = small_class()
    summary = _summary(c)
    assert [row["student"].split()[0] for row in summary.rows] == [
        "Антонов", "Борисова", "Власов", "Гусева", "Дмитриев", "Ершов", "Жуков", "Зайцева",
    ]  # fmt: skip
    antonov = summary.rows[0]
    assert antonov[f"s{c.math.pk}_p{c.q1.pk}"] == "5"
    assert antonov[f"s{c.math.pk}_year"] == "5"
    assert antonov[f"s{c.math.pk}_p{c.q2.pk}"] == ""
    assert summary.rows[6]["left"].isoformat() == "2026-10-10"
    assert summary.rows[0]["left"] is None


def test_totals_leave_out_the_exempt_those_without_a_mark_and_those_who_left():
    c = small_class()
    totals = _totals(_summary(c), f"s{c.math.pk}_p{c.q1.pk}")
    # Counted: Антонов 5, Борисова 4, Власов 3, Гусева н/а, Зайцева 2 (joined late, still there).
    # Not in N: Дмитриев (осв), Ершов (no mark), Жуков (left on 10.10, before 25.10).
    assert [totals[k] for k in ("5", "4", "3", "2", "н/а", "осв")] == [1, 1, 1, 1, 1, 1]
    assert totals["N"] == 5
    assert totals["% успеваемости"] == Decimal("60.0")  # 3 × 100 / 5
    assert totals["% качества"] == Decimal("40.0")  # 2 × 100 / 5


def test_a_pass_fail_subject_counts_passes_and_has_no_quality_figure():
    c = small_class()
    totals = _totals(_summary(c), f"s{c.pe.pk}_p{c.q1.pk}")
    assert (totals["зч"], totals["нз"], totals["N"]) == (2, 1, 3)
    assert totals["% успеваемости"] == Decimal("66.7")  # 2 × 100 / 3
    assert totals["% качества"] is None


def test_a_column_without_marks_has_no_percentages():
    c = small_class()
    totals = _totals(_summary(c), f"s{c.math.pk}_p{c.q2.pk}")
    assert totals["N"] == 0 and totals["% успеваемости"] is None


def test_missed_lessons_are_counted_per_pupil():
    c = small_class()
    code = f.AttendanceCodeFactory(school=c.school, code="Н")
    for day in (1, 2, 3):
        lesson = f.LessonFactory(assignment=c.math_assignment, date=f"2026-09-0{day}")
        f.AttendanceFactory(lesson=lesson, student=c.pupils["Власов"], code=code)
    summary = _summary(c)
    assert {row["student"].split()[0]: row["missed"] for row in summary.rows}["Власов"] == 3
    assert summary.rows[0]["missed"] == 0


def test_the_sheet_runs_the_same_queries_for_8_and_38_pupils():
    c = small_class()
    small, _ = count_queries(_summary, c)
    for _i in range(30):
        pupil = f.EnrollmentFactory(class_group=c.class_group).student
        f.PeriodMarkFactory(student=pupil, subject=c.math, year=c.year, period=c.q1, value="4")
    large, summary = count_queries(_summary, c)
    assert len(summary.rows) == 38
    assert large == small
