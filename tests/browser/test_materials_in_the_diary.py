"""Issue 12's acceptance for materials in a browser: a teacher puts a worksheet in their library,
attaches it to a lesson's homework, and the pupil's parent sees it in the diary and downloads it."""

import datetime as dt

import pytest
from django.core.management import call_command

from tests.browser.test_teacher_home import sign_in
from zhurnal.journal.models import Lesson
from zhurnal.people.models import Student

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = dt.date(2026, 11, 25)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def lesson_of_the_child(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ZHURNAL_TODAY = TODAY.isoformat()
    call_command("demo", today=TODAY.isoformat(), verbosity=0)
    pupil = Student.objects.get(user__username="student")
    lesson = Lesson.objects.filter(
        assignment__teacher__user__username="classteacher",
        assignment__class_group__enrollments__student=pupil,
        date=TODAY,
    ).first()
    return pupil, lesson


def test_a_material_attached_to_homework_shows_in_the_parents_diary_with_its_file(
    live_server, browser, lesson_of_the_child
):
    pupil, lesson = lesson_of_the_child
    teacher_ctx = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    teacher = teacher_ctx.new_page()
    teacher.set_default_timeout(10_000)
    sign_in(teacher, live_server.url, "classteacher")
    teacher.goto(f"{live_server.url}/materials/new/")
    teacher.fill("#m-title", "Карточки: сложение в пределах 100")
    teacher.select_option("#m-kind", "exercise")
    teacher.set_input_files(
        "#m-files", files=[{"name": "карточки.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    teacher.click("form button.btn-primary")
    teacher.wait_for_url("**/materials/*/")
    teacher.select_option("#attach-lesson", str(lesson.pk))
    teacher.click("#homework button.btn-primary")
    assert "Материал приложен к домашнему заданию." in teacher.inner_text("main")
    teacher_ctx.close()

    parent_ctx = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    parent = parent_ctx.new_page()
    parent.set_default_timeout(10_000)
    sign_in(parent, live_server.url, "parent")
    parent.goto(f"{live_server.url}/diary/{pupil.pk}/?week={TODAY.isoformat()}")
    given = parent.locator(".diary-materials li", has_text="Карточки: сложение в пределах 100")
    assert given.count() == 1
    with parent.expect_download() as download:
        given.locator("a", has_text="карточки.pdf").click()
    assert download.value.suggested_filename == "карточки.pdf"
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == PDF
    parent_ctx.close()
