"""The API's extracurricular reads: groups with hours and members, sessions with attendance."""

import pytest

from tests.extracurricular.data import chess, chess_group, first_session
from tests.querycount import assert_max_queries, count_queries
from zhurnal.extracurricular import services

pytestmark = pytest.mark.django_db


def test_the_teacher_gets_the_group_with_both_classes_and_the_hours(cast, login):
    session = first_session(cast)
    (group,) = login(cast.user("teacher")).get("/api/v1/extracurricular/groups").json()
    assert group["id"] == session.group_id
    assert group["course"] == {
        "id": chess(cast).pk,
        "name": "Шахматы",
        "direction": "intellectual",
        "hours": 34,
    }
    assert (group["plan_hours"], group["held_hours"]) == (4, 1)
    assert sorted(m["student"] for m in group["members"]) == sorted([cast.pupil_a.pk, cast.pupil_b.pk])


def test_a_parent_sees_the_group_but_only_their_own_child_among_its_members(cast, login):
    chess_group(cast)
    (group,) = login(cast.user("parent_b")).get("/api/v1/extracurricular/groups").json()
    assert [m["student"] for m in group["members"]] == [cast.pupil_b.pk]


def test_a_colleague_without_the_course_gets_no_groups(cast, login):
    chess_group(cast)
    assert login(cast.user("classteacher")).get("/api/v1/extracurricular/groups").json() == []


def test_sessions_carry_their_plan_topic_and_the_attendance(cast, login, actor_of):
    session = first_session(cast)
    services.session_attendance_save(
        actor=actor_of("teacher"), group_id=session.group_id, cells={(session.pk, cast.pupil_a.pk): "absent"}
    )
    body = (
        login(cast.user("teacher")).get(f"/api/v1/extracurricular/sessions?group={session.group_id}").json()
    )
    assert body["sessions"][0]["plan_topic"]["number"] == 1
    assert body["sessions"][0]["topic"] == "Шахматная доска"
    assert body["attendance"] == [{"session": session.pk, "student": cast.pupil_a.pk, "code": "absent"}]


def test_the_groups_route_does_not_grow_with_groups(cast, login, actor_of):
    chess_group(cast)
    client = login(cast.user("deputy"))
    few, response = count_queries(client.get, "/api/v1/extracurricular/groups")
    assert response.status_code == 200
    for i in range(5):
        services.group_create(actor=actor_of("deputy"), course_id=chess(cast).pk, name=f"Группа {i + 2}")
    with assert_max_queries(few, exact=True):
        client.get("/api/v1/extracurricular/groups")
    assert few <= 10
