"""Marks through the API: retries, conflicts, refused values, closed periods and the history."""

import datetime as dt

import pytest

from tests import factories as f
from zhurnal.core.models import AuditEvent
from zhurnal.journal.models import Mark
from zhurnal.journal.services import journal_unlock, period_close
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import StudyPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def work_type(cast):
    return f.WorkTypeFactory(school=cast.school_a, name="Контрольная работа", short_name="К", weight=5)


def new_mark(cast, work_type, value="4", **extra) -> dict:
    return {
        "lesson": cast.lesson_a.pk,
        "student": cast.pupil_a.pk,
        "value": value,
        "work_type": work_type.pk,
        **extra,
    }


def test_the_same_mark_posted_twice_with_one_key_exists_once(client, cast, work_type, bearer):
    headers = {**bearer("classteacher"), "Idempotency-Key": "3f1c2a8e-retry"}
    body = new_mark(cast, work_type)

    first = client.post("/api/v1/marks", body, content_type="application/json", headers=headers)
    again = client.post("/api/v1/marks", body, content_type="application/json", headers=headers)

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json() | {"id": 0} == {
        "id": 0,
        "lesson": cast.lesson_a.pk,
        "student": cast.pupil_a.pk,
        "value": "4",
        "work_type": work_type.pk,
        "weight": 5,
        "comment": "",
        "deferred_until": None,
        "version": 1,
    }
    assert Mark.objects.filter(idempotency_key="3f1c2a8e-retry").count() == 1


def test_without_a_key_each_post_is_a_new_mark(call_as, cast, work_type):
    for _ in range(2):
        assert (
            call_as("classteacher", "/marks", method="post", body=new_mark(cast, work_type)).status_code
            == 201
        )

    assert Mark.objects.filter(lesson=cast.lesson_a, value="4").count() == 2


def test_a_numeric_value_may_come_as_a_number(call_as, cast, work_type):
    response = call_as("classteacher", "/marks", method="post", body=new_mark(cast, work_type, value=3))

    assert response.status_code == 201 and response.json()["value"] == "3"


def test_a_stale_if_match_gets_409_with_the_current_mark(client, cast, bearer):
    headers = {**bearer("classteacher"), "If-Match": "1"}
    url = f"/api/v1/marks/{cast.mark_a.pk}"
    first = client.patch(url, {"value": "4"}, content_type="application/json", headers=headers)

    stale = client.patch(url, {"value": "3"}, content_type="application/json", headers=headers)

    assert first.status_code == 200 and first.json()["version"] == 2
    assert stale.status_code == 409
    assert stale.json()["code"] == "version_conflict"
    assert stale.json()["current"] == {"version": 2, "value": "4"}
    assert Mark.objects.get(pk=cast.mark_a.pk).value == "4"


def test_a_stale_delete_gets_409_and_the_mark_stays(client, cast, bearer):
    url = f"/api/v1/marks/{cast.mark_a.pk}"

    response = client.delete(url, headers={**bearer("classteacher"), "If-Match": "7"})

    assert response.status_code == 409 and response.json()["current"]["version"] == 1
    assert Mark.objects.filter(pk=cast.mark_a.pk).exists()


def test_delete_with_the_right_version_removes_the_mark(client, cast, bearer):
    url = f"/api/v1/marks/{cast.mark_a.pk}"

    response = client.delete(url, headers={**bearer("classteacher"), "If-Match": "1"})

    assert response.status_code == 204 and response.content == b""
    assert not Mark.objects.filter(pk=cast.mark_a.pk).exists()


@pytest.mark.parametrize("header", ["abc", "1.5", "-1", "99999999999999999999999"])
def test_a_malformed_if_match_gets_400_naming_the_header(client, cast, bearer, header):
    response = client.patch(
        f"/api/v1/marks/{cast.mark_a.pk}",
        {"value": "4"},
        content_type="application/json",
        headers={**bearer("classteacher"), "If-Match": header},
    )

    assert response.status_code == 400
    assert response.json()["field"] == "If-Match" and "If-Match" in response.json()["detail"]


def test_patch_changes_only_the_fields_sent(call_as, cast, work_type):
    response = call_as(
        "classteacher",
        f"/marks/{cast.mark_a.pk}",
        method="patch",
        body={"comment": "у доски"},
        headers={"If-Match": "1"},
    )

    assert response.status_code == 200
    mark = Mark.objects.get(pk=cast.mark_a.pk)
    assert (mark.value, mark.comment, mark.version) == ("5", "у доски", 2)


def test_a_numeric_mark_in_grade_one_gets_400_naming_the_value(call_as, cast, work_type):
    cast.class_a.grade = 1
    cast.class_a.save()

    response = call_as("classteacher", "/marks", method="post", body=new_mark(cast, work_type, value="5"))

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "value" and body["code"] == "no_marks_subject"
    assert "безотметочное" in body["detail"]
    assert "current" not in body


