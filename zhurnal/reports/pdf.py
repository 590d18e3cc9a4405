"""The one place WeasyPrint is called (A4, DejaVu fonts through fontconfig, page numbers from CSS)."""

from __future__ import annotations


def render_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango on import, which pages that never print need not pay.
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()
