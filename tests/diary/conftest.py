import datetime as dt

import pytest

from tests import factories as f
from zhurnal.journal.models import AttendanceCode, Lesson

TODAY = dt.date(2026, 11, 25)  # a Wednesday (the test settings' today)
MONDAY = dt.date(2026, 11, 23)
XSS = "<script>alert(1)</script>"


@pytest.fixture
def lesson(cast):
    """Make a lesson of an assignment of the cast (2А mathematics by default)."""

    def _lesson(day: dt.date = TODAY, slot: int | None = None, assignment=None, **fields) -> Lesson:
        # Without a slot the factory gives each lesson its own (one live lesson per slot).
        if slot is not None:
            fields["slot"] = slot
        return f.LessonFactory(assignment=assignment or cast.math_a, date=day, **fields)

    return _lesson


@pytest.fixture
def codes(cast) -> dict[str, AttendanceCode]:
    school = cast.school_a
    return {
        "Н": f.AttendanceCodeFactory(school=school, code="Н", name="отсутствовал"),
        "Б": f.AttendanceCodeFactory(
            school=school, code="Б", name="болезнь", is_illness=True, is_excused=True
        ),
        "ОП": f.AttendanceCodeFactory(
            school=school, code="ОП", name="опоздание", is_absence=False, is_late=True
        ),
    }


@pytest.fixture
def page_as(client, cast):
    def _page(name: str, url: str):
        client.force_login(cast.user(name), backend="zhurnal.accounts.backends.UserBackend")
        return client.get(url)

    return _page


@pytest.fixture
def call_as(client, cast):
    """Call the API as a member of the cast, by a fresh bearer token."""
    from zhurnal.accounts.tokens import token_issue

    def _call(name: str, path: str):
        headers = {"Authorization": f"Bearer {token_issue(user=cast.user(name))}"}
        return client.get(f"/api/v1{path}", headers=headers)

    return _call
