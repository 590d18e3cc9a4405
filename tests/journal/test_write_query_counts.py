"""Journal writes run a fixed number of queries, however many pupils and lessons the class has."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories as f
from tests.querycount import count_queries
from zhurnal.journal.models import LessonFile
from zhurnal.schools.models import StudyPeriod

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _grow(cast):
    for _ in range(15):
        f.EnrollmentFactory(class_group=cast.class_a)
        f.LessonFactory(assignment=cast.math_a, slot=None)  # one live lesson per slot: ad-hoc ones


def _twice(cast, run) -> tuple[int, int]:
    """Queries of `run` on the cast, then again after the class and its journal have grown."""
    first, _ = count_queries(run)
    _grow(cast)
    second, _ = count_queries(run)
    return first, second


def test_attaching_and_removing_homework_files(cast, login):
    client = login(cast.user("classteacher"))

    def attach():
        upload = SimpleUploadedFile("a.pdf", PDF, "application/pdf")
        assert (
            client.post(f"/journal/lessons/{cast.lesson_a.pk}/files/", {"files": [upload]}).status_code == 302
        )

    first, second = _twice(cast, attach)
    assert first == second <= 20

    def remove():
        stored = LessonFile.objects.filter(lesson=cast.lesson_a).first()
        assert client.post(f"/journal/files/{stored.pk}/delete/").status_code == 302

    first, second = _twice(cast, remove)
    assert first == second <= 20


def test_closing_a_period_and_unlocking_a_journal(cast, login):
    client = login(cast.user("deputy"))
    period = StudyPeriod.objects.get(school=cast.school_a)

    def toggle():
        assert client.post(f"/journal/periods/{period.pk}/close/", {"reason": "Досрочно"}).status_code == 302

    def unlock():
        body = {"date_from": "2026-11-01", "date_to": "2026-11-30", "reason": "Ошибка"}
        assert client.post(f"/journal/{cast.math_a.pk}/unlock/", body).status_code == 302

    for run in (toggle, unlock):
        first, second = _twice(cast, run)
        assert first == second <= 15


def test_naming_a_substitute(cast, bearer_for):
    client = bearer_for("deputy")

    def substitute():
        response = client.post(
            f"/api/v1/lessons/{cast.lesson_a.pk}/substitute",
            {"teacher": cast.english_a.teacher_id},
            content_type="application/json",
        )
        assert response.status_code == 200

    first, second = _twice(cast, substitute)
    assert first == second <= 15
