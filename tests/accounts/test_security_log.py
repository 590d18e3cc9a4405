"""The security event log: one writer, read by the system administrator and the director only."""

import pytest

from zhurnal.accounts.models import SecurityEvent
from zhurnal.accounts.security import security_log


@pytest.mark.django_db
def test_a_view_of_a_pupils_record_is_logged_with_whose_record_it_was(cast, actor_of):
    event = security_log(
        kind=SecurityEvent.Kind.RECORD_VIEWED, actor=actor_of("classteacher"), subject=cast.pupil_a
    )
    event.refresh_from_db()
    assert event.username == "classteacher"
    assert (event.subject_type, event.subject_id) == ("people.student", cast.pupil_a.pk)
    assert event.subject_repr == cast.pupil_a.full_name
    assert event.school_id == cast.school_a.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "sees"),
    [
        ("sysadmin", True),
        ("director", True),
        ("deputy", False),
        ("secretary", False),
        ("classteacher", False),
        ("parent_a", False),
        ("outsider", False),
        ("authority", False),
    ],
)
def test_only_the_system_administrator_and_the_director_read_the_log(cast, actor_of, member, sees):
    security_log(kind=SecurityEvent.Kind.RECORD_VIEWED, actor=actor_of("classteacher"), subject=cast.pupil_a)
    visible = SecurityEvent.objects.visible_to(actor_of(member))
    assert visible.exists() is sees
