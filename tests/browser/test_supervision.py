"""The deputy supervises journals in one sitting (issue 8, item 16 and its «Done when»): from the
school page to a teacher's journal, the class's weekly completeness board and a gap's lesson, then
closing a period through its confirmation — after which the teacher sees the cells drawn as locked.
Under the deputy's unlock, the teacher's lesson dialog asks for the reason of the change."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.browser.test_teacher_home import sign_in
from zhurnal.core.models import AuditEvent
from zhurnal.journal.models import Lesson, Mark
from zhurnal.journal.services import journal_unlock, period_close
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import StudyPeriod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def demo_school(transactional_db):
    call_command("demo", today=TODAY.isoformat(), verbosity=0)


def teachers_lesson_today() -> Lesson:
    lesson = (
        Lesson.objects.filter(
            assignment__teacher__user__username="teacher",
            assignment__class_group__grade__gte=2,
            date=TODAY,
        )
        .order_by("slot")
        .first()
    )
    Mark.objects.filter(lesson=lesson).delete()
    lesson.attendance.all().delete()
    return lesson


def current_period(lesson: Lesson) -> StudyPeriod:
    grade = lesson.assignment.class_group.grade
    return (
        StudyPeriod.objects.filter(
            school_id=lesson.school_id,
            start__lte=TODAY,
            end__gte=TODAY,
            grade_from__lte=grade,
            grade_to__gte=grade,
        )
        .exclude(kind=StudyPeriod.Kind.YEAR)
        .get()
    )


def test_the_deputy_goes_from_the_school_page_to_a_journal_and_the_board_then_closes_a_period_the_teacher_sees_locked(
    live_server, browser, page, demo_school
):
    lesson = teachers_lesson_today()
    period = current_period(lesson)
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
    page.locator("table.journal-grid").wait_for()
    assert "Математика" in page.content()
    # Back on the school page, the class's weekly board.
    page.go_back()
    page.locator("details.journal-class summary", has_text="2А").click()
    page.locator("details[open] a", has_text="Заполнение за неделю").click()
    page.wait_for_url("**/board/?class=*")
    page.locator("h2", has_text="2А класс").wait_for()
    assert page.locator("section.card table tbody tr").count() >= 5
    # The demo leaves some lessons of the week without homework: each gap leads to its lesson.
    gap = page.locator("section.card a[href*='#lesson-']").first
    href = gap.get_attribute("href")
    gap.click()
    page.wait_for_url(lambda url: href in url)

    # The periods page: closing early asks for a reason in the confirmation and refuses without it.
    page.goto(f"{live_server.url}/journal/periods/")
    page.locator(f'a[href="/journal/periods/{period.pk}/close/"]').click()
    page.wait_for_selector("#close-confirm")
    assert "Будут закрыты журналы" in page.inner_text("main") or "Будет закрыт" in page.inner_text("main")
    page.click("#close-confirm")
    page.wait_for_selector("#close-error")
    assert not StudyPeriod.objects.get(pk=period.pk).closed
    page.fill("#close-reason", "Карантин: четверть завершается раньше")
    page.click("#close-confirm")
    page.wait_for_url(f"{live_server.url}/journal/periods/")
    assert StudyPeriod.objects.get(pk=period.pk).closed

    # The teacher, in a browser of their own, finds the cells of the closed period locked.
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    teacher = context.new_page()
    sign_in(teacher, live_server.url, "teacher")
    teacher.goto(f"{live_server.url}/journal/{lesson.assignment_id}/?period={period.pk}#lesson-{lesson.pk}")
    teacher.wait_for_selector("table.journal-grid")
    cell = teacher.locator(f'td.cell[data-l="{lesson.pk}"][data-row="0"]')
    assert "locked" in cell.get_attribute("class")
    assert "Период закрыт" in cell.get_attribute("title")
    assert cell.get_attribute("aria-readonly") == "true"
    cell.focus()
    teacher.keyboard.press("5")
    assert "Период закрыт" in teacher.inner_text("#journal-status")
    assert not Mark.objects.filter(lesson=lesson).exists()
    context.close()


def test_under_the_deputys_unlock_the_lesson_dialog_asks_for_the_reason_of_each_change(
    live_server, page, demo_school
):
    lesson = teachers_lesson_today()
    period = current_period(lesson)
    deputy = actor_for(get_user_model().objects.get(username="deputy"))
    period_close(actor=deputy, period_id=period.pk, reason="Четверть завершена досрочно")
    journal_unlock(
        actor=deputy,
        assignment_id=lesson.assignment_id,
        date_from=TODAY,
        date_to=TODAY,
        reason="Исправить тему",
    )
    sign_in(page, live_server.url, "teacher")
    page.goto(f"{live_server.url}/journal/{lesson.assignment_id}/?period={period.pk}#lesson-{lesson.pk}")
    page.wait_for_selector("table.journal-grid")
    page.locator(f'.journal-lesson-btn[data-lesson="{lesson.pk}"]').click()
    page.wait_for_selector("#lesson-editor.show")
    assert page.locator("#lesson-reason-block").is_hidden()
    page.fill("#lesson-topic", "Сложение в пределах 100")
    page.click("#lesson-save")
    # The first save is answered «give a reason»: the dialog asks for it instead of refusing.
    page.locator("#lesson-reason").wait_for(state="visible")
    assert page.evaluate("() => document.activeElement.id") == "lesson-reason"
    assert page.get_attribute("#lesson-reason", "aria-invalid") == "true"
    assert "причину" in page.inner_text("#lesson-error")
    assert Lesson.objects.get(pk=lesson.pk).topic != "Сложение в пределах 100"
    page.click("#lesson-save")  # an empty reason is refused in words, nothing sent
    assert page.inner_text("#lesson-error") == "Укажите причину."
    page.fill("#lesson-reason", "Опечатка в теме")
    page.click("#lesson-save")
    page.wait_for_selector("#lesson-editor", state="hidden")
    assert Lesson.objects.get(pk=lesson.pk).topic == "Сложение в пределах 100"
    change = AuditEvent.objects.filter(action__startswith="lesson.", object_id=lesson.pk).latest("pk")
    assert change.reason == "Опечатка в теме"

    # The next change in the same dialog asks again: a reason is never reused.
    page.locator(f'.journal-lesson-btn[data-lesson="{lesson.pk}"]').click()
    page.wait_for_selector("#lesson-editor.show")
    assert page.locator("#lesson-reason-block").is_hidden()
    assert page.input_value("#lesson-reason") == ""
