"""The weekly digest: one e-mail per parent and child, with the week's record, once a week."""

import datetime as dt

import pytest
from django.core.management import call_command

from tests import factories as f
from zhurnal.notifications.kinds import Kind
from zhurnal.notifications.models import DigestSent, NotificationPreference
from zhurnal.people.models import Guardian

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(cast, directories):
    """Pupil A's week: a mark, an absence and homework; parent A also has pupil B's sibling."""
    lesson = cast.lesson_a
    lesson.homework = "Задачи 1–3"
    lesson.save(update_fields=["homework"])
    f.AttendanceFactory(lesson=lesson, student=cast.pupil_a, code=directories["Н"])
    old = f.LessonFactory(assignment=cast.math_a, date=dt.date(2026, 11, 10), slot=1)
    f.MarkFactory(lesson=old, student=cast.pupil_a, value="2")  # another week: not in the digest
    return lesson


def test_each_parent_gets_one_e_mail_per_child_with_the_weeks_marks_absences_and_homework(
    cast, week, addresses, smtp
):
    sibling = f.EnrollmentFactory(class_group=cast.class_b).student
    f.StudentGuardianFactory(student=sibling, guardian=Guardian.objects.get(user=cast.user("parent_a")))
    call_command("notifications_digest", week="2026-11-25")
    mails = smtp.to(addresses["parent_a"])
    assert len(mails) == 2
    [about_a] = [m for m in mails if cast.pupil_a.short_name in str(m["Subject"])]
    assert str(about_a["Subject"]).strip() == f"Сводка за неделю: {cast.pupil_a.short_name} — Школа А"
    text = about_a.get_content()
    assert "с 23 ноября по 29 ноября 2026" in text
    assert f"Математика: {cast.mark_a.value}" in text
    assert "Н — отсутствовал" in text
    assert "Задачи 1–3" in text
    assert ": 2 (" not in text
    assert len(smtp.to(addresses["parent_b"])) == 1


def test_the_digest_is_sent_once_a_week_however_often_the_command_runs(cast, week, addresses, smtp):
    call_command("notifications_digest", week="2026-11-25")
    call_command("notifications_digest", week="2026-11-27")
    assert len(smtp.to(addresses["parent_a"])) == 1
    sent = DigestSent.objects.get(recipient=cast.user("parent_a"))
    assert sent.week_start == dt.date(2026, 11, 23) and sent.delivery.status == "sent"
    call_command("notifications_digest", week="2026-11-30")  # next week: a new one
    assert len(smtp.to(addresses["parent_a"])) == 2


def test_a_parent_who_turned_the_digest_off_gets_none(cast, week, addresses, smtp):
    NotificationPreference.objects.create(
        user=cast.user("parent_a"), kind=Kind.DIGEST, in_app=False, email=False
    )
    call_command("notifications_digest", week="2026-11-25")
    assert not smtp.to(addresses["parent_a"])
    assert len(smtp.to(addresses["parent_b"])) == 1


def test_pupils_do_not_get_the_digest(cast, week, addresses, smtp):
    call_command("notifications_digest", week="2026-11-25")
    assert not smtp.to(addresses["pupil_a"])
