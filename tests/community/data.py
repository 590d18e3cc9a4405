"""Forum and class-event rows for the cast, created on first use (the matrix builds URLs lazily)."""

import datetime as dt

from django.utils import timezone

from tests.cast import Cast
from zhurnal.community.models import ClassEvent, ForumPost, ForumSection, ForumTopic


def section_of(cast: Cast, class_group=None) -> ForumSection:
    school = class_group.school if class_group is not None else cast.school_a
    return ForumSection.objects.get_or_create(school=school, class_group=class_group)[0]


def topic_in(
    section: ForumSection, author, title: str = "Экскурсия в музей", body: str = "Кто поедет?"
) -> ForumTopic:
    topic = ForumTopic.objects.create(
        school_id=section.school_id, section=section, title=title, author=author, last_post_at=timezone.now()
    )
    ForumPost.objects.create(school_id=section.school_id, topic=topic, author=author, body=body)
    return topic


def class_a_topic(cast: Cast) -> ForumTopic:
    """A topic in 2А's section opened by pupil A's parent."""
    section = section_of(cast, cast.class_a)
    return section.topics.first() or topic_in(section, cast.user("parent_a"))


def class_a_post(cast: Cast) -> ForumPost:
    return class_a_topic(cast).posts.order_by("pk").first()


def class_a_event(cast: Cast, **fields) -> ClassEvent:
    defaults = {"date": dt.date(2026, 12, 5), "title": "Классный час «Безопасная зима»", "kind": "class_hour"}
    defaults.update(fields)
    existing = ClassEvent.objects.filter(class_group=cast.class_a, deleted_at__isnull=True).first()
    if existing is not None and not fields:
        return existing
    return ClassEvent.objects.create(
        school=cast.school_a, class_group=cast.class_a, created_by=cast.user("classteacher"), **defaults
    )
