"""Printable registers: PDF through WeasyPrint (DejaVu for Cyrillic), XLSX through openpyxl.

Small on purpose: the reports app (issue 9) brings the shared renderers; these two books need
only a table with a title, and must print before it lands.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Register:
    title: str
    subtitle: str
    headers: list[str]
    rows: list[list]
    widths: list[int]  # column widths in characters, for the spreadsheet


def to_pdf(register: Register) -> bytes:
    from weasyprint import HTML

    html = render_to_string("office/print_register.html", {"register": register})
    return HTML(string=html).write_pdf()


def to_xlsx(register: Register) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = register.title[:31]
    sheet.append([register.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([register.subtitle])
    sheet.append([])
    sheet.append(register.headers)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in register.rows:
        sheet.append(["" if v is None else v for v in row])
    for index, width in enumerate(register.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(register: Register, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file extension) for "pdf" or "xlsx"."""
    if fmt == "xlsx":
        return to_xlsx(register), XLSX, "xlsx"
    return to_pdf(register), PDF, "pdf"
