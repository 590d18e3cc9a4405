"""Issue 4's acceptance in a browser: a parent follows two children, sees a fresh mark and its
notification, writes to the class teacher, and sees the reply with its unread badge."""

import datetime as dt

import pytest
from django.core.management import call_command

from tests.browser.test_teacher_home import sign_in
from zhurnal.accounts.models import User
from zhurnal.journal.models import Lesson, Mark, WorkType
from zhurnal.journal.services import mark_create
from zhurnal.people.models import Student
from zhurnal.policy.actor import actor_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def fresh_mark(transactional_db):
    call_command("demo", today=TODAY.isoformat(), verbosity=0)
    pupil = Student.objects.get(user__username="student")
    lesson = (
        Lesson.objects.filter(
            assignment__teacher__user__username="classteacher",
            assignment__class_group__enrollments__student=pupil,
            date=TODAY,
        )
        .select_related("assignment__subject")
        .first()
    )
    Mark.objects.filter(lesson=lesson, student=pupil).delete()
    work = WorkType.objects.filter(school_id=lesson.school_id).order_by("-weight").first()
    # The class teacher enters a mark the way every path does: through the service.
    mark, _ = mark_create(
        actor=actor_for(User.objects.get(username="classteacher")),
        lesson_id=lesson.pk,
        student_id=pupil.pk,
        value="5",
        work_type_id=work.pk,
        comment="Отличная работа у доски",
    )
    return pupil, lesson, mark


def test_a_parent_follows_two_children_and_talks_to_the_class_teacher(live_server, browser, fresh_mark):
    pupil, lesson, mark = fresh_mark
    parent_ctx = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    parent = parent_ctx.new_page()
    parent.set_default_timeout(10_000)
    sign_in(parent, live_server.url, "parent")

    # The bell says something new happened.
    bell = parent.locator(".navbar-bell")
    assert int(bell.get_attribute("data-unread")) >= 1

    # The diary opens on a child; the switcher leads to the other child and back, keeping the week.
    parent.goto(f"{live_server.url}/diary/?week={TODAY.isoformat()}")
    switcher = parent.locator(".diary-switcher a")
    assert switcher.count() == 2
    first_name = parent.locator(".diary-switcher a.active").inner_text()
    parent.locator(".diary-switcher a:not(.active)").click()
    assert parent.locator(".diary-switcher a.active").inner_text() != first_name
    parent.locator(f'.diary-switcher a[href*="/diary/{pupil.pk}/"]').click()
    assert "week=2026-11-23" in parent.url or "week=2026-11-25" in parent.url
    assert lesson.assignment.subject.name in parent.inner_text("main")
    fresh = parent.locator('.diary-mark[title*="Отличная работа у доски"]')
    assert fresh.count() == 1 and fresh.inner_text() == "5"

    # The notification of the mark is in the list.
    from zhurnal.notifications.models import Notification

    told = Notification.objects.get(
        recipient__username="parent", object_type="journal.mark", object_id=mark.pk
    )
    parent.goto(f"{live_server.url}/notifications/")
    assert parent.locator(f'a[href="/notifications/{told.pk}/"]').count() == 1
    assert f"Новая отметка 5: {lesson.assignment.subject.name}" in told.title

    # The parent writes to the class teacher.
    parent.goto(f"{live_server.url}/messages/new/")
    teacher = User.objects.get(username="classteacher")
    parent.select_option("#id_recipients", str(teacher.pk))
    parent.fill("#id_subject", "Вопрос об отметке <b>сегодня</b>")
    parent.fill("#id_body", "Здравствуйте! За что поставлена пятёрка?")
    parent.locator("main form button[type=submit]").click()
    parent.wait_for_url("**/messages/*/")
    thread_url = parent.url
    assert "Вопрос об отметке <b>сегодня</b>" in parent.inner_text("main")  # escaped, shown as typed

    # The class teacher reads it and replies from another browser.
    teacher_ctx = browser.new_context(locale="ru-RU")
    teacher_page = teacher_ctx.new_page()
    teacher_page.set_default_timeout(10_000)
    sign_in(teacher_page, live_server.url, "classteacher")
    teacher_page.goto(f"{live_server.url}/messages/")
    teacher_page.locator("main a.list-group-item", has_text="Вопрос об отметке").click()
    assert "За что поставлена пятёрка?" in teacher_page.inner_text("main")
    teacher_page.fill("#id_body", "Амина лучше всех решила задачу у доски.")
    teacher_page.locator("main form button[type=submit]").click()
    teacher_page.wait_for_load_state()
    teacher_ctx.close()

    # The parent sees the unread badge, opens the thread, reads the reply; the badge goes.
    thread_path = thread_url.split(live_server.url, 1)[1]
    parent.goto(f"{live_server.url}/messages/")
    our_thread = parent.locator(f'main a.list-group-item[href="{thread_path}"]')
    assert our_thread.locator(".badge").inner_text().strip().startswith("1")
    parent.goto(thread_url)
    assert "Амина лучше всех решила задачу у доски." in parent.inner_text("main")
    parent.goto(f"{live_server.url}/messages/")
    assert our_thread.locator(".badge").count() == 0
    parent_ctx.close()
