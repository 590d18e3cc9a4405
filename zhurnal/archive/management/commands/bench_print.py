"""`zhurnal bench_print [--class 2А --year 2025]`: time the printed journal of one class."""

from django.core.management.base import BaseCommand

from zhurnal.archive.bench import bench_printed_journal
from zhurnal.archive.management.commands.print import find_class


class Command(BaseCommand):
    help = "Time the printed journal of one class for a year (issue 9's budget: ≤ 10 s)."

    def add_arguments(self, parser):
        parser.add_argument("--class", dest="class_name", help="the class, e.g. 2А (default: the fullest)")
        parser.add_argument("--year", type=int)
        parser.add_argument("--school", type=int)

    def handle(self, *args, class_name, year, school, **options):
        class_group = find_class(class_name, year=year, school_id=school) if class_name else None
        r = bench_printed_journal(class_group)
        verdict = "within" if r["seconds"] <= r["budget_seconds"] else "OVER"
        self.stdout.write(
            f"printed journal {r['class']}: {r['seconds']} s wall, {r['cpu_seconds']} s CPU here "
            f"(layout in {r['processes']} processes), {r['queries']} queries, "
            f"{r['pages']} pages, {r['bytes'] / 1024:.0f} KB — {verdict} the {r['budget_seconds']:.0f} s budget"
        )
