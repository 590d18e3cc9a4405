"""The pipeline every spreadsheet import shares: read → check every row → plan → apply.

- read: `core.tabular.read_table` (XLSX or CSV, headers by alias, line numbers);
- check: each kind's `check_row` turns a row into a `Planned` item (create / change / skip) or
  records `RowError`s; keys seen earlier in the file make «повторяет строку N»;
- plan: nothing is written until every row is good — one bad row raises `TableError` with all
  of them, and the database is untouched;
- apply: `Importer.apply` runs each planned item through the people/schools/office services
  inside the caller's one transaction (services.imports.import_apply).

The lookups a kind needs (existing pupils, classes, staff) are loaded once per file in a fixed
number of queries (`Importer.load`), so checking 1,000 rows costs what checking 10 does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.tabular import Column, Row, RowError, TableError, parse_date, read_table
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import AcademicYear, ClassGroup, School

CREATE, CHANGE, SKIP = "create", "change", "skip"
JOB_KIND = "import"  # the background job of an upload: its preview, then its run
CLASS_NAME = re.compile(r"^\s*(\d{1,2})\s*-?\s*([^\d\s]{1,4})\s*$")


@dataclass
class Planned:
    """What one row of the file will do: its line, a label for the preview, and the change."""

    line: int
    action: str  # CREATE, CHANGE or SKIP
    label: str
    changes: list[str] = field(default_factory=list)  # for the preview: «СНИЛС», «зачисление в 2А»
    payload: dict = field(default_factory=dict)  # what `apply` needs


@dataclass
class Plan:
    kind: str
    items: list[Planned] = field(default_factory=list)
    file_format: str = ""
    ignored_columns: list[str] = field(default_factory=list)

    def of(self, action: str) -> list[Planned]:
        return [item for item in self.items if item.action == action]

    @property
    def counts(self) -> dict[str, int]:
        return {action: len(self.of(action)) for action in (CREATE, CHANGE, SKIP)}

    @property
    def writes(self) -> list[Planned]:
        return [item for item in self.items if item.action != SKIP]


class Errors:
    """The problems found so far, in file order."""

    def __init__(self) -> None:
        self.items: list[RowError] = []

    def add(self, row: Row | int, column: Column | str, message: str) -> None:
        line = row if isinstance(row, int) else row.line
        title = column.title if isinstance(column, Column) else column
        self.items.append(RowError(line, title, message))

    def __bool__(self) -> bool:
        return bool(self.items)


class Importer:
    """One kind of import. Subclasses declare `kind`, `title`, `columns`, `examples` and write
    `load`, `check_row` and `apply_item`."""

    do_not_call_in_templates = True  # the page lists the classes themselves
    kind = ""
    title = ""
    columns: Sequence[Column] = ()
    examples: Sequence[Sequence[str]] = ()

    def __init__(self, school: School) -> None:
        self.school = school
        self.seen: dict[tuple, int] = {}  # a key of the file → the line it first came on
        self.current: Planned | None = None  # the row being written, named if a service refuses it

    def load(self) -> None:
        """Read what the rows are matched against, in a fixed number of queries."""

    def check_row(self, row: Row, errors: Errors) -> Planned | None:
        raise NotImplementedError

    def apply_item(self, actor: Actor, item: Planned) -> None:
        raise NotImplementedError

    # --- the pipeline ---------------------------------------------------------------------------

    def plan(self, data: bytes) -> Plan:
        table = read_table(data, self.columns)
        self.load()
        errors = Errors()
        plan = Plan(kind=self.kind, file_format=table.file_format, ignored_columns=table.ignored_columns)
        for row in table.rows:
            item = self.check_row(row, errors)
            if item is not None:
                plan.items.append(item)
        if not table.rows:
            errors.add(1, "", _("в файле нет ни одной строки с данными"))
        if errors:
            raise TableError(errors.items)
        return plan

    def apply(self, actor: Actor, plan: Plan, progress: Callable[[int], None] | None = None) -> None:
        for done, item in enumerate(plan.writes, start=1):
            self.current = item
            self.apply_item(actor, item)
            if progress is not None:
                progress(done)

    # --- helpers for the kinds ------------------------------------------------------------------

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def first_seen(self, row: Row, key: tuple, column: str, errors: Errors) -> bool:
        """True the first time a key comes; later rows with it are «повторяет строку N»."""
        earlier = self.seen.get(key)
        if earlier is not None:
            errors.add(row, self.column(column), _("повторяет строку %(line)s") % {"line": earlier})
            return False
        self.seen[key] = row.line
        return True

    def required(self, row: Row, key: str, errors: Errors, message: str) -> str:
        value = row[key]
        if not value:
            errors.add(row, self.column(key), message)
        return value

    def length(self, row: Row, key: str, limit: int, errors: Errors) -> bool:
        if len(row[key]) > limit:
            errors.add(row, self.column(key), _("длиннее %(max)s знаков") % {"max": limit})
            return False
        return True

    def date(self, row: Row, key: str, errors: Errors):
        value = row[key]
        if not value:
            return None
        try:
            return parse_date(value)
        except ValueError as error:
            errors.add(row, self.column(key), str(error))
            return None


def normal(value: str) -> str:
    """A name as it is compared: case, `ё` and extra spaces do not matter."""
    return " ".join(value.replace("ё", "е").replace("Ё", "Е").casefold().split())


def person_key(last: str, first: str, middle: str) -> tuple[str, str, str]:
    return normal(last), normal(first), normal(middle)


def digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def working_year(school: School) -> AcademicYear | None:
    """The year the file is about: the one going on today, else the next to begin, else the last."""
    today = clock.today()
    years = list(AcademicYear.objects.filter(school=school).order_by("start"))
    for year in years:
        if year.start <= today <= year.end:
            return year
    coming = [year for year in years if year.start > today]
    if coming:
        return coming[0]
    return years[-1] if years else None


def classes_by_name(school: School, year: AcademicYear | None) -> dict[str, ClassGroup]:
    """The year's classes by their name as written («2А», «2 а», «2-А» are one class)."""
    if year is None:
        return {}
    found = ClassGroup.objects.filter(school=school, year=year).select_related("year")
    return {class_key(str(c)): c for c in found}


def class_key(name: str) -> str:
    match = CLASS_NAME.match(name or "")
    if not match:
        return ""
    return f"{int(match[1])}{normal(match[2])}"


def split_full_name(value: str) -> tuple[str, str, str] | None:
    """«Иванова Мария Петровна» → its three parts; None when fewer than two words."""
    parts = value.split()
    if len(parts) < 2:
        return None
    return parts[0], parts[1], " ".join(parts[2:])


YES = {"да", "yes", "true", "1", "+", "д"}
NO = {"нет", "no", "false", "0", "-", "н", ""}


__all__ = [
    "CHANGE",
    "CREATE",
    "SKIP",
    "Errors",
    "Importer",
    "Plan",
    "Planned",
    "TableError",
    "class_key",
    "classes_by_name",
    "digits",
    "normal",
    "person_key",
    "split_full_name",
    "working_year",
]
