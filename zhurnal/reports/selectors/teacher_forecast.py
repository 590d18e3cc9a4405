"""`teacher-forecast`: per journal and pupil, the current weighted average of the period, the
number of marks, and the mark the school's rule would suggest (thresholds and minimum,
journal.values.suggest_period_mark); pupils heading for «2» or н/а are highlighted with how
many marks each is short. The year forecast applies the school's year-mark rule
(journal.values.suggest_year_mark) to the marks of the year's earlier periods and, for this
period, the mark given or else the one forecast: what the year comes to if the periods still
ahead are not counted. Four queries whatever the number of pupils."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from zhurnal.journal.models import Mark, PeriodMark
from zhurnal.journal.values import NOT_ATTESTED, suggest_period_mark, suggest_year_mark
from zhurnal.reports.indicators import average
from zhurnal.reports.registry import Column, ColumnType, Table
from zhurnal.reports.selectors import common
from zhurnal.reports.selectors.marks_count import pupil_names

T = ColumnType


def build(actor, ctx) -> dict:
    if ctx.period is None or ctx.school is None:
        return {"tables": []}
    school = ctx.school
    assignments = common.scoped_assignments(actor, ctx).filter(
        Q(grading__isnull=True) | ~Q(grading="pass_fail")
    )
    journals = {row["id"]: row for row in common.assignment_rows(assignments)}
    pupils = common.pupil_period_marks(assignments, ctx.period)
    sums: dict[tuple[int, int], tuple[int, int, int]] = {}
    for row in (
        Mark.objects.visible_to(actor)
        .filter(
            lesson__assignment__in=assignments.values("pk"),
            lesson__date__gte=ctx.period.start,
            lesson__date__lte=ctx.date_to,
        )
        .values("lesson__assignment_id", "student_id")
        .annotate(
            count=Count("pk", filter=Q(score__isnull=False)),
            weighted=Sum(F("score") * F("work_type__weight"), filter=Q(score__isnull=False)),
            weighted2=Sum(F("score2") * F("work_type__weight"), filter=Q(score2__isnull=False)),
            weights=Sum("work_type__weight", filter=Q(score__isnull=False)),
            weights2=Sum("work_type__weight", filter=Q(score2__isnull=False)),
        )
    ):
        sums[(row["lesson__assignment_id"], row["student_id"])] = (
            row["count"],
            (row["weighted"] or 0) + (row["weighted2"] or 0),
            (row["weights"] or 0) + (row["weights2"] or 0),
        )
    who = pupil_names(actor, {student for _a, student, _v in pupils})
    subject_of = {journal_id: journal["subject_id"] for journal_id, journal in journals.items()}
    earlier: dict[tuple[int, int], list[str]] = defaultdict(list)
    for student_id, subject_id, value in (
        PeriodMark.objects.visible_to(actor)
        .filter(
            year_id=ctx.period.year_id,
            kind=PeriodMark.Kind.PERIOD,
            period__end__lt=ctx.period.start,
            student_id__in=list(who),
            subject_id__in=set(subject_of.values()),
        )
        .order_by("period__end", "pk")
        .values_list("student_id", "subject_id", "value")
    ):
        earlier[(student_id, subject_id)].append(value)
    thresholds = (school.threshold_5, school.threshold_4, school.threshold_3)
    per_journal = defaultdict(list)
    for assignment_id, student_id, value in pupils:
        if student_id not in who or value == "осв":
            continue
        count, total, weight = sums.get((assignment_id, student_id), (0, 0, 0))
        mean = average(total, weight)
        suggestion = suggest_period_mark(
            mean, count, minimum=school.min_marks_for_period, thresholds=thresholds
        )
        before = earlier.get((student_id, subject_of[assignment_id]), [])
        this_period = value or suggestion.value
        year = suggest_year_mark([*before, this_period] if this_period else before, school.year_mark_rule)
        at_risk = suggestion.value in ("2", NOT_ATTESTED) or year.value in ("2", NOT_ATTESTED)
        per_journal[assignment_id].append(
            {
                "student": who[student_id],
                "marks": count,
                "average": mean,
                "forecast": suggestion.value,
                "short": max(0, school.min_marks_for_period - count),
                "period_mark": value or "",
                "earlier": ", ".join(before),
                "year_forecast": year.value,
                "highlight": at_risk,
            }
        )
    rows = []
    for assignment_id, journal in journals.items():
        where = {
            "class_name": journal["class_name"],
            "subject": journal["subject__name"]
            + (f" ({journal['subgroup__name']})" if journal["subgroup__name"] else ""),
        }
        for cells in sorted(per_journal.get(assignment_id, []), key=lambda c: c["student"]):
            rows.append(where | cells)
    columns = [
        Column("class_name", _("Класс"), T.TEXT, 8),
        Column("subject", _("Предмет"), T.TEXT, 28),
        Column("student", _("ФИО"), T.TEXT, 32),
        Column("marks", _("Отметок"), T.INT),
        Column("average", _("Средний балл"), T.DECIMAL, 10),
        Column("forecast", _("Прогноз"), T.TEXT, 9),
        Column("short", _("Не хватает отметок"), T.INT, 11),
        Column("period_mark", _("Выставлено"), T.TEXT, 10),
        Column("earlier", _("За прошлые периоды"), T.TEXT, 12),
        Column("year_forecast", _("Прогноз на год"), T.TEXT, 9),
    ]
    return {"tables": [Table(_("Прогноз отметок за период и год"), columns, rows)]}
