"""`zhurnal demo`: the demo school МКОУ НШДС № 12 ст. Александровской with fixed logins."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from zhurnal.accounts.models import User
from zhurnal.demo.accounts import DEMO_LOGINS, DEMO_PASSWORD, build_demo
from zhurnal.schools.models import School


class Command(BaseCommand):
    help = "Build the demo school with a year of journal so far and fixed logins (password: demo)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="do nothing when any school exists")
        parser.add_argument("--today", help="YYYY-MM-DD: build the year so far up to this date")

    def handle(self, *args, if_empty, today, **options):
        if if_empty and School.objects.exists():
            self.stdout.write("Данные уже есть — оставлены без изменений.")
            present = list(
                User.objects.filter(username__in=DEMO_LOGINS)
                .order_by("username")
                .values_list("username", flat=True)
            )
            if present:
                self.stdout.write(f"Демо-входы: {', '.join(present)}; пароль: {DEMO_PASSWORD}")
            return
        if User.objects.filter(username__in=DEMO_LOGINS).exists():
            raise CommandError("The demo logins already exist: the demo school is built once per database.")
        day = dt.date.fromisoformat(today) if today else None
        started = time.perf_counter()
        built, logins = build_demo(day)
        c = built.counts
        self.stdout.write(
            f"{built.school.short_name}: {len(built.classes)} classes, {c['people.Student']} pupils, "
            f"{c['journal.Lesson']} lessons, {c['journal.Mark']} marks, {c['journal.Attendance']} attendance, "
            f"{time.perf_counter() - started:.1f} s."
        )
        width = max(len(x.username) for x in logins)
        role_width = max(len(x.role) for x in logins)
        self.stdout.write("")
        self.stdout.write(f"{'login':<{width}}  {'role':<{role_width}}  who")
        for x in logins:
            self.stdout.write(f"{x.username:<{width}}  {x.role:<{role_width}}  {x.who}")
        self.stdout.write(f"\npassword: {DEMO_PASSWORD}")
