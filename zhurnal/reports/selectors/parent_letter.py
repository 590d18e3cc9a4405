"""`parent-letter`: one pupil's period on one page — per subject the count of «5»/«4»/«3»/«2»,
the weighted average and the period mark, and attendance. The class teacher makes the whole
class at once: one table per pupil, one PDF with a page each. A fixed number of queries
however many pupils (everything grouped by pupil and subject in SQL)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from zhurnal.core import names
from zhurnal.journal.models import Attendance, Mark, PeriodMark
from zhurnal.people.models import Enrollment, Student, enrolled_between_q
from zhurnal.policy import rules
from zhurnal.reports.indicators import average
from zhurnal.reports.registry import Column, ColumnType, Table

T = ColumnType


def _pupils(actor, ctx) -> list[dict]:
    qs = Student.objects.visible_to(actor).filter(rules.parent_letter_student_ids_q(actor))
    if ctx.student is not None:
        qs = qs.filter(pk=ctx.student.pk)
    else:
        class_id = ctx.class_group.pk if ctx.class_group else next(iter(sorted(actor.led_class_ids)), None)
        if class_id is None:
            return []
        in_class = Enrollment.objects.filter(
            enrolled_between_q(ctx.date_from, ctx.date_to), class_group_id=class_id
        )
        qs = qs.filter(pk__in=in_class.values("student_id"))
    return list(
        qs.order_by("last_name", "first_name", "pk").values("id", "last_name", "first_name", "middle_name")
    )


def build(actor, ctx) -> dict:
    pupils = _pupils(actor, ctx)
    ids = [p["id"] for p in pupils]
    marks = (
        Mark.objects.visible_to(actor)
        .filter(student_id__in=ids, lesson__date__gte=ctx.date_from, lesson__date__lte=ctx.date_to)
        .values("student_id", "lesson__assignment__subject__name")
        .annotate(
            n5=Count("pk", filter=Q(score=5)),
            n4=Count("pk", filter=Q(score=4)),
            n3=Count("pk", filter=Q(score=3)),
            n2=Count("pk", filter=Q(score=2)),
            weighted=Sum(F("score") * F("work_type__weight"), filter=Q(score__isnull=False)),
            weighted2=Sum(F("score2") * F("work_type__weight"), filter=Q(score2__isnull=False)),
            weights=Sum("work_type__weight", filter=Q(score__isnull=False)),
            weights2=Sum("work_type__weight", filter=Q(score2__isnull=False)),
        )
    )
    subjects: dict[int, dict[str, dict]] = defaultdict(dict)
    for row in marks:
        total = (row["weighted"] or 0) + (row["weighted2"] or 0)
        weight = (row["weights"] or 0) + (row["weights2"] or 0)
        subjects[row["student_id"]][row["lesson__assignment__subject__name"]] = {
            "n5": row["n5"],
            "n4": row["n4"],
            "n3": row["n3"],
            "n2": row["n2"],
            "average": average(total, weight),
        }
    if ctx.period is not None:
        period_marks = PeriodMark.objects.visible_to(actor).filter(
            student_id__in=ids, period_id=ctx.period.pk, kind=PeriodMark.Kind.PERIOD
        )
        for pm in period_marks.values("student_id", "subject__name", "value"):
            subjects[pm["student_id"]].setdefault(
                pm["subject__name"], {"n5": 0, "n4": 0, "n3": 0, "n2": 0, "average": None}
            )["period_mark"] = pm["value"]
    absences = {
        row["student_id"]: row
        for row in Attendance.objects.visible_to(actor)
        .filter(student_id__in=ids, lesson__date__gte=ctx.date_from, lesson__date__lte=ctx.date_to)
        .values("student_id")
        .annotate(
            missed=Count("pk", filter=Q(code__is_absence=True)),
            ill=Count("pk", filter=Q(code__is_absence=True, code__is_illness=True)),
            late=Count("pk", filter=Q(code__is_late=True)),
        )
    }
    columns = [
        Column("subject", _("Предмет"), T.TEXT, 30),
        Column("n5", _("«5»"), T.INT),
        Column("n4", _("«4»"), T.INT),
        Column("n3", _("«3»"), T.INT),
        Column("n2", _("«2»"), T.INT),
        Column("average", _("Средний балл"), T.DECIMAL, 10),
        Column("period_mark", _("За период"), T.TEXT, 10),
    ]
    tables = []
    for pupil in pupils:
        rows = [{"subject": name} | cells for name, cells in sorted(subjects[pupil["id"]].items())]
        if rows:
            rows.append(
                {
                    "subject": _("Итого"),
                    "n5": sum(r["n5"] for r in rows),
                    "n4": sum(r["n4"] for r in rows),
                    "n3": sum(r["n3"] for r in rows),
                    "n2": sum(r["n2"] for r in rows),
                    "kind": "total",
                }
            )
        absent = absences.get(pupil["id"], {})
        rows.append(
            {
                "subject": _("Пропущено уроков: %(missed)s, из них по болезни: %(ill)s; опозданий: %(late)s")
                % {
                    "missed": absent.get("missed", 0),
                    "ill": absent.get("ill", 0),
                    "late": absent.get("late", 0),
                },
                "kind": "subtotal",
            }
        )
        full = names.full_name(pupil["last_name"], pupil["first_name"], pupil["middle_name"])
        tables.append(Table(full, columns, rows))
    return {"tables": tables, "page_break": True}
