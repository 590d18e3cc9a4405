"""Each extracurricular page runs a fixed number of queries however many pupils and sessions."""

import datetime as dt

import pytest

from tests import factories as f
from tests.extracurricular.data import chess, chess_group
from tests.querycount import assert_max_queries, count_queries
from zhurnal.extracurricular.models import GroupMembership, Session, SessionAttendance

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    count, response = count_queries(client.get, url)
    assert response.status_code == 200
    return count


def grow(cast, pupils: int, sessions: int) -> None:
    """More pupils from both classes, more sessions, every cell marked."""
    group = chess_group(cast)
    for i in range(pupils):
        student = f.EnrollmentFactory(class_group=cast.class_a if i % 2 else cast.class_b).student
        GroupMembership.objects.create(
            school=cast.school_a, group=group, student=student, start=dt.date(2026, 9, 1)
        )
    start = Session.objects.filter(group=group).count()
    made = Session.objects.bulk_create(
        Session(
            school=cast.school_a,
            group=group,
            date=dt.date(2026, 9, 7) + dt.timedelta(days=7 * (start + i)),
            topic=f"Тема {i}",
        )
        for i in range(sessions)
    )
    members = list(GroupMembership.objects.filter(group=group).values_list("student_id", flat=True))
    SessionAttendance.objects.bulk_create(
        SessionAttendance(school=cast.school_a, session=s, student_id=m, code="present")
        for s in made
        for m in members
    )


def _stable(client, cast, url, bound):
    grow(cast, 2, 2)
    few = queries_for(client, url)
    grow(cast, 20, 8)
    with assert_max_queries(few, exact=True):
        client.get(url)
    assert few <= bound


@pytest.mark.parametrize("member", ["deputy", "teacher"])
def test_the_course_list_does_not_grow_with_groups_and_sessions(cast, login, member):
    client = login(cast.user(member))
    _stable(client, cast, "/extracurricular/", 14)


def test_the_course_page_does_not_grow(cast, login):
    client = login(cast.user("teacher"))
    _stable(client, cast, f"/extracurricular/courses/{chess(cast).pk}/", 12)


@pytest.mark.parametrize("member", ["deputy", "teacher"])
def test_the_group_journal_does_not_grow_with_pupils_and_sessions(cast, login, member):
    client = login(cast.user(member))
    _stable(client, cast, f"/extracurricular/groups/{chess_group(cast).pk}/", 16)


@pytest.mark.parametrize("member", ["parent_a", "pupil_a"])
def test_the_pupil_page_does_not_grow_with_sessions(cast, login, member):
    client = login(cast.user(member))
    _stable(client, cast, f"/extracurricular/pupils/{cast.pupil_a.pk}/", 12)


def test_the_printed_journal_does_not_grow(cast, login):
    client = login(cast.user("teacher"))
    _stable(client, cast, f"/extracurricular/groups/{chess_group(cast).pk}/print/", 12)


def test_saving_the_grid_runs_a_bounded_number_of_queries_per_changed_cell(cast, login):
    grow(cast, 0, 1)
    group = chess_group(cast)
    session = Session.objects.filter(group=group).order_by("-date").first()
    SessionAttendance.objects.filter(session=session).delete()
    client = login(cast.user("teacher"))
    cells = {f"a-{session.pk}-{pupil.pk}": "+" for pupil in (cast.pupil_a, cast.pupil_b)}
    count, response = count_queries(client.post, f"/extracurricular/groups/{group.pk}/attendance/", cells)
    assert response.status_code == 302
    # Fixed reads (session, actor, group, teachers, sessions, memberships, existing cells, the
    # transaction) plus, per changed cell, its insert and its audit row.
    assert count <= 16 + 2 * len(cells)
