"""One login, several schools (issue 10 item 2): a person's cards are per school, the actor holds
all of them, and every rule reads the card of the school it is about."""

import pytest
from django.db import IntegrityError

from tests import factories as f
from zhurnal.accounts.models import Role
from zhurnal.journal.access import may_write_assignment
from zhurnal.people.models import Staff, Student, TeachingAssignment
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_in_two_schools(cast):
    """`teacher` of school A also teaches mathematics in school B's class, on a second staff card."""
    user = cast.user("teacher")
    f.RoleGrantFactory(user=user, role=Role.TEACHER, school=cast.school_b)
    card_b = f.StaffFactory(school=cast.school_b, user=user)
    assignment_b = f.TeachingAssignmentFactory(class_group=cast.class_other, teacher=card_b)
    return user, card_b, assignment_b


@pytest.fixture
def parent_in_two_schools(cast):
    """`parent_a` also has a child in school B, linked through their guardian card there."""
    user = cast.user("parent_a")
    f.RoleGrantFactory(user=user, role=Role.PARENT, school=cast.school_b)
    f.StudentGuardianFactory(student=cast.pupil_other, guardian__school=cast.school_b, guardian__user=user)
    return user


def test_a_teacher_in_two_schools_holds_a_staff_card_in_each(cast, teacher_in_two_schools):
    user, card_b, _ = teacher_in_two_schools
    actor = actor_for(user)

    assert actor.staff_ids == {cast.math_b.teacher_id, card_b.pk}
    assert actor.staff_id_in(cast.school_a.pk) == cast.math_b.teacher_id
    assert actor.staff_id_in(cast.school_b.pk) == card_b.pk


def test_a_teacher_in_two_schools_reads_and_writes_both_schools_journals(cast, teacher_in_two_schools):
    user, _, assignment_b = teacher_in_two_schools
    actor = actor_for(user)

    readable = set(TeachingAssignment.objects.visible_to(actor).values_list("pk", flat=True))
    assert {cast.english_a.pk, cast.math_b.pk, assignment_b.pk} <= readable
    assert may_write_assignment(actor, assignment_b) and may_write_assignment(actor, cast.math_b)
    assert not may_write_assignment(actor, cast.math_other)


def test_a_teacher_in_two_schools_opens_both_journals_with_one_login(cast, teacher_in_two_schools, login):
    user, _, assignment_b = teacher_in_two_schools
    client = login(user)

    assert client.get(f"/journal/{cast.math_b.pk}/").status_code == 200
    assert client.get(f"/journal/{assignment_b.pk}/").status_code == 200
    assert client.get(f"/journal/{cast.math_other.pk}/").status_code == 404


def test_a_teacher_without_the_second_grant_does_not_see_the_second_schools_journal(cast):
    """A staff card alone grants nothing: the card counts only where the person holds a staff role."""
    user = cast.user("teacher")
    card_b = f.StaffFactory(school=cast.school_b, user=user)
    assignment_b = f.TeachingAssignmentFactory(class_group=cast.class_other, teacher=card_b)

    actor = actor_for(user)

    assert actor.staff_ids == {cast.math_b.teacher_id}
    assert not TeachingAssignment.objects.visible_to(actor).filter(pk=assignment_b.pk).exists()


def test_a_parent_with_children_in_two_schools_sees_both(cast, parent_in_two_schools, login):
    actor = actor_for(parent_in_two_schools)

    assert actor.children_ids == {cast.pupil_a.pk, cast.pupil_other.pk}
    visible = set(Student.objects.visible_to(actor).values_list("pk", flat=True))
    assert visible == {cast.pupil_a.pk, cast.pupil_other.pk}
    client = login(parent_in_two_schools)
    assert client.get(f"/diary/{cast.pupil_a.pk}/").status_code == 200
    assert client.get(f"/diary/{cast.pupil_other.pk}/").status_code == 200
    assert client.get(f"/diary/{cast.pupil_b.pk}/").status_code == 404


def test_a_login_has_at_most_one_card_of_a_kind_in_a_school(cast):
    with pytest.raises(IntegrityError):
        Staff.objects.create(
            school=cast.school_a, user=cast.user("teacher"), last_name="Второй", first_name="Я"
        )


def test_cards_without_a_login_are_not_limited(cast):
    Staff.objects.create(school=cast.school_a, last_name="Первый", first_name="Без входа")
    Staff.objects.create(school=cast.school_a, last_name="Второй", first_name="Без входа")

    assert Staff.objects.filter(school=cast.school_a, user__isnull=True).count() >= 2


def test_a_teacher_of_one_school_who_is_a_parent_in_another_holds_each_role_only_in_its_school(cast, login):
    """`teacher` teaches in school A and has a child in school B: the grants are per school, so the
    login writes A's journal, reads their child's diary in B, and is no teacher in B."""
    user = cast.user("teacher")
    f.RoleGrantFactory(user=user, role=Role.PARENT, school=cast.school_b)
    f.StudentGuardianFactory(student=cast.pupil_other, guardian__school=cast.school_b, guardian__user=user)
    classmate = f.EnrollmentFactory(class_group=cast.class_other).student

    actor = actor_for(user)

    assert actor.children_ids == {cast.pupil_other.pk}
    assert may_write_assignment(actor, cast.math_b) and not may_write_assignment(actor, cast.math_other)
    client = login(user)
    assert client.get(f"/diary/{cast.pupil_other.pk}/").status_code == 200
    assert client.get(f"/journal/{cast.math_other.pk}/").status_code == 404
    assert client.get(f"/diary/{classmate.pk}/").status_code == 404
