"""One access function per protected thing: an outsider gets NotFound (404), a reader who may
not do the thing gets Forbidden (403)."""

from django.utils.translation import gettext as _

from zhurnal.community.models import ClassEvent, ForumPost, ForumSection, ForumTopic
from zhurnal.community.scopes import event_class_q
from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup


def _not_found() -> NotFound:
    return NotFound(_("Не найдено."))


def _first(queryset, pk):
    try:
        found = queryset.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise _not_found()
    return found


# --- the forum -----------------------------------------------------------------------------------


def section_for_reader(actor: Actor, section_id) -> ForumSection:
    return _first(ForumSection.objects.visible_to(actor).select_related("class_group", "school"), section_id)


def topic_for_reader(actor: Actor, topic_id) -> ForumTopic:
    topics = ForumTopic.objects.visible_to(actor).select_related("section__class_group", "author")
    return _first(topics, topic_id)


def topic_for_moderator(actor: Actor, topic_id) -> ForumTopic:
    topic = topic_for_reader(actor, topic_id)
    if not rules.may_moderate_forum_section(actor, topic.section):
        raise Forbidden(_("Модерировать этот раздел форума могут классный руководитель и администрация."))
    return topic


def post_for_reader(actor: Actor, post_id) -> ForumPost:
    posts = ForumPost.objects.visible_to(actor).select_related("topic__section__class_group", "author")
    return _first(posts, post_id)


def post_for_moderator(actor: Actor, post_id) -> ForumPost:
    post = post_for_reader(actor, post_id)
    if not rules.may_moderate_forum_section(actor, post.topic.section):
        raise Forbidden(_("Модерировать этот раздел форума могут классный руководитель и администрация."))
    return post


# --- the class events journal ----------------------------------------------------------------------


def class_for_events(actor: Actor, class_id) -> ClassGroup:
    """A class whose events journal the actor reads; any other class looks missing."""
    classes = (
        ClassGroup.objects.visible_to(actor).filter(event_class_q(actor)).select_related("school", "year")
    )
    return _first(classes, class_id)


def class_for_event_keeper(actor: Actor, class_id) -> ClassGroup:
    class_group = class_for_events(actor, class_id)
    if not rules.may_keep_class_events(actor, class_group):
        raise Forbidden(_("Мероприятия класса записывает классный руководитель."))
    return class_group


def event_for_reader(actor: Actor, class_group: ClassGroup, event_id) -> ClassEvent:
    events = ClassEvent.objects.visible_to(actor).filter(class_group=class_group).select_related("created_by")
    return _first(events, event_id)


def event_for_editor(actor: Actor, class_id, event_id) -> ClassEvent:
    class_group = class_for_events(actor, class_id)
    event = event_for_reader(actor, class_group, event_id)
    if not rules.may_edit_class_event(actor, class_group):
        raise Forbidden(_("Изменять мероприятия класса могут классный руководитель и администрация."))
    event.class_group = class_group
    return event


def event_for_keeper(actor: Actor, class_id, event_id) -> ClassEvent:
    class_group = class_for_events(actor, class_id)
    event = event_for_reader(actor, class_group, event_id)
    if not rules.may_keep_class_events(actor, class_group):
        raise Forbidden(_("Удалить мероприятие может классный руководитель."))
    event.class_group = class_group
    return event
