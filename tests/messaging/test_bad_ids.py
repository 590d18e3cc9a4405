"""Ids typed or tampered with by hand: a clear message by the field (or 404), never a 500.

Each form field holding an id answers 400 with the form's Russian message beside that field;
an id naming the protected thing itself (a conversation, a class to write to, a file) is 404.
Nothing is saved either way.
"""

import pytest

from tests.messaging.helpers import write
from zhurnal.core.errors import InvalidInput, NotFound
from zhurnal.messaging import access
from zhurnal.messaging.announcements import announcement_publish
from zhurnal.messaging.models import Announcement, Message, Thread
from zhurnal.messaging.services import class_parents_broadcast, message_post, thread_start

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "1.5", "", " ", "-1", "0", str(2**63), "9" * 30, None, 1.5, True, [1], {"id": 1}]


@pytest.mark.parametrize("raw", ["abc", "1.5", "-4", "0", str(2**63), "9" * 30])
def test_a_class_announcement_with_a_bad_class_id_is_400_by_the_class_field(cast, login, raw):
    response = login(cast.user("director")).post(
        "/messages/announcements/new/",
        {"audience": "class", "class_group": raw, "title": "Т", "body": "Т"},
    )
    assert response.status_code == 400
    assert response.context["error"].field == "class_group"
    assert "Выберите класс." in response.content.decode()
    assert not Announcement.objects.exists()


@pytest.mark.parametrize("raw", ["abc", "1.5", "-4", "0", str(2**63), "9" * 30])
def test_a_school_announcement_with_a_bad_school_id_is_refused_by_the_school_field(cast, actor_of, raw):
    with pytest.raises(InvalidInput) as refused:
        announcement_publish(
            actor=actor_of("director"), audience="school", title="Т", body="Т", school_id=raw
        )
    assert refused.value.field == "school"
    assert not Announcement.objects.exists()


def test_a_school_announcement_with_the_school_id_as_text_is_published(cast, actor_of):
    found = announcement_publish(
        actor=actor_of("director"), audience="school", title="Т", body="Т", school_id=str(cast.school_a.pk)
    )
    assert found.school_id == cast.school_a.pk


def test_a_class_announcement_with_the_class_id_as_text_is_published(cast, login):
    response = login(cast.user("director")).post(
        "/messages/announcements/new/",
        {"audience": "class", "class_group": f" {cast.class_a.pk} ", "title": "Т", "body": "Т"},
    )
    assert response.status_code == 302
    assert Announcement.objects.get().class_group_id == cast.class_a.pk


@pytest.mark.parametrize("raw", ["abc", "1.5", "-4", "0", str(2**63), "9" * 30])
def test_a_bad_recipient_on_the_new_message_form_is_400_by_the_recipients_field(cast, login, raw):
    response = login(cast.user("parent_a")).post(
        "/messages/new/",
        {"recipients": [str(cast.user("classteacher").pk), raw], "subject": "Т", "body": "Т"},
    )
    assert response.status_code == 400
    assert response.context["error"].field == "recipients"
    assert "указан неверно" in response.content.decode()
    assert not Thread.objects.exists()


@pytest.mark.parametrize("raw", BAD_IDS)
def test_the_recipients_service_refuses_a_bad_id_by_the_field(cast, actor_of, raw):
    with pytest.raises(InvalidInput) as refused:
        thread_start(actor=actor_of("parent_a"), recipients=[raw], subject="Т", body="Т")
    assert refused.value.field == "recipients"
    assert not Thread.objects.exists()


@pytest.mark.parametrize("raw", BAD_IDS)
def test_a_reply_to_a_bad_thread_id_is_404(cast, actor_of, raw):
    write(cast, "parent_a", "classteacher")
    with pytest.raises(NotFound):
        message_post(actor=actor_of("parent_a"), thread=raw, body="Т")
    assert Message.objects.count() == 1


@pytest.mark.parametrize("raw", BAD_IDS)
def test_a_broadcast_to_a_bad_class_id_is_404(cast, actor_of, raw):
    with pytest.raises(NotFound):
        class_parents_broadcast(actor=actor_of("classteacher"), class_group=raw, subject="Т", body="Т")
    assert not Thread.objects.exists()


def test_a_broadcast_to_the_class_id_as_text_is_sent(cast, actor_of):
    threads = class_parents_broadcast(
        actor=actor_of("classteacher"), class_group=str(cast.class_a.pk), subject="Т", body="Т"
    )
    assert threads


@pytest.mark.parametrize("raw", BAD_IDS)
@pytest.mark.parametrize(
    "look_up",
    [
        access.thread_for_participant,
        access.attachment_for_participant,
        access.class_for_broadcast,
    ],
)
def test_every_access_function_answers_a_bad_id_with_404(cast, actor_of, look_up, raw):
    with pytest.raises(NotFound):
        look_up(actor_of("classteacher"), raw)


@pytest.mark.parametrize("path", [f"/messages/{2**63}/", f"/messages/{'9' * 30}/"])
def test_an_impossible_thread_id_in_the_address_is_404(cast, login, path):
    assert login(cast.user("parent_a")).get(path).status_code == 404


@pytest.mark.parametrize("raw", [2**63, 10**30, 0, -1])
def test_an_impossible_thread_id_through_the_api_is_400_or_404(cast, call_as, raw):
    response = call_as("parent_a", "/messages", method="post", body={"thread": raw, "body": "Т"})
    assert response.status_code in (400, 404)
    assert Message.objects.count() == 0