def test_a_deferred_mark_without_a_deadline_names_the_field(call_as, cast, work_type):
    response = call_as("classteacher", "/marks", method="post", body=new_mark(cast, work_type, value="."))

    assert response.status_code == 400 and response.json()["field"] == "deferred_until"
    ok = call_as(
        "classteacher",
        "/marks",
        method="post",
        body=new_mark(cast, work_type, value=".", deferred_until="2026-12-01"),
    )
    assert ok.status_code == 201 and ok.json()["deferred_until"] == "2026-12-01"


def test_a_closed_period_refuses_until_the_deputy_unlocks_and_the_history_shows_it(
    client, call_as, cast, bearer
):
    period = StudyPeriod.objects.get(school=cast.school_a)
    period_close(actor=actor_for(cast.user("deputy")), period_id=period.pk, reason="Досрочно: ремонт школы")
    url = f"/api/v1/marks/{cast.mark_a.pk}"
    headers = {**bearer("classteacher"), "If-Match": "1"}
    body = {"value": "4", "reason": "Ошибка при выставлении"}

    refused = client.patch(url, body, content_type="application/json", headers=headers)

    assert refused.status_code == 403 and refused.json()["code"] == "period_closed"
    journal_unlock(
        actor=actor_for(cast.user("deputy")),
        assignment_id=cast.math_a.pk,
        date_from=period.start,
        date_to=period.end,
        reason="Ошибка при выставлении",
    )
    allowed = client.patch(url, body, content_type="application/json", headers=headers)
    assert allowed.status_code == 200 and allowed.json()["value"] == "4"

    history = call_as("classteacher", f"/lessons/{cast.lesson_a.pk}/students/{cast.pupil_a.pk}/history")
    assert history.status_code == 200
    latest = history.json()[0]
    assert latest["summary"] == "отметка 5 → 4"
    assert latest["reason"] == "Ошибка при выставлении"
    assert latest["actor"] == cast.user("classteacher").full_name and latest["action"] == "mark.update"
    assert dt.datetime.fromisoformat(latest["at"]).tzinfo is not None


def test_the_history_tells_each_change_in_words(call_as, cast, work_type):
    created = call_as("classteacher", "/marks", method="post", body=new_mark(cast, work_type, value="3"))
    call_as("classteacher", f"/marks/{created.json()['id']}", method="delete", headers={"If-Match": "1"})
    f.AttendanceCodeFactory(school=cast.school_a, code="Н", name="отсутствовал")
    path = f"/lessons/{cast.lesson_a.pk}/attendance/{cast.pupil_a.pk}"
    call_as("classteacher", path, method="put", body={"code": "Н"})
    call_as("classteacher", path, method="delete", headers={"If-Match": "1"})

    history = call_as("deputy", f"/lessons/{cast.lesson_a.pk}/students/{cast.pupil_a.pk}/history").json()

    assert [h["summary"] for h in history] == [
        "посещаемость снята",
        "посещаемость: Н",
        "отметка 3 удалена",
        "отметка 3 поставлена",
    ]
    assert AuditEvent.objects.filter(action="mark.delete").count() == 1


@pytest.mark.parametrize("name", ["parent_a", "pupil_a"])
def test_families_do_not_read_the_history(call_as, cast, name):
    response = call_as(name, f"/lessons/{cast.lesson_a.pk}/students/{cast.pupil_a.pk}/history")

    assert response.status_code == 403


def test_a_key_reused_for_another_lesson_is_refused_not_a_second_mark(client, cast, work_type, bearer):
    other = f.LessonFactory(assignment=cast.math_a, slot=2)
    headers = {**bearer("classteacher"), "Idempotency-Key": "reused-key"}
    body = new_mark(cast, work_type)
    client.post("/api/v1/marks", body, content_type="application/json", headers=headers)

    response = client.post(
        "/api/v1/marks", body | {"lesson": other.pk}, content_type="application/json", headers=headers
    )

    assert response.status_code == 422 and response.json()["code"] == "idempotency_key_reused"
    assert Mark.objects.filter(idempotency_key="reused-key").count() == 1


def test_an_overlong_idempotency_key_is_refused_naming_the_header(client, cast, work_type, bearer):
    headers = {**bearer("classteacher"), "Idempotency-Key": "k" * 81}

    response = client.post(
        "/api/v1/marks", new_mark(cast, work_type), content_type="application/json", headers=headers
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


def test_the_history_names_the_person_not_the_login(call_as, cast, work_type):
    teacher = cast.user("classteacher")
    teacher.last_name, teacher.first_name, teacher.middle_name = "Соколова", "Виктория", "Михайловна"
    teacher.save()
    call_as("classteacher", "/marks", method="post", body=new_mark(cast, work_type, value="3"))

    [event] = call_as("deputy", f"/lessons/{cast.lesson_a.pk}/students/{cast.pupil_a.pk}/history").json()

    assert event["actor"] == "Соколова Виктория Михайловна" != teacher.username
