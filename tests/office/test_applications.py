"""Enrolment applications (Приказ № 458): windows, statuses, and enrolling by an order."""

import datetime as dt

import pytest

from tests.office.data import movement_order
from zhurnal.core.errors import Conflict, Forbidden, InvalidInput
from zhurnal.core.models import AuditEvent
from zhurnal.office.models import EnrolmentApplication, Movement
from zhurnal.office.services import (
    application_check,
    application_enrol,
    application_receive,
    application_refuse,
)
from zhurnal.people.models import Enrollment, Student, StudentGuardian
from zhurnal.people.services.records import guardian_create, student_create
from zhurnal.policy.fields import may_create_student

pytestmark = pytest.mark.django_db
A = EnrolmentApplication


def _receive(actor, category=A.Category.TERRITORY, day=dt.date(2027, 4, 2), **more):
    fields = {
        "child_last_name": "Иванова",
        "child_first_name": "Алина",
        "child_birth_date": dt.date(2020, 3, 3),
        "applicant_last_name": "Иванова",
        "applicant_first_name": "Марина",
        "applicant_phone": "+7 928 000-00-00",
        **more,
    }
    return application_receive(actor=actor, category=category, received_on=day, **fields)


def test_a_territory_application_in_april_falls_in_the_first_window(actor_of, cast):
    application = _receive(actor_of("secretary"))
    assert (application.window, application.number, application.status) == (
        A.Window.FIRST,
        1,
        A.Status.RECEIVED,
    )


def test_an_application_from_outside_the_territory_in_april_is_refused_until_july(actor_of, cast):
    with pytest.raises(InvalidInput) as refused:
        _receive(actor_of("secretary"), category=A.Category.OTHER)
    assert refused.value.code == "intake_closed" and refused.value.field == "received_on"
    late = _receive(actor_of("secretary"), category=A.Category.OTHER, day=dt.date(2027, 7, 6))
    assert late.window == A.Window.SECOND
    with pytest.raises(InvalidInput):
        _receive(actor_of("secretary"), category=A.Category.PRIORITY, day=dt.date(2027, 9, 6))


def test_a_missing_childs_name_is_named_and_nothing_is_saved(actor_of, cast):
    with pytest.raises(InvalidInput) as refused:
        _receive(actor_of("secretary"), child_first_name=" ")
    assert refused.value.field == "child_first_name" and "Имя ребёнка" in refused.value.message
    assert not A.objects.exists()


def test_enrolling_a_checked_application_makes_the_pupil_guardian_file_and_enrolment_by_the_order(
    actor_of, cast
):
    secretary = actor_of("secretary")
    application = _receive(secretary)
    order = movement_order(cast, date=dt.date(2027, 5, 20))
    with pytest.raises(Conflict):
        application_enrol(
            actor=secretary, application_id=application.pk, order_id=order.pk, class_id=cast.class_a.pk
        )
    application_check(actor=secretary, application_id=application.pk)

    done = application_enrol(
        actor=secretary,
        application_id=application.pk,
        order_id=order.pk,
        class_id=cast.class_a.pk,
        date=dt.date(2027, 5, 20),
    )

    pupil = done.student
    assert done.status == A.Status.ENROLLED and pupil.full_name == "Иванова Алина"
    link = StudentGuardian.objects.select_related("guardian").get(student=pupil)
    assert link.guardian.full_name == "Иванова Марина" and link.guardian.phone == "+7 928 000-00-00"
    assert pupil.personal_file.number == "И-1"
    enrolment = Enrollment.objects.get(student=pupil)
    assert (enrolment.class_group, enrolment.start) == (cast.class_a, dt.date(2027, 5, 20))
    assert done.movement.kind == Movement.Kind.ENROLMENT and done.movement.order == order


