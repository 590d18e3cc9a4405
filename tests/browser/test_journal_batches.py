"""Issue 13's batch saves in a browser: a column of 30 marks typed quickly goes out in one or a
few requests to POST /api/v1/journal/cells, and every mark is there after a reload."""

import datetime as dt

import pytest
from django.core.management import call_command

from tests import factories as f
from tests.browser.test_journal_keyboard import cell
from tests.browser.test_teacher_home import sign_in
from zhurnal.journal.models import Lesson, Mark
from zhurnal.journal.roster import roster_filter
from zhurnal.people.models import Student

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = dt.date(2026, 11, 25)
PUPILS = 30


@pytest.fixture
def lesson_of_thirty(transactional_db):
    call_command("demo", today=TODAY.isoformat(), verbosity=0)
    lesson = (
        Lesson.objects.filter(
            assignment__teacher__user__username="classteacher",
            assignment__subgroup__isnull=True,
            date=TODAY,
            assignment__class_group__grade__gte=2,
        )
        .order_by("slot")
        .first()
    )
    Mark.objects.filter(lesson=lesson).delete()
    lesson.attendance.all().delete()
    roster = Student.objects.filter(roster_filter(lesson.assignment, TODAY, TODAY))
    for _ in range(PUPILS - roster.count()):
        f.EnrollmentFactory(class_group=lesson.assignment.class_group, start=TODAY - dt.timedelta(days=30))
    assert roster.count() == PUPILS
    return lesson


def test_a_column_of_thirty_marks_typed_quickly_is_saved_in_a_few_batches(
    live_server, page, lesson_of_thirty
):
    lesson = lesson_of_thirty
    sign_in(page, live_server.url, "classteacher")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{live_server.url}/journal/{lesson.assignment_id}/")
    page.wait_for_selector("table.journal-grid")
    sent = []
    page.on(
        "request",
        lambda request: (
            sent.append(request.url.split("/api/v1")[-1])
            if request.method != "GET" and "/api/v1/" in request.url
            else None
        ),
    )

    values = [str(2 + row % 4) for row in range(PUPILS)]  # 2, 3, 4, 5, 2, …
    cell(page, lesson.pk, 0).click()
    for value in values:
        page.keyboard.press(value)
        page.keyboard.press("ArrowDown")
    page.wait_for_function(
        "n => document.querySelectorAll('td.cell.saving').length === 0"
        " && document.querySelectorAll('td.cell[data-state=saved]').length >= n",
        arg=PUPILS,
    )
    assert not page.locator("td.cell.failed, td.cell.conflict").count()
    assert "Сохранено" in page.inner_text("#journal-status")  # the save is still announced

    batches = [path for path in sent if path == "/journal/cells"]
    assert 1 <= len(batches) <= 3, sent
    assert len(batches) == len(sent)  # no cell went by its own route

    page.reload()
    page.wait_for_selector("table.journal-grid")
    for row, value in enumerate(values):
        assert cell(page, lesson.pk, row).inner_text().strip() == value, row
    assert Mark.objects.filter(lesson=lesson).count() == PUPILS
