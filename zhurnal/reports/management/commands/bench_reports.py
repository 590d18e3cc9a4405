"""`zhurnal bench_reports`: `progress` and `attendance` for one generated school of 1,000 pupils
over a quarter (budget ≤ 1 s each, median of runs), printing the figures; with `--schools N`,
`authority-summary` over N generated schools (on PostgreSQL when DATABASE_URL is set), and how
its time and queries grow with the number of schools.

Runs the reports as their users would (selector + JSON), on data it generates into the current
database: run it on an empty one (`make bench` does).
"""

import datetime as dt
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from zhurnal.accounts.models import Role, RoleGrant, User
from zhurnal.demo.builder import build_school
from zhurnal.demo.management.commands.generate import school_spec
from zhurnal.policy.actor import actor_for
from zhurnal.reports import renderers, running
from zhurnal.schools.models import StudyPeriod

BUDGET_SCHOOL_S = 1.0
BUDGET_REGION_S = 10.0
# A day after the first quarter ended: its period marks are in; the default period is that quarter.
TODAY = "2026-10-30"


def _timed(actor, code, runs, raw=None):
    report = running.report_for_runner(actor, code)
    times, data, queries = [], None, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            data = renderers.to_json(running.run(actor, report, raw or {}))
            times.append(time.perf_counter() - started)
        queries = len(ctx.captured_queries)
    return statistics.median(times), queries, data


class Command(BaseCommand):
    help = "Benchmark the progress, attendance and authority-summary reports on generated data."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=1000)
        parser.add_argument("--schools", type=int, default=0, help="also authority-summary over N schools")
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, students, schools, runs, **options):
        with override_settings(ZHURNAL_TODAY=TODAY, DEBUG=False):
            self._run(students, schools, runs)

    def _run(self, students, schools, runs):
        day = dt.date.fromisoformat(TODAY)
        started = time.perf_counter()
        first = build_school(school_spec(0, students=students, seed=11, today=day))
        self.stdout.write(
            f"generated {first.school.short_name}: {students} pupils in {time.perf_counter() - started:.0f} s"
        )
        director, _ = User.objects.get_or_create(username="bench-reports-director")
        RoleGrant.objects.get_or_create(user=director, role=Role.DIRECTOR, school=first.school)
        actor = actor_for(director)
        quarter = StudyPeriod.objects.get(school=first.school, kind=StudyPeriod.Kind.QUARTER, number=1)
        verdicts = []
        for code in ("progress", "attendance"):
            median, queries, data = _timed(actor, code, runs, {"period": str(quarter.pk)})
            total = next((r for r in data["tables"][0]["rows"] if r.get("kind") == "total"), {})
            ok = median <= BUDGET_SCHOOL_S
            verdicts.append(ok)
            self.stdout.write(
                f"{code}: {data['period']}, {len(data['tables'][0]['rows'])} rows, median {median * 1000:.0f} ms "
                f"over {runs} runs, {queries} queries — budget {BUDGET_SCHOOL_S:.0f} s: {'ok' if ok else 'OVER'}"
            )
            self.stdout.write(
                "  total: " + ", ".join(f"{k}={v}" for k, v in total.items() if k not in ("kind",))
            )
        if schools > 1:
            authority, _ = User.objects.get_or_create(username="bench-reports-authority")
            RoleGrant.objects.get_or_create(
                user=authority, role=Role.AUTHORITY, authority_id=first.school.authority_id
            )
            one, one_queries, _data = _timed(actor_for(authority), "authority-summary", runs)
            for index in range(1, schools):
                b = build_school(school_spec(index, students=students, seed=11, today=day))
                RoleGrant.objects.get_or_create(
                    user=authority, role=Role.AUTHORITY, authority_id=b.school.authority_id
                )
            median, queries, data = _timed(actor_for(authority), "authority-summary", max(1, runs // 2))
            rows = len(data["tables"][0]["rows"]) - 1
            self.stdout.write(
                f"authority-summary on {connection.vendor}: 1 school {one * 1000:.0f} ms, {one_queries} queries; "
                f"{rows} schools {median * 1000:.0f} ms, {queries} queries "
                f"(≈ {(median - one) * 1000 / max(rows - 1, 1):.0f} ms and "
                f"{(queries - one_queries) / max(rows - 1, 1):.1f} queries per further school)"
            )
            ok = median <= BUDGET_REGION_S
            verdicts.append(ok)
            self.stdout.write(f"  budget {BUDGET_REGION_S:.0f} s: {'ok' if ok else 'OVER'}")
        self.stdout.write("all within budget" if all(verdicts) else "OVER BUDGET")
