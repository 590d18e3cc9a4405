"""Reads for the forum's and the class events journal's pages; each runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, Q

from zhurnal.community.models import ClassEvent, ForumPost, ForumSection, ForumTopic, SchoolForumSettings
from zhurnal.core import clock
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup, School

PAGE_SIZE = 20


def _page(queryset, number) -> Page:
    paginator = Paginator(queryset, PAGE_SIZE)
    if number == "last":
        number = paginator.num_pages
    return paginator.get_page(number)


# --- the forum -------------------------------------------------------------------------------------


@dataclass
class SchoolSettings:
    school: School
    allow_students: bool


@dataclass
class ForumIndex:
    sections: list[ForumSection]
    settings: list[SchoolSettings] = field(default_factory=list)  # schools the actor administers


def forum_index(actor: Actor) -> ForumIndex:
    """The school sections and this year's class sections the actor may enter, with their figures."""
    today = clock.today()
    current_classes = ClassGroup.objects.filter(year__start__lte=today, year__end__gte=today).values("pk")
    live = Q(topics__deleted_at__isnull=True)
    sections = list(
        ForumSection.objects.visible_to(actor)
        .filter(Q(class_group__isnull=True) | Q(class_group_id__in=current_classes))
        .select_related("class_group", "school")
        .annotate(
            topic_count=Count("topics", filter=live), last_post_at=Max("topics__last_post_at", filter=live)
        )
        # The school's own section (no class) first on every database: NULLs sort first on
        # SQLite and last on PostgreSQL unless told.
        .order_by(
            "school__short_name",
            "school_id",
            F("class_group__grade").asc(nulls_first=True),
            F("class_group__letter").asc(nulls_first=True),
        )
    )
    admin_schools = rules.community_admin_school_ids(actor)
    settings: list[SchoolSettings] = []
    if admin_schools:
        allowed = set(
            SchoolForumSettings.objects.visible_to(actor)
            .filter(school_id__in=admin_schools, allow_students=True)
            .values_list("school_id", flat=True)
        )
        for school in School.objects.visible_to(actor).filter(pk__in=admin_schools).order_by("short_name"):
            settings.append(SchoolSettings(school=school, allow_students=school.pk in allowed))
    return ForumIndex(sections=sections, settings=settings)


def section_topics(actor: Actor, section: ForumSection, page) -> Page:
    topics = (
        ForumTopic.objects.visible_to(actor)
        .filter(section=section)
        .select_related("author")
        .annotate(post_count=Count("posts"))
        .order_by("-last_post_at", "-pk")
    )
    return _page(topics, page)


def topic_posts(actor: Actor, topic: ForumTopic, page) -> Page:
    posts = (
        ForumPost.objects.visible_to(actor)
        .filter(topic=topic)
        .select_related("author", "hidden_by")
        .order_by("created_at", "pk")
    )
    result = _page(posts, page)
    now = clock.now()
    moderator = rules.may_moderate_forum_section(actor, topic.section)
    for post in result.object_list:
        post.shows_text = moderator or not post.is_hidden
        post.editable = rules.may_edit_forum_post(actor, post, now)
    return result


# --- the class events journal ------------------------------------------------------------------------


@dataclass
class EventsPage:
    class_group: ClassGroup
    upcoming: list[ClassEvent]  # today and later, nearest first
    past: list[ClassEvent]  # most recent first
    may_record: bool
    may_edit: bool


def class_events(actor: Actor, class_group: ClassGroup) -> EventsPage:
    today = clock.today()
    events = list(
        ClassEvent.objects.visible_to(actor)
        .filter(class_group=class_group)
        .select_related("created_by")
        .order_by("date", "time", "pk")
    )
    return EventsPage(
        class_group=class_group,
        upcoming=[e for e in events if e.date >= today],
        past=[e for e in reversed(events) if e.date < today],
        may_record=rules.may_keep_class_events(actor, class_group),
        may_edit=rules.may_edit_class_event(actor, class_group),
    )


__all__ = ["PAGE_SIZE", "class_events", "forum_index", "section_topics", "topic_posts"]
