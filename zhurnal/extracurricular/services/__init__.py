"""Every write of the extracurricular journal: permission check, transaction, audit row."""

from zhurnal.extracurricular.services.courses import (
    course_create,
    group_create,
    member_add,
    member_end,
    plan_topic_add,
    plan_topic_delete,
)
from zhurnal.extracurricular.services.sessions import (
    next_plan_topic,
    session_attendance_save,
    session_create,
    session_delete,
    session_update,
)

__all__ = [
    "course_create",
    "group_create",
    "member_add",
    "member_end",
    "next_plan_topic",
    "plan_topic_add",
    "plan_topic_delete",
    "session_attendance_save",
    "session_create",
    "session_delete",
    "session_update",
]
