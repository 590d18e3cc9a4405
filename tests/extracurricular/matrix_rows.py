"""Permission matrix rows for the extracurricular journal (STYLE.md 10).

The chess course of school A (tests/extracurricular/data.py) is taught by `teacher`; the
director and the deputy keep courses, groups and members; the class teacher, the system
administrator and the secretary hold no course, so the course and its group look missing to
them. Families never open a group's journal: pupil A's attendance is on pupil A's page, which
pupil B's parent, the other school and the authority cannot open.
"""

from tests.extracurricular.data import (
    SESSION_DAY,
    chess,
    chess_group,
    first_session,
    membership_of,
    new_pupil_of_3b,
    teacher_card,
)
from tests.matrix import Row, each, statuses

KEEPERS = ("director", "deputy")
COURSE_READERS = (*KEEPERS, "teacher")
FAMILY_OF_A = ("parent_a", "pupil_a")


def _course(cast, action=""):
    return f"/extracurricular/courses/{chess(cast).pk}/{action}"


def _group(cast, action=""):
    return f"/extracurricular/groups/{chess_group(cast).pk}/{action}"


def _keeper_post(route, url, body, note):
    return Row(
        route=route,
        url=url,
        method="POST",
        body=body,
        expect=statuses(404, anonymous=302, **each(KEEPERS, 302), teacher=403),
        audited=True,
        note=note,
    )


def _course_post(route, url, body, note):
    return Row(
        route=route,
        url=url,
        method="POST",
        body=body,
        expect=statuses(404, anonymous=302, **each(COURSE_READERS, 302)),
        audited=True,
        note=note,
    )


ROWS: list[Row] = [
    Row(
        route="extracurricular:index",
        url=lambda cast: "/extracurricular/",
        expect=statuses(200, anonymous=302, authority=403),
        note="staff see their courses (keepers all of the school's), families their pupils; not the authority",
    ),
    Row(
        route="extracurricular:course_create",
        url=lambda cast: "/extracurricular/courses/new/",
        method="POST",
        body=lambda cast: {
            "school": cast.school_a.pk,
            "name": "Юный эколог",
            "direction": "social",
            "hours": "34",
            "teachers": [teacher_card(cast).pk],
        },
        expect=statuses(403, anonymous=302, **each(KEEPERS, 302), outsider=404, authority=404),
        audited=True,
        note="the deputy and the director create courses; other members of school A are refused",
    ),
    Row(
        route="extracurricular:course",
        url=_course,
        expect=statuses(404, anonymous=302, **each(COURSE_READERS, 200)),
        note="the keepers and the course's teacher",
    ),
    _course_post(
        "extracurricular:plan_topic_add",
        lambda cast: _course(cast, "plan/"),
        lambda cast: {"title": "Рокировка", "hours": "1"},
        "the course's teacher and the keepers write its plan",
    ),
    _course_post(
        "extracurricular:plan_topic_delete",
        lambda cast: _course(cast, f"plan/{chess(cast).plan_topics.order_by('number').last().pk}/delete/"),
        None,
        "the course's teacher and the keepers write its plan",
    ),
    _keeper_post(
        "extracurricular:group_create",
        lambda cast: _course(cast, "groups/"),
        lambda cast: {"name": "Группа 2"},
        "groups are kept by the deputy and the director; the teacher reads them",
    ),
    Row(
        route="extracurricular:group",
        url=_group,
        expect=statuses(404, anonymous=302, **each(COURSE_READERS, 200)),
        note="the group's journal: keepers and the course's teacher; families see their pupil's page",
    ),
    _keeper_post(
        "extracurricular:member_add",
        lambda cast: _group(cast, "members/"),
        lambda cast: {"student": new_pupil_of_3b(cast).pk, "start": "2026-11-02"},
        "a pupil of any class joins on a date",
    ),
    _keeper_post(
        "extracurricular:member_end",
        lambda cast: _group(cast, f"members/{membership_of(cast, cast.pupil_b).pk}/end/"),
        lambda cast: {"end": "2026-11-20"},
        "a pupil leaves on a date",
    ),
    _course_post(
        "extracurricular:session_create",
        lambda cast: _group(cast, "sessions/"),
        lambda cast: {"date": "2026-11-25", "time": "15:00", "topic": "", "notes": ""},
        "the course's teacher (and the keepers) record sessions",
    ),
    _course_post(
        "extracurricular:attendance_save",
        lambda cast: _group(cast, "attendance/"),
        lambda cast: {f"a-{first_session(cast).pk}-{cast.pupil_a.pk}": "н"},
        f"attendance of the session of {SESSION_DAY:%d.%m}, within the edit window",
    ),
    Row(
        route="extracurricular:group_print",
        url=lambda cast: _group(cast, "print/"),
        expect=statuses(404, anonymous=302, **each(COURSE_READERS, 200)),
        note="the printed journal of the group, to those who read it",
    ),
    Row(
        route="extracurricular:pupil",
        url=lambda cast: f"/extracurricular/pupils/{cast.pupil_a.pk}/",
        expect=statuses(200, anonymous=302, parent_b=404, outsider=404, authority=404),
        note="whoever may see pupil A; each sees only the memberships their scope allows",
    ),
]

ROWS += [
    Row(
        route="api:extracurricular_groups",
        url=lambda cast: (chess_group(cast), "/api/v1/extracurricular/groups")[1],
        expect=statuses(200, anonymous=401, authority=403),
        note="each caller gets the groups they read (possibly none); families only their pupils as members",
    ),
    Row(
        route="api:extracurricular_sessions",
        url=lambda cast: f"/api/v1/extracurricular/sessions?group={first_session(cast).group_id}",
        expect=statuses(404, anonymous=401, **each(COURSE_READERS, 200)),
        note="the group's readers; anyone else finds no such group",
    ),
]

ROWS += [
    _course_post(
        "extracurricular:session_update",
        lambda cast: _group(cast, f"sessions/{first_session(cast).pk}/"),
        lambda cast: {
            "date": "2026-11-24",
            "time": "16:00",
            "topic": "Шахматная доска и нотация",
            "notes": "",
        },
        "the course's teacher (and the keepers) correct a session",
    ),
    _course_post(
        "extracurricular:session_delete",
        lambda cast: _group(cast, f"sessions/{first_session(cast).pk}/delete/"),
        None,
        "a session without attendance, entered by mistake",
    ),
]
