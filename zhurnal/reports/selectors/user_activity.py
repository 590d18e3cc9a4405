"""`user-activity`: for one day, each user's logins and actions (pages and API calls) by role,
from the activity log; and the users of the school who have never signed in."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhurnal.accounts.models import ActivityEvent, Role, User
from zhurnal.core import scoping
from zhurnal.reports.registry import Column, ColumnType, Table

T = ColumnType


def build(actor, ctx) -> dict:
    start = timezone.make_aware(dt.datetime.combine(ctx.day, dt.time.min))
    end = start + dt.timedelta(days=1)
    events = (
        # The activity log keeps a plain manager (one narrow insert per request); its rule is
        # registered all the same (policy.scopes: the director and the system administrator).
        scoping.apply(ActivityEvent.objects.all(), actor)
        .filter(school_id__in=ctx.school_ids, at__gte=start, at__lt=end)
        .values("user_id", "username", "role")
        .annotate(
            logins=Count("pk", filter=Q(kind=ActivityEvent.Kind.LOGIN)),
            failed=Count("pk", filter=Q(kind=ActivityEvent.Kind.LOGIN_FAILED)),
            actions=Count("pk", filter=Q(kind__in=[ActivityEvent.Kind.PAGE, ActivityEvent.Kind.API])),
        )
        .order_by("role", "username")
    )
    roles = dict(Role.choices)
    users = User.objects.visible_to(actor).filter(grants__school_id__in=ctx.school_ids)
    full = {
        u["id"]: f"{u['last_name']} {u['first_name']}".strip()
        for u in users.values("id", "last_name", "first_name")
    }
    day_rows = [
        {
            "role": str(roles.get(e["role"], e["role"])),
            "username": e["username"],
            "user": full.get(e["user_id"], ""),
            "logins": e["logins"],
            "failed": e["failed"],
            "actions": e["actions"],
        }
        for e in events
    ]
    never = [
        {
            "username": u["username"],
            "user": f"{u['last_name']} {u['first_name']}".strip(),
            "role": str(roles.get(u["grants__role"], "")),
        }
        for u in users.filter(last_login__isnull=True)
        .values("username", "last_name", "first_name", "grants__role")
        .order_by("username")
    ]
    return {
        "period_title": f"{ctx.day:%d.%m.%Y}",
        "tables": [
            Table(
                _("Активность за день"),
                [
                    Column("role", _("Роль"), T.TEXT, 24),
                    Column("username", _("Логин"), T.TEXT, 16),
                    Column("user", _("Пользователь"), T.TEXT, 28),
                    Column("logins", _("Входов"), T.INT),
                    Column("failed", _("Неудачных входов"), T.INT, 10),
                    Column("actions", _("Действий"), T.INT),
                ],
                day_rows,
            ),
            Table(
                _("Ни разу не входили"),
                [
                    Column("username", _("Логин"), T.TEXT, 16),
                    Column("user", _("Пользователь"), T.TEXT, 28),
                    Column("role", _("Роль"), T.TEXT, 24),
                ],
                never,
            ),
        ],
    }
