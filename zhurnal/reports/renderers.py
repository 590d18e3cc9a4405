"""The renderers, written once for every report: JSON, CSV, XLSX and PDF (the page is a template).

All read the same ReportResult, so every format holds the same figures. Numbers stay numbers
(XLSX cells are numeric, JSON numbers), dates stay dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from zhurnal.archive import verification
from zhurnal.archive.models import DocumentKind, VerificationStamp
from zhurnal.reports.pdf import render_pdf
from zhurnal.reports.registry import ColumnType, ReportResult, plain

CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def made_at_local(result: ReportResult) -> dt.datetime:
    return timezone.localtime(result.made_at)


def to_json(result: ReportResult) -> dict:
    return {
        "code": result.code,
        "title": result.title,
        "school": result.school,
        "period": result.period,
        "made_at": result.made_at.isoformat(),
        "params": result.params,
        "tables": [
            {
                "title": table.title,
                "columns": [{"key": c.key, "title": c.title, "type": c.type} for c in table.columns],
                "rows": [
                    {c.key: plain(row.get(c.key)) for c in table.columns}
                    | ({"kind": row["kind"]} if "kind" in row else {})
                    for row in table.rows
                ],
            }
            for table in result.tables
        ],
    }


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # Excel in a Russian locale reads a decimal comma; that is why the separator is ";".
        return str(value).replace(".", ",")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def to_csv(result: ReportResult) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([result.title])
    writer.writerow(
        [
            result.school,
            result.period,
            _("Сформирован: %(at)s") % {"at": f"{made_at_local(result):%d.%m.%Y %H:%M}"},
        ]
    )
    for table in result.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([c.title for c in table.columns])
        for row in table.rows:
            writer.writerow([_csv_cell(row.get(c.key)) for c in table.columns])
    # The BOM makes Excel read UTF-8 rather than the local code page.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


_NUMBER_FORMATS = {
    ColumnType.INT: "0",
    ColumnType.DECIMAL: "0.00",
    ColumnType.PERCENT: "0.0",
    ColumnType.DATE: "DD.MM.YYYY",
    ColumnType.DATETIME: "DD.MM.YYYY HH:MM",
}
_WIDTHS = {
    ColumnType.INT: 8,
    ColumnType.DECIMAL: 9,
    ColumnType.PERCENT: 9,
    ColumnType.DATE: 12,
    ColumnType.DATETIME: 17,
}


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Лист"
    name, n = base, 2
    while name in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name)
    return name


def to_xlsx(result: ReportResult) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE4EE")
    highlight = PatternFill("solid", fgColor="FCE4D6")
    for table in result.tables or []:
        sheet = book.create_sheet(_sheet_title(table.title, used))
        sheet.append([result.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([_("Школа"), result.school])
        sheet.append([_("Период"), result.period])
        sheet.append([_("Сформирован"), made_at_local(result).replace(tzinfo=None)])
        sheet["B4"].number_format = "DD.MM.YYYY HH:MM"
        sheet.append([table.title])
        sheet["A5"].font = bold
        header_row = 6
        sheet.append([c.title for c in table.columns])
        for cell in sheet[header_row]:
            cell.font = bold
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            values = []
            for c in table.columns:
                value = row.get(c.key)
                if isinstance(value, Decimal):
                    value = float(value)
                elif isinstance(value, dt.datetime):
                    value = timezone.localtime(value).replace(tzinfo=None)
                values.append(value)
            sheet.append(values)
            excel_row = sheet.max_row
            for index, c in enumerate(table.columns, start=1):
                cell = sheet.cell(excel_row, index)
                if c.type in _NUMBER_FORMATS:
                    cell.number_format = _NUMBER_FORMATS[c.type]
                if row.get("kind"):
                    cell.font = bold
                if row.get("highlight"):
                    cell.fill = highlight
        for index, c in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = c.width or _WIDTHS.get(c.type, 16)
        # The header row stays on screen while the rows scroll.
        sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    if not book.sheetnames:
        sheet = book.create_sheet(_sheet_title(result.title, used))
        sheet.append([result.title])
        sheet.append([_("Нет данных")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_html(result: ReportResult, stamp: verification.Stamp | None = None) -> str:
    context = {"result": result, "made_at": made_at_local(result)}
    if stamp is not None:
        context |= {
            "code": verification.display(stamp.code),
            "verify_url": stamp.url,
            "qr": stamp.qr_data_uri,
        }
    return render_to_string("reports/pdf.html", context)


def to_pdf(result: ReportResult, *, actor=None) -> bytes:
    return to_pdf_stamped(result, actor=actor)[0]


def to_pdf_stamped(result: ReportResult, *, actor=None) -> tuple[bytes, VerificationStamp | None]:
    """The report as PDF, carrying a verification code (decision 0016): reserved before drawing,
    since it is printed on every page, and registered with the bytes' SHA-256 once they exist.
    The registered stamp comes back too, for signing the very same bytes off into the archive."""
    if result.school_id is None:
        return render_pdf(pdf_html(result)), None
    stamp = verification.reserve(result.school_id, actor=actor)
    content = render_pdf(pdf_html(result, stamp))
    record = verification.register(
        stamp,
        content=content,
        kind=DocumentKind.REPORT,
        title=result.title,
        actor=actor,
        class_group=result.class_group,
        period=result.period,
        meta={"report": result.code, "params": result.params, "school": result.school},
    )
    return content, record


def render(result: ReportResult, fmt: str, *, actor=None) -> bytes:
    if fmt == "csv":
        return to_csv(result)
    if fmt == "xlsx":
        return to_xlsx(result)
    if fmt == "pdf":
        return to_pdf(result, actor=actor)
    raise ValueError(fmt)


def filename(result: ReportResult, fmt: str) -> str:
    return f"{result.code}-{made_at_local(result):%Y%m%d-%H%M}.{fmt}"


def http_response(result: ReportResult, fmt: str, *, actor=None) -> HttpResponse:
    if fmt == "json":
        body = json.dumps(to_json(result), ensure_ascii=False).encode("utf-8")
        return HttpResponse(body, content_type=CONTENT_TYPES["json"])
    response = HttpResponse(render(result, fmt, actor=actor), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(result, fmt)}"'
    return response
