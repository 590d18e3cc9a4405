"""Quiet hours: a window of Moscow time, possibly across midnight, when no e-mail goes out."""

import datetime as dt
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")


def is_quiet(start: dt.time, end: dt.time, moment: dt.datetime) -> bool:
    local = moment.astimezone(MOSCOW).time()
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def quiet_until(start: dt.time, end: dt.time, moment: dt.datetime) -> dt.datetime | None:
    """When the quiet hours around `moment` end, or None when `moment` is not in them."""
    if not is_quiet(start, end, moment):
        return None
    local = moment.astimezone(MOSCOW)
    ending = dt.datetime.combine(local.date(), end, tzinfo=MOSCOW)
    if ending <= local:
        ending += dt.timedelta(days=1)
    return ending
