"""axe-core (WCAG 2.1 A and AA) finds nothing on the pages every demo role opens first: the main
page of each role, the diary's week and marks, messages and the forum, and the forms — the login
(fresh and refused), the password change (refused) and a new message (refused).
The journal grid is checked with its editors in test_journal_keyboard.py's own pass."""

import re

import pytest
from django.core.management import call_command

from tests.browser.a11y import assert_no_axe_violations
from tests.browser.test_teacher_home import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = (
    "admin",
    "director",
    "deputy",
    "secretary",
    "teacher",
    "classteacher",
    "parent",
    "student",
    "authority",
)


@pytest.fixture
def demo_school(transactional_db):
    call_command("demo", today="2026-11-25", verbosity=0)


def visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def test_the_login_form_fresh_and_refused_has_no_violations(live_server, page, demo_school):
    visit(page, live_server.url + "/accounts/login/")
    assert_no_axe_violations(page, context="the login form")

    sign_in(page, live_server.url, "teacher", "not-the-password")
    page.locator("#form-errors").wait_for()
    assert page.get_attribute("#id_username", "aria-invalid") == "true"
    assert_no_axe_violations(page, context="a refused login")


@pytest.mark.parametrize("role", ROLES)
def test_the_main_page_of_every_role_has_no_violations(live_server, browser, demo_school, role):
    for width in (1280, 390):
        context = browser.new_context(locale="ru-RU", viewport={"width": width, "height": 900})
        page = context.new_page()
        sign_in(page, live_server.url, role)
        page.wait_for_load_state("networkidle")
        assert not page.url.endswith("/accounts/login/"), role
        assert_no_axe_violations(page, context=f"{role}'s main page at {width} px")
        context.close()


def test_a_familys_diary_messages_and_forum_have_no_violations(live_server, page, demo_school):
    base = live_server.url
    sign_in(page, base, "parent")
    visit(page, base + "/diary/")
    week = page.url
    assert re.search(r"/diary/\d+/$", week)
    assert_no_axe_violations(page, context="the diary's week")
    visit(page, week + "marks/")
    assert_no_axe_violations(page, context="the diary's marks")
    visit(page, base + "/messages/")
    assert_no_axe_violations(page, context="the messages")
    visit(page, base + "/messages/new/")
    assert_no_axe_violations(page, context="the new message form")
    page.fill("#id_subject", "Вопрос")
    page.fill("#id_body", "Здравствуйте!")
    page.click("main form button[type=submit]")
    page.locator("#form-error").wait_for()
    assert page.get_attribute("#id_recipients", "aria-invalid") == "true"
    assert_no_axe_violations(page, context="a refused new message")
    visit(page, base + "/community/forum/")
    assert_no_axe_violations(page, context="the forum")


def test_a_teachers_messages_forum_and_refused_password_change_have_no_violations(
    live_server, page, demo_school
):
    base = live_server.url
    sign_in(page, base, "teacher")
    visit(page, base + "/messages/")
    assert_no_axe_violations(page, context="the teacher's messages")
    visit(page, base + "/community/forum/")
    assert_no_axe_violations(page, context="the forum for staff")
    section = page.locator("main a[href*='/community/forum/']").filter(has_text=re.compile(r"\S"))
    if section.count():
        section.first.click()
        page.wait_for_load_state("networkidle")
        assert_no_axe_violations(page, context="a forum section")
    visit(page, base + "/accounts/password/")
    assert_no_axe_violations(page, context="the password change form")
    page.fill("#id_old_password", "not-it")
    page.fill("#id_new_password1", "Ж9длинный-пароль")
    page.fill("#id_new_password2", "Ж9длинный-пароль")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("#id_old_password", "aria-invalid") == "true"
    assert_no_axe_violations(page, context="a refused password change")
