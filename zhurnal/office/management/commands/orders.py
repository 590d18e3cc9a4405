"""`zhurnal orders register --year 2026 [--school ID] --output FILE.pdf|xlsx`: the printed register
of the orders book, for the system administrator (the format follows the file's extension)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhurnal.office import printing, selectors
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import School


class _System(Actor):
    """The command runs as the system: it reads the book of the school it names."""

    def __init__(self, school_id: int):
        super().__init__(user=None)
        self._school_id = school_id

    def school_ids(self, *roles):
        return frozenset({self._school_id})


class Command(BaseCommand):
    help = "Книга приказов: печатный реестр за год (PDF или XLSX)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        register = sub.add_parser("register", help="реестр приказов за год")
        register.add_argument("--year", type=int, required=True)
        register.add_argument("--school", type=int, help="id школы (по умолчанию — единственная)")
        register.add_argument("--output", required=True, help="FILE.pdf или FILE.xlsx")

    def handle(self, *args, action, year, school=None, output, **options):
        out = Path(output)
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in ("pdf", "xlsx"):
            raise CommandError("--output: укажите файл .pdf или .xlsx")
        schools = School.objects.all() if school is None else School.objects.filter(pk=school)
        found = list(schools[:2])
        if not found:
            raise CommandError("--school: школа не найдена")
        if len(found) > 1:
            raise CommandError("--school: школ несколько, укажите id")
        target = found[0]
        content, _type, _ext = printing.render(
            selectors.orders_register(_System(target.pk), target, year), fmt
        )
        out.write_bytes(content)
        self.stdout.write(f"{out}: {len(content)} bytes")
