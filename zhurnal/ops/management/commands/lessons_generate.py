"""`zhurnal lessons_generate [--days N] [--from DATE]`: make the coming days' lessons from the
timetable, by hand. It takes the scheduler's lease of the `lessons_generate` job (decision 0007),
so it never runs beside the scheduler's own run of the same job; it lives in `ops` because the
lease does (journal may not import ops).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from zhurnal.core import clock
from zhurnal.journal.schedule import lessons_generate
from zhurnal.ops.scheduler import job_named, lease_held
from zhurnal.schools.models import School


class Command(BaseCommand):
    help = "Create lessons from the timetable and calendar for today and the next days (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14)
        parser.add_argument("--from", dest="start", type=dt.date.fromisoformat, default=None)

    def handle(self, *args, days, start, **options):
        start = start or clock.today()
        end = start + dt.timedelta(days=days)
        with lease_held(job_named("lessons_generate")) as held:
            if not held:
                raise CommandError("Уроки уже создаёт планировщик (zhurnal scheduler): повторите позже.")
            total = 0
            for school_id in School.objects.values_list("pk", flat=True):
                total += lessons_generate(school_id=school_id, start=start, end=end)
        self.stdout.write(f"Создано уроков: {total} ({start:%d.%m.%Y}–{end:%d.%m.%Y})")
