"""A new message tells the thread's other participants; an announcement tells its audience.

Messaging is built beside notifications; these tests run once its services exist.
"""

import importlib

import pytest

from zhurnal.notifications.kinds import Kind
from zhurnal.notifications.models import Notification

pytestmark = pytest.mark.django_db

messaging_services = pytest.importorskip("zhurnal.messaging.services")


def told(cast, name, kind):
    return list(Notification.objects.filter(recipient=cast.user(name), kind=kind))


def test_a_message_tells_the_other_participants_and_not_its_author(
    cast, actor_of, addresses, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = messaging_services.thread_start(
            actor=actor_of("parent_a"),
            recipients=[cast.user("classteacher").pk],
            subject="Об экскурсии",
            body="Можно ли Ивану пропустить?",
        )
    [notification] = told(cast, "classteacher", Kind.MESSAGE)
    assert notification.title.startswith("Новое сообщение от ")
    assert "Об экскурсии" in notification.body
    assert notification.url == f"/messages/{message.thread_id}/"
    assert told(cast, "parent_a", Kind.MESSAGE) == []
    [mail] = smtp.to(addresses["classteacher"])
    assert str(mail["Subject"]).strip().startswith("Новое сообщение от ")


def test_a_class_announcement_reaches_the_families_of_the_class_only(
    cast, actor_of, django_capture_on_commit_callbacks
):
    announcements = importlib.import_module("zhurnal.messaging.announcements")
    with django_capture_on_commit_callbacks(execute=True):
        announcements.announcement_publish(
            actor=actor_of("classteacher"),
            audience="class",
            class_group=cast.class_a,
            title="Родительское собрание",
            body="В четверг в 18:00.",
        )
    for name in ("parent_a", "pupil_a"):
        [notification] = told(cast, name, Kind.ANNOUNCEMENT)
        assert notification.title == "Объявление: Родительское собрание"
    assert told(cast, "parent_b", Kind.ANNOUNCEMENT) == []
    assert told(cast, "classteacher", Kind.ANNOUNCEMENT) == []


def test_the_message_notification_names_the_sender_in_the_genitive(
    cast, actor_of, django_capture_on_commit_callbacks
):
    User = cast.user("parent_a").__class__
    User.objects.filter(pk=cast.user("parent_a").pk).update(
        last_name="Соколова", first_name="Виктория", middle_name="Михайловна"
    )
    with django_capture_on_commit_callbacks(execute=True):
        messaging_services.thread_start(
            actor=actor_of("parent_a"), recipients=[cast.user("classteacher").pk], subject="Т", body="Т"
        )

    [notification] = told(cast, "classteacher", Kind.MESSAGE)
    assert notification.title == "Новое сообщение от Соколовой Виктории Михайловны"
