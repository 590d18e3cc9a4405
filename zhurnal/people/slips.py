"""Credential slips: A4 sheets of eight, with cut lines, rendered by WeasyPrint.

Each slip names the person, gives «Логин: …» and «Пароль: …» as labelled lines, the site's
address (settings.SITE_URL) and the 152-ФЗ line on keeping them secret. The passwords exist only
in this PDF, which goes straight to the person who prints it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.template.loader import render_to_string

from zhurnal.people.services.credentials import IssuedCredential

SLIPS_PER_SHEET = 8


def slips_pdf(slips: Sequence[IssuedCredential]) -> bytes:
    from weasyprint import HTML  # slow to import: only when a PDF is made

    sheets = [list(slips[i : i + SLIPS_PER_SHEET]) for i in range(0, len(slips), SLIPS_PER_SHEET)]
    html = render_to_string("people/slips.html", {"sheets": sheets, "site_url": settings.SITE_URL})
    return HTML(string=html).write_pdf()
