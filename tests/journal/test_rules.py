"""The journal's rules: the pass/fail suggestion, grade 1 without marks, the year-mark rule."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests import factories as f
from zhurnal.journal import selectors
from zhurnal.journal.models import PeriodMark
from zhurnal.journal.values import suggest_pass_fail, suggest_year_mark
from zhurnal.schools.models import CurriculumPlan, GradingMode, StudyPeriod, YearMarkRule

pytestmark = pytest.mark.django_db


def test_mostly_passed_work_suggests_a_pass_and_mostly_failed_a_fail():
    assert suggest_pass_fail(["зч", "зч", "нз"], minimum=3).value == "зч"
    assert suggest_pass_fail(["зч", "нз", "нз"], minimum=3).value == "нз"
    assert suggest_pass_fail(["зч", "нз"], minimum=2).value == "зч"  # half is enough


def test_too_few_pass_fail_marks_suggest_not_attested():
    suggestion = suggest_pass_fail(["зч", "зч"], minimum=3)

    assert suggestion.value == "н/а" and "2" in suggestion.reason


def test_the_service_suggests_a_pass_for_a_pass_fail_subject(cast, directories):
    CurriculumPlan.objects.create(
        school=cast.school_a,
        year=cast.math_a.year,
        grade=cast.class_a.grade,
        subject=cast.math_a.subject,
        hours_per_week=1,
        grading_mode=GradingMode.PASS_FAIL,
    )
    cast.mark_a.delete()
    for day in (23, 24, 25):
        lesson = f.LessonFactory(assignment=cast.math_a, date=dt.date(2026, 11, day))
        f.MarkFactory(
            lesson=lesson, student=cast.pupil_a, value="зч", score=None, work_type=directories["test"]
        )
    period = StudyPeriod.objects.filter(
        school=cast.school_a, start__lte="2026-11-25", end__gte="2026-11-25"
    ).first()

    suggestion = selectors.suggestion_for(cast.math_a, cast.pupil_a.pk, period)

    assert suggestion.value == "зч"


def test_a_curriculum_line_with_marks_in_grade_one_is_refused(cast):
    line = CurriculumPlan(
        school=cast.school_a,
        year=cast.math_a.year,
        grade=1,
        subject=cast.math_a.subject,
        hours_per_week=4,
        grading_mode=GradingMode.MARKS,
    )

    with pytest.raises(ValidationError) as error:
        line.full_clean()

    assert "grading_mode" in error.value.message_dict
    line.grading_mode = GradingMode.NONE
    line.full_clean()


class TestTheYearMarkRule:
    def test_mean_rounds_the_period_marks_half_up(self):
        assert suggest_year_mark(["4", "5", "4", "5"], YearMarkRule.MEAN).value == "5"  # 4.5 → 5
        assert suggest_year_mark(["3", "4", "4", "4"], YearMarkRule.MEAN).value == "4"  # 3.75 → 4

    def test_last_takes_the_last_periods_mark(self):
        assert suggest_year_mark(["5", "5", "5", "3"], YearMarkRule.LAST).value == "3"

    def test_by_the_teacher_suggests_nothing(self):
        assert suggest_year_mark(["5", "5"], YearMarkRule.TEACHER).value == ""

    def test_pass_fail_periods_suggest_a_pass_only_when_every_period_passed(self):
        assert suggest_year_mark(["зч", "зч"]).value == "зч"
        assert suggest_year_mark(["зч", "нз"]).value == "нз"

    def test_the_schools_rule_reaches_the_suggestion_in_period_order(self, cast):
        cast.school_a.year_mark_rule = YearMarkRule.LAST
        cast.school_a.save()
        later = StudyPeriod.objects.get(school=cast.school_a)  # the cast's 2nd quarter
        earlier = f.StudyPeriodFactory(
            year=cast.math_a.year,
            number=1,
            name="1 четверть",
            start=dt.date(2026, 9, 1),
            end=dt.date(2026, 10, 24),
        )
        for period, value in ((later, "3"), (earlier, "5")):  # the later one is saved first
            PeriodMark.objects.create(
                school=cast.school_a,
                student=cast.pupil_a,
                subject=cast.math_a.subject,
                year=cast.math_a.year,
                period=period,
                value=value,
            )

        assert selectors.year_suggestion_for(cast.math_a, cast.pupil_a.pk).value == "3"
