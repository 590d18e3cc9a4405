"""The forum's writes: sections on demand, topics, posts, authors' corrections, moderation."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from zhurnal.community import access
from zhurnal.community.models import ForumPost, ForumSection, ForumTopic, SchoolForumSettings
from zhurnal.community.scopes import forum_class_q
from zhurnal.core import clock
from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup

TITLE_MAX = 200
BODY_MAX = 10_000
REASON_MAX = 500
POST_FIELDS = ["body", "is_hidden", "hidden_reason", "edited_at"]
TOPIC_FIELDS = ["title", "is_locked", "deleted_at"]


def _title(value) -> str:
    title = (value or "").strip()
    if not title:
        raise InvalidInput(_("Укажите тему."), field="title")
    if len(title) > TITLE_MAX:
        raise InvalidInput(_("Тема длиннее %(n)s знаков.") % {"n": TITLE_MAX}, field="title")
    return title


def _body(value) -> str:
    body = (value or "").strip()
    if not body:
        raise InvalidInput(_("Напишите текст сообщения."), field="body")
    if len(body) > BODY_MAX:
        raise InvalidInput(_("Текст сообщения длиннее %(n)s знаков.") % {"n": BODY_MAX}, field="body")
    return body


def _reason(value, *, required: bool) -> str:
    reason = (value or "").strip()
    if required and not reason:
        raise InvalidInput(_("Укажите причину."), field="reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(_("Причина длиннее %(n)s знаков.") % {"n": REASON_MAX}, field="reason")
    return reason


# --- sections and settings ------------------------------------------------------------------------


def forum_sections_ensure(*, actor: Actor) -> int:
    """Create the missing sections the actor has: their schools' and this year's classes'.

    Sections are created on demand, the first time a member opens the forum; returns how many.
    """
    schools = set(rules.forum_member_school_ids(actor) | rules.forum_pupil_school_ids(actor))
    if not schools and not actor.led_class_ids:
        return 0
    today = clock.today()
    classes = dict(
        ClassGroup.objects.filter(
            forum_class_q(actor), year__start__lte=today, year__end__gte=today
        ).values_list("pk", "school_id")
    )
    existing = set(
        ForumSection.objects.filter(
            Q(class_group_id__in=list(classes)) | Q(class_group__isnull=True, school_id__in=schools)
        ).values_list("school_id", "class_group_id")
    )
    wanted = {(school_id, None) for school_id in schools} | {(s, c) for c, s in classes.items()}
    missing = sorted(wanted - existing, key=lambda pair: (pair[0], pair[1] or 0))
    if not missing:
        return 0
    with transaction.atomic():
        ForumSection.objects.bulk_create(
            [ForumSection(school_id=s, class_group_id=c) for s, c in missing], ignore_conflicts=True
        )
        for school_id, class_id in missing:
            audit_record(
                actor=actor,
                action="forum.section.create",
                object_type="community.forumsection",
                school_id=school_id,
                after={"class_group": class_id},
            )
    return len(missing)


def forum_settings_update(*, actor: Actor, school_id, allow_students: bool) -> SchoolForumSettings:
    """The administration opens or closes the school's forum to pupils."""
    try:
        school_id = int(school_id)
    except (TypeError, ValueError):
        raise InvalidInput(_("Школа не указана."), field="school") from None
    if school_id not in actor.member_school_ids:
        raise NotFound(_("Не найдено."))
    if school_id not in rules.community_admin_school_ids(actor):
        raise Forbidden(_("Настройки форума меняет администрация школы."))
    with transaction.atomic():
        settings, _created = SchoolForumSettings.objects.select_for_update().get_or_create(
            school_id=school_id
        )
        before = snapshot(settings, ["allow_students"])
        settings.allow_students = bool(allow_students)
        settings.save(update_fields=["allow_students", "updated_at"])
        audit_record(
            actor=actor,
            action="forum.settings.update",
            obj=settings,
            before=before,
            after=snapshot(settings, ["allow_students"]),
        )
    return settings


# --- topics and posts ----------------------------------------------------------------------------------


def forum_topic_create(*, actor: Actor, section_id, title, body) -> ForumTopic:
    section = access.section_for_reader(actor, section_id)
    title, body = _title(title), _body(body)
    now = clock.now()
    with transaction.atomic():
        topic = ForumTopic.objects.create(
            school_id=section.school_id, section=section, title=title, author=actor.user, last_post_at=now
        )
        post = ForumPost.objects.create(
            school_id=section.school_id, topic=topic, author=actor.user, body=body
        )
        audit_record(actor=actor, action="forum.topic.create", obj=topic, after=snapshot(topic, TOPIC_FIELDS))
        audit_record(actor=actor, action="forum.post.create", obj=post, after=snapshot(post, POST_FIELDS))
    return topic


