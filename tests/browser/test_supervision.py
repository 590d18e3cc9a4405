"""The deputy supervises journals: from the school page to a teacher's journal, then the class's
weekly completeness board and the lesson a gap links to (issue 8, item 16)."""

import pytest
from django.core.management import call_command

from tests.browser.test_teacher_home import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_school(transactional_db):
    call_command("demo", today="2026-11-25", verbosity=0)


def test_the_deputy_reaches_a_teachers_journal_and_the_classs_board(live_server, page, demo_school):
    sign_in(page, live_server.url, "deputy")
    # «Школа» is a menu in the navbar: its first link is the school's overview.
    page.locator("nav .dropdown-toggle", has_text="Школа").click()
    page.locator("nav .dropdown-menu a", has_text="Обзор школы").click()
    journals = page.locator("#journals")
    journals.wait_for()
    # Open 2А and follow its mathematics journal: the grid of another teacher's journal.
    page.locator("details.journal-class summary", has_text="2А").click()
    journals.locator("details[open] a", has_text="Математика").first.click()
    page.wait_for_url("**/journal/*/")
    page.locator("#journal-grid, .journal-grid, table").first.wait_for()
    assert "Математика" in page.content()
    # Back on the school page, the class's weekly board.
    page.go_back()
    page.locator("details.journal-class summary", has_text="2А").click()
    page.locator("details[open] a", has_text="Заполнение за неделю").click()
    page.wait_for_url("**/board/?class=*")
    heading = page.locator("h2", has_text="2А класс")
    heading.wait_for()
    assert page.locator("section.card table tbody tr").count() >= 5
    # The demo leaves some lessons of the week without homework: each gap leads to its lesson.
    gap = page.locator("section.card a[href*='#lesson-']").first
    assert gap.count() == 1
    href = gap.get_attribute("href")
    gap.click()
    page.wait_for_url(lambda url: href in url)
