"""The request's session, its user, the user's grants and a parent's children come in one
statement (policy.sessions, decision 0032), and equal what the ORM reads for each of them."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from zhurnal.accounts.models import Role, RoleGrant, User, UserSession
from zhurnal.people.models import StudentGuardian
from zhurnal.policy.actor import actor_for
from zhurnal.policy.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _session_of(client, user) -> str:
    client.force_login(user, backend="zhurnal.accounts.backends.UserBackend")
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _grant_tuple(grant):
    school, group, authority = grant.school, grant.class_group, grant.authority
    return (
        grant.pk,
        grant.role,
        grant.school_id,
        school and school.name,
        grant.class_group_id,
        group and group.name,
        authority and authority.name,
    )


def test_the_session_its_user_grants_and_children_are_read_in_one_statement(client, cast):
    parent = cast.user("parent_a")
    # A second child, in the other school, and a grant there: several rows for the one read.
    f.RoleGrantFactory(user=parent, role=Role.PARENT, school=cast.school_b)
    f.StudentGuardianFactory(student=cast.pupil_other, guardian__user=parent)
    key = _session_of(client, parent)

    with CaptureQueriesContext(connection) as queries:
        store = SessionStore(key)
        user_id = store.get("_auth_user_id")
        actor = actor_for(store.loaded_user)
        children = actor.children_ids

    assert len(queries) == 1
    assert int(user_id) == parent.pk
    assert children == {cast.pupil_a.pk, cast.pupil_other.pk}
    assert actor.school_ids(Role.PARENT) == {cast.school_a.pk, cast.school_b.pk}


@pytest.mark.parametrize("name", ["parent_a", "classteacher", "pupil_a", "authority", "outsider", "teacher"])
def test_the_one_statement_equals_its_orm_twin(client, cast, name):
    user = cast.user(name)
    key = _session_of(client, user)

    store = SessionStore(key)
    data = dict(store.items())
    loaded = store.loaded_user
    actor = actor_for(loaded)

    row = UserSession.objects.get(session_key=key)
    assert data == row.get_decoded()
    assert row.user_id == user.pk
    twin = User.objects.get(pk=user.pk)
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(twin, field.attname), field.name
    grants = RoleGrant.objects.filter(user=user).select_related("school", "class_group", "authority")
    assert [_grant_tuple(g) for g in actor.grants] == [_grant_tuple(g) for g in grants.order_by("pk")]
    assert actor.staff_ids == set(user.staff_cards.values_list("pk", flat=True))
    assert actor.student_ids == set(user.student_cards.values_list("pk", flat=True))
    children = StudentGuardian.objects.filter(guardian__user=user).values_list("student_id", flat=True)
    assert actor.children_ids == (set(children) if Role.PARENT in actor.roles else set())
    # The same actor as the one built by its own read.
    plain = actor_for(twin)
    assert [_grant_tuple(g) for g in plain.grants] == [_grant_tuple(g) for g in actor.grants]
    assert (plain.staff_ids, plain.student_ids, plain.children_ids) == (
        actor.staff_ids,
        actor.student_ids,
        actor.children_ids,
    )


def test_an_expired_or_unknown_session_brings_no_user(client, cast):
    from django.utils import timezone

    key = _session_of(client, cast.user("teacher"))
    UserSession.objects.update(expire_date=timezone.now())

    assert SessionStore(key).get("_auth_user_id") is None
    assert SessionStore(key).loaded_user is None
    assert SessionStore("x" * 32).get("_auth_user_id") is None


def test_a_blocked_user_or_a_changed_password_ends_the_session_as_before(client, cast):
    teacher = cast.user("teacher")
    _session_of(client, teacher)
    assert client.get("/accounts/password/done/").status_code == 200

    teacher.set_password("another-password-13")
    teacher.save()
    assert client.get("/accounts/password/done/").status_code == 302  # the session's hash differs

    _session_of(client, teacher)
    User.objects.filter(pk=teacher.pk).update(is_active=False)
    assert client.get("/accounts/password/done/").status_code == 302


def test_a_signed_in_request_reads_session_user_and_actor_once(client, cast, django_assert_num_queries):
    _session_of(client, cast.user("teacher"))
    client.get("/accounts/password/done/")

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/accounts/password/done/").status_code == 200

    sessions = [q for q in queries if UserSession._meta.db_table in q["sql"]]
    users = [
        q for q in queries if "FROM accounts_user " in q["sql"] or "FROM accounts_rolegrant g\n" in q["sql"]
    ]
    assert len(sessions) == 1
    assert users == []


def test_the_rows_the_session_brought_build_one_actor_and_a_later_one_reads_afresh(client, cast):
    teacher = cast.user("teacher")
    store = SessionStore(_session_of(client, teacher))
    store.load()
    user = store.loaded_user
    first = actor_for(user)
    f.RoleGrantFactory(user=teacher, role=Role.DEPUTY, school=cast.school_a)

    again = actor_for(user)

    assert Role.DEPUTY not in first.roles
    assert Role.DEPUTY in again.roles


# --- the bearer key's read (policy.sessions.bearer_user) --------------------------------------


@pytest.mark.parametrize("name", ["parent_a", "classteacher", "pupil_a", "authority", "outsider", "teacher"])
def test_a_bearer_key_brings_its_user_and_actor_in_one_statement_equal_to_their_twins(cast, name):
    from zhurnal.accounts.tokens import token_issue
    from zhurnal.policy.sessions import bearer_user

    user = cast.user(name)
    if name == "parent_a":  # several grant rows and two children for the one read
        f.RoleGrantFactory(user=user, role=Role.PARENT, school=cast.school_b)
        f.StudentGuardianFactory(student=cast.pupil_other, guardian__user=user)
    key = token_issue(user=user)

    with CaptureQueriesContext(connection) as queries:
        found = bearer_user(key)
        actor = actor_for(found)
        children = actor.children_ids
    assert len(queries) == 1

    twin = User.objects.get(pk=user.pk)
    for field in User._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(twin, field.attname), field.name
    plain = actor_for(twin)
    assert [_grant_tuple(g) for g in actor.grants] == [_grant_tuple(g) for g in plain.grants]
    assert (actor.staff_ids, actor.student_ids, children) == (
        plain.staff_ids,
        plain.student_ids,
        plain.children_ids,
    )
    assert actor.grants, "every user of the cast holds a grant"
    if name == "parent_a":
        assert children == {cast.pupil_a.pk, cast.pupil_other.pk}


def test_an_api_call_with_a_bearer_key_reads_key_user_and_actor_once(client, cast):
    from zhurnal.accounts.tokens import token_issue

    key = token_issue(user=cast.user("teacher"))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/me", **auth).status_code == 200

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/me", **auth).status_code == 200

    reads = [q["sql"] for q in queries if "accounts_apitoken" in q["sql"] or "accounts_rolegrant" in q["sql"]]
    assert len(reads) == 1 and "accounts_apitoken" in reads[0]


def test_a_disabled_users_or_an_expired_key_brings_nobody(cast):
    import datetime as dt

    from zhurnal.accounts.models import ApiToken
    from zhurnal.accounts.tokens import token_issue
    from zhurnal.policy.sessions import bearer_user

    teacher, director = cast.user("teacher"), cast.user("director")
    live, blocked = token_issue(user=teacher), token_issue(user=director)
    User.objects.filter(pk=director.pk).update(is_active=False)
    assert bearer_user(live) == teacher
    assert bearer_user(blocked) is None
    assert bearer_user("") is None and bearer_user("x" * 43) is None
    ApiToken.objects.filter(user=teacher).update(expires_at=dt.datetime.now(dt.UTC))
    assert bearer_user(live) is None
