"""The notifications' rows of the permission matrix (tests/matrix.py): pages and API.

Everyone signed in has their own list and settings; another's notification is a 404 (as a
missing one); "who has seen the mark" is for staff who read the mark's journal.
"""

from tests.matrix import Row, statuses
from tests.notifications.helpers import notification_for


def _open_url(cast) -> str:
    return f"/notifications/{notification_for(cast, 'parent_a').pk}/"


def _read_url(cast) -> str:
    return f"/api/v1/notifications/{notification_for(cast, 'parent_a').pk}/read"


ROWS: list[Row] = [
    Row(
        route="notifications:list",
        url=lambda cast: "/notifications/",
        expect=statuses(200, anonymous=302),
    ),
    Row(
        route="notifications:open",
        url=_open_url,
        expect=statuses(404, anonymous=302, parent_a=302),
        note="Opening marks the notification read and redirects to its page; another's is a 404.",
    ),
    Row(
        route="notifications:read_all",
        method="POST",
        url=lambda cast: "/notifications/read-all/",
        expect=statuses(302),
        note="Marks the caller's own notifications read and returns to the list.",
    ),
    Row(
        route="notifications:settings",
        url=lambda cast: "/notifications/settings/",
        expect=statuses(200, anonymous=302),
    ),
    Row(
        route="notifications:settings",
        method="POST",
        url=lambda cast: "/notifications/settings/",
        body=lambda cast: {
            "email": "new@example.ru",
            "mark__in_app": "on",
            "quiet_start": "22:00",
            "quiet_end": "07:00",
        },
        expect=statuses(302),
        audited=True,
        note="Every user chooses their own; a change of settings is audited.",
    ),
    Row(
        route="notifications:seen",
        url=lambda cast: f"/notifications/seen/?mark={cast.mark_a.pk}",
        expect=statuses(
            404,
            anonymous=302,
            director=200,
            deputy=200,
            classteacher=200,
            parent_a=403,
            parent_b=403,
            pupil_a=403,
            authority=403,
        ),
        note="Staff who read the mark's journal; families and the authority are not staff (403).",
    ),
    Row(
        route="api:notifications",
        url=lambda cast: "/api/v1/notifications?unread=1",
        expect=statuses(200, anonymous=401),
    ),
    Row(
        route="api:notification_read",
        method="POST",
        url=_read_url,
        expect=statuses(404, anonymous=401, parent_a=200),
    ),
]
