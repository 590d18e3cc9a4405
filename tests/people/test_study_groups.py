"""Cross-class study groups (issue 10 item 7, decision 0036): the system administrator and the
director make a group and its dated members, the load's keepers give it a teacher; each write
has its audit row, and bad input a Russian message naming the field or the pupil."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tests import factories as f
from tests.people.groups_setup import build_group
from zhurnal.core.audit import AuditEvent
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound
from zhurnal.people.models import StudyGroupMembership, TeachingAssignment
from zhurnal.people.services.groups import (
    study_group_assignment_create,
    study_group_create,
    study_group_member_add,
    study_group_member_end,
)
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import StudyGroup

pytestmark = pytest.mark.django_db


def as_(cast, name):
    return actor_for(cast.user(name))


def new_group(cast, who="sysadmin", **changes):
    fields = {"year_id": cast.class_a.year_id, "name": "ОРКСЭ: православная культура", "grade": 2, **changes}
    return study_group_create(actor=as_(cast, who), **fields)


def test_the_system_administrator_creates_a_group_with_an_audit_row(cast):
    group = new_group(cast)

    assert (group.school_id, group.grade, group.name) == (cast.school_a.pk, 2, "ОРКСЭ: православная культура")
    event = AuditEvent.objects.get(action="study_group.create", object_id=group.pk)
    assert event.after["grade"] == 2


@pytest.mark.parametrize("who", ["deputy", "teacher", "classteacher", "secretary"])
def test_only_the_system_administrator_and_the_director_create_groups(cast, who):
    with pytest.raises(Forbidden):
        new_group(cast, who)
    assert not StudyGroup.objects.exists()


def test_the_director_creates_a_group_too(cast):
    assert new_group(cast, "director").pk


def test_an_outsider_is_told_there_is_no_such_year(cast):
    with pytest.raises(InvalidInput) as error:
        new_group(cast, "outsider")
    assert error.value.field == "year"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": "  "}, "name", "Название"),
        ({"name": "Я" * 101}, "name", "100"),
        ({"grade": "12"}, "grade", "Параллель"),
        ({"grade": "четвёртый"}, "grade", "Параллель"),
        ({"subject_id": "999999"}, "subject", "Предмет"),
    ],
)
def test_bad_group_input_names_the_field_and_saves_nothing(cast, changes, field, words):
    with pytest.raises(InvalidInput) as error:
        new_group(cast, **changes)
    assert error.value.field == field and words in error.value.message
    assert not StudyGroup.objects.exists()


def test_a_second_group_of_the_same_name_in_the_year_is_refused(cast):
    new_group(cast)
    with pytest.raises(InvalidInput) as error:
        new_group(cast)
    assert error.value.field == "name" and "уже есть" in error.value.message


# --- members --------------------------------------------------------------------------------------


def add(cast, group, pupil, start="2026-09-01", end=None, who="sysadmin"):
    return study_group_member_add(
        actor=as_(cast, who), group_id=group.pk, student_id=pupil.pk, start=start, end=end
    )


def test_pupils_of_two_classes_join_one_group_with_dates_and_audit_rows(cast):
    group = new_group(cast)
    other_class = f.ClassGroupFactory(year=cast.class_a.year, grade=2, letter="Г")
    pupil_c = f.EnrollmentFactory(class_group=other_class).student

    first = add(cast, group, cast.pupil_a)
    second = add(cast, group, pupil_c, "2026-11-09", "2026-12-25")

    assert {(m.student_id, m.start, m.end) for m in group.memberships.all()} == {
        (cast.pupil_a.pk, dt.date(2026, 9, 1), None),
        (pupil_c.pk, dt.date(2026, 11, 9), dt.date(2026, 12, 25)),
    }
    assert (
        AuditEvent.objects.filter(
            action="study_group_membership.create", object_id__in=[first.pk, second.pk]
        ).count()
        == 2
    )


def test_a_pupil_not_enrolled_on_the_dates_is_refused_by_name(cast):
    group = new_group(cast)
    late = f.EnrollmentFactory(class_group=cast.class_b, start=dt.date(2026, 10, 1)).student

    with pytest.raises(InvalidInput) as error:
        add(cast, group, late, "2026-09-01")

    assert error.value.field == "student"
    assert late.short_name in error.value.message and "01.09.2026" in error.value.message
    assert not StudyGroupMembership.objects.exists()


def test_a_pupil_who_leaves_the_school_cannot_stay_in_the_group_past_the_last_day(cast):
    group = new_group(cast)
    leaving = f.EnrollmentFactory(class_group=cast.class_b, end=dt.date(2026, 12, 1)).student

    with pytest.raises(InvalidInput) as error:
        add(cast, group, leaving)  # open: to the year's end
    assert "02.12.2026" in error.value.message
    assert add(cast, group, leaving, end="2026-12-01").end == dt.date(2026, 12, 1)


def test_a_pupil_transferred_between_classes_is_covered_by_both_enrolments(cast):
    group = new_group(cast)
    moved = f.EnrollmentFactory(class_group=cast.class_a, end=dt.date(2026, 10, 31)).student
    f.EnrollmentFactory(class_group=cast.class_b, student=moved, start=dt.date(2026, 11, 1))

    assert add(cast, group, moved).start == dt.date(2026, 9, 1)


def test_a_pupil_of_another_school_is_refused(cast):
    with pytest.raises(InvalidInput) as error:
        add(cast, new_group(cast), cast.pupil_other)
    assert error.value.field == "student"


def test_the_same_pupil_twice_on_overlapping_dates_is_refused(cast):
    group = new_group(cast)
    add(cast, group, cast.pupil_a, "2026-09-01", "2026-10-31")
    with pytest.raises(InvalidInput) as error:
        add(cast, group, cast.pupil_a, "2026-10-15")
    assert "уже в группе" in error.value.message
    assert add(cast, group, cast.pupil_a, "2026-11-01").start == dt.date(2026, 11, 1)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [("2026-08-31", None, "start"), ("2026-09-10", "2026-09-09", "end"), ("вчера", None, "start")],
)
def test_membership_dates_outside_the_year_or_backwards_are_refused(cast, start, end, field):
    with pytest.raises(InvalidInput) as error:
        add(cast, new_group(cast), cast.pupil_a, start, end)
    assert error.value.field == field


def test_the_deputy_may_not_add_members(cast):
    group = new_group(cast)
    with pytest.raises(Forbidden):
        add(cast, group, cast.pupil_a, who="deputy")


def test_an_outsider_gets_not_found_for_the_group(cast):
    group = new_group(cast)
    with pytest.raises(NotFound):
        add(cast, group, cast.pupil_a, who="outsider")


def test_a_member_leaves_on_a_day_and_a_membership_not_yet_begun_goes(cast):
    group = new_group(cast)
    staying = add(cast, group, cast.pupil_a)
    future = add(cast, group, cast.pupil_b, "2027-01-11")

    ended = study_group_member_end(actor=as_(cast, "director"), membership_id=staying.pk, end="2026-12-26")
    gone = study_group_member_end(actor=as_(cast, "director"), membership_id=future.pk, end="2026-12-26")

    assert ended.end == dt.date(2026, 12, 26) and gone is None
    assert list(StudyGroupMembership.objects.values_list("student_id", "end")) == [
        (cast.pupil_a.pk, dt.date(2026, 12, 26))
    ]
    assert AuditEvent.objects.filter(action="study_group_membership.end", object_id=staying.pk).exists()
    assert AuditEvent.objects.filter(action="study_group_membership.delete", object_id=future.pk).exists()


# --- the group's journal ----------------------------------------------------------------------------


def test_the_load_keeper_gives_the_group_a_journal_with_the_groups_subject(cast):
    subject = f.SubjectFactory(school=cast.school_a, name="Основы православной культуры")
    group = new_group(cast, subject_id=subject.pk)

    journal = study_group_assignment_create(
        actor=as_(cast, "deputy"), group_id=group.pk, teacher_id=cast.english_a.teacher_id, hours_per_week="1"
    )

    assert (journal.study_group_id, journal.class_group_id, journal.subject_id, journal.grade) == (
        group.pk,
        None,
        subject.pk,
        2,
    )
    assert str(journal).startswith("Основы православной культуры · ОРКСЭ: православная культура")
    assert (
        AuditEvent.objects.get(action="teaching_assignment.create", object_id=journal.pk).after["study_group"]
        == group.pk
    )


def test_a_group_without_a_subject_needs_one_named_for_its_journal(cast):
    group = new_group(cast)
    with pytest.raises(InvalidInput) as error:
        study_group_assignment_create(
            actor=as_(cast, "sysadmin"), group_id=group.pk, teacher_id=cast.english_a.teacher_id
        )
    assert error.value.field == "subject"
    assert not TeachingAssignment.objects.filter(study_group=group).exists()


def test_the_same_teacher_and_subject_twice_for_a_group_is_refused(cast):
    built = build_group(cast)
    with pytest.raises(InvalidInput) as error:
        study_group_assignment_create(
            actor=as_(cast, "sysadmin"), group_id=built.group.pk, teacher_id=built.journal.teacher_id
        )
    assert error.value.field == "subject"


def test_a_teacher_may_not_give_themself_a_group(cast):
    built = build_group(cast)
    with pytest.raises(Forbidden):
        study_group_assignment_create(
            actor=as_(cast, "teacher"), group_id=built.group.pk, teacher_id=built.journal.teacher_id
        )


def test_the_database_refuses_a_journal_of_both_a_class_and_a_group(cast):
    built = build_group(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeachingAssignment.objects.filter(pk=built.journal.pk).update(class_group=cast.class_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeachingAssignment.objects.filter(pk=cast.math_a.pk).update(class_group=None)
