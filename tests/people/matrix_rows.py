"""Permission matrix rows for the people pages: staff records and the credentials chain."""

from tests import factories as f
from tests.matrix import Row, statuses
from zhurnal.accounts.models import Role, User
from zhurnal.people.services.credentials import account_block
from zhurnal.policy.actor import actor_for

# Staff records: the secretary, the system administrator and the director of school A.
STAFF_KEEPERS = statuses(403, anonymous=302, director=200, sysadmin=200, secretary=200)
# A staff card of school A: its school sees the card exists (403), others do not (404).
STAFF_CARD = statuses(
    403, anonymous=302, director=200, sysadmin=200, secretary=200, outsider=404, authority=404
)
# Pupil A's slip: the administrators and 2А's class teacher issue it; those who see pupil A may
# not (403); whoever does not see pupil A gets 404.
PUPIL_SLIP = statuses(
    403,
    anonymous=302,
    director=200,
    sysadmin=200,
    classteacher=200,
    parent_b=404,
    outsider=404,
    authority=404,
)
# 2А's credentials: its class teacher and the administrators; 2А's readers 403; the rest 404.
CLASS_A_CREDENTIALS = PUPIL_SLIP
ISSUANCE_LOG = statuses(403, anonymous=302, director=200, sysadmin=200, classteacher=200, outsider=200)
# Blocking the subject teacher: the administrators (redirect back); the teacher themself sees
# their own login but may not (403); to everyone else it does not exist.
BLOCK_TEACHER = statuses(404, anonymous=302, director=302, sysadmin=302, teacher=403)


# Records (issue 10 item 3).
SEARCHERS = statuses(200, anonymous=302, parent_a=403, parent_b=403, pupil_a=403, authority=403)
PUPIL_A_RECORD = statuses(200, anonymous=302, parent_b=404, outsider=404, authority=404)
PUPIL_A_EDITORS = statuses(
    403,
    anonymous=302,
    director=200,
    sysadmin=200,
    classteacher=200,
    parent_b=404,
    outsider=404,
    authority=404,
)
STUDENT_CREATORS = statuses(403, anonymous=302, director=200, sysadmin=200)
PARENT_A_RECORD = statuses(
    404, anonymous=302, director=200, deputy=200, sysadmin=200, secretary=200, classteacher=200, parent_a=200
)
PARENT_A_EDITORS = {**PARENT_A_RECORD, "deputy": 403, "secretary": 403, "parent_a": 403}
STAFF_EDITORS = STAFF_CARD


def redirected(expect: dict[str, int]) -> dict[str, int]:
    """A successful form post redirects (302) where the page answered 200."""
    return {member: 302 if status == 200 else status for member, status in expect.items()}


def parent_a_card(cast) -> int:
    return cast.pupil_a.guardian_links.get().guardian_id


CONSENT_READERS = statuses(
    404,
    anonymous=302,
    director=200,
    deputy=200,
    sysadmin=200,
    secretary=200,
    classteacher=200,
    parent_a=200,
    pupil_a=200,
)
CONSENT_EDITORS = {
    **CONSENT_READERS,
    "director": 302,
    "sysadmin": 302,
    "classteacher": 302,
    "deputy": 403,
    "secretary": 403,
    "parent_a": 403,
    "pupil_a": 403,
}


def consent_of_pupil_a(cast) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhurnal.people.models import Consent
    from zhurnal.people.services.consents import consent_record

    existing = Consent.objects.filter(student=cast.pupil_a).first()
    if existing is not None:
        return existing.pk
    return consent_record(
        actor=actor_for(cast.user("sysadmin")),
        student=cast.pupil_a,
        kind="processing",
        given_on="2026-09-01",
        scan=SimpleUploadedFile("согласие.pdf", b"%PDF-1.4\n%scan\n"),
    ).pk


def teacher_card(cast) -> int:
    return cast.math_b.teacher_id


