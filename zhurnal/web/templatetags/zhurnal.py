"""Small presentation filters shared by every page."""

import datetime as dt

from django import template

register = template.Library()

_ALERT_CLASSES = {"error": "danger", "debug": "secondary"}


@register.filter
def alert_class(tags: str) -> str:
    """Django message tags → Bootstrap alert class."""
    level = (tags or "info").split()[-1]
    return _ALERT_CLASSES.get(level, level)


@register.filter
def minutes(value) -> int:
    """A timedelta (or hours as a number) in whole minutes, rounded up."""
    if isinstance(value, dt.timedelta):
        seconds = value.total_seconds()
    elif value in (None, ""):
        return 0
    else:
        seconds = float(value) * 3600
    return int(-(-seconds // 60))
