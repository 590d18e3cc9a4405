"""The state-portal feed as a service: build the window, hand it to a transport, move the watermark."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record
from zhurnal.core.errors import InvalidInput, NotFound
from zhurnal.integrations.models import PortalWatermark
from zhurnal.integrations.portal import feed as portal_feed
from zhurnal.integrations.portal.transport import PortalTransport
from zhurnal.policy import rules
from zhurnal.schools.models import School


@dataclass(frozen=True)
class Sent:
    receipt: str
    since: dt.datetime | None
    until: dt.datetime
    counts: dict[str, int]


def portal_feed_send(
    *,
    actor=None,
    school_id: int,
    transport: PortalTransport,
    since: dt.datetime | None = None,
    full: bool = False,
    now: dt.datetime | None = None,
) -> Sent:
    """Send what changed since the school's watermark (or `since`, or everything with `full`).

    The watermark moves to the window's end only after the transport took the feed, so a failed
    delivery is sent again next time. `actor` None is the system (the command, a scheduled job).
    """
    school = School.objects.filter(pk=school_id).first()
    if school is None or (actor is not None and school.pk not in rules.portal_export_school_ids(actor)):
        raise NotFound(_("Школа не найдена."), field="school")
    mark = PortalWatermark.objects.filter(school=school).first()
    if since is None and not full and mark is not None:
        since = mark.exported_to
    until = (now or timezone.now()) - portal_feed.LAG
    if since is not None and since >= until:
        raise InvalidInput(_("Начало выгрузки (--since) позже её конца: нечего выгружать."), field="since")
    data = portal_feed.build(school, since=since, until=until)
    receipt = transport.send(data, school_id=school.pk)
    counts = {
        key: len(data[key]) for key in ("people", "marks", "attendance", "timetable", "homework", "deleted")
    }
    with transaction.atomic():
        PortalWatermark.objects.update_or_create(school=school, defaults={"exported_to": until})
        audit_record(
            actor=actor,
            action="portal.feed_sent",
            obj=school,
            school_id=school.pk,
            after={"since": data["since"], "until": data["until"], "transport": transport.name, **counts},
        )
    return Sent(receipt=receipt, since=since, until=until, counts=counts)
