"""The school year's calendar, computed from its start year with a fixed day-and-month pattern.

For 2026/27 (the pattern of the ministry's recommendation, DOMAIN.md §6):
quarters 01.09–23.10, 03.11–26.12, 12.01–20.03, 30.03–26.05 (grades 1–9); half-years 01.09–26.12
and 12.01–26.05 (grades 10–11); holidays in between; grade 1 rests one more week in February
(the Monday on or after 15 February, seven days); public non-working days 04.11, 23.02, 08.03,
01.05 and 09.05 where they fall in term.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zhurnal.schools.models import StudyPeriod


@dataclass(frozen=True)
class PeriodSpec:
    kind: str
    number: int
    name: str
    start: dt.date
    end: dt.date
    grade_from: int
    grade_to: int


@dataclass(frozen=True)
class HolidaySpec:
    name: str
    start: dt.date
    end: dt.date
    grade_from: int = 1
    grade_to: int = 11

    def covers(self, day: dt.date, grade: int) -> bool:
        return self.start <= day <= self.end and self.grade_from <= grade <= self.grade_to


@dataclass
class YearCalendar:
    start_year: int
    max_grade: int = 11
    periods: list[PeriodSpec] = field(default_factory=list)
    holidays: list[HolidaySpec] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 9, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start_year + 1, 5, 31)

    @property
    def last_study_day(self) -> dt.date:
        return dt.date(self.start_year + 1, 5, 26)

    def term_periods(self, grade: int) -> list[PeriodSpec]:
        """The quarters (or half-years) of a grade level, in order."""
        return [
            p for p in self.periods if p.kind != StudyPeriod.Kind.YEAR and p.grade_from <= grade <= p.grade_to
        ]

    def is_school_day(self, day: dt.date, grade: int) -> bool:
        if day.weekday() >= 5:
            return False
        if not any(p.start <= day <= p.end for p in self.term_periods(grade)):
            return False
        return not any(h.covers(day, grade) for h in self.holidays)

    def school_days(self, grade: int, until: dt.date) -> list[dt.date]:
        """Every school day of a grade level from the year's start up to `until`, inclusive."""
        days = []
        day = self.start
        last = min(until, self.last_study_day)
        while day <= last:
            if self.is_school_day(day, grade):
                days.append(day)
            day += dt.timedelta(days=1)
        return days


def year_calendar(start_year: int, max_grade: int = 11) -> YearCalendar:
    def d(month: int, day: int) -> dt.date:
        return dt.date(start_year if month >= 9 else start_year + 1, month, day)

    q = StudyPeriod.Kind.QUARTER
    quarter_to = min(max_grade, 9)
    periods = [
        PeriodSpec(q, 1, "1 четверть", d(9, 1), d(10, 23), 1, quarter_to),
        PeriodSpec(q, 2, "2 четверть", d(11, 3), d(12, 26), 1, quarter_to),
        PeriodSpec(q, 3, "3 четверть", d(1, 12), d(3, 20), 1, quarter_to),
        PeriodSpec(q, 4, "4 четверть", d(3, 30), d(5, 26), 1, quarter_to),
    ]
    if max_grade >= 10:
        h = StudyPeriod.Kind.HALF_YEAR
        periods += [
            PeriodSpec(h, 1, "1 полугодие", d(9, 1), d(12, 26), 10, 11),
            PeriodSpec(h, 2, "2 полугодие", d(1, 12), d(5, 26), 10, 11),
        ]
    periods.append(PeriodSpec(StudyPeriod.Kind.YEAR, 1, "Год", d(9, 1), d(5, 26), 1, max_grade))

    february = d(2, 15)
    while february.weekday() != 0:
        february += dt.timedelta(days=1)
    holidays = [
        HolidaySpec("Осенние каникулы", d(10, 24), d(11, 2)),
        HolidaySpec("Зимние каникулы", d(12, 27), d(1, 11)),
        HolidaySpec("Дополнительные каникулы для 1 класса", february, february + dt.timedelta(days=6), 1, 1),
        HolidaySpec("Весенние каникулы", d(3, 21), d(3, 29)),
    ]
    public = [
        ("День народного единства", d(11, 4)),
        ("День защитника Отечества", d(2, 23)),
        ("Международный женский день", d(3, 8)),
        ("Праздник Весны и Труда", d(5, 1)),
        ("День Победы", d(5, 9)),
    ]
    terms = [p for p in periods if p.kind == q]
    for name, day in public:
        in_term = any(p.start <= day <= p.end for p in terms)
        in_holiday = any(h.start <= day <= h.end for h in holidays)
        if in_term and not in_holiday:
            holidays.append(HolidaySpec(name, day, day))
    holidays.sort(key=lambda h: h.start)
    return YearCalendar(start_year=start_year, max_grade=max_grade, periods=periods, holidays=holidays)
