"""`zhurnal lessons_generate [--days N]`: make the coming days' lessons from the timetable."""

import datetime as dt

from django.core.management.base import BaseCommand

from zhurnal.core import clock
from zhurnal.journal.schedule import lessons_generate
from zhurnal.schools.models import School


class Command(BaseCommand):
    help = "Create lessons from the timetable and calendar for today and the next days (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14)
        parser.add_argument("--from", dest="start", type=dt.date.fromisoformat, default=None)

    def handle(self, *args, days, start, **options):
        start = start or clock.today()
        end = start + dt.timedelta(days=days)
        total = 0
        for school_id in School.objects.values_list("pk", flat=True):
            total += lessons_generate(school_id=school_id, start=start, end=end)
        self.stdout.write(f"Создано уроков: {total} ({start:%d.%m.%Y}–{end:%d.%m.%Y})")
