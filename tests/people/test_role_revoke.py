"""Taking a role back on a page: the system administrator, with a reason; the security log and
the audit hold it; the person's sessions and tokens lose the rights at their next request."""

import pytest

from tests.api.conftest import API
from zhurnal.accounts.models import Role, RoleGrant, SecurityEvent
from zhurnal.accounts.tokens import token_issue
from zhurnal.core.audit import AuditEvent
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound
from zhurnal.people.models import StudentGuardian
from zhurnal.people.services.roles import guardian_link_revoke, role_revoke
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db


def as_(cast, name):
    return actor_for(cast.user(name))


def class_teacher_grant(cast):
    return RoleGrant.objects.get(user=cast.user("classteacher"), role=Role.CLASS_TEACHER)


def test_revoking_a_class_teachers_class_writes_the_security_log_and_the_audit_with_the_reason(cast):
    grant = class_teacher_grant(cast)

    role_revoke(actor=as_(cast, "sysadmin"), grant_id=grant.pk, reason="Приказ № 40-К")

    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ROLE_REVOKED)
    assert event.subject_id == cast.user("classteacher").pk
    assert event.detail["role"] == Role.CLASS_TEACHER and event.detail["class_group"] == cast.class_a.pk
    assert event.detail["reason"] == "Приказ № 40-К"
    assert AuditEvent.objects.get(action="role.revoke").reason == "Приказ № 40-К"


def test_a_revoked_class_teachers_open_token_loses_the_class_at_the_next_request(client, cast):
    token = token_issue(user=cast.user("classteacher"))
    headers = {"Authorization": f"Bearer {token}"}
    path = f"{API}/guardians/{cast.pupil_a.guardian_links.get().guardian_id}"
    assert client.get(path, headers=headers).status_code == 200

    role_revoke(
        actor=as_(cast, "sysadmin"),
        grant_id=class_teacher_grant(cast).pk,
        reason="Смена классного руководителя",
    )

    assert client.get(path, headers=headers).status_code == 404
    assert client.get(f"{API}/me", headers=headers).status_code == 200  # still a teacher


def test_a_revoked_session_loses_the_page_at_the_next_request(client, cast):
    client.force_login(cast.user("classteacher"), backend="zhurnal.accounts.backends.UserBackend")
    page = f"/people/classes/{cast.class_a.pk}/credentials/"
    assert client.get(page).status_code == 200

    role_revoke(actor=as_(cast, "director"), grant_id=class_teacher_grant(cast).pk, reason="Приказ № 41-К")

    assert client.get(page).status_code in (403, 404)


def test_the_last_role_taken_ends_the_api_tokens(client, cast):
    token = token_issue(user=cast.user("teacher"))

    role_revoke(
        actor=as_(cast, "sysadmin"),
        grant_id=cast.user("teacher").grants.get().pk,
        reason="Увольнение, приказ № 7-К",
    )

    assert client.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_role_is_not_taken_without_a_reason_and_nothing_changes(cast):
    grant = class_teacher_grant(cast)

    with pytest.raises(InvalidInput) as refused:
        role_revoke(actor=as_(cast, "sysadmin"), grant_id=grant.pk, reason="  ")

    assert refused.value.field == "reason"
    assert "«Причина»" in refused.value.message
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_REVOKED).exists()


def test_only_the_schools_administrators_take_roles_and_never_their_own(cast):
    grant = class_teacher_grant(cast)
    with pytest.raises(NotFound):
        role_revoke(actor=as_(cast, "deputy"), grant_id=grant.pk, reason="x")
    with pytest.raises(NotFound):
        role_revoke(actor=as_(cast, "outsider"), grant_id=grant.pk, reason="x")
    with pytest.raises(Forbidden):
        role_revoke(actor=as_(cast, "classteacher"), grant_id=grant.pk, reason="x")
    own = cast.user("sysadmin").grants.get()
    with pytest.raises(Forbidden):
        role_revoke(actor=as_(cast, "sysadmin"), grant_id=own.pk, reason="x")
    assert RoleGrant.objects.filter(pk__in=[grant.pk, own.pk]).count() == 2


def test_revoking_the_last_parent_link_takes_the_parent_role_and_the_child_from_them(client, cast):
    link = cast.pupil_a.guardian_links.get()
    token = token_issue(user=cast.user("parent_a"))
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"{API}/students/{cast.pupil_a.pk}", headers=headers).status_code == 200

    guardian_link_revoke(actor=as_(cast, "sysadmin"), link_id=link.pk, reason="Решение суда от 20.11.2026")

    assert not StudentGuardian.objects.filter(pk=link.pk).exists()
    assert not RoleGrant.objects.filter(user=cast.user("parent_a")).exists()
    kinds = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_REVOKED).values_list(
        "detail", flat=True
    )
    assert [d["role"] for d in kinds] == [Role.PARENT, Role.PARENT]  # the link, then the grant
    assert client.get(f"{API}/students/{cast.pupil_a.pk}", headers=headers).status_code == 401


def test_the_roles_page_revokes_with_a_reason_and_refuses_without_one(client, cast):
    client.force_login(cast.user("sysadmin"), backend="zhurnal.accounts.backends.UserBackend")
    url = f"/people/accounts/{cast.user('classteacher').pk}/roles/"
    grant = class_teacher_grant(cast)

    page = client.get(url).content.decode()
    refused = client.post(url, {"grant": grant.pk, "reason": ""})
    done = client.post(url, {"grant": grant.pk, "reason": "Приказ № 42-К"})

    assert "Классный руководитель" in page or "классный руководитель" in page
    assert refused.status_code == 400 and "«Причина»" in refused.content.decode()
    assert done.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_the_roles_page_does_not_grow_with_the_data(client, cast):
    from tests import factories as f
    from tests.people.test_query_counts import measure

    url = f"/people/accounts/{cast.user('parent_a').pk}/roles/"
    small = measure(client, cast, "sysadmin", url)
    guardian = cast.pupil_a.guardian_links.get().guardian
    for _ in range(5):
        f.StudentGuardianFactory(
            student=f.EnrollmentFactory(class_group=cast.class_a).student, guardian=guardian
        )
    large = measure(client, cast, "sysadmin", url)

    assert large == small and small <= 15, (small, large)
