"""Groups cross classes; pupils join and leave on dates; only the keepers change the membership."""

import datetime as dt

import pytest

from tests import factories as f
from tests.extracurricular.data import chess, chess_group, first_session, membership_of, new_pupil_of_3b
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound
from zhurnal.core.models import AuditEvent
from zhurnal.extracurricular import selectors, services
from zhurnal.extracurricular.models import GroupMembership

pytestmark = pytest.mark.django_db


def test_a_group_takes_pupils_of_two_classes_into_one_journal(cast, actor_of):
    group = chess_group(cast)
    first_session(cast)
    journal = selectors.group_journal(actor_of("teacher"), group)
    assert {(row.student.pk, row.class_name) for row in journal.rows} == {
        (cast.pupil_a.pk, "2А"),
        (cast.pupil_b.pk, "3Б"),
    }


def test_the_deputy_adds_a_pupil_of_another_class_and_the_audit_records_it(cast, actor_of):
    pupil = new_pupil_of_3b(cast)
    membership = services.member_add(
        actor=actor_of("deputy"),
        group_id=chess_group(cast).pk,
        student_id=pupil.pk,
        start=dt.date(2026, 11, 2),
    )
    assert membership.student == pupil
    event = AuditEvent.objects.get(action="extracurricular.member_add")
    assert event.after == {
        "group": chess_group(cast).pk,
        "student": pupil.pk,
        "start": "2026-11-02",
        "end": None,
    }


def test_a_pupil_who_joins_mid_year_has_no_cells_before_joining(cast, actor_of):
    group = chess_group(cast)
    first_session(cast)  # 24 November
    pupil = new_pupil_of_3b(cast)
    services.member_add(
        actor=actor_of("deputy"), group_id=group.pk, student_id=pupil.pk, start=dt.date(2026, 11, 25)
    )
    journal = selectors.group_journal(actor_of("teacher"), group)
    (row,) = [r for r in journal.rows if r.student.pk == pupil.pk]
    assert [cell.member for cell in row.cells] == [False]
    with pytest.raises(InvalidInput):
        services.session_attendance_save(
            actor=actor_of("teacher"),
            group_id=group.pk,
            cells={(first_session(cast).pk, pupil.pk): "present"},
        )


def test_a_pupil_who_left_keeps_their_past_attendance_and_gets_no_new_cells(cast, actor_of):
    group = chess_group(cast)
    old = first_session(cast)
    services.member_end(
        actor=actor_of("deputy"),
        group_id=group.pk,
        membership_id=membership_of(cast, cast.pupil_b).pk,
        end=old.date,
    )
    later = services.session_create(actor=actor_of("teacher"), group_id=group.pk, date=dt.date(2026, 11, 25))
    journal = selectors.group_journal(actor_of("teacher"), group)
    (row,) = [r for r in journal.rows if r.student.pk == cast.pupil_b.pk]
    assert [(cell.session.pk, cell.member) for cell in row.cells] == [(old.pk, True), (later.pk, False)]


def test_a_pupil_cannot_be_in_the_same_group_twice_at_once(cast, actor_of):
    with pytest.raises(InvalidInput) as error:
        services.member_add(
            actor=actor_of("deputy"),
            group_id=chess_group(cast).pk,
            student_id=cast.pupil_a.pk,
            start=dt.date(2026, 10, 1),
        )
    assert error.value.field == "student"
    assert GroupMembership.objects.filter(student=cast.pupil_a).count() == 1


def test_a_pupil_of_another_school_is_refused_by_name_of_the_field(cast, actor_of):
    with pytest.raises(InvalidInput) as error:
        services.member_add(
            actor=actor_of("deputy"),
            group_id=chess_group(cast).pk,
            student_id=cast.pupil_other.pk,
            start=dt.date(2026, 11, 2),
        )
    assert error.value.field == "student"
    assert "Выберите обучающегося" in error.value.message


def test_a_pupil_not_yet_enrolled_on_the_date_is_refused(cast, actor_of):
    late = f.EnrollmentFactory(class_group=cast.class_b, start=dt.date(2026, 11, 10)).student
    with pytest.raises(InvalidInput) as error:
        services.member_add(
            actor=actor_of("deputy"),
            group_id=chess_group(cast).pk,
            student_id=late.pk,
            start=dt.date(2026, 11, 2),
        )
    assert "не числится" in error.value.message


def test_leaving_before_joining_is_refused_and_changes_nothing(cast, actor_of):
    membership = membership_of(cast, cast.pupil_a)
    with pytest.raises(InvalidInput) as error:
        services.member_end(
            actor=actor_of("deputy"),
            group_id=chess_group(cast).pk,
            membership_id=membership.pk,
            end=dt.date(2026, 8, 31),
        )
    assert error.value.field == "end"
    membership.refresh_from_db()
    assert membership.end is None


def test_the_course_teacher_reads_the_group_but_may_not_change_its_members(cast, actor_of):
    with pytest.raises(Forbidden):
        services.member_add(
            actor=actor_of("teacher"),
            group_id=chess_group(cast).pk,
            student_id=new_pupil_of_3b(cast).pk,
            start=dt.date(2026, 11, 2),
        )


def test_a_teacher_of_another_school_cannot_find_the_group(cast, actor_of):
    with pytest.raises(NotFound):
        services.group_create(actor=actor_of("outsider"), course_id=chess(cast).pk, name="Группа 2")


def test_the_course_teacher_sees_their_groups_and_a_colleague_sees_none(cast, actor_of):
    group = chess_group(cast)
    teacher_rows = selectors.course_list(actor_of("teacher")).rows
    assert [g.pk for row in teacher_rows for g in row.groups] == [group.pk]
    assert selectors.course_list(actor_of("classteacher")).rows == []


def test_a_course_needs_a_teacher_of_its_school(cast, actor_of):
    stranger = f.StaffFactory(school=cast.school_b)
    with pytest.raises(InvalidInput) as error:
        services.course_create(
            actor=actor_of("deputy"),
            school_id=cast.school_a.pk,
            name="Робототехника",
            direction="intellectual",
            hours=34,
            teacher_ids=[stranger.pk],
        )
    assert error.value.field == "teachers"


def test_a_course_with_hours_that_are_not_a_number_names_the_field(cast, actor_of):
    with pytest.raises(InvalidInput) as error:
        services.course_create(
            actor=actor_of("deputy"),
            school_id=cast.school_a.pk,
            name="Робототехника",
            direction="intellectual",
            hours="много",
            teacher_ids=[],
        )
    assert error.value.field == "hours"


def test_the_teachers_journals_page_leads_to_the_extracurricular_journals(cast, login):
    html = login(cast.user("teacher")).get("/assignments/").content.decode()
    assert 'href="/extracurricular/"' in html
