"""Classes with their class teachers (the system administrator) and subgroups (the class teacher)."""

import pytest

from tests import factories as f
from zhurnal.accounts.models import Role, RoleGrant, SecurityEvent
from zhurnal.core.errors import InvalidInput
from zhurnal.office.services.classes import class_create, class_teacher_assign, subgroup_save
from zhurnal.people.models import SubgroupMembership
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import ClassGroup

pytestmark = pytest.mark.django_db


def test_the_system_administrator_creates_a_class_with_its_class_teacher(actor_of, cast):
    teacher = cast.english_a.teacher
    made = class_create(
        actor=actor_of("sysadmin"),
        year_id=cast.class_a.year_id,
        grade=1,
        letter="в",
        class_teacher_id=teacher.pk,
    )
    assert str(made) == "1В"
    grant = RoleGrant.objects.get(role=Role.CLASS_TEACHER, class_group=made)
    assert grant.user == cast.user("teacher")
    assert made.pk in actor_for(cast.user("teacher")).led_class_ids
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.ROLE_GRANTED, subject_id=cast.user("teacher").pk
    ).exists()


def test_a_second_class_with_the_same_name_is_refused(actor_of, cast):
    with pytest.raises(InvalidInput) as refused:
        class_create(actor=actor_of("sysadmin"), year_id=cast.class_a.year_id, grade=2, letter="А")
    assert refused.value.field == "letter"
    assert ClassGroup.objects.filter(grade=2, letter="А", school=cast.school_a).count() == 1


def test_assigning_a_new_class_teacher_takes_the_grant_from_the_old_one(actor_of, cast):
    teacher = cast.english_a.teacher
    class_teacher_assign(actor=actor_of("sysadmin"), class_id=cast.class_a.pk, staff_id=teacher.pk)
    holders = set(
        RoleGrant.objects.filter(role=Role.CLASS_TEACHER, class_group=cast.class_a).values_list(
            "user__username", flat=True
        )
    )
    assert holders == {"teacher"}


def test_the_class_teacher_splits_the_class_by_checkboxes_and_changes_the_members(actor_of, cast, login):
    other = f.EnrollmentFactory(class_group=cast.class_a).student
    client = login(cast.user("classteacher"))
    response = client.post(
        f"/office/classes/{cast.class_a.pk}/subgroups/",
        {"name": "Кабардинский язык", "members": [cast.pupil_a.pk, other.pk]},
    )
    assert response.status_code == 302
    subgroup = cast.class_a.subgroups.get(name="Кабардинский язык")
    assert set(SubgroupMembership.objects.filter(subgroup=subgroup).values_list("student_id", flat=True)) == {
        cast.pupil_a.pk,
        other.pk,
    }
    subgroup_save(
        actor=actor_of("classteacher"),
        class_id=cast.class_a.pk,
        subgroup_id=subgroup.pk,
        name="Кабардинский язык",
        member_ids=[other.pk],
    )
    assert set(SubgroupMembership.objects.filter(subgroup=subgroup).values_list("student_id", flat=True)) == {
        other.pk
    }


def test_a_pupil_of_another_class_cannot_be_put_in_a_subgroup(actor_of, cast):
    with pytest.raises(InvalidInput) as refused:
        subgroup_save(
            actor=actor_of("classteacher"),
            class_id=cast.class_a.pk,
            name="Группа",
            member_ids=[cast.pupil_b.pk],
        )
    assert refused.value.field == "members"
    assert not cast.class_a.subgroups.filter(name="Группа").exists()


def test_the_subgroups_and_classes_pages_do_not_grow_with_pupils(cast, login):
    from tests.querycount import assert_max_queries, count_queries

    client = login(cast.user("classteacher"))
    url = f"/office/classes/{cast.class_a.pk}/subgroups/"
    few, response = count_queries(client.get, url)
    assert response.status_code == 200
    for _ in range(5):
        pupil = f.EnrollmentFactory(class_group=cast.class_a).student
        f.SubgroupMembershipFactory(subgroup=cast.english_a.subgroup, student=pupil)
    with assert_max_queries(few, exact=True):
        client.get(url)
    admin = login(cast.user("sysadmin"))
    few, _response = count_queries(admin.get, "/office/classes/")
    for letter in "ВГДЕ":
        f.ClassGroupFactory(year=cast.class_a.year, grade=1, letter=letter)
    with assert_max_queries(few, exact=True):
        admin.get("/office/classes/")
