"""`zhurnal bench_data [--students 1000]`: data in and out on a generated school (issue 11).

Generates a school with a year of marks in the configured database (SQLite by default,
PostgreSQL with DATABASE_URL), then measures: the import of as many new pupils with both parents
from XLSX (budget 15 s) and of the same file again, the OneRoster export (budget 15 s), its round trip
through an empty scratch database (import, export again, files compared byte for byte), a backup
(time and archive size), and its restore drill into a scratch database. Run it on a database of
its own: `ZHURNAL_VAR_DIR=var/bench-data zhurnal migrate && ZHURNAL_VAR_DIR=var/bench-data zhurnal bench_data`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zhurnal.core import clock
from zhurnal.demo.builder import build_school
from zhurnal.demo.management.commands.generate import school_spec
from zhurnal.integrations.backup import databases
from zhurnal.integrations.oneroster.export import export_directory
from zhurnal.integrations.services import backups
from zhurnal.schools.models import School

BUDGET_EXPORT_S = 15
BUDGET_IMPORT_S = 15


def _zhurnal(env: dict, *args: str) -> float:
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "zhurnal", *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise CommandError(f"zhurnal {' '.join(args)}: {done.stderr.strip()[-2000:]}")
    return time.perf_counter() - began


class Command(BaseCommand):
    help = "Замеры обмена данными: выгрузка OneRoster, её круговой путь, резервная копия и восстановление"

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=11)

    def handle(self, *args, students, seed, **options):
        line = self.stdout.write
        line(f"database: {connection.vendor}")
        t0 = time.perf_counter()
        built = build_school(
            school_spec(School.objects.count(), students=students, seed=seed, today=clock.today())
        )
        c = built.counts
        line(
            f"generated: {c['people.Student']} pupils, {c['journal.Lesson']} lessons, {c['journal.Mark']} marks "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        work = Path(tempfile.mkdtemp(prefix="zhurnal-bench-data-"))
        try:
            self.students_import(built.school, students)
            self.oneroster(built.school.pk, work)
            self.backup(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def students_import(self, school, count: int) -> None:
        """1,000 new pupils with both parents from XLSX, through the import the page confirms."""
        from zhurnal.accounts.models import Role, RoleGrant, User
        from zhurnal.integrations.imports.sample import students_file
        from zhurnal.integrations.services.imports import import_apply
        from zhurnal.policy.actor import actor_for
        from zhurnal.schools.models import ClassGroup

        admin = User.objects.filter(grants__role=Role.SYSADMIN, grants__school=school).first()
        if admin is None:
            admin = User.objects.create_user(username=f"bench-import-{school.pk}")
            RoleGrant.objects.create(user=admin, role=Role.SYSADMIN, school=school)
        names = sorted(
            {str(c) for c in ClassGroup.objects.filter(school=school, year__start__lte=clock.today())}
        )
        data = students_file(names, count, seed=2)
        began = time.perf_counter()
        plan = import_apply(
            actor=actor_for(admin), school=school, kind="students", data=data, file_name="bench.xlsx"
        )
        took = time.perf_counter() - began
        verdict = "ok" if took <= BUDGET_IMPORT_S else "OVER BUDGET"
        began = time.perf_counter()
        again = import_apply(actor=actor_for(admin), school=school, kind="students", data=data)
        took_again = time.perf_counter() - began
        self.stdout.write(
            f"students import from XLSX: {plan.counts['create']} pupils with {2 * plan.counts['create']} parents "
            f"({len(data) / 1e3:.0f} kB) in {took:.2f} s (budget {BUDGET_IMPORT_S} s: {verdict}); "
            f"the same file again: {again.counts['skip']} skipped in {took_again:.2f} s"
        )

    def oneroster(self, school_id: int, work: Path) -> None:
        line = self.stdout.write
        first = work / "oneroster-1"
        began = time.perf_counter()
        counts = export_directory(first, school_id=school_id)
        took = time.perf_counter() - began
        size = sum(p.stat().st_size for p in first.iterdir())
        verdict = "ok" if took <= BUDGET_EXPORT_S else "OVER BUDGET"
        line(
            f"OneRoster export: {took:.2f} s (budget {BUDGET_EXPORT_S} s: {verdict}), {size / 1e6:.1f} MB, "
            f"results {counts['results']}, lineItems {counts['lineItems']}, users {counts['users']}"
        )
        origin = databases.Database.of_alias()
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["ZHURNAL_VAR_DIR"] = str(work / "scratch-var")
        env["ZHURNAL_SCHEDULER"] = "0"
        scratch_name = f"{origin.name}_bench_scratch"[:63]
        if origin.vendor == "postgresql":
            databases.create_scratch(origin, scratch_name)
            env["DATABASE_URL"] = (
                f"postgres://{origin.user}:{origin.password}@{origin.host or '127.0.0.1'}:{origin.port or 5432}/"
                f"{scratch_name}"
            )
        try:
            _zhurnal(env, "migrate", "-v0")
            took_import = _zhurnal(env, "import", "oneroster", str(first))
            second = work / "oneroster-2"
            _zhurnal(env, "export", "oneroster", str(second))
        finally:
            if origin.vendor == "postgresql":
                databases.drop_scratch(origin, origin.renamed(scratch_name))
        differ = [p.name for p in first.iterdir() if p.read_bytes() != (second / p.name).read_bytes()]
        line(
            f"OneRoster import into an empty database: {took_import:.1f} s (with process start); "
            f"round trip: {'identical files' if not differ else 'DIFFERENT: ' + ', '.join(sorted(differ))}"
        )

    def backup(self, work: Path) -> None:
        line = self.stdout.write
        began = time.perf_counter()
        record = backups.backup_make(output_dir=work / "backups")
        took = time.perf_counter() - began
        line(f"backup (snapshot, files, archive, check): {took:.2f} s, archive {record.size / 1e6:.1f} MB")
        began = time.perf_counter()
        result = backups.backup_drill(path=Path(record.path))
        took = time.perf_counter() - began
        line(
            f"restore drill (check, restore into a scratch database, compare): {took:.2f} s — {result.message}"
        )
        if not result.ok:
            raise CommandError("the restore drill failed")
