"""Reading the spreadsheets a school already has: XLSX, or CSV in UTF-8 or Windows-1251 with `;` or `,`.

One reader for every import (people, classes, the timetable, the КТП), so that every import accepts
the same files and reports a bad file the same way: by line and column, in Russian.

- The format is told by the content (an XLSX file is a ZIP), not trusted from the name.
- CSV is read as UTF-8 (with or without a BOM) and, failing that, as Windows-1251 (what Excel
  writes on a Russian Windows); the delimiter is the one of `;` and `,` the header line uses more.
- Headers are matched to the caller's columns by name or by any alias (case, `ё`, extra spaces and
  a trailing `*` ignored), so «Фамилия» and `last_name` both work. Unknown columns are ignored and
  listed; a missing required column is an error before any row is read.
- Every value comes back as a stripped string (dates in XLSX as ISO `YYYY-MM-DD`, whole numbers
  without `.0`), so the caller's checks see one shape whatever the file was. Empty rows are skipped.
- Line numbers are the file's own (the header is line 1), the ones a secretary sees in Excel.

openpyxl reads XLSX (read-only, values not formulas) and the standard `csv` module reads CSV.
tablib was tried: it loads both, but it guesses neither the encoding nor the delimiter, and it
loses the line numbers of skipped empty rows, which the error messages need.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from zhurnal.core.errors import InvalidInput

XLSX_MAGIC = b"PK\x03\x04"
MAX_ROWS = 50_000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Column:
    """One column the caller reads: its key, the header names it is known by, and whether it must be there."""

    key: str
    title: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    def names(self) -> set[str]:
        return {_normal(name) for name in (self.key, self.title, *self.aliases)}


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key) or default


@dataclass(frozen=True)
class RowError:
    """A problem with one cell (or a whole row, when `column` is empty)."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Строка %(line)s, столбец «%(column)s»: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("Строка %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class TableError(InvalidInput):
    """The file cannot be taken: every problem found, each naming its line and column."""

    def __init__(self, errors: Sequence[RowError]):
        self.errors = list(errors)
        shown = "; ".join(str(error) for error in self.errors[:20])
        more = len(self.errors) - 20
        if more > 0:
            shown += " " + _("…и ещё %(count)s") % {"count": more}
        super().__init__(
            shown,
            code="bad_rows",
            field="file",
            data={
                "errors": [{"line": e.line, "column": e.column, "message": e.message} for e in self.errors]
            },
        )


@dataclass
class Table:
    rows: list[Row]
    headers: list[str]
    ignored_columns: list[str] = field(default_factory=list)
    file_format: str = "csv"
    encoding: str = ""
    delimiter: str = ""


def read_table(data: bytes, columns: Sequence[Column], *, max_rows: int = MAX_ROWS) -> Table:
    """Read the file's header and rows into the caller's columns; raise TableError on a bad file."""
    if not data or not data.strip():
        raise TableError([RowError(1, "", _("файл пуст"))])
    if data.startswith(XLSX_MAGIC):
        raw_rows, meta = _xlsx_rows(data), {"file_format": "xlsx"}
    else:
        text, encoding = _decode(data)
        delimiter = _delimiter(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        raw_rows = ((reader.line_num, row) for row in reader)
        meta = {"file_format": "csv", "encoding": encoding, "delimiter": delimiter}
    return _table(raw_rows, columns, max_rows=max_rows, **meta)


def _table(raw_rows: Iterable[tuple[int, list]], columns, *, max_rows: int, **meta) -> Table:
    iterator = iter(raw_rows)
    header_line, header = next(
        ((line, row) for line, row in iterator if any(_cell(value) for value in row)), (0, None)
    )
    if header is None:
        raise TableError([RowError(1, "", _("в файле нет строки заголовков"))])
    headers = [_cell(value) for value in header]
    positions: dict[str, int] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    for index, title in enumerate(headers):
        if not title:
            continue
        matched = next((column for column in columns if _normal(title) in column.names()), None)
        if matched is None:
            ignored.append(title)
        elif matched.key in positions:
            errors.append(RowError(header_line, title, _("столбец повторяется")))
        else:
            positions[matched.key] = index
    for column in columns:
        if column.required and column.key not in positions:
            errors.append(RowError(header_line, column.title, _("нет обязательного столбца")))
    if errors:
        raise TableError(errors)
    rows: list[Row] = []
    for line, raw in iterator:
        cells = [_cell(value) for value in raw]
        if not any(cells):
            continue
        if len(rows) >= max_rows:
            raise TableError([RowError(line, "", _("в файле больше %(count)s строк") % {"count": max_rows})])
        values = {key: cells[index] if index < len(cells) else "" for key, index in positions.items()}
        for key, value in values.items():
            if CONTROL.search(value):
                title = next(column.title for column in columns if column.key == key)
                errors.append(RowError(line, title, _("недопустимый управляющий символ")))
        rows.append(Row(line=line, values=values))
    if errors:
        raise TableError(errors)
    return Table(rows=rows, headers=[title for title in headers if title], ignored_columns=ignored, **meta)


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError([RowError(1, "", _("файл XLSX не читается: %(error)s") % {"error": exc})]) from exc
    sheet = workbook.worksheets[0]
    try:
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, list(row)
    finally:
        workbook.close()


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace"), "cp1251"


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") >= first.count(",") else ","


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _normal(name: str) -> str:
    return " ".join(str(name).replace("ё", "е").replace("Ё", "Е").strip().rstrip("*").lower().split())


def parse_date(value: str) -> dt.date:
    """A date as 2019-03-01 or 01.03.2019 (also 1.3.2019); ValueError with a Russian reason otherwise."""
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("неверная дата «%(value)s» (нужно 2019-03-01 или 01.03.2019)") % {"value": value})


def template_xlsx(columns: Sequence[Column], examples: Sequence[Sequence[str]] = ()) -> bytes:
    """A template to download: the columns' titles as a bold, frozen header, then example rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.title for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for example in examples:
        sheet.append(list(example))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, len(column.title) + 4)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(columns: Sequence[Column], examples: Sequence[Sequence[str]] = ()) -> bytes:
    """The same template as CSV: UTF-8 with a BOM (so Excel opens it right) and `;`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.title for column in columns])
    writer.writerows(examples)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
