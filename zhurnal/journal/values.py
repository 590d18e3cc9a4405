"""Mark values, weighted averages and the suggested period mark (DOMAIN.md §3). Pure functions."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from zhurnal.core.errors import InvalidInput
from zhurnal.schools.models import GradingMode

NOT_ATTESTED = "н/а"
EXEMPT = "осв"
PASS = "зч"
FAIL = "нз"
DEFERRED = "."
SPECIAL_VALUES = {NOT_ATTESTED, EXEMPT, DEFERRED}
_ALIASES = {
    "на": NOT_ATTESTED,
    "н/а": NOT_ATTESTED,
    "осв": EXEMPT,
    "осв.": EXEMPT,
    "зч": PASS,
    "зач": PASS,
    "нз": FAIL,
    "незач": FAIL,
    ".": DEFERRED,
    "точка": DEFERRED,
}


@dataclass(frozen=True)
class ParsedMark:
    value: str
    score: int | None = None
    score2: int | None = None


def parse_mark(raw: str, grading_mode: str) -> ParsedMark:
    """Turn what a teacher typed into a mark, or say clearly why it cannot be one."""
    text = (raw or "").strip().lower().replace(" ", "")
    if not text:
        raise InvalidInput(_("Отметка не указана."), field="value", code="empty_value")
    if grading_mode == GradingMode.NONE:
        raise InvalidInput(
            _("По этому предмету в этом классе обучение безотметочное: отметки не ставятся."),
            field="value",
            code="no_marks_subject",
        )
    special = _ALIASES.get(text)
    if special in SPECIAL_VALUES:
        return ParsedMark(special)
    if grading_mode == GradingMode.PASS_FAIL:
        if special in (PASS, FAIL):
            return ParsedMark(special)
        raise InvalidInput(
            _("По этому предмету ставится «зч» или «нз», а не «%(value)s».") % {"value": raw},
            field="value",
            code="pass_fail_only",
        )
    parts = text.split("/")
    if len(parts) > 2 or not all(p.isdigit() and len(p) == 1 and 1 <= int(p) <= 5 for p in parts):
        raise InvalidInput(
            _("«%(value)s» — не отметка: допустимы 1–5, двойная отметка вида 5/4, н/а, осв, «.» (точка).")
            % {"value": raw},
            field="value",
            code="bad_value",
        )
    if len(parts) == 2:
        return ParsedMark(f"{parts[0]}/{parts[1]}", int(parts[0]), int(parts[1]))
    return ParsedMark(parts[0], int(parts[0]))


def weighted_average(marks) -> Decimal | None:
    """Σ(mark × weight) / Σ(weight) over numeric marks; both halves of a double mark count.

    `marks` yields (score, score2, weight). None when there is nothing numeric. Sums stay
    integers; one Decimal division at the end (this runs for every pupil of every grid).
    """
    total = weights = 0
    for score, score2, weight in marks:
        if score is not None:
            total += score * weight
            weights += weight
        if score2 is not None:
            total += score2 * weight
            weights += weight
    if not weights:
        return None
    return (Decimal(total) / Decimal(weights)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def numeric_count(marks) -> int:
    return sum(1 for score, _score2, _weight in marks if score is not None)


@dataclass(frozen=True)
class Suggestion:
    value: str
    reason: str


def suggest_period_mark(average: Decimal | None, count: int, *, minimum: int, thresholds) -> Suggestion:
    """The school's rule: thresholds for 5/4/3 and a minimum number of marks, else н/а."""
    if count < minimum or average is None:
        return Suggestion(
            NOT_ATTESTED,
            _("Отметок за период: %(count)s, нужно не меньше %(minimum)s.")
            % {"count": count, "minimum": minimum},
        )
    t5, t4, t3 = thresholds
    for mark, threshold in (("5", t5), ("4", t4), ("3", t3)):
        if average >= threshold:
            return Suggestion(mark, _("Средний балл %(avg)s ≥ %(t)s.") % {"avg": average, "t": threshold})
    return Suggestion("2", _("Средний балл %(avg)s < %(t)s.") % {"avg": average, "t": t3})


def suggest_pass_fail(values: list[str], *, minimum: int) -> Suggestion:
    """A pass/fail subject (зч/нз): зч when at least half of the period's pass/fail marks are зч,
    нз otherwise; fewer than the school's minimum number of marks — н/а, as for numeric marks."""
    given = [v for v in values if v in (PASS, FAIL)]
    if len(given) < minimum:
        return Suggestion(
            NOT_ATTESTED,
            _("Отметок «зч»/«нз» за период: %(count)s, нужно не меньше %(minimum)s.")
            % {"count": len(given), "minimum": minimum},
        )
    passed = given.count(PASS)
    value = PASS if passed * 2 >= len(given) else FAIL
    return Suggestion(value, _("Зачётов %(passed)s из %(count)s.") % {"passed": passed, "count": len(given)})


def parse_period_mark(raw: str, grading_mode: str) -> str:
    text = (raw or "").strip().lower()
    text = _ALIASES.get(text, text)
    allowed = {NOT_ATTESTED, EXEMPT}
    if grading_mode == GradingMode.PASS_FAIL:
        allowed |= {PASS, FAIL}
    elif grading_mode == GradingMode.MARKS:
        allowed |= {"2", "3", "4", "5"}
    else:
        raise InvalidInput(
            _("По этому предмету в этом классе отметки за период не выставляются."),
            field="value",
            code="no_marks_subject",
        )
    if text not in allowed:
        raise InvalidInput(
            _("«%(value)s» нельзя выставить за период; допустимо: %(allowed)s.")
            % {"value": raw, "allowed": ", ".join(sorted(allowed))},
            field="value",
            code="bad_value",
        )
    return text


def suggest_year_mark(period_values: list[str], rule: str = "mean") -> Suggestion:
    """The school's rule (`School.year_mark_rule`, DOMAIN.md §3) over the period marks in period
    order: `mean` — their mean rounded half up (the usual rule); `last` — the last period's mark;
    `teacher` — no suggestion, the teacher decides. Pass/fail: зч when every period is зч.

    н/а in any period suggests н/а for the year; no period marks yet — nothing to suggest.
    """
    if rule == "teacher":
        return Suggestion("", _("Годовую отметку выставляет учитель."))
    if NOT_ATTESTED in period_values:
        return Suggestion(NOT_ATTESTED, _("За один из периодов — н/а."))
    if rule == "last":
        marked = [v for v in period_values if v != EXEMPT]
        if not marked:
            return Suggestion("", _("Отметок за периоды пока нет."))
        return Suggestion(marked[-1], _("Отметка за последний период."))
    passes = [v for v in period_values if v in (PASS, FAIL)]
    if passes and len(passes) == len([v for v in period_values if v != EXEMPT]):
        value = FAIL if FAIL in passes else PASS
        return Suggestion(
            value, _("Зачёт за каждый период.") if value == PASS else _("Незачёт за один из периодов.")
        )
    numbers = [int(v) for v in period_values if v.isdigit()]
    if not numbers:
        return Suggestion("", _("Отметок за периоды пока нет."))
    mean = Decimal(sum(numbers)) / Decimal(len(numbers))
    value = int(mean.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return Suggestion(
        str(value), _("Среднее отметок за периоды: %(mean)s.") % {"mean": mean.quantize(Decimal("0.01"))}
    )
