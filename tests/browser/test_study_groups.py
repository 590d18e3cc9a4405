"""The system administrator keeps a cross-class study group in the browser (decision 0036): the
demo's ОРКСЭ pair is listed, a new elective group is created, a pupil joins it; the group's
teacher opens its journal. axe-core finds nothing on the two pages."""

import pytest
from django.core.management import call_command

from tests.browser.a11y import assert_no_axe_violations
from tests.browser.test_teacher_home import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_school(transactional_db):
    call_command("demo", today="2026-11-25", verbosity=0)


def test_the_administrator_creates_a_group_and_adds_a_pupil(live_server, page, demo_school):
    sign_in(page, live_server.url, "admin")
    page.goto(live_server.url + "/people/groups/")
    rows = page.locator("#groups tbody tr")
    assert "ОРКСЭ: основы светской этики" in rows.all_inner_texts()[1]
    assert_no_axe_violations(page, context="the study groups list")

    page.fill("#name", "Элективный курс «Шахматы»")
    page.fill("#grade", "4")
    page.click("#new-group button[type=submit]")
    page.get_by_role("link", name="Элективный курс «Шахматы»").click()
    page.locator("#new-member").wait_for()
    pupil = page.locator("#student option").first.inner_text()
    page.fill("#start", "2026-11-23")
    page.click("#new-member button[type=submit]")

    members = page.locator("#members tbody")
    members.wait_for()
    assert pupil in members.inner_text() and "23.11.2026" in members.inner_text()
    assert_no_axe_violations(page, context="a study group's page")


def test_the_group_teacher_opens_the_group_journal_from_their_list(live_server, page, demo_school):
    sign_in(page, live_server.url, "teacher")
    page.goto(live_server.url + "/assignments/")
    page.get_by_role("link", name="Основы религиозных культур и светской этики").first.click()
    page.locator("h1").wait_for()
    assert "ОРКСЭ: основы светской этики" in page.locator("h1").inner_text()
