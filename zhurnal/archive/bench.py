"""The printed journal's bench line (issue 9: one class for a year, budget ≤ 10 s), for
`make bench` and `zhurnal bench_print`. It measures on whatever database the settings name."""

from __future__ import annotations

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhurnal.archive import drawing, services
from zhurnal.schools.models import ClassGroup

BUDGET_SECONDS = 10.0


def bench_printed_journal(class_group: ClassGroup | None = None) -> dict:
    """Make the printed journal of a class (by default the class with the most lessons) and
    report wall and CPU seconds, SQL queries, pages and bytes."""
    if class_group is None:
        from django.db.models import Count

        class_group = (
            ClassGroup.objects.annotate(n=Count("assignments__lessons"))
            .order_by("-n", "pk")
            .select_related("school", "year")
            .first()
        )
    if class_group is None:
        raise ValueError("no class to print: build the demo school first (zhurnal demo)")
    wall, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        made = services.make_printed_journal(class_group)
    return {
        "class": f"{class_group} ({class_group.year.name})",
        "seconds": round(time.perf_counter() - wall, 2),
        # The layout runs in worker processes (decision 0031): this is the CPU of this one only.
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "processes": drawing.processes(),
        "queries": len(queries.captured_queries),
        "pages": made.pages,
        "bytes": len(made.content),
        "budget_seconds": BUDGET_SECONDS,
    }
