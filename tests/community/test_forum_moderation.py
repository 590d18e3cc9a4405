"""Moderation: hiding posts with a reason, locking and deleting topics; authors' corrections."""

import datetime as dt

import pytest

from tests.community.data import class_a_post, class_a_topic
from zhurnal.community.models import ForumPost
from zhurnal.community.services import forum_post_hide, forum_post_update, forum_topic_lock
from zhurnal.core.errors import Conflict, Forbidden, InvalidInput
from zhurnal.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_class_teacher_hides_a_post_with_a_reason_and_it_is_audited(cast, login):
    post = class_a_post(cast)
    response = login(cast.user("classteacher")).post(
        f"/community/forum/post/{post.pk}/hide/", {"reason": "Личные данные"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Личные данные"
    audit = AuditEvent.objects.get(action="forum.post.hide", object_id=post.pk)
    assert audit.reason == "Личные данные"
    assert audit.before["is_hidden"] is False and audit.after["is_hidden"] is True


def test_hiding_without_a_reason_is_refused_naming_the_reason(cast, actor_of):
    post = class_a_post(cast)
    with pytest.raises(InvalidInput) as error:
        forum_post_hide(actor=actor_of("director"), post_id=post.pk, reason=" ")
    assert error.value.field == "reason"
    assert not ForumPost.objects.get(pk=post.pk).is_hidden


def test_a_hidden_post_shows_a_note_to_others_and_its_text_to_moderators(cast, login, actor_of):
    post = class_a_post(cast)
    forum_post_hide(actor=actor_of("deputy"), post_id=post.pk, reason="Оскорбление")
    url = f"/community/forum/topic/{post.topic_id}/"
    as_teacher = login(cast.user("teacher")).get(url).content.decode()
    assert "Скрыто модератором" in as_teacher and post.body not in as_teacher
    as_moderator = login(cast.user("classteacher")).get(url).content.decode()
    assert post.body in as_moderator and "Оскорбление" in as_moderator


def test_unhiding_is_audited_and_shows_the_text_again(cast, login, actor_of):
    post = class_a_post(cast)
    forum_post_hide(actor=actor_of("deputy"), post_id=post.pk, reason="Проверка")
    client = login(cast.user("sysadmin"))
    client.post(f"/community/forum/post/{post.pk}/unhide/", {"reason": "Проверено"})
    assert AuditEvent.objects.filter(
        action="forum.post.unhide", object_id=post.pk, reason="Проверено"
    ).exists()
    html = login(cast.user("parent_a")).get(f"/community/forum/topic/{post.topic_id}/").content.decode()
    assert post.body in html and "Скрыто модератором" not in html


def test_a_parent_cannot_moderate(cast, login):
    post = class_a_post(cast)
    client = login(cast.user("parent_a"))
    assert client.post(f"/community/forum/post/{post.pk}/hide/", {"reason": "x"}).status_code == 403
    assert client.post(f"/community/forum/topic/{post.topic_id}/lock/").status_code == 403
    assert client.post(f"/community/forum/topic/{post.topic_id}/delete/").status_code == 403
    assert not ForumPost.objects.get(pk=post.pk).is_hidden


def test_a_locked_topic_takes_no_replies(cast, login, actor_of):
    topic = class_a_topic(cast)
    forum_topic_lock(actor=actor_of("classteacher"), topic_id=topic.pk)
    response = login(cast.user("parent_a")).post(f"/community/forum/topic/{topic.pk}/reply/", {"body": "Ещё"})
    assert response.status_code == 302
    assert topic.posts.count() == 1
    assert AuditEvent.objects.filter(action="forum.topic.lock", object_id=topic.pk).exists()


def test_a_deleted_topic_disappears_for_everyone_and_is_audited(cast, login):
    topic = class_a_topic(cast)
    login(cast.user("director")).post(f"/community/forum/topic/{topic.pk}/delete/", {"reason": "Дубль"})
    assert login(cast.user("parent_a")).get(f"/community/forum/topic/{topic.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="forum.topic.delete", object_id=topic.pk, reason="Дубль").exists()


def test_an_author_corrects_their_post_within_30_minutes_but_not_later(cast, actor_of):
    post = class_a_post(cast)
    forum_post_update(actor=actor_of("parent_a"), post_id=post.pk, body="Исправлено")
    assert ForumPost.objects.get(pk=post.pk).body == "Исправлено"
    ForumPost.objects.filter(pk=post.pk).update(created_at=post.created_at - dt.timedelta(minutes=31))
    with pytest.raises(Forbidden):
        forum_post_update(actor=actor_of("parent_a"), post_id=post.pk, body="Поздно")
    assert ForumPost.objects.get(pk=post.pk).body == "Исправлено"


def test_nobody_but_the_author_corrects_a_post(cast, actor_of):
    post = class_a_post(cast)
    with pytest.raises(Forbidden):
        forum_post_update(actor=actor_of("classteacher"), post_id=post.pk, body="Чужая правка")


def test_posts_are_paged_by_twenty(cast, login, actor_of):
    from zhurnal.community.services import forum_post_create

    topic = class_a_topic(cast)
    for n in range(24):
        forum_post_create(actor=actor_of("teacher"), topic_id=topic.pk, body=f"Ответ {n}")
    client = login(cast.user("parent_a"))
    assert len(client.get(f"/community/forum/topic/{topic.pk}/").context["page"].object_list) == 20
    last = client.get(f"/community/forum/topic/{topic.pk}/?page=last").context["page"]
    assert last.number == 2 and len(last.object_list) == 5


def test_replying_to_a_locked_topic_through_the_service_is_a_conflict(cast, actor_of):
    from zhurnal.community.services import forum_post_create

    topic = class_a_topic(cast)
    forum_topic_lock(actor=actor_of("director"), topic_id=topic.pk)
    with pytest.raises(Conflict):
        forum_post_create(actor=actor_of("teacher"), topic_id=topic.pk, body="Ещё")