def blocked_parent_url(cast) -> str:
    """A parent of school A outside the cast, blocked, to be unblocked."""
    parent = User.objects.filter(username="blocked_parent").first()
    if parent is None:
        parent = f.UserFactory(username="blocked_parent")
        f.RoleGrantFactory(user=parent, role=Role.PARENT, school=cast.school_a)
        account_block(actor=actor_for(cast.user("sysadmin")), user=parent, reason="проверка")
    return f"/people/accounts/{parent.pk}/unblock/"


ROWS: list[Row] = [
    Row(
        route="people:consent_add",
        url=lambda cast: f"/people/students/{cast.pupil_a.pk}/consents/",
        method="POST",
        body=lambda cast: {"kind": "processing", "given_on": "2026-09-01"},
        expect=redirected(PUPIL_A_EDITORS),
        audited=True,
    ),
    Row(
        route="people:consent_withdraw",
        url=lambda cast: f"/people/consents/{consent_of_pupil_a(cast)}/withdraw/",
        method="POST",
        body=lambda cast: {},
        expect=CONSENT_EDITORS,
        audited=True,
    ),
    Row(
        route="people:consent_scan",
        url=lambda cast: f"/people/consents/{consent_of_pupil_a(cast)}/scan/",
        expect=CONSENT_READERS,
    ),
    Row(route="people:search", url=lambda cast: "/people/?kind=students&q=а", expect=SEARCHERS),
    Row(
        route="people:student_detail",
        url=lambda cast: f"/people/students/{cast.pupil_a.pk}/",
        expect=PUPIL_A_RECORD,
    ),
    Row(
        route="people:student_edit",
        url=lambda cast: f"/people/students/{cast.pupil_a.pk}/edit/",
        expect=PUPIL_A_EDITORS,
    ),
    Row(
        route="people:student_edit",
        url=lambda cast: f"/people/students/{cast.pupil_a.pk}/edit/",
        method="POST",
        body=lambda cast: {"last_name": "Новикова", "first_name": "Анна", "address": "ст. Александровская"},
        expect=redirected(PUPIL_A_EDITORS),
        audited=True,
    ),
    Row(route="people:student_new", url=lambda cast: "/people/students/new/", expect=STUDENT_CREATORS),
    Row(
        route="people:student_new",
        url=lambda cast: "/people/students/new/",
        method="POST",
        body=lambda cast: {"last_name": "Новикова", "first_name": "Анна", "birth_date": "2018-03-02"},
        expect=redirected(STUDENT_CREATORS),
        audited=True,
    ),
    Row(
        route="people:guardian_new",
        url=lambda cast: f"/people/students/{cast.pupil_a.pk}/guardians/new/",
        expect=PUPIL_A_EDITORS,
    ),
    Row(
        route="people:guardian_new",
        url=lambda cast: f"/people/students/{cast.pupil_a.pk}/guardians/new/",
        method="POST",
        body=lambda cast: {"last_name": "Новиков", "first_name": "Пётр", "relation": "father"},
        expect=redirected(PUPIL_A_EDITORS),
        audited=True,
    ),
    Row(
        route="people:guardian_detail",
        url=lambda cast: f"/people/guardians/{parent_a_card(cast)}/",
        expect=PARENT_A_RECORD,
    ),
    Row(
        route="people:guardian_edit",
        url=lambda cast: f"/people/guardians/{parent_a_card(cast)}/edit/",
        expect=PARENT_A_EDITORS,
    ),
    Row(
        route="people:guardian_edit",
        url=lambda cast: f"/people/guardians/{parent_a_card(cast)}/edit/",
        method="POST",
        body=lambda cast: {"last_name": "Новикова", "first_name": "Ольга", "phone": "+7 900 000-00-00"},
        expect=redirected(PARENT_A_EDITORS),
        audited=True,
    ),
    Row(
        route="people:staff_edit",
        url=lambda cast: f"/people/staff/{teacher_card(cast)}/edit/",
        expect=STAFF_EDITORS,
    ),
    Row(
        route="people:staff_edit",
        url=lambda cast: f"/people/staff/{teacher_card(cast)}/edit/",
        method="POST",
        body=lambda cast: {"last_name": "Орлова", "first_name": "Ольга", "position": "учитель математики"},
        expect=redirected(STAFF_EDITORS),
        audited=True,
    ),
    Row(route="people:staff_new", url=lambda cast: "/people/staff/new/", expect=STAFF_KEEPERS),
    Row(
        route="people:staff_new",
        url=lambda cast: "/people/staff/new/",
        method="POST",
        body=lambda cast: {"last_name": "Орлов", "first_name": "Олег", "position": "учитель"},
        expect={**STAFF_KEEPERS, "director": 302, "sysadmin": 302, "secretary": 302},
        audited=True,
    ),
    Row(
        route="people:staff_detail",
        url=lambda cast: f"/people/staff/{teacher_card(cast)}/",
        expect=STAFF_CARD,
    ),
    Row(
        route="people:card_credentials",
        url=lambda cast: f"/people/students/{cast.pupil_a.pk}/credentials/",
        method="POST",
        body=lambda cast: {},
        expect=PUPIL_SLIP,
        audited=True,
    ),
    Row(
        route="people:class_credentials",
        url=lambda cast: f"/people/classes/{cast.class_a.pk}/credentials/",
        expect=CLASS_A_CREDENTIALS,
    ),
    Row(
        route="people:class_credentials",
        url=lambda cast: f"/people/classes/{cast.class_a.pk}/credentials/",
        method="POST",
        body=lambda cast: {"who": "parents"},
        expect=CLASS_A_CREDENTIALS,
        audited=True,
    ),
    Row(route="people:credential_issues", url=lambda cast: "/people/credentials/", expect=ISSUANCE_LOG),
    Row(
        route="people:account_block",
        url=lambda cast: f"/people/accounts/{cast.user('teacher').pk}/block/",
        method="POST",
        body=lambda cast: {"reason": "увольнение"},
        expect=BLOCK_TEACHER,
        audited=True,
    ),
    Row(
        route="people:account_unblock",
        url=blocked_parent_url,
        method="POST",
        body=lambda cast: {},
        expect=statuses(404, anonymous=302, director=302, sysadmin=302),
        audited=True,
    ),
]


