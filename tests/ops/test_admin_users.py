"""Users and role grants in the admin: a school's administrators manage only their own people.

A system administrator may edit (and set the password of) only users every grant of whom lies in
their schools; they grant roles through the inline, never director or system administrator, and
every grant, inline row and password change leaves an audit row.
"""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.querycount import assert_max_queries
from zhurnal.accounts.models import Role, RoleGrant, User
from zhurnal.core.models import AuditEvent
from zhurnal.schools.models import BellSlot

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kx7!pq-Lm2#zr9-Vb"


def _form_data(form, data: dict) -> None:
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif hasattr(value, "pk"):
            value = value.pk
        data[bound.html_name] = value


def _post_data(response) -> dict:
    """What the browser would send back from an admin change page, unchanged."""
    data: dict = {}
    _form_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _form_data(formset.management_form, data)
        for form in formset.forms:
            _form_data(form, data)
    return data


def _add_grant(data: dict, prefix: str = "grants", **values) -> dict:
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = "" if value is None else value
    return data


def _change_url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


def _password_url(user):
    return reverse("admin:auth_user_password_change", args=[user.pk])


# --- who is listed ------------------------------------------------------------------------------


def _director_elsewhere_and_parent_here(cast):
    """The reviewer's reproduction: school B's director is also a parent in school A."""
    victim = f.UserFactory(username="director_b")
    f.RoleGrantFactory(user=victim, role=Role.DIRECTOR, school=cast.school_b)
    f.RoleGrantFactory(user=victim, role=Role.PARENT, school=cast.school_a)
    return victim


