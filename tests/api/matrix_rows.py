"""The API's rows of the permission matrix (tests/matrix.py).

The runner calls API routes with `Authorization: Bearer <token>` (a token from
zhurnal.accounts.tokens.token_issue) for signed-in members and with nothing for "anonymous".
Anonymous on a protected route gets 401; an outsider asking for a record gets 404.
"""

from itertools import count

from tests.matrix import ADMINISTRATION, Row, each, statuses
from zhurnal.journal.models import Attendance, AttendanceCode
from zhurnal.schools.models import StudyPeriod

_attempt = count()

# The journal of 2А's mathematics (cast.math_a) is the class teacher's. The director and the
# deputy read it but may not write (403); the system administrator, the secretary and the
# subject teacher do not read it (404, as for a missing one); families and the authority are
# not staff (403 on every journal route, read or write).
JOURNAL_READ = statuses(
    404,
    anonymous=401,
    director=200,
    deputy=200,
    classteacher=200,
    parent_a=403,
    parent_b=403,
    pupil_a=403,
    authority=403,
)


def journal_write(owner_status: int) -> dict[str, int]:
    return statuses(
        404,
        anonymous=401,
        director=403,
        deputy=403,
        classteacher=owner_status,
        parent_a=403,
        parent_b=403,
        pupil_a=403,
        authority=403,
    )


def _absent_code(cast) -> AttendanceCode:
    code, _ = AttendanceCode.objects.get_or_create(
        school=cast.school_a, code="Н", defaults={"name": "отсутствовал"}
    )
    return code


def _attendance_url(cast) -> str:
    return f"/api/v1/lessons/{cast.lesson_a.pk}/attendance/{cast.pupil_a.pk}"


def _recorded_attendance_url(cast) -> str:
    # Something to clear, so that the owner's DELETE writes a history row.
    Attendance.objects.get_or_create(
        lesson=cast.lesson_a,
        student=cast.pupil_a,
        defaults={"school": cast.school_a, "code": _absent_code(cast)},
    )
    return _attendance_url(cast)


def _period_mark_body(cast) -> dict:
    period = StudyPeriod.objects.filter(school=cast.school_a).first()
    return {
        "student": cast.pupil_a.pk,
        "assignment": cast.math_a.pk,
        "period": period.pk,
        "value": "5",
        "reason": "Итоговая контрольная",
    }


def _wrong_password(cast) -> dict:
    # A new user name for every call, so that the runner's repeated wrong passwords never
    # reach the lockout (accounts.lockout counts failures per user name).
    return {"username": f"matrix-nobody-{next(_attempt)}", "password": "wrong-password"}


ROWS: list[Row] = [
    Row(
        route="api:auth_token",
        method="POST",
        url=lambda cast: "/api/v1/auth/token",
        body=_wrong_password,
        expect=statuses(401),
        note=(
            "Public: the body decides, not the caller. With a wrong password everyone, signed in or "
            "not, gets 401 invalid_credentials; the right one gives 200 (tests/api/test_auth_token.py)."
        ),
    ),
    Row(
        route="api:openapi-json",
        url=lambda cast: "/api/v1/openapi.json",
        expect=statuses(200),
        note="The OpenAPI document is public.",
    ),
    Row(
        route="api:api-root",
        url=lambda cast: "/api/v1/",
        expect=statuses(404),
        note="ninja's root route only helps it build paths; it answers 404 to everyone.",
    ),
    Row(
        route="api:me",
        url=lambda cast: "/api/v1/me",
        expect=statuses(200, anonymous=401),
    ),
    Row(
        route="api:classes",
        url=lambda cast: "/api/v1/classes",
        expect=statuses(200, anonymous=401),
        note="Everyone gets the classes they may see; the authority an empty list.",
    ),
    Row(
        route="api:class_students",
        url=lambda cast: f"/api/v1/classes/{cast.class_a.pk}/students",
        expect=statuses(
            200,
            anonymous=401,
            parent_b=404,
            outsider=404,
            authority=404,
        ),
        note="2А: its teachers, the administration and pupil A's family; parent B's child is in 3Б.",
    ),
    Row(
        route="api:student",
        url=lambda cast: f"/api/v1/students/{cast.pupil_a.pk}",
        expect=statuses(
            200,
            anonymous=401,
            parent_b=404,
            outsider=404,
            authority=404,
        ),
        note="Pupil A: the teacher teaches their English subgroup; parent B and the outsider get 404.",
    ),
    Row(
        route="api:assignments",
        url=lambda cast: "/api/v1/assignments",
        expect={
            **statuses(403, anonymous=401),
            **each((*ADMINISTRATION, "classteacher", "teacher", "outsider"), 200),
        },
        note="Staff only (may_see_staff_area); the outsider gets their own school's assignments.",
    ),
]

