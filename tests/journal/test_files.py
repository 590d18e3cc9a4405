"""Homework files: the teacher attaches them, the class's families download them, nobody else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests import factories as f
from tests.querycount import assert_max_queries
from zhurnal.core.models import AuditEvent
from zhurnal.journal.models import LessonFile

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, lesson, *files):
    return client.post(f"/journal/lessons/{lesson.pk}/files/", {"files": list(files)})


def test_the_teacher_attaches_a_file_and_the_pupils_parent_downloads_it(cast, login):
    teacher = login(cast.user("classteacher"))
    response = upload(teacher, cast.lesson_a, SimpleUploadedFile("Задание <1>.pdf", PDF, "application/pdf"))
    assert response.status_code == 302
    stored = LessonFile.objects.get(lesson=cast.lesson_a)
    assert stored.name == "Задание <1>.pdf" and stored.content_type == "application/pdf"
    assert "homework/" in stored.file.name and "Задание" not in stored.file.name
    assert AuditEvent.objects.filter(action="lesson.files_add", object_id=cast.lesson_a.pk).exists()

    parent = login(cast.user("parent_a"))
    with assert_max_queries(8):
        response = parent.get(f"/journal/files/{stored.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]

    for outsider in ("parent_b", "outsider", "authority"):
        assert login(cast.user(outsider)).get(f"/journal/files/{stored.pk}/").status_code == 404, outsider


def test_a_file_of_the_wrong_type_is_refused_with_its_name_and_nothing_is_kept(cast, login):
    teacher = login(cast.user("classteacher"))
    response = upload(
        teacher,
        cast.lesson_a,
        SimpleUploadedFile("ok.pdf", PDF, "application/pdf"),
        SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
    )
    assert response.status_code == 302
    assert not LessonFile.objects.exists()
    follow = teacher.get(response["Location"])
    assert "virus.pdf" in follow.content.decode()


def test_a_file_over_the_limit_is_refused(cast, login, settings):
    settings.HOMEWORK_FILE_MAX_BYTES = 10
    upload(
        login(cast.user("classteacher")), cast.lesson_a, SimpleUploadedFile("big.pdf", PDF, "application/pdf")
    )
    assert not LessonFile.objects.exists()


def test_families_and_other_teachers_cannot_attach(cast, login):
    pdf = SimpleUploadedFile("a.pdf", PDF, "application/pdf")
    assert upload(login(cast.user("parent_a")), cast.lesson_a, pdf).status_code == 403
    assert upload(login(cast.user("teacher")), cast.lesson_a, pdf).status_code == 404
    assert not LessonFile.objects.exists()


def test_the_teacher_removes_a_file_and_the_grid_lists_the_rest(cast, login):
    teacher = login(cast.user("classteacher"))
    upload(teacher, cast.lesson_a, SimpleUploadedFile("a.pdf", PDF, "application/pdf"))
    upload(teacher, cast.lesson_a, SimpleUploadedFile("b.txt", b"read pages 5-7", "text/plain"))
    first = LessonFile.objects.get(name="a.pdf")
    assert login(cast.user("parent_a")).post(f"/journal/files/{first.pk}/delete/").status_code == 403
    teacher = login(cast.user("classteacher"))
    assert teacher.post(f"/journal/files/{first.pk}/delete/").status_code == 302
    assert list(LessonFile.objects.values_list("name", flat=True)) == ["b.txt"]
    grid = teacher.get(f"/api/v1/journal?assignment={cast.math_a.pk}").json()
    lesson = next(x for x in grid["lessons"] if x["id"] == cast.lesson_a.pk)
    assert [x["name"] for x in lesson["files"]] == ["b.txt"]


def test_lessons_of_other_classes_have_their_own_files(cast, login):
    other = f.LessonFactory(assignment=cast.math_b, slot=2)
    upload(login(cast.user("teacher")), other, SimpleUploadedFile("b.pdf", PDF, "application/pdf"))
    stored = LessonFile.objects.get()
    assert login(cast.user("parent_b")).get(f"/journal/files/{stored.pk}/").status_code == 200
    assert login(cast.user("parent_a")).get(f"/journal/files/{stored.pk}/").status_code == 404


def test_the_diary_lists_the_homework_file_with_its_name_escaped(cast, login):
    upload(
        login(cast.user("classteacher")),
        cast.lesson_a,
        SimpleUploadedFile("<i>лист.pdf", PDF, "application/pdf"),
    )
    stored = LessonFile.objects.get()
    page = login(cast.user("parent_a")).get(f"/diary/{cast.pupil_a.pk}/?week=2026-11-25").content.decode()
    assert f"/journal/files/{stored.pk}/" in page
    assert "&lt;i&gt;лист.pdf" in page and "<i>лист" not in page
    api = login(cast.user("parent_a")).get(
        f"/api/v1/students/{cast.pupil_a.pk}/diary?from=2026-11-23&to=2026-11-28"
    )
    lesson = next(x for d in api.json()["days"] for x in d["lessons"] if x["id"] == cast.lesson_a.pk)
    assert lesson["files"][0]["name"] == "<i>лист.pdf"


def test_the_cached_files_form_posts_with_the_cookies_csrf_secret(cast):
    """The lesson editor's markup is cached (journal/grid.html), so its files form carries no token
    of its own: grid.js puts the csrftoken cookie's value in it, and Django accepts that."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.user("classteacher"), backend="zhurnal.accounts.backends.UserBackend")
    page = browser.get(f"/journal/{cast.math_a.pk}/")
    assert page.status_code == 200
    assert 'name="csrfmiddlewaretoken">' in page.content.decode()  # the empty, cached field
    secret = browser.cookies["csrftoken"].value
    document = SimpleUploadedFile("Задание.pdf", PDF, "application/pdf")
    url = f"/journal/lessons/{cast.lesson_a.pk}/files/"

    assert browser.post(url, {"files": [document]}).status_code == 403  # without the token
    document.seek(0)
    assert browser.post(url, {"files": [document], "csrfmiddlewaretoken": secret}).status_code == 302
    assert LessonFile.objects.filter(lesson=cast.lesson_a).count() == 1


def test_a_file_missing_on_disk_answers_404_and_is_logged(cast, login, caplog, tmp_path):
    teacher = login(cast.user("classteacher"))
    upload(teacher, cast.lesson_a, SimpleUploadedFile("Задание.pdf", PDF, "application/pdf"))
    stored = LessonFile.objects.get(lesson=cast.lesson_a)
    (tmp_path / stored.file.name).unlink()

    with caplog.at_level("ERROR", logger="zhurnal.journal.views"):
        response = login(cast.user("parent_a")).get(f"/journal/files/{stored.pk}/")

    assert response.status_code == 404
    assert any(
        "missing on disk" in r.getMessage() and str(stored.pk) in r.getMessage() for r in caplog.records
    )
