"""A substitution: the deputy gives a lesson to another teacher, who then fills it."""

import pytest

from zhurnal.core.models import AuditEvent
from zhurnal.journal.models import Mark

pytestmark = pytest.mark.django_db


def test_the_deputy_names_a_substitute_who_then_fills_the_lesson(cast, directories, login, bearer_for):
    substitute = cast.english_a.teacher  # the subject teacher, who does not teach 2А mathematics
    deputy = bearer_for("deputy")
    response = deputy.post(
        f"/api/v1/lessons/{cast.lesson_a.pk}/substitute",
        {"teacher": substitute.pk, "reason": "Больничный учителя"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["teacher_id"] == substitute.pk
    assert AuditEvent.objects.get(action="lesson.substitute").reason == "Больничный учителя"

    # The lesson is in the substitute's day, and they may mark in it.
    day = login(cast.user("teacher")).get("/journal/day/").content.decode()
    assert f"#lesson-{cast.lesson_a.pk}" in day
    teacher = bearer_for("teacher")
    response = teacher.post(
        "/api/v1/marks",
        {
            "lesson": cast.lesson_a.pk,
            "student": cast.pupil_a.pk,
            "value": "4",
            "work_type": directories["test"].pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Mark.objects.filter(lesson=cast.lesson_a, value="4").exists()


def test_a_teacher_cannot_name_a_substitute(cast, bearer_for):
    response = bearer_for("classteacher").post(
        f"/api/v1/lessons/{cast.lesson_a.pk}/substitute",
        {"teacher": cast.english_a.teacher_id},
        content_type="application/json",
    )
    assert response.status_code == 403