def forum_post_create(*, actor: Actor, topic_id, body) -> ForumPost:
    topic = access.topic_for_reader(actor, topic_id)
    body = _body(body)
    with transaction.atomic():
        topic = ForumTopic.objects.select_for_update().get(pk=topic.pk)
        if topic.is_locked:
            raise Conflict(_("Тема закрыта модератором: новые сообщения не принимаются."), code="locked")
        post = ForumPost.objects.create(school_id=topic.school_id, topic=topic, author=actor.user, body=body)
        topic.last_post_at = post.created_at
        topic.save(update_fields=["last_post_at", "updated_at"])
        audit_record(actor=actor, action="forum.post.create", obj=post, after=snapshot(post, POST_FIELDS))
    return post


def forum_post_update(*, actor: Actor, post_id, body) -> ForumPost:
    """The author corrects their own post within 30 minutes."""
    post = access.post_for_reader(actor, post_id)
    if not rules.may_edit_forum_post(actor, post, clock.now()):
        raise Forbidden(_("Исправить сообщение может только его автор в течение 30 минут."))
    body = _body(body)
    with transaction.atomic():
        post = ForumPost.objects.select_for_update().get(pk=post.pk)
        before = snapshot(post, POST_FIELDS)
        post.body = body
        post.edited_at = clock.now()
        post.save(update_fields=["body", "edited_at", "updated_at"])
        audit_record(
            actor=actor,
            action="forum.post.update",
            obj=post,
            before=before,
            after=snapshot(post, POST_FIELDS),
        )
    return post


# --- moderation ---------------------------------------------------------------------------------------


def _set_hidden(*, actor: Actor, post_id, hidden: bool, reason: str) -> ForumPost:
    post = access.post_for_moderator(actor, post_id)
    reason = _reason(reason, required=hidden)
    with transaction.atomic():
        post = ForumPost.objects.select_for_update().get(pk=post.pk)
        before = snapshot(post, POST_FIELDS)
        post.is_hidden = hidden
        post.hidden_reason = reason if hidden else ""
        post.hidden_by = actor.user if hidden else None
        post.hidden_at = clock.now() if hidden else None
        post.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at", "updated_at"])
        audit_record(
            actor=actor,
            action="forum.post.hide" if hidden else "forum.post.unhide",
            obj=post,
            before=before,
            after=snapshot(post, POST_FIELDS),
            reason=reason,
        )
    return post


def forum_post_hide(*, actor: Actor, post_id, reason) -> ForumPost:
    return _set_hidden(actor=actor, post_id=post_id, hidden=True, reason=reason)


def forum_post_unhide(*, actor: Actor, post_id, reason="") -> ForumPost:
    return _set_hidden(actor=actor, post_id=post_id, hidden=False, reason=reason)


def _set_locked(*, actor: Actor, topic_id, locked: bool, reason: str) -> ForumTopic:
    topic = access.topic_for_moderator(actor, topic_id)
    reason = _reason(reason, required=False)
    with transaction.atomic():
        topic = ForumTopic.objects.select_for_update().get(pk=topic.pk)
        before = snapshot(topic, TOPIC_FIELDS)
        topic.is_locked = locked
        topic.save(update_fields=["is_locked", "updated_at"])
        audit_record(
            actor=actor,
            action="forum.topic.lock" if locked else "forum.topic.unlock",
            obj=topic,
            before=before,
            after=snapshot(topic, TOPIC_FIELDS),
            reason=reason,
        )
    return topic


def forum_topic_lock(*, actor: Actor, topic_id, reason="") -> ForumTopic:
    return _set_locked(actor=actor, topic_id=topic_id, locked=True, reason=reason)


def forum_topic_unlock(*, actor: Actor, topic_id, reason="") -> ForumTopic:
    return _set_locked(actor=actor, topic_id=topic_id, locked=False, reason=reason)


def forum_topic_delete(*, actor: Actor, topic_id, reason="") -> ForumTopic:
    """Soft delete: the topic and its posts disappear from every page; the rows stay for the audit."""
    topic = access.topic_for_moderator(actor, topic_id)
    reason = _reason(reason, required=False)
    with transaction.atomic():
        topic = ForumTopic.objects.select_for_update().get(pk=topic.pk)
        before = snapshot(topic, TOPIC_FIELDS)
        topic.deleted_at = clock.now()
        topic.deleted_by = actor.user
        topic.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        audit_record(
            actor=actor,
            action="forum.topic.delete",
            obj=topic,
            before=before,
            after=snapshot(topic, TOPIC_FIELDS),
            reason=reason,
        )
    return topic
