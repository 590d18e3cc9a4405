"""`zhurnal demo`: the demo school МКОУ НШДС № 12 ст. Александровской with fixed logins."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhurnal.accounts.models import Role, User
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
            raise CommandError(_("Демо-входы уже есть: демонстрационная школа строится в базе один раз."))
        day = dt.date.fromisoformat(today) if today else None
        started = time.perf_counter()
        built, logins = build_demo(day)
        c = built.counts
        self.stdout.write(
            _(
                "%(school)s: классов — %(classes)s, обучающихся — %(pupils)s, уроков — %(lessons)s, "
                "отметок — %(marks)s, записей посещаемости — %(attendance)s; за %(seconds).1f с."
            )
            % {
                "school": built.school.short_name,
                "classes": len(built.classes),
                "pupils": c["people.Student"],
                "lessons": c["journal.Lesson"],
                "marks": c["journal.Mark"],
                "attendance": c["journal.Attendance"],
                "seconds": time.perf_counter() - started,
            }
        )
        rows = [(x.username, _role_labels(x.role), x.who) for x in logins]
        headings = (_("вход"), _("роль"), _("кто"))
        width = max(len(headings[0]), *(len(r[0]) for r in rows))
        role_width = max(len(headings[1]), *(len(r[1]) for r in rows))
        self.stdout.write("")
        self.stdout.write(f"{headings[0]:<{width}}  {headings[1]:<{role_width}}  {headings[2]}")
        for username, roles, who in rows:
            self.stdout.write(f"{username:<{width}}  {roles:<{role_width}}  {who}")
        self.stdout.write("\n" + _("пароль: %(password)s") % {"password": DEMO_PASSWORD})


def _role_labels(codes: str) -> str:
    """«class_teacher, teacher» → «классный руководитель, учитель»."""
    return ", ".join(str(Role(code).label) for code in codes.split(", ") if code)
