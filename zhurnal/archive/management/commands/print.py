"""`zhurnal print journal|summary --class 2А [--year 2026] [--school ID] --output FILE.pdf`:
the printed journal of a class for a year, or its summary sheet of final marks, registered
under a verification code like the ones the deputy makes on the page."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhurnal.archive import services
from zhurnal.core import clock
from zhurnal.schools.models import ClassGroup, School


def find_class(name: str, *, year: int | None = None, school_id: int | None = None) -> ClassGroup:
    """A class by its name («2А») in the academic year that starts in `year` (default: the current
    one), in the school given or the only school of the database."""
    schools = School.objects.all()
    if school_id is not None:
        schools = schools.filter(pk=school_id)
        if not schools.exists():
            raise CommandError(f"No school with id {school_id}.")
    elif schools.count() != 1:
        raise CommandError("The database holds several schools: name one with --school ID.")
    school = schools.get()
    name = name.strip().upper()
    grade, letter = name.rstrip("АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"), name.lstrip("0123456789")
    if not grade.isdigit() or not letter:
        raise CommandError(f"--class {name!r}: expected a grade and a letter, such as 2А.")
    start_year = year if year is not None else clock.academic_year_start(clock.today())
    found = (
        ClassGroup.objects.filter(
            school=school, grade=int(grade), letter__iexact=letter, year__start__year=start_year
        )
        .select_related("school", "year")
        .first()
    )
    if found is None:
        raise CommandError(f"No class {name} in {school.short_name} in the year starting in {start_year}.")
    return found


class Command(BaseCommand):
    help = "Print a class's journal for a year, or its summary sheet of final marks, as PDF."

    def add_arguments(self, parser):
        parser.add_argument("document", choices=["journal", "summary"])
        parser.add_argument("--class", dest="class_name", required=True, help="the class, e.g. 2А")
        parser.add_argument(
            "--year", type=int, help="the calendar year the academic year starts in (default: current)"
        )
        parser.add_argument("--school", type=int, help="the school's id (needed when there are several)")
        parser.add_argument("--output", required=True, help="the PDF file to write")

    def handle(self, *args, document, class_name, year, school, output, **options):
        class_group = find_class(class_name, year=year, school_id=school)
        started = time.perf_counter()
        maker = services.make_printed_journal if document == "journal" else services.make_summary_sheet
        made = maker(class_group)
        Path(output).write_bytes(made.content)
        pages = f"{made.pages} pages, " if made.pages else ""
        self.stdout.write(
            f"{output}: {pages}{len(made.content) / 1024:.0f} KB, {time.perf_counter() - started:.1f} s; "
            f"code {made.stamp.code}, sha256 {made.stamp.sha256}"
        )
