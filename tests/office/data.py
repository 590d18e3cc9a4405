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
