"""A new mark reaches the parent by e-mail through a real SMTP server, by their choices."""

import datetime as dt

import pytest
from django.core.management import call_command

from zhurnal.core import clock
from zhurnal.journal.services import mark_create
from zhurnal.notifications.email import MAX_ATTEMPTS
from zhurnal.notifications.kinds import Kind
from zhurnal.notifications.models import EmailDelivery, Notification, NotificationPreference, QuietHours

pytestmark = pytest.mark.django_db


def give_mark(cast, actor_of, directories, capture, value="5"):
    with capture(execute=True):
        mark, _ = mark_create(
            actor=actor_of("classteacher"),
            lesson_id=cast.lesson_a.pk,
            student_id=cast.pupil_a.pk,
            value=value,
            work_type_id=directories["test"].pk,
            comment="Молодец",
        )
    return mark


def test_a_new_mark_is_mailed_to_the_parent_through_a_real_smtp_server(
    cast, actor_of, directories, addresses, smtp, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://zhurnal.school.example"
    give_mark(cast, actor_of, directories, django_capture_on_commit_callbacks)
    [message] = smtp.to(addresses["parent_a"])
    assert str(message["Subject"]).strip() == "Новая отметка 5: Математика — Школа А"
    text = message.get_content()
    assert "Контрольная работа" in text and "Молодец" in text
    assert "Школа: Школа А" in text
    notification = Notification.objects.get(recipient=cast.user("parent_a"))
    assert f"https://zhurnal.school.example/notifications/{notification.pk}/" in text
    delivery = EmailDelivery.objects.get(address=addresses["parent_a"])
    assert delivery.status == "sent" and delivery.attempts == 1 and delivery.sent_at is not None


def test_the_pupil_gets_their_own_notification_and_e_mail(
    cast, actor_of, directories, addresses, smtp, django_capture_on_commit_callbacks
):
    give_mark(cast, actor_of, directories, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=cast.user("pupil_a"), kind=Kind.MARK).count() == 1
    assert len(smtp.to(addresses["pupil_a"])) == 1
    # Nobody else's family hears of it.
    assert not Notification.objects.filter(recipient=cast.user("parent_b")).exists()
    assert not smtp.to(addresses["parent_b"])


def test_with_e_mail_turned_off_the_parent_is_told_in_the_journal_only(
    cast, actor_of, directories, addresses, smtp, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=cast.user("parent_a"), kind=Kind.MARK, in_app=True, email=False
    )
    give_mark(cast, actor_of, directories, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=cast.user("parent_a")).count() == 1
    assert not smtp.to(addresses["parent_a"])
    assert not EmailDelivery.objects.filter(recipient=cast.user("parent_a")).exists()


def test_with_both_channels_off_nothing_is_made(
    cast, actor_of, directories, addresses, smtp, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=cast.user("parent_a"), kind=Kind.MARK, in_app=False, email=False
    )
    give_mark(cast, actor_of, directories, django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(recipient=cast.user("parent_a")).exists()
    assert not smtp.to(addresses["parent_a"])


def test_an_e_mail_due_in_quiet_hours_is_held_and_sent_by_the_command_when_they_end(
    cast, actor_of, directories, addresses, smtp, django_capture_on_commit_callbacks, monkeypatch
):
    night = dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    monkeypatch.setattr(clock, "now", lambda: night)
    QuietHours.objects.create(user=cast.user("parent_a"), start=dt.time(22, 0), end=dt.time(7, 0))
    give_mark(cast, actor_of, directories, django_capture_on_commit_callbacks)
    delivery = EmailDelivery.objects.get(recipient=cast.user("parent_a"))
    assert delivery.status == "held"
    assert delivery.held_until == dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert not smtp.to(addresses["parent_a"])
    # The pupil has no quiet hours: their e-mail went at once.
    assert len(smtp.to(addresses["pupil_a"])) == 1

    call_command("notifications_send")  # still night: nothing goes
    assert not smtp.to(addresses["parent_a"])

    monkeypatch.setattr(clock, "now", lambda: night + dt.timedelta(hours=8))
    call_command("notifications_send")
    assert len(smtp.to(addresses["parent_a"])) == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent"


def test_a_failed_send_is_recorded_and_retried_until_it_goes(
    cast, actor_of, directories, addresses, dead_smtp, django_capture_on_commit_callbacks, settings
):
    give_mark(cast, actor_of, directories, django_capture_on_commit_callbacks)
    delivery = EmailDelivery.objects.get(recipient=cast.user("parent_a"))
    assert delivery.status == "queued" and delivery.attempts == 1
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error.lower()

    from aiosmtpd.controller import Controller

    from tests.notifications.conftest import Mailbox

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=settings.EMAIL_PORT)
    controller.start()
    try:
        call_command("notifications_send")
    finally:
        controller.stop()
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 2 and delivery.last_error == ""
    assert len(mailbox.to(addresses["parent_a"])) == 1


def test_a_send_that_keeps_failing_stops_after_the_last_attempt(
    cast, actor_of, directories, addresses, dead_smtp, django_capture_on_commit_callbacks
):
    give_mark(cast, actor_of, directories, django_capture_on_commit_callbacks)
    for _ in range(MAX_ATTEMPTS + 2):
        call_command("notifications_send")
    delivery = EmailDelivery.objects.get(recipient=cast.user("parent_a"))
    assert delivery.status == "failed" and delivery.attempts == MAX_ATTEMPTS


def test_a_user_without_an_address_gets_no_e_mail_but_the_notification(
    cast, actor_of, directories, smtp, django_capture_on_commit_callbacks
):
    give_mark(cast, actor_of, directories, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=cast.user("parent_a")).exists()
    assert not EmailDelivery.objects.exists()
    assert not smtp.received
