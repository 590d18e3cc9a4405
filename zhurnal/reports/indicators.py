"""The indicators of DOMAIN.md §5, as pure functions over counts.

    % успеваемости = (n5 + n4 + n3) × 100 / N
    % качества     = (n5 + n4) × 100 / N
    СОУ            = (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·n_н/а) / N
    N = pupils enrolled at the end of the period − exempt − those with no mark; н/а stay in N.

For a pass/fail subject a pass («зч») counts as succeeding and there is no quality or СОУ.
Rounding (no source states it, REPORTS.md §0): per cent and СОУ to 0.1, averages to 0.01.
With N = 0 nothing is computed (None), never a division by zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_PLACE = Decimal("0.1")
TWO_PLACES = Decimal("0.01")


def _ratio(numerator: int, denominator: int, places: Decimal = ONE_PLACE) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(places, rounding=ROUND_HALF_UP)


@dataclass
class Counts:
    """Period marks of a group of pupils in a subject (or summed over subjects)."""

    total: int = 0  # enrolled at the end of the period
    n5: int = 0
    n4: int = 0
    n3: int = 0
    n2: int = 0
    na: int = 0  # н/а
    exempt: int = 0  # осв.
    passed: int = 0  # зч
    failed: int = 0  # нз

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def marked(self) -> int:
        return self.n5 + self.n4 + self.n3 + self.n2 + self.na + self.exempt + self.passed + self.failed

    @property
    def without_mark(self) -> int:
        return self.total - self.marked

    @property
    def n(self) -> int:
        """N: those with a mark that counts (н/а included; exempt and unmarked left out)."""
        return self.n5 + self.n4 + self.n3 + self.n2 + self.na + self.passed + self.failed

    @property
    def success(self) -> Decimal | None:
        return _ratio((self.n5 + self.n4 + self.n3 + self.passed) * 100, self.n)

    @property
    def graded_n(self) -> int:
        return self.n5 + self.n4 + self.n3 + self.n2 + self.na

    @property
    def quality(self) -> Decimal | None:
        return _ratio((self.n5 + self.n4) * 100, self.graded_n)

    @property
    def sou(self) -> Decimal | None:
        return _ratio(100 * self.n5 + 64 * self.n4 + 36 * self.n3 + 16 * self.n2 + 7 * self.na, self.graded_n)

    @property
    def average(self) -> Decimal | None:
        numeric = self.n5 + self.n4 + self.n3 + self.n2
        return _ratio(5 * self.n5 + 4 * self.n4 + 3 * self.n3 + 2 * self.n2, numeric, TWO_PLACES)


def percent(part: int, whole: int) -> Decimal | None:
    return _ratio(part * 100, whole)


def average(total: int, count: int) -> Decimal | None:
    return _ratio(total, count, TWO_PLACES)
