"""Log filters.

A refused request (403) is routine: a pupil following an old link, a teacher's expired page.
Django logs it with the exception's traceback, which buries real errors; one line says enough.
"""

from __future__ import annotations

import logging


class ForbiddenOnOneLine(logging.Filter):
    """Drops the traceback from `django.request`'s 403 records, keeping the reason on the line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403 and record.exc_info:
            exc = record.exc_info[1]
            reason = str(exc) if exc is not None else ""
            record.msg = f"{record.getMessage()}{f': {reason}' if reason else ''}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True
