"""The report registry: each report is declared once (code, title, group, parameters, who may
run it, one selector), and every renderer (page, XLSX, PDF, CSV, JSON) works from what the
selector returns: tables of plain rows with typed columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _


class Group:
    """The groups a school expects on its reports page, in this order."""

    PROGRESS = "progress"
    ATTENDANCE = "attendance"
    FILLING = "filling"
    FINAL = "final"

    ORDER = (PROGRESS, ATTENDANCE, FILLING, FINAL)
    TITLES = {
        PROGRESS: _("Успеваемость"),
        ATTENDANCE: _("Посещаемость"),
        FILLING: _("Заполнение журнала"),
        FINAL: _("Итоговые документы"),
    }


class ColumnType:
    TEXT = "text"
    INT = "int"
    DECIMAL = "decimal"  # an average, two places
    PERCENT = "percent"  # a share in per cent, one place
    DATE = "date"
    DATETIME = "datetime"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    type: str = ColumnType.TEXT
    width: int = 0  # characters, for XLSX; 0 picks one from the type

    @property
    def is_number(self) -> bool:
        return self.type in (ColumnType.INT, ColumnType.DECIMAL, ColumnType.PERCENT)


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    # Rows whose key "kind" is "total" or "subtotal" are shown in bold; "highlight" in colour.


@dataclass
class ReportResult:
    code: str
    title: str
    school: str
    period: str
    made_at: dt.datetime
    params: dict[str, Any]
    tables: list[Table]
    charts: list[str] = field(default_factory=list)  # inline SVG, drawn server-side
    landscape: bool = False
    page_break_between_tables: bool = False  # one pupil per page (the class's parent letters)
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # for the page's form
    # Whose document a PDF is, for its verification code (decision 0016): the school chosen, else
    # the first the actor reports on; the class when the report is about one class.
    school_id: int | None = None
    class_group: Any = None


@dataclass(frozen=True)
class Report:
    code: str
    title: str
    group: str
    params: tuple[str, ...]  # names from zhurnal.reports.params.PARAMS
    may_run: Callable  # a policy predicate: actor -> bool
    build: Callable  # (actor, ctx: params.Context) -> ReportResult fields (tables, charts…)
    description: str = ""
    landscape: bool = False
    long: bool = False  # runs as a background job, the page polls its progress
    needs_class: bool = False  # about one class: the default is the actor's own, else the first


_REGISTRY: dict[str, Report] = {}


def register(report: Report) -> Report:
    if report.code in _REGISTRY:
        raise ValueError(f"report {report.code!r} is registered twice")
    _REGISTRY[report.code] = report
    return report


def get(code: str) -> Report | None:
    return _REGISTRY.get(code)


def all_reports() -> list[Report]:
    return list(_REGISTRY.values())


def runnable_by(actor) -> list[Report]:
    return [report for report in _REGISTRY.values() if report.may_run(actor)]


FORMATS = ("json", "csv", "xlsx", "pdf")


def plain(value: Any) -> Any:
    """A cell as JSON holds it: Decimal → float, dates → ISO text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value
