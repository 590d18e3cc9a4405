import base64
import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def cell(row: dict, key: str) -> str:
    """A cell as people read it: decimal comma, dd.mm.yyyy, nothing for no value."""
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


@register.filter
def sort_value(row: dict, key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


@register.filter
def svg_data_uri(svg: str) -> str:
    """A chart as an image address: the page's CSP allows data: images, not inline styles."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
