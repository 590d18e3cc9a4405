"""Mark values and the arithmetic of DOMAIN.md §3."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhurnal.core.errors import InvalidInput
from zhurnal.journal.values import parse_mark, suggest_period_mark, weighted_average
from zhurnal.schools.models import GradingMode

THRESHOLDS = (Decimal("4.5"), Decimal("3.5"), Decimal("2.5"))


def test_the_weighted_average_of_the_domain_example():
    # Work on the lesson ×3 → 5, homework ×1 → 5, a test ×5 → 4: (15 + 5 + 20) / 9 = 4.44.
    assert weighted_average([(5, None, 3), (5, None, 1), (4, None, 5)]) == Decimal("4.44")


def test_both_halves_of_a_double_mark_count():
    assert weighted_average([(5, 4, 2)]) == Decimal("4.50")


def test_no_numeric_marks_means_no_average():
    assert weighted_average([(None, None, 1)]) is None


def test_too_few_marks_suggest_not_attested():
    assert suggest_period_mark(Decimal("5"), 2, minimum=3, thresholds=THRESHOLDS).value == "н/а"


@pytest.mark.parametrize(
    ("average", "expected"), [("4.50", "5"), ("4.49", "4"), ("3.50", "4"), ("2.50", "3"), ("2.49", "2")]
)
def test_thresholds_decide_the_suggested_mark(average, expected):
    assert suggest_period_mark(Decimal(average), 5, minimum=3, thresholds=THRESHOLDS).value == expected


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=40))
def test_the_average_always_lies_between_the_lowest_and_highest_mark(pairs):
    marks = [(score, None, weight) for score, weight in pairs]
    average = weighted_average(marks)
    assert min(s for s, _ in pairs) <= average <= max(s for s, _ in pairs)


@pytest.mark.parametrize("raw", ["6", "0", "55/4", "abc", "5/", "-3"])
def test_nonsense_is_not_a_mark(raw):
    with pytest.raises(InvalidInput):
        parse_mark(raw, GradingMode.MARKS)


def test_pass_fail_subjects_take_only_pass_or_fail():
    assert parse_mark("зч", GradingMode.PASS_FAIL).value == "зч"
    with pytest.raises(InvalidInput):
        parse_mark("5", GradingMode.PASS_FAIL)
