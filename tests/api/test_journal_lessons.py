"""Lessons, attendance and period marks through the API, in the shapes the page's script merges."""

import pytest

from tests import factories as f
from zhurnal.journal import payload, selectors
from zhurnal.journal.access import assignment_for_reader
from zhurnal.journal.models import Attendance, Lesson, PeriodMark
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import StudyPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def codes(cast):
    return {
        "Н": f.AttendanceCodeFactory(school=cast.school_a, code="Н", name="отсутствовал"),
        "ОП": f.AttendanceCodeFactory(
            school=cast.school_a, code="ОП", name="опоздал", is_absence=False, is_late=True
        ),
    }


def grid_of(cast) -> dict:
    actor = actor_for(cast.user("classteacher"))
    grid = selectors.journal_grid(assignment_for_reader(actor, cast.math_a.pk))
    return payload.grid_payload(grid, can_write=True)


def test_a_lesson_is_created_with_201(call_as, cast):
    lesson_type = f.LessonTypeFactory(school=cast.school_a, name="Контрольная работа")
    body = {
        "assignment": cast.math_a.pk,
        "date": "2026-11-26",
        "slot": 3,
        "topic": "Контрольная работа №2",
        "lesson_type": lesson_type.pk,
        "homework": "Повторить таблицу умножения",
        "homework_due": "2026-11-30",
    }

    response = call_as("classteacher", "/lessons", method="post", body=body)

    assert response.status_code == 201
    got = response.json()
    assert got["assignment"] == cast.math_a.pk and got["lesson_type_name"] == "Контрольная работа"
    assert got["homework_due"] == "2026-11-30" and got["version"] == 1
    lesson = Lesson.objects.get(pk=got["id"])
    assert (lesson.slot, lesson.topic, lesson.teacher_id) == (
        3,
        "Контрольная работа №2",
        cast.math_a.teacher_id,
    )


def test_a_lesson_on_a_sunday_is_refused_naming_the_date(call_as, cast):
    response = call_as(
        "classteacher", "/lessons", method="post", body={"assignment": cast.math_a.pk, "date": "2026-11-29"}
    )

    assert response.status_code == 400
    assert response.json()["field"] == "date" and response.json()["code"] == "non_working_day"


def test_the_lesson_answer_has_the_grids_keys(call_as, cast):
    response = call_as(
        "classteacher",
        f"/lessons/{cast.lesson_a.pk}",
        method="patch",
        body={"topic": "Сложение"},
        headers={"If-Match": "1"},
    )

    assert response.status_code == 200
    grid_lesson = grid_of(cast)["lessons"][0]
    assert response.json() == grid_lesson | {"assignment": cast.math_a.pk}
    assert grid_lesson["topic"] == "Сложение" and grid_lesson["version"] == 2


def test_patching_a_lesson_with_a_stale_version_is_409(client, cast, bearer):
    url = f"/api/v1/lessons/{cast.lesson_a.pk}"
    headers = {**bearer("classteacher"), "If-Match": "1"}
    client.patch(url, {"homework": "№ 5"}, content_type="application/json", headers=headers)

    response = client.patch(url, {"homework": "№ 6"}, content_type="application/json", headers=headers)

    assert response.status_code == 409
    assert response.json()["current"] | {"topic": ""} == {"version": 2, "topic": "", "homework": "№ 5"}
    assert Lesson.objects.get(pk=cast.lesson_a.pk).homework == "№ 5"


def test_patch_clears_the_lesson_type_when_sent_null(call_as, cast):
    lesson_type = f.LessonTypeFactory(school=cast.school_a)
    call_as(
        "classteacher",
        f"/lessons/{cast.lesson_a.pk}",
        method="patch",
        body={"lesson_type": lesson_type.pk},
        headers={"If-Match": "1"},
    )

    response = call_as(
        "classteacher",
        f"/lessons/{cast.lesson_a.pk}",
        method="patch",
        body={"lesson_type": None},
        headers={"If-Match": "2"},
    )

    assert response.json()["lesson_type"] is None and response.json()["lesson_type_name"] == ""


def test_an_unknown_lesson_status_is_refused(call_as, cast):
    response = call_as(
        "classteacher", f"/lessons/{cast.lesson_a.pk}", method="patch", body={"status": "moved"}
    )

    assert response.status_code == 400 and response.json()["field"] == "status"


def test_all_present_marks_attendance_taken(call_as, cast):
    response = call_as("classteacher", f"/lessons/{cast.lesson_a.pk}/all-present", method="post")

    assert response.status_code == 200 and response.json()["attendance_taken"] is True