ROWS += [
    Row(
        route="api:journal",
        url=lambda cast: f"/api/v1/journal?assignment={cast.math_a.pk}",
        expect=JOURNAL_READ,
        note="Staff who read 2А's mathematics journal (journal_assignment_q); families use the diary.",
    ),
    Row(
        route="api:cell_history",
        url=lambda cast: f"/api/v1/lessons/{cast.lesson_a.pk}/students/{cast.pupil_a.pk}/history",
        expect=JOURNAL_READ,
        note="Readers of the lesson's journal.",
    ),
    Row(
        route="api:lesson_create",
        method="POST",
        url=lambda cast: "/api/v1/lessons",
        body=lambda cast: {"assignment": cast.math_a.pk, "date": "2026-11-26", "slot": 2},
        expect=journal_write(201),
        audited=True,
        note="Only the assignment's teacher creates lessons in it.",
    ),
    Row(
        route="api:lesson_update",
        method="PATCH",
        url=lambda cast: f"/api/v1/lessons/{cast.lesson_a.pk}",
        body=lambda cast: {"topic": "Сложение двузначных чисел", "homework": "С. 42, № 3"},
        expect=journal_write(200),
        audited=True,
        extra_headers={"If-Match": "1"},
    ),
    Row(
        route="api:lesson_all_present",
        method="POST",
        url=lambda cast: f"/api/v1/lessons/{cast.lesson_a.pk}/all-present",
        expect=journal_write(200),
        audited=True,
    ),
    Row(
        route="api:lesson_substitute",
        method="POST",
        url=lambda cast: f"/api/v1/lessons/{cast.lesson_a.pk}/substitute",
        body=lambda cast: {"teacher": cast.english_a.teacher_id, "reason": "Больничный"},
        # Staff who do not read the journal do not see the lesson (404); families are not staff (403).
        expect=statuses(
            404,
            anonymous=401,
            director=200,
            deputy=200,
            classteacher=403,
            parent_a=403,
            parent_b=403,
            pupil_a=403,
            authority=403,
        ),
        audited=True,
    ),
    Row(
        route="api:attendance_set",
        method="PUT",
        url=_attendance_url,
        body=lambda cast: {"code": _absent_code(cast).code},
        expect=journal_write(200),
        audited=True,
    ),
    Row(
        route="api:attendance_clear",
        method="DELETE",
        url=_recorded_attendance_url,
        expect=journal_write(204),
        audited=True,
        extra_headers={"If-Match": "1"},
    ),
    Row(
        route="api:mark_create",
        method="POST",
        url=lambda cast: "/api/v1/marks",
        body=lambda cast: {
            "lesson": cast.lesson_a.pk,
            "student": cast.pupil_a.pk,
            "value": "4",
            "work_type": cast.mark_a.work_type_id,
        },
        expect=journal_write(201),
        audited=True,
    ),
    Row(
        route="api:mark_update",
        method="PATCH",
        url=lambda cast: f"/api/v1/marks/{cast.mark_a.pk}",
        body=lambda cast: {"value": "4", "reason": "Пересдача"},
        expect=journal_write(200),
        audited=True,
        extra_headers={"If-Match": "1"},
    ),
    Row(
        route="api:mark_delete",
        method="DELETE",
        url=lambda cast: f"/api/v1/marks/{cast.mark_a.pk}",
        expect=journal_write(204),
        audited=True,
        extra_headers={"If-Match": "1"},
    ),
    Row(
        route="api:journal_cells",
        method="POST",
        url=lambda cast: "/api/v1/journal/cells",
        body=lambda cast: {
            "items": [
                {
                    "op": "mark.create",
                    "lesson": cast.lesson_a.pk,
                    "student": cast.pupil_a.pk,
                    "value": "4",
                    "work_type": cast.mark_a.work_type_id,
                    "idempotency_key": f"matrix-{next(_attempt)}",
                }
            ]
        },
        # Any staff member may send a batch (200); each item then answers 201, 403 or 404 by the
        # rules of its single route (tests/api/test_journal_cells.py checks them per member).
        expect=statuses(200, anonymous=401, parent_a=403, parent_b=403, pupil_a=403, authority=403),
        note="item statuses inside the answer",
    ),
    Row(
        route="api:period_mark_set",
        method="PUT",
        url=lambda cast: "/api/v1/period-marks",
        body=_period_mark_body,
        expect=journal_write(200),
        audited=True,
        note="A mark other than the suggested one («н/а»: too few marks), so with a reason.",
    ),
]

# The people API (issue 10 item 9). Lists are for staff (families and the authority 403); a record
# answers 200 to whoever sees the card (with the fields their role may see) and 404 to the rest.
PEOPLE_LIST = statuses(200, anonymous=401, parent_a=403, parent_b=403, pupil_a=403, authority=403)

ROWS += [
    Row(route="api:students", url=lambda cast: "/api/v1/students?q=а", expect=PEOPLE_LIST),
    Row(route="api:staff_list", url=lambda cast: "/api/v1/staff", expect=PEOPLE_LIST),
    Row(
        route="api:staff",
        url=lambda cast: f"/api/v1/staff/{cast.math_b.teacher_id}",
        expect=statuses(200, anonymous=401, outsider=404, authority=404),
        note="School A's community sees the teacher's name and position; contacts only its staff.",
    ),
    Row(route="api:guardians", url=lambda cast: "/api/v1/guardians", expect=PEOPLE_LIST),
    Row(
        route="api:guardian",
        url=lambda cast: f"/api/v1/guardians/{cast.pupil_a.guardian_links.get().guardian_id}",
        expect=statuses(
            404,
            anonymous=401,
            director=200,
            deputy=200,
            sysadmin=200,
            secretary=200,
            classteacher=200,
            parent_a=200,
        ),
        note="Parent A's card: the record keepers, 2А's class teacher and parent A themself.",
    ),
    Row(
        route="api:credential_issues",
        url=lambda cast: "/api/v1/credential-issues",
        expect=statuses(403, anonymous=401, director=200, sysadmin=200, classteacher=200, outsider=200),
        note="The administrators (their schools' log) and class teachers (what they issued).",
    ),
]

ROWS += [
    Row(
        route="api:study_groups",
        url=lambda cast: "/api/v1/study-groups",
        expect={
            **statuses(403, anonymous=401),
            **each((*ADMINISTRATION, "classteacher", "teacher", "outsider"), 200),
        },
        note="Staff only; each gets the groups they keep or whose journal they read (decision 0036).",
    ),
]
