"""Every page runs a fixed number of queries, however many pupils, lessons and children it shows."""

import datetime as dt

import pytest

from tests import factories as f
from tests.matrix import SIGNED_IN
from tests.querycount import assert_max_queries, count_queries
from zhurnal.people.models import Guardian, TimetableEntry

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)
# The largest page (a person with every section) stays well under this, whatever the data.
PAGE_BUDGET = 25


def grow(cast, pupils: int = 12) -> None:
    """More of everything: pupils (all children of parent A), lessons, marks, absences, timetable."""
    guardian = Guardian.objects.get(user=cast.user("parent_a"))
    schedule = TimetableEntry.objects.first().bell_schedule
    code = f.AttendanceCodeFactory(school=cast.school_a)
    for slot in range(1, 8):
        f.BellSlotFactory(schedule=schedule, number=slot)
    for slot in range(4, 8):
        for assignment in (cast.math_a, cast.math_b, cast.english_a):
            f.TimetableEntryFactory(assignment=assignment, weekday=3, slot=slot, bell_schedule=schedule)
            f.LessonFactory(assignment=assignment, date=TODAY, slot=slot, topic="")
    for n in range(pupils):
        pupil = f.EnrollmentFactory(class_group=cast.class_a if n % 2 else cast.class_b).student
        f.StudentGuardianFactory(student=pupil, guardian=guardian)
        for day in range(1, 8):
            lesson = f.LessonFactory(assignment=cast.math_a, date=dt.date(2026, 11, day), slot=None)
            f.MarkFactory(lesson=lesson, student=pupil)
        f.AttendanceFactory(lesson=cast.lesson_a, student=pupil, code=code)


def page_queries(client, cast, url: str) -> dict[str, int]:
    counts = {}
    for name in SIGNED_IN:
        client.force_login(cast.user(name), backend="zhurnal.accounts.backends.UserBackend")
        counts[name], response = count_queries(client.get, url)
        assert response.status_code in (200, 403, 404), (name, url, response.status_code)
    return counts


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/classes/",
        "/school/",
        "/board/",
        "/assignments/",
        "/accounts/password/",
        "/accounts/password/done/",
    ],
)
def test_a_page_takes_the_same_queries_with_more_data(cast, client, url):
    before = page_queries(client, cast, url)
    grow(cast)
    after = page_queries(client, cast, url)
    assert after == before
    assert max(after.values()) <= PAGE_BUDGET


def test_the_class_page_takes_the_same_queries_with_more_pupils(cast, client):
    url = f"/classes/{cast.class_a.pk}/"
    before = page_queries(client, cast, url)
    grow(cast, pupils=20)
    assert page_queries(client, cast, url) == before


def test_the_home_page_of_a_parent_with_many_children_stays_within_budget(cast, client, login):
    grow(cast, pupils=20)
    login(cast.user("parent_a"))
    with assert_max_queries(PAGE_BUDGET):
        response = client.get("/")
    assert len(response.context["children"]) == 21


def test_the_navigation_adds_no_query_of_its_own(cast, rf):
    from zhurnal.policy.actor import actor_for
    from zhurnal.web.context_processors import navigation

    for name in SIGNED_IN:
        request = rf.get("/")
        request.user = cast.user(name)
        request.actor = actor_for(request.user)
        with assert_max_queries(0, exact=True):
            navigation(request)


def test_the_scripts_translation_catalogue_reads_nothing_and_is_cached(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/jsi18n/")
    assert response.status_code == 200
    assert "django.gettext" in response.content.decode()
    assert "max-age=86400" in response["Cache-Control"] and response.has_header("Last-Modified")
    assert client.get("/jsi18n/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
