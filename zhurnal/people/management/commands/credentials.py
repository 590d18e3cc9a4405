"""`zhurnal credentials slips --class 2А [--school ID] [--by LOGIN] --output FILE.pdf`

Issues one-time passwords to a class's parents and students (the same service as the class's
credentials page, in the name of the school's system administrator) and writes their slips.
"""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhurnal.accounts.models import Role, User
from zhurnal.core import clock
from zhurnal.core.errors import ServiceError
from zhurnal.people.services.credentials import credentials_issue_class
from zhurnal.people.slips import slips_pdf
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import ClassGroup

CLASS_NAME = re.compile(r"^\s*(\d{1,2})\s*([^\d\s]{1,4})\s*$")


class Command(BaseCommand):
    help = "Учётные данные: памятки с временными паролями для родителей и обучающихся класса."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        slips = sub.add_parser("slips", help="выдать временные пароли классу и напечатать памятки (PDF)")
        slips.add_argument("--class", dest="class_name", required=True, help="класс, например 2А")
        slips.add_argument("--school", type=int, help="id школы, если класс с таким именем есть в нескольких")
        slips.add_argument("--by", help="логин системного администратора, от чьего имени выдаются пароли")
        slips.add_argument("--who", choices=["parents", "students", "all"], default="all")
        slips.add_argument("--output", required=True, help="файл PDF")

    def handle(self, *args, **options):
        class_group = self._class(options["class_name"], options["school"])
        issuer = self._issuer(class_group, options["by"])
        who = options["who"]
        try:
            issued = credentials_issue_class(
                actor=actor_for(issuer),
                class_group=class_group,
                parents=who in ("parents", "all"),
                students=who in ("students", "all"),
            )
        except ServiceError as error:
            raise CommandError(error.message) from None
        if not issued:
            raise CommandError(f"В классе {class_group} сейчас нет обучающихся.")
        output = Path(options["output"])
        output.write_bytes(slips_pdf(issued))
        self.stdout.write(f"{class_group}: выдано паролей — {len(issued)}, памятки в {output}")

    def _class(self, name: str, school_id: int | None) -> ClassGroup:
        match = CLASS_NAME.match(name or "")
        if not match:
            raise CommandError(f"--class: «{name}» — не имя класса (например, 2А).")
        today = clock.today()
        classes = ClassGroup.objects.filter(
            grade=int(match[1]), letter__iexact=match[2], year__start__lte=today, year__end__gte=today
        ).select_related("school")
        if school_id is not None:
            classes = classes.filter(school_id=school_id)
        found = list(classes)
        if not found:
            raise CommandError(f"--class: класса {name} в текущем учебном году нет.")
        if len(found) > 1:
            schools = ", ".join(f"{c.school_id} ({c.school.short_name})" for c in found)
            raise CommandError(
                f"--class: класс {name} есть в нескольких школах, укажите --school: {schools}."
            )
        return found[0]

    def _issuer(self, class_group: ClassGroup, login: str | None) -> User:
        user = None
        for role in (Role.SYSADMIN, Role.DIRECTOR):  # the system administrator's job first
            admins = User.objects.filter(
                grants__role=role, grants__school_id=class_group.school_id, is_active=True
            )
            if login:
                admins = admins.filter(username=login)
            user = admins.order_by("pk").first()
            if user is not None:
                break
        if user is None:
            where = f"«{login}» не администратор" if login else "нет системного администратора"
            raise CommandError(f"--by: {where} школы {class_group.school.short_name}.")
        return user
