"""Permission matrix rows for the forum and the class events journal (STYLE.md 10).

The forum rows use a topic in 2А's section written by pupil A's parent. 2А's section is seen by
its class teacher, its English teacher, the administration that moderates (director, deputy,
system administrator) and pupil A's parent; pupil A only where the school allows (it does not by
default); 3Б's parent, the secretary, the other school and the authority are outsiders to it.
"""

from tests.community.data import class_a_event, class_a_post, class_a_topic, section_of
from tests.matrix import Row, each, statuses

MODERATORS_A = ("director", "deputy", "sysadmin", "classteacher")
SEE_CLASS_A_SECTION = (*MODERATORS_A, "teacher", "parent_a")  # the author last
NON_MODERATING_READERS = ("teacher", "parent_a")
EVENTS_A_ADMIN = ("director", "deputy", "sysadmin")
EVENTS_A_FAMILY = ("parent_a", "pupil_a")


def _class_section(cast):
    return f"/community/forum/{section_of(cast, cast.class_a).pk}/"


def _topic(cast, action=""):
    return f"/community/forum/topic/{class_a_topic(cast).pk}/{action}"


def _post(cast, action):
    return f"/community/forum/post/{class_a_post(cast).pk}/{action}/"


def _events(cast, action=""):
    if not action:
        return f"/community/class/{cast.class_a.pk}/events/"
    return f"/community/class/{cast.class_a.pk}/events/{class_a_event(cast).pk}/{action}/"


def _event_body(cast):
    return {
        "date": "2026-12-05",
        "time": "14:30",
        "title": "Экскурсия",
        "kind": "excursion",
        "place": "Музей",
    }


def _moderation(route, url, note):
    return Row(
        route=route,
        url=url,
        method="POST",
        body=lambda cast: {"reason": "Нарушение правил"},
        expect=statuses(404, anonymous=302, **each(MODERATORS_A, 302), **each(NON_MODERATING_READERS, 403)),
        audited=True,
        note=note,
    )


ROWS: list[Row] = [
    Row(
        route="community:forum",
        url=lambda cast: "/community/forum/",
        expect=statuses(200, anonymous=302, authority=403),
        note="every member of a school has its forum; the authority belongs to no school",
    ),
    Row(
        route="community:forum_settings",
        url=lambda cast: "/community/forum/settings/",
        method="POST",
        body=lambda cast: {"school": cast.school_a.pk, "allow_students": "1"},
        expect=statuses(
            403, anonymous=302, **each(("director", "deputy", "sysadmin"), 302), outsider=404, authority=404
        ),
        audited=True,
        note="the administration opens the forum to pupils; other members are refused",
    ),
    Row(
        route="community:section",
        url=_class_section,
        expect=statuses(404, anonymous=302, **each(SEE_CLASS_A_SECTION, 200)),
        note="2А's section: its staff, its parents, the moderating administration",
    ),
    Row(
        route="community:section",
        url=lambda cast: f"/community/forum/{section_of(cast).pk}/",
        expect=statuses(200, anonymous=302, pupil_a=404, outsider=404, authority=404),
        note="the school section: staff and parents of the school; pupils not allowed by default",
    ),
    Row(
        route="community:topic_create",
        url=lambda cast: f"{_class_section(cast)}new/",
        method="POST",
        body=lambda cast: {"title": "Родительский чат", "body": "Предлагаю обсудить"},
        expect=statuses(404, anonymous=302, **each(SEE_CLASS_A_SECTION, 302)),
        audited=True,
        note="whoever sees a section opens topics in it",
    ),
    Row(
        route="community:topic",
        url=_topic,
        expect=statuses(404, anonymous=302, **each(SEE_CLASS_A_SECTION, 200)),
    ),
    Row(
        route="community:post_create",
        url=lambda cast: _topic(cast, "reply/"),
        method="POST",
        body=lambda cast: {"body": "Я за"},
        expect=statuses(404, anonymous=302, **each(SEE_CLASS_A_SECTION, 302)),
        audited=True,
    ),
    _moderation(
        "community:topic_lock", lambda cast: _topic(cast, "lock/"), "class teacher and administration"
    ),
    _moderation(
        "community:topic_unlock", lambda cast: _topic(cast, "unlock/"), "class teacher and administration"
    ),
    _moderation("community:topic_delete", lambda cast: _topic(cast, "delete/"), "soft delete by a moderator"),
    _moderation("community:post_hide", lambda cast: _post(cast, "hide"), "hide with a reason"),
    _moderation("community:post_unhide", lambda cast: _post(cast, "unhide"), "show again"),
    Row(
        route="community:post_edit",
        url=lambda cast: _post(cast, "edit"),
        expect=statuses(404, anonymous=302, **each(SEE_CLASS_A_SECTION[:-1], 403), parent_a=200),
        note="only the author, within 30 minutes",
    ),
    Row(
        route="community:post_edit",
        url=lambda cast: _post(cast, "edit"),
        method="POST",
        body=lambda cast: {"body": "Я за, поправка"},
        expect=statuses(404, anonymous=302, **each(SEE_CLASS_A_SECTION[:-1], 403), parent_a=302),
        audited=True,
    ),
    Row(
        route="community:class_events",
        url=_events,
        expect=statuses(
            404, anonymous=302, classteacher=200, **each((*EVENTS_A_ADMIN, *EVENTS_A_FAMILY), 200)
        ),
        note="the class teacher, the administration and the class's families read; others are outsiders",
    ),
    Row(
        route="community:class_events",
        url=_events,
        method="POST",
        body=_event_body,
        expect=statuses(
            404, anonymous=302, classteacher=302, **each((*EVENTS_A_ADMIN, *EVENTS_A_FAMILY), 403)
        ),
        audited=True,
        note="only the class teacher records events",
    ),
    Row(
        route="community:class_event_edit",
        url=lambda cast: _events(cast, "edit"),
        expect=statuses(
            404, anonymous=302, classteacher=200, **each(EVENTS_A_ADMIN, 200), **each(EVENTS_A_FAMILY, 403)
        ),
    ),
    Row(
        route="community:class_event_edit",
        url=lambda cast: _events(cast, "edit"),
        method="POST",
        body=_event_body,
        expect=statuses(
            404, anonymous=302, classteacher=302, **each(EVENTS_A_ADMIN, 302), **each(EVENTS_A_FAMILY, 403)
        ),
        audited=True,
        note="the class teacher and the administration correct events",
    ),
    Row(
        route="community:class_event_delete",
        url=lambda cast: _events(cast, "delete"),
        method="POST",
        body=lambda cast: {},
        expect=statuses(
            404, anonymous=302, classteacher=302, **each((*EVENTS_A_ADMIN, *EVENTS_A_FAMILY), 403)
        ),
        audited=True,
        note="only the class teacher deletes (softly)",
    ),
]
