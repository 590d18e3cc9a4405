"""The year-end promotion moves a whole demo-like school into next year's classes by one order."""

import datetime as dt

import pytest

from tests import factories as f
from tests.office.data import movement_order
from zhurnal.accounts.models import Role
from zhurnal.core.errors import InvalidInput
from zhurnal.demo.builder import SchoolSpec, build_school
from zhurnal.office.models import Movement, OfficeSettings, Order
from zhurnal.office.services import order_create, promotion_run
from zhurnal.people.models import Enrollment, enrolled_between_q
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import AcademicYear, ClassGroup

pytestmark = pytest.mark.django_db
K = Movement.Kind


@pytest.fixture
def school():
    return build_school(
        SchoolSpec(
            seed=5,
            short_name="Школа для перевода",
            name="МКОУ «Школа для перевода»",
            authority_name="Управление образования",
            students=64,
            today=dt.date(2026, 11, 25),
        )
    )


@pytest.fixture
def secretary(school):
    user = f.UserFactory(username="office-secretary")
    f.RoleGrantFactory(user=user, role=Role.SECRETARY, school=school.school)
    return actor_for(user)


def _order(secretary, school) -> Order:
    return order_create(
        actor=secretary,
        school_id=school.school.pk,
        series="Д",
        date=dt.date(2027, 5, 28),
        title="О переводе обучающихся в следующий класс и выпуске",
    )


def _at_year_end(school):
    end = school.year.end
    return list(
        Enrollment.objects.filter(enrolled_between_q(end, end), class_group__year=school.year).select_related(
            "class_group"
        )
    )


def test_the_whole_school_moves_into_next_years_classes_and_grade_4_graduates(school, secretary):
    enrolled = _at_year_end(school)
    by_pupil = {e.student_id: e.class_group for e in enrolled}
    kept, conditional = sorted(p for p, c in by_pupil.items() if c.grade == 2)[:2]
    order = _order(secretary, school)

    movements = promotion_run(
        actor=secretary,
        order_id=order.pk,
        decisions={
            kept: {"kind": K.KEPT_DOWN},
            conditional: {"kind": K.PROMOTED_ON_CONDITION, "debt": "Математика"},
        },
    )

    assert len(movements) == len(enrolled) and {m.order_id for m in movements} == {order.pk}
    next_year = AcademicYear.objects.get(school=school.school, name="2027/2028")
    assert next_year.start == dt.date(2027, 9, 1)
    for movement in movements:
        old = by_pupil[movement.student_id]
        ended = Enrollment.objects.get(pk=movement.ended_enrollment_id)
        assert ended.end == dt.date(2027, 8, 31)
        if old.grade == 4:
            assert movement.kind == K.GRADUATED and movement.new_enrollment is None
            continue
        new = Enrollment.objects.select_related("class_group").get(pk=movement.new_enrollment_id)
        assert new.start == dt.date(2027, 9, 1) and new.end is None
        assert new.class_group.year == next_year and new.class_group.letter == old.letter
        expected_grade = old.grade if movement.student_id == kept else old.grade + 1
        assert new.class_group.grade == expected_grade
    kinds = {m.student_id: m.kind for m in movements}
    assert kinds[kept] == K.KEPT_DOWN and kinds[conditional] == K.PROMOTED_ON_CONDITION
    graduates = sum(1 for c in by_pupil.values() if c.grade == 4)
    assert graduates > 0 and list(kinds.values()).count(K.GRADUATED) == graduates
    # Next year's classes were made: grades 2–4 from this year's 1–3, and the kept-down pupil's 2.
    letters = {c.letter for c in by_pupil.values()}
    made = set(ClassGroup.objects.filter(year=next_year).values_list("grade", "letter"))
    assert {(g, letter) for g in (2, 3, 4) for letter in letters} <= made


def test_a_second_promotion_of_the_same_year_is_refused(cast, actor_of):
    secretary = actor_of("secretary")
    promotion_run(actor=secretary, order_id=movement_order(cast, date=dt.date(2027, 5, 28)).pk)
    again = movement_order(cast, date=dt.date(2027, 5, 29))
    with pytest.raises(InvalidInput) as refused:
        promotion_run(actor=secretary, order_id=again.pk)
    assert refused.value.code == "already_promoted"
    assert not Movement.objects.filter(order=again).exists()


def test_a_conditional_promotion_without_the_debt_is_refused_and_nothing_moves(cast, actor_of):
    order = movement_order(cast, date=dt.date(2027, 5, 28))
    with pytest.raises(InvalidInput) as refused:
        promotion_run(
            actor=actor_of("secretary"),
            order_id=order.pk,
            decisions={cast.pupil_b.pk: {"kind": K.PROMOTED_ON_CONDITION}},
        )
    assert refused.value.field == "decisions"
    assert not Movement.objects.exists()
    assert Enrollment.objects.get(student=cast.pupil_b).end is None
    assert not AcademicYear.objects.filter(school=cast.school_a, name="2027/2028").exists()


def test_the_pupils_of_the_last_grade_graduate_by_the_schools_setting(cast, actor_of):
    OfficeSettings.objects.create(school=cast.school_a, last_grade=3)
    movements = promotion_run(
        actor=actor_of("sysadmin"), order_id=movement_order(cast, date=dt.date(2027, 5, 28)).pk
    )
    kinds = {m.student_id: m.kind for m in movements}
    assert kinds == {cast.pupil_a.pk: K.PROMOTED, cast.pupil_b.pk: K.GRADUATED}
