"""Never lose or silently overwrite a journal record: If-Match is required for every change of an
existing record (428 without it), an Idempotency-Key cannot be reused for another body (422), and a
lesson is made once (a unique live slot, a key on creation)."""

import pytest
from django.db import IntegrityError, transaction

from tests import factories as f
from zhurnal.journal.models import Attendance, Lesson, Mark, PeriodMark
from zhurnal.schools.models import StudyPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def absent(cast):
    return f.AttendanceCodeFactory(school=cast.school_a, code="Н", name="отсутствовал")


def attendance_path(cast) -> str:
    return f"/lessons/{cast.lesson_a.pk}/attendance/{cast.pupil_a.pk}"


def assert_precondition_required(response, version: int) -> None:
    assert response.status_code == 428
    body = response.json()
    assert (body["code"], body["version"]) == ("precondition_required", version)
    assert "If-Match" in body["detail"]


class TestIfMatchIsRequiredToChangeARecord:
    def test_a_mark_patched_without_it_is_428_and_stays_as_it_was(self, call_as, cast):
        response = call_as("classteacher", f"/marks/{cast.mark_a.pk}", method="patch", body={"value": "2"})

        assert_precondition_required(response, 1)
        assert Mark.objects.get(pk=cast.mark_a.pk).value == "5"

    def test_a_mark_deleted_without_it_is_428_and_stays(self, call_as, cast):
        response = call_as("classteacher", f"/marks/{cast.mark_a.pk}", method="delete")

        assert_precondition_required(response, 1)
        assert Mark.objects.filter(pk=cast.mark_a.pk).exists()

    def test_a_lesson_patched_without_it_is_428(self, call_as, cast):
        response = call_as(
            "classteacher", f"/lessons/{cast.lesson_a.pk}", method="patch", body={"topic": "Чужая тема"}
        )

        assert_precondition_required(response, 1)
        assert Lesson.objects.get(pk=cast.lesson_a.pk).topic != "Чужая тема"

    def test_new_attendance_needs_none_but_changing_it_does(self, call_as, cast, absent):
        f.AttendanceCodeFactory(school=cast.school_a, code="Б", name="болел")
        created = call_as("classteacher", attendance_path(cast), method="put", body={"code": "Н"})

        changed = call_as("classteacher", attendance_path(cast), method="put", body={"code": "Б"})
        cleared = call_as("classteacher", attendance_path(cast), method="delete")

        assert created.status_code == 200
        assert_precondition_required(changed, 1)
        assert_precondition_required(cleared, 1)
        assert Attendance.objects.get(lesson=cast.lesson_a, student=cast.pupil_a).code.code == "Н"

    def test_a_period_mark_is_set_without_it_but_not_changed(self, call_as, cast):
        period = StudyPeriod.objects.filter(school=cast.school_a).first()
        body = {
            "student": cast.pupil_a.pk,
            "assignment": cast.math_a.pk,
            "period": period.pk,
            "value": "5",
            "reason": "Итоговая контрольная",
        }
        first = call_as("classteacher", "/period-marks", method="put", body=body)

        again = call_as("classteacher", "/period-marks", method="put", body=body | {"value": "4"})
        with_version = call_as(
            "classteacher",
            "/period-marks",
            method="put",
            body=body | {"value": "4"},
            headers={"If-Match": "1"},
        )

        assert first.status_code == 200
        assert_precondition_required(again, 1)
        assert with_version.status_code == 200
        assert PeriodMark.objects.get(student=cast.pupil_a).value == "4"


class TestAnIdempotencyKeyMeansOneRequest:
    def test_a_key_reused_with_another_value_is_422_and_the_first_mark_is_kept(self, client, cast, bearer):
        headers = {**bearer("classteacher"), "Idempotency-Key": "one-key"}
        body = {
            "lesson": cast.lesson_a.pk,
            "student": cast.pupil_a.pk,
            "value": "4",
            "work_type": cast.mark_a.work_type_id,
        }
        client.post("/api/v1/marks", body, content_type="application/json", headers=headers)

        response = client.post(
            "/api/v1/marks", body | {"value": "2"}, content_type="application/json", headers=headers
        )

        assert response.status_code == 422
        assert response.json()["code"] == "idempotency_key_reused"
        assert list(Mark.objects.filter(idempotency_key="one-key").values_list("value", flat=True)) == ["4"]

    def test_a_lesson_without_a_slot_posted_twice_with_one_key_is_made_once(self, client, cast, bearer):
        headers = {**bearer("classteacher"), "Idempotency-Key": "lesson-key"}
        body = {"assignment": cast.math_a.pk, "date": "2026-11-26", "topic": "Повторение"}

        first = client.post("/api/v1/lessons", body, content_type="application/json", headers=headers)
        again = client.post("/api/v1/lessons", body, content_type="application/json", headers=headers)

        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json()["id"] == again.json()["id"]
        assert Lesson.objects.filter(assignment=cast.math_a, date="2026-11-26").count() == 1

    def test_a_lesson_key_reused_for_another_day_is_422(self, client, cast, bearer):
        headers = {**bearer("classteacher"), "Idempotency-Key": "lesson-key"}
        body = {"assignment": cast.math_a.pk, "date": "2026-11-26"}
        client.post("/api/v1/lessons", body, content_type="application/json", headers=headers)

        response = client.post(
            "/api/v1/lessons", body | {"date": "2026-11-27"}, content_type="application/json", headers=headers
        )

        assert response.status_code == 422 and response.json()["code"] == "idempotency_key_reused"
        assert not Lesson.objects.filter(assignment=cast.math_a, date="2026-11-27").exists()


class TestOneLiveLessonPerSlot:
    def test_the_database_refuses_a_second_live_lesson_in_the_same_slot(self, cast):
        lesson = cast.lesson_a
        assert lesson.slot is not None

        with pytest.raises(IntegrityError), transaction.atomic():
            f.LessonFactory(assignment=lesson.assignment, date=lesson.date, slot=lesson.slot)

    def test_a_cancelled_lesson_frees_its_slot_and_slotless_lessons_may_repeat(self, cast):
        lesson = cast.lesson_a
        Lesson.objects.filter(pk=lesson.pk).update(status=Lesson.Status.CANCELLED)

        f.LessonFactory(assignment=lesson.assignment, date=lesson.date, slot=lesson.slot)
        f.LessonFactory(assignment=lesson.assignment, date=lesson.date, slot=None)
        f.LessonFactory(assignment=lesson.assignment, date=lesson.date, slot=None)

        assert Lesson.objects.filter(assignment=lesson.assignment, date=lesson.date).count() == 4

    def test_restoring_a_cancelled_lesson_into_a_taken_slot_is_a_conflict(self, call_as, cast):
        lesson = cast.lesson_a
        Lesson.objects.filter(pk=lesson.pk).update(status=Lesson.Status.CANCELLED)
        f.LessonFactory(assignment=lesson.assignment, date=lesson.date, slot=lesson.slot)

        response = call_as(
            "classteacher",
            f"/lessons/{lesson.pk}",
            method="patch",
            body={"status": "planned"},
            headers={"If-Match": "1"},
        )

        assert response.status_code == 409 and response.json()["code"] == "lesson_exists"
