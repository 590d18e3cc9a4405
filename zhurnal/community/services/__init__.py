"""Every write of the forum and the class events journal (STYLE.md 3)."""

from zhurnal.community.services.events import class_event_create, class_event_delete, class_event_update
from zhurnal.community.services.forum import (
    forum_post_create,
    forum_post_hide,
    forum_post_unhide,
    forum_post_update,
    forum_sections_ensure,
    forum_settings_update,
    forum_topic_create,
    forum_topic_delete,
    forum_topic_lock,
    forum_topic_unlock,
)

__all__ = [
    "class_event_create",
    "class_event_delete",
    "class_event_update",
    "forum_post_create",
    "forum_post_hide",
    "forum_post_unhide",
    "forum_post_update",
    "forum_sections_ensure",
    "forum_settings_update",
    "forum_topic_create",
    "forum_topic_delete",
    "forum_topic_lock",
    "forum_topic_unlock",
]
