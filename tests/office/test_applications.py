"""Enrolment applications (Приказ № 458): windows, statuses, and enrolling by an order."""

import datetime as dt

import pytest

from tests.office.data import movement_order
from zhurnal.core.errors import Conflict, InvalidInput
from zhurnal.office.models import EnrolmentApplication, Movement
from zhurnal.office.services import (
    application_check,
    application_enrol,
    application_receive,
    application_refuse,
)
from zhurnal.people.models import Enrollment, StudentGuardian

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
