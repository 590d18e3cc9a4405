"""Issued one-time passwords: the administrator hands one out; the first login must replace it."""

import pytest
from django.urls import reverse

from tests import factories as f
from zhurnal.accounts.models import CredentialIssue
from zhurnal.core.errors import Forbidden
from zhurnal.core.models import AuditEvent
from zhurnal.people.services.credentials import credentials_issue
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db


def test_an_issued_password_works_once_and_must_be_changed_at_first_login(cast, client):
    parent = cast.user("parent_a")
    password = credentials_issue(actor=actor_for(cast.user("sysadmin")), user=parent)
    parent.refresh_from_db()
    assert parent.must_change_password and parent.check_password(password)
    assert len(password) == 10 and not set(password) & set("0O1lI")

    event = AuditEvent.objects.get(action="credentials.issue", object_id=parent.pk)
    assert password not in f"{event.before}{event.after}{event.reason}"
    issue = CredentialIssue.objects.get(user=parent)
    assert issue.issued_by == cast.user("sysadmin") and issue.first_used_at is None

    response = client.post(reverse("accounts:login"), {"username": "parent_a", "password": password})
    assert response.status_code == 302
    # Every page leads to the password form until a password of their own is set.
    assert client.get(reverse("web:home"))["Location"] == reverse("accounts:password_change")
    issue.refresh_from_db()
    assert issue.first_used_at is not None


def test_only_the_administration_of_the_users_own_school_issues_passwords(cast):
    # (The class teacher of 2А issues to 2А's families: tests/people/test_credentials.py.)
    for who in ("teacher", "parent_b", "outsider", "secretary"):
        with pytest.raises(Forbidden):
            credentials_issue(actor=actor_for(cast.user(who)), user=cast.user("parent_a"))
    # A user who also holds a role in another school is that school's business too.
    f.RoleGrantFactory(user=cast.user("parent_a"), role="parent", school=cast.school_b)
    with pytest.raises(Forbidden):
        credentials_issue(actor=actor_for(cast.user("sysadmin")), user=cast.user("parent_a"))
    assert not CredentialIssue.objects.exists()


def test_the_admin_action_shows_the_password_once(cast, login):
    client = login(cast.user("sysadmin"))
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "issue_one_time_passwords", "_selected_action": [cast.user("pupil_a").pk]},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("pupil_a") for m in shown), shown
    assert CredentialIssue.objects.filter(user=cast.user("pupil_a")).exists()
