"""Orders and movements of the cast's school A, for the office's tests and matrix rows."""

import datetime as dt

from zhurnal.office.models import Order, OrderSeries
from zhurnal.office.services.orders import order_series_ensure


def movement_order(cast, *, date=dt.date(2026, 12, 1), number=None) -> Order:
    """An order of the «Д» series of school A (made directly: the fixture of a test, not its subject)."""
    series = next(
        s for s in order_series_ensure(cast.school_a.pk) if s.purpose == OrderSeries.Purpose.MOVEMENT
    )
    last = Order.objects.filter(series=series, year=date.year).order_by("-number").first()
    return Order.objects.create(
        school=cast.school_a,
        series=series,
        year=date.year,
        number=number or ((last.number + 1) if last else 1),
        date=date,
        title="О движении обучающихся",
        created_by=cast.user("secretary"),
    )


def main_order(cast, *, date=dt.date(2026, 11, 20)) -> Order:
    series = next(s for s in order_series_ensure(cast.school_a.pk) if s.purpose == OrderSeries.Purpose.MAIN)
    return Order.objects.create(
        school=cast.school_a,
        series=series,
        year=date.year,
        number=239,
        date=date,
        title="Об организации питания",
        created_by=cast.user("secretary"),
    )


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="scan.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def order_file(cast):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from zhurnal.office.models import OrderFile

    order = main_order(cast)
    path = default_storage.save(f"orders/{cast.school_a.pk}/test.pdf", ContentFile(PDF_BYTES))
    return OrderFile.objects.create(
        school=cast.school_a,
        order=order,
        file=path,
        name="приказ.pdf",
        size=len(PDF_BYTES),
        content_type="application/pdf",
        uploaded_by=cast.user("secretary"),
    )


def personal_file(cast):
    from zhurnal.office.models import PersonalFile

    return PersonalFile.objects.get_or_create(
        student=cast.pupil_a,
        defaults={
            "school": cast.school_a,
            "letter": "И",
            "sequence": 1,
            "number": "И-1",
            "opened_on": dt.date(2026, 9, 1),
        },
    )[0]


def document(cast):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from zhurnal.office.models import PersonalFileDocument

    path = default_storage.save(f"personal-files/{cast.school_a.pk}/test.pdf", ContentFile(PDF_BYTES))
    return PersonalFileDocument.objects.create(
        school=cast.school_a,
        personal_file=personal_file(cast),
        title="Свидетельство о рождении",
        file=path,
        name="svid.pdf",
        size=len(PDF_BYTES),
        content_type="application/pdf",
        uploaded_by=cast.user("secretary"),
    )
