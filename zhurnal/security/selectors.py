"""Reads for the two-factor pages and the security event log page."""

from __future__ import annotations

import base64
import datetime as dt

import segno
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhurnal.accounts.models import SecurityEvent
from zhurnal.policy.actor import Actor
from zhurnal.policy.rules import two_factor_required

PAGE_SIZE = 50
EVENT_KINDS = SecurityEvent.Kind.choices


def two_factor_status(actor: Actor) -> dict:
    """What the status page shows: enrolled since when, recovery codes left, whether mandatory."""
    device = TOTPDevice.objects.filter(user=actor.user, confirmed=True).order_by("-pk").first()
    codes_left = StaticToken.objects.filter(device__user=actor.user, device__confirmed=True).count()
    return {
        "device": device,
        "codes_left": codes_left,
        "mandatory": two_factor_required(actor),
    }


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (segno; no image request, no CDN)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, title="QR-код")


def totp_secret(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def security_events(actor: Actor, form) -> QuerySet:
    """The events the actor may read (the scope: director and system administrator of the
    school), filtered by the form's valid fields, newest first."""
    events = SecurityEvent.objects.visible_to(actor).order_by("-at", "-pk")
    if form is None or not form.is_bound or not form.is_valid():
        return events
    data = form.cleaned_data
    if data.get("date_from"):
        events = events.filter(at__gte=_day_start(data["date_from"]))
    if data.get("date_to"):
        events = events.filter(at__lt=_day_start(data["date_to"] + dt.timedelta(days=1)))
    if data.get("kind"):
        events = events.filter(kind=data["kind"])
    if data.get("user"):
        events = events.filter(username__icontains=data["user"].strip())
    if data.get("subject"):
        text = data["subject"].strip()
        events = events.filter(Q(subject_repr__icontains=text) | Q(subject_type__icontains=text))
    return events


def paginate(events: QuerySet, number) -> Page:
    return Paginator(events, PAGE_SIZE).get_page(number)
