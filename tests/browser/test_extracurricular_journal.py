"""The demo chess teacher marks a pupil absent in the extracurricular grid by keyboard; the pupil's
parent sees it on the child's extracurricular page. The grid passes axe (WCAG 2.1 AA)."""

import pytest
from django.core.management import call_command

from tests.browser.a11y import assert_no_axe_violations
from zhurnal.extracurricular.models import Session, SessionAttendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = "2026-11-25"  # a Wednesday: the chess club meets


@pytest.fixture
def demo_school(transactional_db):
    call_command("demo", today=TODAY, verbosity=0)


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_the_teacher_marks_an_absence_by_keyboard_and_the_parent_sees_it(
    live_server, page, demo_school, settings
):
    child = (
        SessionAttendance.objects.select_related("student", "session")
        .filter(session__date=TODAY, student__user__username="student")
        .get()
    )
    sign_in(page, live_server.url, "teacher")
    page.goto(live_server.url + "/assignments/")
    page.get_by_role("link", name="Журналы внеурочной деятельности").click()
    page.get_by_role("link", name="2–4 классы").click()
    assert_no_axe_violations(page, context="extracurricular group journal")

    wanted, word = ("н", "не был") if child.code == "present" else ("+", "был")
    cell = page.get_by_label(f"{child.student.short_name}, 25.11.2026")
    cell.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(wanted)
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Сохранить посещаемость").click()
    page.wait_for_load_state()
    assert "Посещаемость сохранена: изменено отметок — 1." in page.content()

    page.context.clear_cookies()
    sign_in(page, live_server.url, "parent")
    page.get_by_role("link", name="Внеурочная деятельность").first.click()
    page.get_by_role("link", name=child.student.full_name).click()
    item = page.locator("li", has_text="25.11.2026 — ").filter(
        has_text=Session.objects.get(pk=child.session_id).topic
    )
    assert item.first.inner_text().strip().endswith(word)
