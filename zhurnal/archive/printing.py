"""Drawing the printed records as PDF: WeasyPrint from the templates in `archive/print/`,
A4 landscape, DejaVu Sans, every page numbered and carrying the verification code.

The printed journal ends with the certification page that states how many pages the journal
has. The body is laid out once; its page count is then known, so the closing page is drawn on
its own (numbered as the next page) and appended with pypdf — one layout instead of two.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from zhurnal.archive.selectors.journal_print import PrintedJournal
from zhurnal.archive.selectors.summary import Summary
from zhurnal.archive.verification import Stamp, display

# The summary sheet puts this many subjects side by side on one landscape page.
SUBJECTS_PER_PAGE = 3


@dataclass(frozen=True)
class Signature:
    position: str
    full_name: str


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian form for a count: 1 страница, 2 страницы, 5 страниц, 21 страница."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def _html_to_pdf(html: str):
    from weasyprint import HTML

    return HTML(string=html, base_url=None).render()


def _stamp_context(stamp: Stamp) -> dict:
    return {"code": display(stamp.code), "verify_url": stamp.url, "qr": stamp.qr_data_uri}


def summary_pages(summary: Summary) -> list[dict]:
    """The sheet split into pages of SUBJECTS_PER_PAGE subjects, each with its rows and totals."""
    pages = []
    subjects = summary.subjects or []
    chunks = [subjects[i : i + SUBJECTS_PER_PAGE] for i in range(0, len(subjects), SUBJECTS_PER_PAGE)] or [[]]
    titles = {c.key: c.title for c in summary.columns}
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        keys = [key for s in chunk for key in s.keys]
        pages.append(
            {
                "subjects": [{"name": s.name, "span": len(s.keys)} for s in chunk],
                "titles": [titles[k] for k in keys],
                "rows": [
                    {
                        "number": r["number"],
                        "student": r["student"],
                        "left": r["left"],
                        "cells": [r[k] for k in keys],
                        "missed": r["missed"],
                    }
                    for r in summary.rows
                ],
                "totals": [
                    {"label": t["label"], "cells": ["" if t[k] is None else t[k] for k in keys]}
                    for t in summary.totals
                ],
                "with_missed": last,
            }
        )
    return pages


def summary_pdf(summary: Summary, stamp: Stamp, signers: list[Signature], made_on) -> bytes:
    html = render_to_string(
        "archive/print/summary.html",
        {
            "summary": summary,
            "pages": summary_pages(summary),
            "signers": signers,
            "made_on": made_on,
            "standalone": True,
            **_stamp_context(stamp),
        },
    )
    return _html_to_pdf(html).write_pdf()


@dataclass(frozen=True)
class PrintedFile:
    content: bytes
    pages: int


def journal_pdf(journal: PrintedJournal, stamp: Stamp, signers: list[Signature], made_on) -> PrintedFile:
    context = {
        "journal": journal,
        "summary": journal.summary,
        "pages": summary_pages(journal.summary),
        "signers": signers,
        "made_on": made_on,
        **_stamp_context(stamp),
    }
    body = _html_to_pdf(render_to_string("archive/print/journal.html", context))
    total = len(body.pages) + 1
    closing = _html_to_pdf(
        render_to_string(
            "archive/print/closing.html",
            {
                **context,
                "page_number": total,
                "total": total,
                "pages_word": plural(total, _("страница"), _("страницы"), _("страниц")),
                "numbered_word": plural(total, _("пронумерована"), _("пронумерованы"), _("пронумеровано")),
                "bound_word": plural(total, _("прошнурована"), _("прошнурованы"), _("прошнуровано")),
            },
        )
    )
    writer = PdfWriter()
    for part in (body.write_pdf(), closing.write_pdf()):
        writer.append(PdfReader(io.BytesIO(part)))
    writer.add_metadata(
        {
            "/Title": _("Классный журнал %(cls)s, %(year)s")
            % {"cls": journal.class_group, "year": journal.year.name},
            "/Producer": "Zhurnal",
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return PrintedFile(out.getvalue(), total)
