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
