"""Issue 3's acceptance in a browser: the demo teacher fills today's lesson with the keyboard only."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.test import Client

from tests.browser.test_teacher_home import sign_in
from zhurnal.accounts.models import User
from zhurnal.accounts.tokens import token_issue
from zhurnal.journal.models import Lesson, Mark

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def todays_lesson(transactional_db):
    call_command("demo", today=TODAY.isoformat(), verbosity=0)
    # The Kabardian teacher's lesson today in a marked grade (grade 1 has no marks by law).
    lesson = (
        Lesson.objects.filter(
            assignment__teacher__user__username="teacher", date=TODAY, assignment__class_group__grade__gte=2
        )
        .order_by("slot")
        .first()
    )
    # Start from a clean lesson, as the teacher finds it in the morning.
    Mark.objects.filter(lesson=lesson).delete()
    lesson.attendance.all().delete()
    Lesson.objects.filter(pk=lesson.pk).update(topic="", homework="", attendance_taken_at=None)
    return lesson


def cell(page, lesson_id, row):
    return page.locator(f'td.cell[data-l="{lesson_id}"][data-row="{row}"]')


def wait_saved(page, locator):
    page.wait_for_function(
        "el => !el.classList.contains('saving') && el.dataset.state !== 'saving'",
        arg=locator.element_handle(),
    )


def test_the_teacher_fills_todays_lesson_with_the_keyboard(live_server, page, todays_lesson):
    lesson = todays_lesson
    sign_in(page, live_server.url, "teacher")
    page.goto(f"{live_server.url}/journal/day/")
    page.locator(f'a[href$="#lesson-{lesson.pk}"]').first.click()
    page.wait_for_selector("table.journal-grid")

    # Topic and homework through the lesson's header.
    page.click(f"#lesson-{lesson.pk} button")
    page.fill("#lesson-topic", "Звуки и буквы: повторение")
    page.fill("#lesson-homework", "Упр. 12, выучить слова")
    page.click("#lesson-save")
    page.wait_for_selector("#lesson-editor", state="hidden")

    # Attendance in one pass: everyone present, then the exception by keyboard.
    page.click(f"#lesson-{lesson.pk} button")
    page.click("#all-present")
    page.keyboard.press("Escape")
    page.wait_for_selector("#lesson-editor", state="hidden")

    first = cell(page, lesson.pk, 0)
    first.click()
    for key in ("5", "ArrowDown", "4", "ArrowDown", "3", "ArrowDown", "н"):
        if key.isascii():
            page.keyboard.press(key)
        else:
            # Playwright types non-US characters as text input without key events; a Russian
            # keyboard layout sends a keydown with e.key == "н", which is what we dispatch.
            page.locator("td.cell:focus").dispatch_event("keydown", {"key": key, "bubbles": True})
        if key != "ArrowDown":
            focused = page.locator("td.cell:focus")
            wait_saved(page, focused)
    for row, text in ((0, "5"), (1, "4"), (2, "3"), (3, "Н")):
        target = cell(page, lesson.pk, row)
        page.wait_for_function(
            "el => el.dataset.state === 'saved' || el.classList.length >= 1", arg=target.element_handle()
        )
        assert text in target.inner_text(), (
            row,
            target.get_attribute("class"),
            page.inner_text("#journal-status"),
        )
        assert "failed" not in (target.get_attribute("class") or "")

    # Reload: everything is there.
    page.reload()
    page.wait_for_selector("table.journal-grid")
    for row, text in ((0, "5"), (1, "4"), (2, "3"), (3, "Н")):
        assert text in cell(page, lesson.pk, row).inner_text()
    lesson.refresh_from_db()
    assert lesson.topic == "Звуки и буквы: повторение"
    assert lesson.homework == "Упр. 12, выучить слова"
    assert lesson.attendance_taken_at is not None
    assert Mark.objects.filter(lesson=lesson).count() == 3

    # Meanwhile someone changes the first cell's mark through the API…
    mark = Mark.objects.filter(lesson=lesson).order_by("student__last_name", "student__first_name").first()
    token = token_issue(user=User.objects.get(username="teacher"))
    api = Client(headers={"Authorization": f"Bearer {token}", "If-Match": str(mark.version)})
    response = api.patch(
        f"/api/v1/marks/{mark.pk}", json.dumps({"value": "2"}), content_type="application/json"
    )
    assert response.status_code == 200, response.content

    # …and the teacher, whose page still holds the old version, types over it: a conflict, not an overwrite.
    first = cell(page, lesson.pk, 0)
    first.click()
    page.keyboard.press("4")
    page.wait_for_function("el => el.classList.contains('conflict')", arg=first.element_handle())
    mark.refresh_from_db()
    assert mark.value == "2"
    assert "Конфликт" in page.inner_text("#journal-status")