def test_a_refusal_needs_a_reason_and_is_final(actor_of, cast):
    secretary = actor_of("secretary")
    application = _receive(secretary)
    with pytest.raises(InvalidInput) as refused:
        application_refuse(actor=secretary, application_id=application.pk, reason="")
    assert refused.value.field == "reason"
    application_refuse(actor=secretary, application_id=application.pk, reason="Нет свободных мест")
    with pytest.raises(Conflict):
        application_check(actor=secretary, application_id=application.pk)


def test_the_list_shows_the_applications_of_one_window(actor_of, cast, login):
    secretary = actor_of("secretary")
    _receive(secretary, child_last_name="Апрельская")
    _receive(secretary, category=A.Category.OTHER, day=dt.date(2027, 7, 10), child_last_name="Июльская")
    page = login(cast.user("director")).get("/office/applications/?year=2027&window=second").content.decode()
    assert "Июльская" in page and "Апрельская" not in page


def _enrolled(secretary, cast, **more):
    application = _receive(secretary, **more)
    application_check(actor=secretary, application_id=application.pk)
    order = movement_order(cast, date=dt.date(2027, 5, 20))
    return application_enrol(
        actor=secretary,
        application_id=application.pk,
        order_id=order.pk,
        class_id=cast.class_a.pk,
        date=dt.date(2027, 5, 20),
    )


def test_enrolling_writes_the_same_audit_rows_as_a_pupil_entered_by_hand_naming_the_application(
    actor_of, cast
):
    done = _enrolled(actor_of("secretary"), cast)

    rows = {
        event.action: event
        for event in AuditEvent.objects.filter(
            action__in=["student.create", "guardian.create", "guardian.link"]
        )
    }
    assert set(rows) == {"student.create", "guardian.create", "guardian.link"}
    assert rows["student.create"].object_id == done.student_id
    assert rows["student.create"].after["last_name"] == "Иванова"
    assert rows["student.create"].after["application"] == done.pk
    assert rows["guardian.create"].after["application"] == done.pk
    assert rows["guardian.link"].after["is_legal_representative"] is True
    assert {event.actor_id for event in rows.values()} == {cast.user("secretary").pk}


def test_the_pupils_data_from_the_application_is_checked_like_a_card_entered_by_hand(actor_of, cast):
    secretary = actor_of("secretary")
    with pytest.raises(InvalidInput) as refused:
        _enrolled(secretary, cast, applicant_email="not-an-address")
    assert refused.value.field == "email"
    assert not Student.objects.filter(last_name="Иванова").exists()
    assert A.objects.get().status == A.Status.CHECKED


@pytest.mark.parametrize("role", ["secretary", "deputy", "classteacher", "teacher", "parent_a", "outsider"])
def test_only_the_system_administrator_and_the_director_create_a_pupil_by_hand(actor_of, cast, role):
    with pytest.raises(Forbidden):
        student_create(actor=actor_of(role), school=cast.school_a, data={"last_name": "Р", "first_name": "Р"})
    assert not Student.objects.filter(last_name="Р").exists()


@pytest.mark.parametrize("role", ["sysadmin", "director"])
def test_the_system_administrator_and_the_director_create_a_pupil_by_hand(actor_of, cast, role):
    student = student_create(
        actor=actor_of(role), school=cast.school_a, data={"last_name": "Р", "first_name": "Р"}
    )
    assert AuditEvent.objects.get(action="student.create").object_id == student.pk


def test_the_secretary_creates_a_pupil_only_with_an_application_of_their_own_school(actor_of, cast):
    secretary = actor_of("secretary")
    theirs = _receive(secretary)
    elsewhere = A(school=cast.class_other.year.school, number=1, year=2027)
    assert may_create_student(secretary, cast.school_a.pk, application=theirs)
    assert not may_create_student(secretary, cast.school_a.pk, application=elsewhere)
    assert not may_create_student(secretary, cast.school_a.pk)
    assert not may_create_student(actor_of("deputy"), cast.school_a.pk, application=theirs)
    with pytest.raises(Forbidden):
        guardian_create(
            actor=secretary,
            student=cast.pupil_b,
            data={"last_name": "Р", "first_name": "Р", "relation": "mother"},
        )
