"""Movement by orders: the enrolment ends the day before, the new one starts on the order's date."""

import datetime as dt

import pytest

from tests import factories as f
from tests.office.data import main_order, movement_order
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound
from zhurnal.journal.services.marks import mark_create
from zhurnal.office.models import Movement, PersonalFile
from zhurnal.office.services import movement_record
from zhurnal.people.models import Enrollment

pytestmark = pytest.mark.django_db
D = dt.date


def _transfer(actor_of, cast, order, who="secretary"):
    return movement_record(
        actor=actor_of(who),
        order_id=order.pk,
        kind=Movement.Kind.TRANSFER,
        student_id=cast.pupil_a.pk,
        to_class_id=cast.class_b.pk,
    )


def test_a_transfer_ends_the_old_enrolment_the_day_before_and_starts_the_new_one_on_the_date(actor_of, cast):
    order = movement_order(cast, date=D(2026, 12, 1))

    movement = _transfer(actor_of, cast, order)

    old, new = Enrollment.objects.filter(student=cast.pupil_a).order_by("start")
    assert (old.class_group, old.start, old.end) == (cast.class_a, D(2026, 9, 1), D(2026, 11, 30))
    assert (new.class_group, new.start, new.end) == (cast.class_b, D(2026, 12, 1), None)
    assert (movement.from_class, movement.to_class, movement.order) == (cast.class_a, cast.class_b, order)
    assert movement.ended_enrollment == old and movement.new_enrollment == new


def test_a_transferred_pupil_moves_from_one_journal_to_the_other_on_the_date(
    actor_of, cast, call_as, settings
):
    settings.ZHURNAL_TODAY = "2026-12-03"
    before = f.LessonFactory(assignment=cast.math_a, date=D(2026, 11, 30), slot=2)
    after_old = f.LessonFactory(assignment=cast.math_a, date=D(2026, 12, 2), slot=2)
    after_new = f.LessonFactory(assignment=cast.math_b, date=D(2026, 12, 2), slot=3)
    work_type = cast.mark_a.work_type
    mark_create(
        actor=actor_of("classteacher"),
        lesson_id=before.pk,
        student_id=cast.pupil_a.pk,
        value="4",
        work_type_id=work_type.pk,
    )
    _transfer(actor_of, cast, movement_order(cast, date=D(2026, 12, 1)))

    # The old journal keeps the pupil with the marks given before, up to the day before.
    old_grid = call_as("classteacher", f"/journal?assignment={cast.math_a.pk}").json()
    row = next(s for s in old_grid["students"] if s["id"] == cast.pupil_a.pk)
    assert row["enrolled_to"] == "2026-11-30"
    marks = {(m["lesson"], m["value"]) for m in old_grid["marks"] if m["student"] == cast.pupil_a.pk}
    assert marks == {(cast.lesson_a.pk, "5"), (before.pk, "4")}
    # …and no new mark can be put there after the date: the pupil is off that roster.
    with pytest.raises(NotFound):
        mark_create(
            actor=actor_of("classteacher"),
            lesson_id=after_old.pk,
            student_id=cast.pupil_a.pk,
            value="5",
            work_type_id=work_type.pk,
        )
    # The new class's journal has the pupil from the date on, and takes their marks.
    new_grid = call_as("teacher", f"/journal?assignment={cast.math_b.pk}").json()
    row = next(s for s in new_grid["students"] if s["id"] == cast.pupil_a.pk)
    assert row["enrolled_from"] == "2026-12-01"
    mark, created = mark_create(
        actor=actor_of("teacher"),
        lesson_id=after_new.pk,
        student_id=cast.pupil_a.pk,
        value="5",
        work_type_id=work_type.pk,
    )
    assert created


def test_a_transfer_the_day_the_pupil_was_enrolled_is_refused_and_changes_nothing(actor_of, cast):
    order = movement_order(cast, date=D(2026, 9, 1))
    with pytest.raises(InvalidInput) as refused:
        _transfer(actor_of, cast, order)
    assert refused.value.field == "date"
    assert Enrollment.objects.filter(student=cast.pupil_a).count() == 1
    assert not Movement.objects.exists()


def test_enrolling_a_pupil_already_in_a_class_is_refused_with_the_class_named(actor_of, cast):
    order = movement_order(cast)
    with pytest.raises(InvalidInput) as refused:
        movement_record(
            actor=actor_of("sysadmin"),
            order_id=order.pk,
            kind=Movement.Kind.ENROLMENT,
            student_id=cast.pupil_a.pk,
            to_class_id=cast.class_b.pk,
        )
    assert "2А" in refused.value.message and "пересекаются" in refused.value.message
    assert Enrollment.objects.filter(student=cast.pupil_a).count() == 1


def test_leaving_for_another_school_needs_the_destination_and_closes_the_personal_file(actor_of, cast):
    order = movement_order(cast)
    PersonalFile.objects.create(
        school=cast.school_a,
        student=cast.pupil_a,
        letter="И",
        sequence=1,
        number="И-1",
        opened_on=D(2026, 9, 1),
    )
    with pytest.raises(InvalidInput) as refused:
        movement_record(
            actor=actor_of("secretary"),
            order_id=order.pk,
            kind=Movement.Kind.LEFT_TO_SCHOOL,
            student_id=cast.pupil_a.pk,
        )
    assert refused.value.field == "destination"

    movement_record(
        actor=actor_of("secretary"),
        order_id=order.pk,
        kind=Movement.Kind.LEFT_TO_SCHOOL,
        student_id=cast.pupil_a.pk,
        destination="МКОУ СОШ № 3 г. Нальчика",
    )

    assert Enrollment.objects.get(student=cast.pupil_a).end == D(2026, 11, 30)
    personal_file = PersonalFile.objects.get(student=cast.pupil_a)
    assert personal_file.closed_on == D(2026, 12, 1)


def test_a_movement_needs_an_order_of_the_movement_series(actor_of, cast):
    with pytest.raises(InvalidInput) as refused:
        _transfer(actor_of, cast, main_order(cast))
    assert refused.value.field == "order"


def test_a_class_teacher_may_not_record_a_movement(actor_of, cast):
    order = movement_order(cast)
    with pytest.raises(NotFound):
        _transfer(actor_of, cast, order, who="classteacher")
    with pytest.raises(Forbidden):
        _transfer(actor_of, cast, order, who="director")
