"""The diary's pages and API run a fixed number of queries (≤ 11, sessions, the actor and the
ETag's one query included), however many lessons, marks, absences and children there are."""

import datetime as dt

import pytest

from tests import factories as f
from tests.querycount import count_queries
from zhurnal.accounts.tokens import token_issue

pytestmark = pytest.mark.django_db

BUDGET = 11
PAGES = ("/diary/{id}/", "/diary/{id}/marks/", "/diary/{id}/extract/")
API = ("/api/v1/students/{id}/diary", "/api/v1/students/{id}/marks")


def grow(cast, codes) -> None:
    """A busy quarter for pupil A: lessons every day in five subjects, marks, absences, siblings."""
    guardian = cast.pupil_a.guardian_links.get().guardian
    for _ in range(3):
        f.StudentGuardianFactory(
            student=f.EnrollmentFactory(class_group=cast.class_a).student, guardian=guardian
        )
    assignments = [cast.math_a, cast.english_a] + [
        f.TeachingAssignmentFactory(class_group=cast.class_a) for _ in range(3)
    ]
    day = dt.date(2026, 11, 3)
    while day <= dt.date(2026, 11, 28):
        if day.weekday() < 6:
            for slot, assignment in enumerate(assignments, start=2):  # slot 1 of the 25th is the cast's
                lesson = f.LessonFactory(assignment=assignment, date=day, slot=slot)
                f.MarkFactory(lesson=lesson, student=cast.pupil_a)
                f.MarkFactory(lesson=lesson, student=cast.pupil_a, value="4", score=4)
                if slot % 2:
                    f.AttendanceFactory(lesson=lesson, student=cast.pupil_a, code=codes["Н"])
        day += dt.timedelta(days=1)
    f.PeriodMarkFactory(
        student=cast.pupil_a,
        subject=cast.math_a.subject,
        year=cast.class_a.year,
        period=cast.class_a.year.periods.get(),
        value="4",
    )


def _counts(client, cast) -> dict[tuple[str, str], int]:
    counts = {}
    for name in ("parent_a", "pupil_a", "classteacher", "teacher", "director"):
        client.force_login(cast.user(name), backend="zhurnal.accounts.backends.UserBackend")
        for url in PAGES:
            n, response = count_queries(client.get, url.format(id=cast.pupil_a.pk))
            assert response.status_code == 200, (name, url)
            counts[(name, url)] = n
        headers = {"Authorization": f"Bearer {token_issue(user=cast.user(name))}"}
        for url in API:
            n, response = count_queries(client.get, url.format(id=cast.pupil_a.pk), headers=headers)
            assert response.status_code == 200, (name, url, response.content)
            counts[(name, url)] = n
    return counts


def test_the_diary_takes_the_same_queries_with_more_data_and_stays_within_budget(cast, codes, client):
    before = _counts(client, cast)
    grow(cast, codes)
    after = _counts(client, cast)

    assert after == before
    assert max(after.values()) <= BUDGET, after