def test_a_director_of_another_school_who_is_a_parent_here_cannot_be_taken_over(cast, login):
    victim = _director_elsewhere_and_parent_here(cast)
    password_hash = victim.password
    client = login(cast.user("sysadmin"))

    listed = client.get(reverse("admin:accounts_user_changelist"))
    assert victim not in listed.context["cl"].result_list

    # The change page treats them as missing (redirect to the index), the password page too.
    assert client.get(_change_url(victim)).status_code == 302
    assert client.get(_password_url(victim)).status_code == 404
    response = client.post(
        _password_url(victim),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 404
    response = client.post(_change_url(victim), {"username": "director_b", "is_active": ""})

    victim.refresh_from_db()
    assert victim.password == password_hash
    assert victim.is_active
    assert not AuditEvent.objects.filter(object_type="accounts.user", object_id=victim.pk).exists()


@pytest.mark.parametrize("kind", ["superuser", "authority", "other_school_teacher"])
def test_users_with_power_or_grants_outside_the_school_are_not_listed(cast, login, kind):
    user = f.UserFactory(username=f"also_parent_{kind}")
    f.RoleGrantFactory(user=user, role=Role.PARENT, school=cast.school_a)
    if kind == "superuser":
        User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
    elif kind == "authority":
        f.RoleGrantFactory(user=user, role=Role.AUTHORITY, school=None, authority=cast.school_a.authority)
    else:
        f.RoleGrantFactory(user=user, role=Role.TEACHER, school=cast.school_b)
    client = login(cast.user("sysadmin"))
    assert client.get(_change_url(user)).status_code == 302
    assert client.get(_password_url(user)).status_code == 404


def test_the_director_and_system_administrator_are_managed_only_by_the_director(cast, login):
    sysadmin_client = login(cast.user("sysadmin"))
    listed = {
        u.username
        for u in sysadmin_client.get(reverse("admin:accounts_user_changelist")).context["cl"].result_list
    }
    assert {"teacher", "classteacher", "parent_a", "pupil_a", "deputy", "secretary"} <= listed
    assert not listed & {"director", "sysadmin", "outsider", "authority"}

    director_client = login(cast.user("director"))
    listed = {
        u.username
        for u in director_client.get(reverse("admin:accounts_user_changelist")).context["cl"].result_list
    }
    assert {"sysadmin", "teacher", "director"} <= listed
    assert not listed & {"outsider", "authority"}


def test_a_post_cannot_make_anyone_a_superuser_or_staff(cast, login):
    teacher = cast.user("teacher")
    client = login(cast.user("sysadmin"))
    data = _post_data(client.get(_change_url(teacher)))
    data.update({"is_superuser": "on", "is_staff": "on", "last_name": "Иванов"})
    response = client.post(_change_url(teacher), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    teacher.refresh_from_db()
    assert teacher.last_name == "Иванов"
    assert not teacher.is_superuser
    assert not teacher.is_staff
    assert not User.objects.filter(is_superuser=True).exists()


# --- passwords ----------------------------------------------------------------------------------


def test_a_password_change_in_the_admin_is_audited_without_the_password(cast, login):
    teacher = cast.user("teacher")
    client = login(cast.user("sysadmin"))
    response = client.post(
        _password_url(teacher),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content[:500]
    teacher.refresh_from_db()
    assert teacher.check_password(NEW_PASSWORD)

    event = AuditEvent.objects.get(action="admin.password_change")
    assert event.object_id == teacher.pk
    assert event.actor_repr == "sysadmin"
    assert event.school_id == cast.school_a.pk
    stored = f"{event.before}{event.after}{event.object_repr}{event.reason}"
    assert NEW_PASSWORD not in stored
    assert teacher.password not in stored
    assert teacher.password.split("$")[-1] not in stored


def test_a_password_reset_in_the_admin_ends_the_users_api_tokens(cast, login, client):
    from zhurnal.accounts.tokens import token_issue

    teacher = cast.user("teacher")
    token = token_issue(user=teacher)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    login(cast.user("sysadmin")).post(
        _password_url(teacher),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    client.logout()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_a_refused_password_change_writes_no_audit_row(cast, login):
    teacher = cast.user("teacher")
    client = login(cast.user("sysadmin"))
    response = client.post(
        _password_url(teacher), {"password1": NEW_PASSWORD, "password2": "other", "usable_password": "true"}
    )
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="admin.password_change").exists()


# --- role grants through the inline -------------------------------------------------------------


def test_the_system_administrator_grants_a_teacher_role_and_it_is_audited(cast, login):
    parent = cast.user("parent_a")
    client = login(cast.user("sysadmin"))
    page = client.get(_change_url(parent))
    assert page.status_code == 200
    assert [i.formset.prefix for i in page.context["inline_admin_formsets"]] == ["grants"]
    data = _add_grant(_post_data(page), role=Role.TEACHER, school=cast.school_a.pk, class_group=None)
    response = client.post(_change_url(parent), data)
    assert response.status_code == 302, (
        response.context and response.context["inline_admin_formsets"][0].formset.errors
    )

    grant = RoleGrant.objects.get(user=parent, role=Role.TEACHER)
    assert grant.school_id == cast.school_a.pk
    event = AuditEvent.objects.get(action="admin.grant_add")
    assert event.object_id == grant.pk
    assert event.actor_repr == "sysadmin"
    assert event.school_id == cast.school_a.pk
    assert event.after["role"] == Role.TEACHER
    assert event.after["school"] == cast.school_a.pk
    assert event.after["class_group"] is None


def test_the_system_administrator_changes_and_revokes_grants_with_audit(cast, login):
    classteacher = cast.user("classteacher")
    client = login(cast.user("sysadmin"))
    data = _post_data(client.get(_change_url(classteacher)))
    forms = {data[k]: k.rsplit("-", 1)[0] for k in data if k.endswith("-role")}
    data[f"{forms[Role.CLASS_TEACHER]}-class_group"] = cast.class_b.pk
    data[f"{forms[Role.TEACHER]}-DELETE"] = "on"
    response = client.post(_change_url(classteacher), data)
    assert response.status_code == 302

    assert list(RoleGrant.objects.filter(user=classteacher).values_list("role", "class_group")) == [
        (Role.CLASS_TEACHER, cast.class_b.pk)
    ]
    change = AuditEvent.objects.get(action="admin.grant_change")
    assert change.before["class_group"] == cast.class_a.pk
    assert change.after["class_group"] == cast.class_b.pk
    deleted = AuditEvent.objects.get(action="admin.grant_delete")
    assert deleted.before["role"] == Role.TEACHER
    assert deleted.school_id == cast.school_a.pk


def _refused(response, fragment: str):
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    messages = [str(e) for e in formset.non_form_errors()]
    for errors in formset.errors:
        for field_errors in errors.values():
            messages.extend(str(e) for e in field_errors)
    assert any(fragment in m for m in messages), messages


@pytest.mark.parametrize(
    ("grant", "fragment"),
    [
        ({"role": Role.DIRECTOR, "school": "a"}, "только директор"),
        ({"role": Role.SYSADMIN, "school": "a"}, "только директор"),
        ({"role": Role.TEACHER, "school": "b"}, "Выберите корректный вариант"),
        ({"role": Role.AUTHORITY, "school": None}, "Выберите корректный вариант"),
        ({"role": Role.CLASS_TEACHER, "school": "a", "class_group": "other"}, "Выберите корректный вариант"),
    ],
)
def test_the_system_administrator_cannot_grant_beyond_their_powers(cast, login, grant, fragment):
    teacher = cast.user("teacher")
    schools = {"a": cast.school_a.pk, "b": cast.school_b.pk, None: None}
    values = {"role": grant["role"], "school": schools[grant["school"]], "class_group": None}
    if grant.get("class_group") == "other":
        values["class_group"] = cast.class_other.pk
    client = login(cast.user("sysadmin"))
    data = _add_grant(_post_data(client.get(_change_url(teacher))), **values)
    data["last_name"] = "Другая"
    _refused(client.post(_change_url(teacher), data), fragment)

    teacher.refresh_from_db()
    assert teacher.last_name != "Другая"
    assert list(RoleGrant.objects.filter(user=teacher).values_list("role", flat=True)) == [Role.TEACHER]
    assert not AuditEvent.objects.exists()


def test_the_authority_field_is_offered_only_to_superusers(cast, login):
    client = login(cast.user("sysadmin"))
    formset = client.get(_change_url(cast.user("teacher"))).context["inline_admin_formsets"][0].formset
    assert "authority" not in formset.form.base_fields
    role_choices = {value for value, _ in formset.form.base_fields["role"].choices}
    assert Role.AUTHORITY not in role_choices
    assert set(formset.form.base_fields["school"].queryset) == {cast.school_a}
    assert set(formset.form.base_fields["class_group"].queryset) == {cast.class_a, cast.class_b}


def test_a_duplicate_grant_is_a_form_error(cast, login):
    teacher = cast.user("teacher")
    client = login(cast.user("sysadmin"))
    data = _add_grant(
        _post_data(client.get(_change_url(teacher))), role=Role.TEACHER, school=cast.school_a.pk
    )
    _refused(client.post(_change_url(teacher), data), "уже назначена")
    assert RoleGrant.objects.filter(user=teacher).count() == 1


def test_the_director_grants_the_system_administrator_role(cast, login):
    teacher = cast.user("teacher")
    client = login(cast.user("director"))
    data = _add_grant(
        _post_data(client.get(_change_url(teacher))), role=Role.SYSADMIN, school=cast.school_a.pk
    )
    assert client.post(_change_url(teacher), data).status_code == 302
    assert RoleGrant.objects.filter(user=teacher, role=Role.SYSADMIN, school=cast.school_a).exists()
    assert AuditEvent.objects.get(action="admin.grant_add").after["role"] == Role.SYSADMIN


def test_a_new_user_is_added_with_a_grant_in_the_school(cast, login):
    client = login(cast.user("sysadmin"))
    url = reverse("admin:accounts_user_add")
    data = _post_data(client.get(url))
    data.update({"username": "newteacher", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    data["usable_password"] = "true"

    _refused(client.post(url, dict(data)), "хотя бы одну роль")
    assert not User.objects.filter(username="newteacher").exists()

    _add_grant(data, role=Role.TEACHER, school=cast.school_a.pk)
    response = client.post(url, data)
    assert response.status_code == 302
    user = User.objects.get(username="newteacher")
    assert not user.is_superuser
    assert AuditEvent.objects.get(action="admin.grant_add").object_id == RoleGrant.objects.get(user=user).pk
    # Right after adding, the new user is on the administrator's list.
    assert client.get(_change_url(user)).status_code == 200


# --- bell slots ---------------------------------------------------------------------------------


def test_a_bell_slot_added_through_the_schedule_is_audited_and_takes_its_school(cast, login):
    schedule = f.BellScheduleFactory(school=cast.school_a, name="Звонки 1-х классов")
    client = login(cast.user("sysadmin"))
    url = reverse("admin:schools_bellschedule_change", args=[schedule.pk])
    page = client.get(url)
    assert page.status_code == 200
    (inline,) = page.context["inline_admin_formsets"]
    data = _add_grant(_post_data(page), prefix=inline.formset.prefix, number=1, starts="08:30", ends="09:05")
    assert client.post(url, data).status_code == 302

    slot = BellSlot.objects.get(schedule=schedule)
    assert slot.school_id == cast.school_a.pk
    event = AuditEvent.objects.get(action="admin.inline_add")
    assert event.object_id == slot.pk
    assert event.school_id == cast.school_a.pk


# --- cost -----------------------------------------------------------------------------------------


def test_the_user_changelist_runs_a_fixed_number_of_queries(cast, login):
    client = login(cast.user("sysadmin"))
    url = reverse("admin:accounts_user_changelist")
    client.get(url)
    with assert_max_queries(12) as first:
        before = client.get(url).context["cl"].result_count
    for _ in range(20):
        f.RoleGrantFactory(role=Role.TEACHER, school=cast.school_a)
    with assert_max_queries(len(first.captured_queries), exact=True):
        response = client.get(url)
    assert response.context["cl"].result_count == before + 20


def test_a_superuser_grants_the_authority_role(cast, login):
    root = f.UserFactory(username="root")
    User.objects.filter(pk=root.pk).update(is_superuser=True, is_staff=True)
    root.refresh_from_db()
    user = cast.user("teacher")
    client = login(root)
    data = _add_grant(
        _post_data(client.get(_change_url(user))),
        role=Role.AUTHORITY,
        school=None,
        class_group=None,
        authority=cast.school_a.authority_id,
    )
    assert client.post(_change_url(user), data).status_code == 302
    assert RoleGrant.objects.filter(user=user, role=Role.AUTHORITY).exists()
    assert AuditEvent.objects.get(action="admin.grant_add").after["authority"] == cast.school_a.authority_id


def test_a_card_cannot_be_linked_to_a_login_of_another_school(cast, login):
    from zhurnal.people.models import Staff

    card = Staff.objects.get(user=cast.user("teacher"))
    client = login(cast.user("sysadmin"))
    url = reverse("admin:people_staff_change", args=[card.pk])
    response = client.post(
        url,
        {
            "school": cast.school_a.pk,
            "last_name": card.last_name,
            "first_name": card.first_name,
            "middle_name": card.middle_name,
            "position": card.position,
            "user": cast.user("outsider").pk,
            "email": "",
            "phone": "",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    card.refresh_from_db()
    assert card.user == cast.user("teacher")