# Teaching load and timetable (issue 10 item 7): the administration reads them; the system
# administrator, the director and the deputy edit them (policy.rules.schedule_keeper_school_ids).
SCHEDULE_READERS = statuses(
    403, anonymous=302, director=200, deputy=200, sysadmin=200, secretary=200, outsider=404
)
SCHEDULE_KEEPERS_POST = {
    **SCHEDULE_READERS,
    "director": 302,
    "deputy": 302,
    "sysadmin": 302,
    "secretary": 403,
}
MATH_A_READERS = statuses(
    404,
    anonymous=302,
    director=200,
    deputy=200,
    sysadmin=200,
    secretary=200,
    classteacher=403,
    parent_a=403,
    pupil_a=403,
)
CLASS_A_SCHEDULE = statuses(
    403,
    anonymous=302,
    director=200,
    deputy=200,
    sysadmin=200,
    secretary=200,
    parent_b=404,
    outsider=404,
    authority=404,
)


def _new_assignment_body(cast) -> dict:
    return {
        "class_group": cast.class_b.pk,
        "subject": cast.english_a.subject_id,
        "teacher": cast.english_a.teacher_id,
        "hours_per_week": "3",
    }


ROWS += [
    Row(
        route="people:assignments",
        url=lambda cast: f"/people/assignments/?school={cast.school_a.pk}",
        expect=SCHEDULE_READERS,
        note="School A's load: its administration; the school's others 403; the outsider 404.",
    ),
    Row(
        route="people:assignments",
        url=lambda cast: f"/people/assignments/?school={cast.school_a.pk}",
        method="POST",
        body=_new_assignment_body,
        expect=SCHEDULE_KEEPERS_POST,
        audited=True,
        note="English for 3Б: the keepers add it (redirect); the secretary reads but may not.",
    ),
    Row(
        route="people:assignment",
        url=lambda cast: f"/people/assignments/{cast.math_a.pk}/",
        expect=MATH_A_READERS,
        note="Those who see 2А's mathematics but are not the administration get 403.",
    ),
    Row(
        route="people:assignment",
        url=lambda cast: f"/people/assignments/{cast.math_a.pk}/",
        method="POST",
        body=lambda cast: {"action": "update", "teacher": cast.math_a.teacher_id, "hours_per_week": "5"},
        expect={**MATH_A_READERS, "director": 302, "deputy": 302, "sysadmin": 302, "secretary": 403},
        audited=True,
    ),
    Row(
        route="people:class_timetable",
        url=lambda cast: f"/people/classes/{cast.class_a.pk}/timetable/",
        expect=CLASS_A_SCHEDULE,
    ),
    Row(
        route="people:class_timetable",
        url=lambda cast: f"/people/classes/{cast.class_a.pk}/timetable/",
        method="POST",
        body=lambda cast: {"action": "add", "assignment": cast.math_a.pk, "weekday": "1", "slot": "5"},
        expect={**CLASS_A_SCHEDULE, "director": 302, "deputy": 302, "sysadmin": 302, "secretary": 403},
        audited=True,
    ),
]


