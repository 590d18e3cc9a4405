"""КТП files and plans for the tests: built here, never by the code under test."""

import io

from openpyxl import Workbook

from zhurnal.planning import services
from zhurnal.policy.actor import actor_for

HEADER = ["№", "Раздел", "Тема", "Часы", "Дата", "Тип урока", "Домашнее задание"]


def ktp_rows(n: int) -> list[list]:
    return [
        [str(i), "Раздел 1" if i <= n // 2 else "Раздел 2", f"Тема {i}", "1", "", "", f"Д/з {i}"]
        for i in range(1, n + 1)
    ]


def xlsx(rows: list[list], header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_1251(rows: list[list], header=HEADER) -> bytes:
    lines = [";".join(header)] + [";".join(str(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")


def imported(cast, assignment, n: int = 5, teacher: str = "classteacher"):
    actor = actor_for(cast.user(teacher))
    services.plan_import(actor=actor, assignment_id=assignment.pk, data=xlsx(ktp_rows(n)))
    return actor


def approved(cast, assignment, n: int = 5, teacher: str = "classteacher"):
    """The plan of `assignment` imported with n one-hour items «Тема 1…n», submitted and approved."""
    imported(cast, assignment, n, teacher)
    services.plan_submit(actor=actor_for(cast.user(teacher)), assignment_id=assignment.pk)
    return services.plan_decide(
        actor=actor_for(cast.user("deputy")), assignment_id=assignment.pk, approve=True
    )


def draft_a(cast, status: str = "draft"):
    """2А mathematics' plan (the class teacher's), version 1 with two items, made directly."""
    from zhurnal.planning.models import PlanItem, PlanVersion, ThematicPlan

    plan, _created = ThematicPlan.objects.get_or_create(
        assignment=cast.math_a, defaults={"school": cast.school_a}
    )
    version = plan.versions.first()
    if version is None:
        version = PlanVersion.objects.create(school=cast.school_a, plan=plan, number=1, status=status)
        for number in (1, 2):
            PlanItem.objects.create(
                school=cast.school_a, version=version, number=number, topic=f"Тема {number}"
            )
    return version


def item_a(cast):
    return draft_a(cast).items.order_by("number").first()
