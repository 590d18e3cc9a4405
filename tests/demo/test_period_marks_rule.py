"""The demo's period marks follow the school's minimum-marks rule, as the service's suggestion does."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from zhurnal.demo.journal import _period_marks
from zhurnal.schools.models import GradingMode


class Rows:
    def __init__(self):
        self.values = []

    def add(self, model, row):
        self.values.append(row[6])


def test_a_pupil_with_fewer_marks_than_the_minimum_gets_not_attested():
    school = SimpleNamespace(
        pk=1,
        min_marks_for_period=3,
        threshold_5=Decimal("4.5"),
        threshold_4=Decimal("3.5"),
        threshold_3=Decimal("2.5"),
    )
    term = SimpleNamespace(end=dt.date(2026, 10, 24), kind="quarter", number=1, grade_from=2)
    inp = SimpleNamespace(
        school=school,
        today=dt.date(2026, 11, 25),
        year=SimpleNamespace(pk=1),
        rosters={"2А": [(10, dt.date(2026, 9, 1), None), (11, dt.date(2026, 9, 1), None)]},
    )
    sums = {(10, 7, 0): (10.0, 2.0, 2), (11, 7, 0): (15.0, 3.0, 3)}  # two fives; three fives
    rows = Rows()

    _period_marks(
        rows,
        inp,
        "2А",
        [term],
        {("quarter", 1, 2): SimpleNamespace(pk=5)},
        sums,
        [SimpleNamespace(subject_id=7, mode=GradingMode.MARKS)],
    )

    assert rows.values == ["н/а", "5"]
