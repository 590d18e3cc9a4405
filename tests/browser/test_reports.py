"""The deputy sorts a report by a column; the authority starts a long report and the job page
polls its progress (htmx) until it offers the file."""

import pytest
from django.test import override_settings

from tests.browser.test_teacher_home import sign_in
from tests.reports.data import build_school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hand(transactional_db):
    school = build_school()
    for name in ("deputy", "authority"):
        user = school.users[name]
        user.set_password("demo")
        user.save()
    return school


@override_settings(ZHURNAL_TODAY="2026-12-01")
def test_a_report_table_sorts_by_the_clicked_column_and_keeps_totals_below(live_server, page, hand):
    sign_in(page, live_server.url, hand.users["deputy"].username)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/reports/attendance/?period={hand.period.pk}")
    table = page.locator("table.report-table")
    table.locator("th", has_text="Уроков: всего").locator("button").click()
    table.locator("th", has_text="Уроков: всего").locator("button").click()  # descending
    first = table.locator("tbody tr").first.inner_text()
    assert "Борисова" in first or "Антонов" in first  # two lessons missed each
    assert "Итого" in table.locator("tbody tr").last.inner_text()
    assert table.locator("th[aria-sort=descending]").count() == 1
    assert not [e for e in errors if "Content Security Policy" in e], errors


@override_settings(
    ZHURNAL_TODAY="2026-12-01",
    TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
)
def test_a_long_report_shows_its_progress_and_then_the_file(live_server, page, hand, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sign_in(page, live_server.url, hand.users["authority"].username)
    page.goto(f"{live_server.url}/reports/authority-summary/")
    page.click("button[value=xlsx]")
    page.wait_for_url("**/reports/jobs/*/")
    link = page.locator("#job-progress a", has_text="Скачать")
    link.wait_for()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.goto(f"{live_server.url}/reports/mine/")
    assert ".xlsx" in page.locator("table").inner_text()
