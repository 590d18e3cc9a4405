"""The security event log as CSV or XLSX (openpyxl), with the columns the page shows."""

from __future__ import annotations

import csv
import io
import json

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

FORMATS = {"csv", "xlsx"}
# A year of a large school's log fits; a bigger export is a backup's job, not a page's.
MAX_ROWS = 100_000


def _header() -> list[str]:
    return [
        _("Время"),
        _("Событие"),
        _("Пользователь"),
        _("Чья запись"),
        _("Тип записи"),
        _("Запись"),
        _("IP-адрес"),
        _("Подробности"),
    ]


def _rows(events: QuerySet):
    kinds = dict(events.model.Kind.choices)
    for event in events[:MAX_ROWS].iterator(chunk_size=2000):
        yield [
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            str(kinds.get(event.kind, event.kind)),
            event.username,
            event.subject_repr,
            event.subject_type,
            event.subject_id if event.subject_id is not None else "",
            event.ip or "",
            json.dumps(event.detail, ensure_ascii=False) if event.detail else "",
        ]


class _Echo:
    def write(self, value):
        return value


def export(events: QuerySet, fmt: str) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff"  # so that Excel reads the Cyrillic as UTF-8
            yield writer.writerow(_header())
            for row in _rows(events):
                yield writer.writerow(row)

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="security-log-{stamp}.csv"'
        return response
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Журнал событий безопасности"))
    sheet.append(_header())
    for row in _rows(events):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="security-log-{stamp}.xlsx"'
    return response
