"""Generated files for the tests and the bench: a school's pupils with both parents.

Names come from a small fixed list and a counter, so a file of 1,000 rows has no duplicate pupil
(ФИО + birth date) and the same seed gives the same file.
"""

from __future__ import annotations

import datetime as dt
import random

from zhurnal.core.tabular import template_csv, template_xlsx
from zhurnal.integrations.imports.students import StudentsImport

SURNAMES = (
    "Иванов",
    "Петров",
    "Сидоров",
    "Кузнецов",
    "Смирнов",
    "Попов",
    "Соколов",
    "Лебедев",
    "Козлов",
    "Новиков",
)
BOYS = ("Александр", "Михаил", "Артём", "Максим", "Иван", "Даниил", "Кирилл", "Егор")
GIRLS = ("Анна", "Мария", "Софья", "Алиса", "Виктория", "Полина", "Ева", "Дарья")
FATHERS = ("Андрей", "Сергей", "Дмитрий", "Алексей", "Николай", "Павел")
MOTHERS = ("Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана")


def _female(surname: str) -> str:
    return surname + "а"


def student_rows(
    class_names: list[str], count: int, *, seed: int = 11, year_start: int = 2026
) -> list[list[str]]:
    """Rows in the template's column order: pupil, class, sex, and mother's and father's contacts."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        surname = SURNAMES[n % len(SURNAMES)]
        girl = n % 2 == 1
        father = FATHERS[(n // 7) % len(FATHERS)]
        class_name = class_names[n % len(class_names)]
        grade = int("".join(ch for ch in class_name if ch.isdigit()))
        born = dt.date(year_start - 6 - grade, 1, 1) + dt.timedelta(days=(n * 37 + rng.randrange(300)) % 365)
        last = _female(surname) if girl else surname
        first = (GIRLS if girl else BOYS)[(n // 2) % 8]
        middle = father + ("овна" if girl else "ович")
        # The counter in the surname keeps every pupil (and their family) apart.
        suffix = f"-{n // len(SURNAMES)}" if n >= len(SURNAMES) else ""
        rows.append(
            [
                last + suffix,
                first,
                middle,
                born.strftime("%d.%m.%Y") if n % 2 else born.isoformat(),
                class_name,
                "ж" if girl else "м",
                "",
                "",
                "",
                f"{_female(surname)}{suffix} {MOTHERS[n % 6]} Ивановна",
                f"+7 9{n:09d}",
                "",
                f"{surname}{suffix} {father} Петрович",
                f"+7 8{n:09d}",
                "",
            ]
        )
    return rows


def students_file(class_names: list[str], count: int, *, fmt: str = "xlsx", seed: int = 11) -> bytes:
    rows = student_rows(class_names, count, seed=seed)
    columns = StudentsImport.columns
    if fmt == "xlsx":
        return template_xlsx(columns, rows)
    return template_csv(columns, rows)
