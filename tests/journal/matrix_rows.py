"""Permission matrix rows for the journal's pages."""

from tests.matrix import Row, statuses
from zhurnal.schools.models import StudyPeriod


def _period_url(cast):
    period = StudyPeriod.objects.filter(school=cast.school_a).first()
    return f"/journal/periods/{period.pk}/"


ROWS = [
    Row(
        route="journal:grid",
        url=lambda c: f"/journal/{c.math_a.pk}/",
        expect=statuses(404, anonymous=302, director=200, deputy=200, classteacher=200),
    ),
    Row(
        route="journal:day",
        url=lambda c: "/journal/day/",
        expect=statuses(200, anonymous=302, parent_a=403, parent_b=403, pupil_a=403, authority=403),
    ),
    Row(
        route="journal:periods",
        url=lambda c: "/journal/periods/",
        expect=statuses(403, anonymous=302, director=200, deputy=200),
    ),
    Row(
        route="journal:period_toggle",
        method="POST",
        url=_period_url,
        body=lambda c: {"action": "close"},
        expect=statuses(403, anonymous=302, director=302, deputy=302, outsider=404),
        audited=True,
    ),
    Row(
        route="journal:unlock",
        method="POST",
        url=lambda c: f"/journal/{c.math_a.pk}/unlock/",
        body=lambda c: {"date_from": "2026-11-01", "date_to": "2026-11-30", "reason": "Исправление ошибки"},
        expect=statuses(404, anonymous=302, director=302, deputy=302, classteacher=403),
        audited=True,
    ),
]
