"""`zhurnal generate`: schools of generated data for load tests and benchmarks (no demo logins)."""

import datetime as dt
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from zhurnal.core import clock
from zhurnal.demo.builder import SchoolSpec, build_school

DISTRICTS = [
    "Майского",
    "Баксанского",
    "Прохладненского",
    "Чегемского",
    "Урванского",
    "Терского",
    "Зольского",
]
SETTLEMENTS = [
    "ст. Александровская", "г. Майский", "с. Нижний Куркужин", "г. Баксан", "с. Заюково", "г. Прохладный",
    "г. Чегем", "с. Хушто-Сырт", "г. Нарткала", "г. Терек", "с. Каменномостское", "с. Светловодское",
]  # fmt: skip


def school_spec(index: int, *, students: int, seed: int, today: dt.date | None) -> SchoolSpec:
    grades = tuple(range(1, 12)) if students > 300 else (1, 2, 3, 4)
    per_grade = max(1, round(students / (len(grades) * 25)))
    number = index + 1
    place = SETTLEMENTS[index % len(SETTLEMENTS)]
    kind, short = (
        ("Средняя общеобразовательная школа", "СОШ")
        if len(grades) > 4
        else ("Начальная общеобразовательная школа", "НОШ")
    )
    district = DISTRICTS[(index // 10) % len(DISTRICTS)]
    return SchoolSpec(
        seed=seed * 100_003 + index,
        short_name=f"МКОУ {short} № {number} {place}",
        name=f"Муниципальное казённое общеобразовательное учреждение «{kind} № {number}» {place}",
        authority_name=(
            f"Управление образования местной администрации {district} муниципального района "
            "Кабардино-Балкарской Республики"
        ),
        address=f"{place}, ул. Школьная, д. {number}",
        grades=grades,
        classes_per_grade=per_grade,
        students=students,
        today=today,
    )


class Command(BaseCommand):
    help = "Generate schools with a year of journal data (no fixed logins; passwords unusable)."

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=1)
        parser.add_argument("--students-per-school", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", help="YYYY-MM-DD: build the year so far up to this date")

    def handle(self, *args, schools, students_per_school, seed, today, **options):
        if schools < 1 or students_per_school < 4:
            raise CommandError("--schools must be ≥ 1 and --students-per-school ≥ 4")
        day = dt.date.fromisoformat(today) if today else clock.today()
        totals: Counter = Counter()
        started = time.perf_counter()
        for index in range(schools):
            t0 = time.perf_counter()
            built = build_school(school_spec(index, students=students_per_school, seed=seed, today=day))
            totals.update(built.counts)
            c = built.counts
            self.stdout.write(
                f"[{index + 1}/{schools}] {built.school.short_name}: {c['people.Student']} pupils, "
                f"{c['journal.Lesson']} lessons, {c['journal.Mark']} marks, {c['journal.Attendance']} attendance "
                f"— {time.perf_counter() - t0:.1f} s"
            )
        self.stdout.write("Rows created:")
        for label, n in sorted(totals.items()):
            self.stdout.write(f"  {label:<28} {n:>10}")
        self.stdout.write(f"  {'total':<28} {sum(totals.values()):>10}")
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s (today = {day:%Y-%m-%d}).")
