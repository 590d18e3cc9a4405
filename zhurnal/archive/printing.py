"""Drawing the printed records as PDF: WeasyPrint from the templates in `archive/print/`,
A4 landscape, DejaVu Sans, every page numbered and carrying the verification code.

The printed journal ends with the certification page that states how many pages the journal
has. The body is laid out once, in parts drawn side by side in worker processes (decision 0031);
its page count is then known, so the closing page is drawn on its own (numbered as the next
page) and appended with pypdf — one layout instead of two.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from zhurnal.archive import drawing
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


# A journal shorter than this many sheets is drawn in one piece: starting the workers costs more.
PARALLEL_MIN_SHEETS = 24


@dataclass
class Part:
    """A run of the journal's sheets drawn by one worker; every sheet is one page, so the
    sheets before a part predict its first page number (checked once it is drawn)."""

    sections: list
    with_front: bool = False
    with_back: bool = False
    sheets: int = 0
    first_page: int = 1


def journal_parts(journal: PrintedJournal, count: int) -> list[Part]:
    """The title and contents, the subject sections (a grid and a lessons sheet per page), then
    attendance and the summary sheet, cut into `count` runs of about as many sheets each."""
    units = [("front", None, 2)]
    units += [("section", section, 2 * len(section.pages)) for section in journal.sections]
    units.append(("back", None, 1 + len(summary_pages(journal.summary))))
    total = sum(weight for _kind, _section, weight in units)
    if total < PARALLEL_MIN_SHEETS:
        count = 1
    parts = [Part([])]
    done = 0
    for kind, section, weight in units:
        # A new part starts where this unit's middle would pass the next even share.
        if parts[-1].sheets and len(parts) < count and done + weight / 2 > total * len(parts) / count:
            parts.append(Part([], first_page=done + 1))
        part = parts[-1]
        if kind == "front":
            part.with_front = True
        elif kind == "back":
            part.with_back = True
        else:
            part.sections.append(section)
        part.sheets += weight
        done += weight
    return parts


def _part_html(context: dict, part: Part, first_page: int) -> str:
    return render_to_string(
        "archive/print/journal.html",
        {
            **context,
            "sections": part.sections,
            "with_front": part.with_front,
            "with_back": part.with_back,
            "first_page": first_page,
        },
    )


@dataclass(frozen=True)
class PrintedFile:
    content: bytes
    pages: int


def journal_pdf(journal: PrintedJournal, stamp: Stamp, signers: list[Signature], made_on) -> PrintedFile:
    """The body is cut into parts laid out at once in worker processes (`drawing`), each
    numbering its pages from where the parts before it end; the parts, then the closing page,
    are stitched with pypdf. A part whose predicted first page proves wrong (a sheet that ran
    over a page) is drawn again with the right one, so the numbers are always continuous."""
    context = {
        "journal": journal,
        "summary": journal.summary,
        "pages": summary_pages(journal.summary),
        "signers": signers,
        "made_on": made_on,
        **_stamp_context(stamp),
    }
    parts = journal_parts(journal, drawing.processes())
    drawn = drawing.draw_all([_part_html(context, part, part.first_page) for part in parts])
    pieces = []
    next_page = 1
    for part, (content, count) in zip(parts, drawn, strict=True):
        if part.first_page != next_page:
            content, count = drawing.draw(_part_html(context, part, next_page))
        pieces.append(content)
        next_page += count
    total = next_page
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
    for piece in (*pieces, closing.write_pdf()):
        writer.append(PdfReader(io.BytesIO(piece)))
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