# Taking a role back: the administrators of the login's school; the teacher themself sees their
# own login but may not (403); to everyone else it does not exist (404).
TEACHER_ROLES = statuses(404, anonymous=302, director=200, sysadmin=200, teacher=403)


def _teacher_grant_body(cast) -> dict:
    grant = cast.user("teacher").grants.get()
    return {"grant": grant.pk, "reason": "Приказ № 12-К об увольнении"}


ROWS += [
    Row(
        route="people:account_roles",
        url=lambda cast: f"/people/accounts/{cast.user('teacher').pk}/roles/",
        expect=TEACHER_ROLES,
    ),
    Row(
        route="people:account_roles",
        url=lambda cast: f"/people/accounts/{cast.user('teacher').pk}/roles/",
        method="POST",
        body=_teacher_grant_body,
        expect={**TEACHER_ROLES, "director": 302, "sysadmin": 302},
        audited=True,
    ),
]


# Cross-class study groups (issue 10 item 7, decision 0036): the system administrator, the
# director and the deputy read them; the first two create groups and keep members. A group's
# name is known to its school (as a subgroup's), so the school's others get 403; the outsider 404.
GROUP_READERS = statuses(403, anonymous=302, director=200, deputy=200, sysadmin=200, outsider=404)
GROUP_KEEPERS_POST = {**GROUP_READERS, "director": 302, "deputy": 403, "sysadmin": 302}


def _study_group(cast):
    from tests.people.groups_setup import build_group
    from zhurnal.schools.models import StudyGroup

    return StudyGroup.objects.filter(school=cast.school_a).first() or build_group(cast).group


ROWS += [
    Row(
        route="people:study_groups",
        url=lambda cast: f"/people/groups/?school={cast.school_a.pk}",
        expect=GROUP_READERS,
    ),
    Row(
        route="people:study_groups",
        url=lambda cast: f"/people/groups/?school={cast.school_a.pk}",
        method="POST",
        body=lambda cast: {
            "year": cast.class_a.year_id,
            "name": "Элективный курс «Финансовая грамотность»",
            "grade": "2",
        },
        expect=GROUP_KEEPERS_POST,
        audited=True,
        note="The deputy reads the groups but may not create one.",
    ),
    Row(
        route="people:study_group",
        url=lambda cast: f"/people/groups/{_study_group(cast).pk}/",
        expect=GROUP_READERS,
    ),
    Row(
        route="people:study_group",
        url=lambda cast: f"/people/groups/{_study_group(cast).pk}/",
        method="POST",
        body=lambda cast: {"action": "add", "student": cast.pupil_b.pk, "start": "2026-09-01"},
        expect=GROUP_KEEPERS_POST,
        audited=True,
        note="Pupil B of 3Б joins the group of 2А and 2В from the year's start.",
    ),
]