def test_attendance_is_set_with_if_match_zero_and_changed_with_its_version(client, cast, bearer, codes):
    url = f"/api/v1/lessons/{cast.lesson_a.pk}/attendance/{cast.pupil_a.pk}"
    auth = bearer("classteacher")

    created = client.put(
        url, {"code": "н"}, content_type="application/json", headers={**auth, "If-Match": "0"}
    )
    late = client.put(
        url,
        {"code": "ОП", "minutes_late": 10},
        content_type="application/json",
        headers={**auth, "If-Match": "1"},
    )

    assert created.status_code == 200
    assert created.json() == {
        "lesson": cast.lesson_a.pk,
        "student": cast.pupil_a.pk,
        "code": "Н",
        "minutes_late": None,
        "version": 1,
    }
    assert late.json()["minutes_late"] == 10 and late.json()["version"] == 2
    assert late.json() == grid_of(cast)["attendance"][0]


def test_attendance_believed_absent_but_present_is_a_conflict(client, cast, bearer, codes):
    f.AttendanceFactory(lesson=cast.lesson_a, student=cast.pupil_a, code=codes["Н"])
    url = f"/api/v1/lessons/{cast.lesson_a.pk}/attendance/{cast.pupil_a.pk}"

    response = client.put(
        url,
        {"code": "ОП", "minutes_late": 5},
        content_type="application/json",
        headers={**bearer("classteacher"), "If-Match": "0"},
    )

    # The record as it stands: a client whose own retried save had landed recognises it.
    assert response.status_code == 409
    assert response.json()["current"] == {"version": 1, "code": "Н", "minutes_late": None}


def test_a_late_arrival_needs_minutes(call_as, cast, codes):
    path = f"/lessons/{cast.lesson_a.pk}/attendance/{cast.pupil_a.pk}"

    response = call_as("classteacher", path, method="put", body={"code": "ОП"})

    assert response.status_code == 400 and response.json()["field"] == "minutes_late"


def test_attendance_of_a_pupil_outside_the_class_is_404(call_as, cast, codes):
    path = f"/lessons/{cast.lesson_a.pk}/attendance/{cast.pupil_b.pk}"

    response = call_as("classteacher", path, method="put", body={"code": "Н"})

    assert response.status_code == 404 and response.json()["code"] == "not_in_class"


def test_clearing_attendance_answers_204(client, cast, bearer, codes):
    f.AttendanceFactory(lesson=cast.lesson_a, student=cast.pupil_a, code=codes["Н"])
    url = f"/api/v1/lessons/{cast.lesson_a.pk}/attendance/{cast.pupil_a.pk}"

    response = client.delete(url, headers={**bearer("classteacher"), "If-Match": "1"})

    assert response.status_code == 204
    assert not Attendance.objects.filter(lesson=cast.lesson_a).exists()


def test_a_period_mark_away_from_the_suggestion_needs_a_reason(call_as, cast):
    period = StudyPeriod.objects.get(school=cast.school_a)
    body = {"student": cast.pupil_a.pk, "assignment": cast.math_a.pk, "period": period.pk, "value": "5"}

    refused = call_as("classteacher", "/period-marks", method="put", body=body)
    saved = call_as("classteacher", "/period-marks", method="put", body=body | {"reason": "Олимпиада"})

    assert refused.status_code == 400 and refused.json()["field"] == "reason"
    assert saved.status_code == 200
    record = PeriodMark.objects.get()
    assert saved.json() == {
        "id": record.pk,
        "student": cast.pupil_a.pk,
        "period": period.pk,
        "value": "5",
        "suggested": "н/а",
        "reason": "Олимпиада",
        "version": 1,
    }
    assert saved.json() == grid_of(cast)["period_marks"][0]


def test_a_period_mark_with_a_stale_version_is_409(client, cast, bearer):
    period = StudyPeriod.objects.get(school=cast.school_a)
    body = {
        "student": cast.pupil_a.pk,
        "assignment": cast.math_a.pk,
        "period": period.pk,
        "value": "н/а",
    }
    headers = {**bearer("classteacher"), "If-Match": "1"}
    client.put("/api/v1/period-marks", body, content_type="application/json", headers=headers)
    client.put("/api/v1/period-marks", body, content_type="application/json", headers=headers)

    response = client.put("/api/v1/period-marks", body, content_type="application/json", headers=headers)

    assert response.status_code == 409 and response.json()["current"]["version"] == 2
