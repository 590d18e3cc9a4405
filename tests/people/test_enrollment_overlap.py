"""Two enrolments of one student never overlap (issue 8 item 4): the database, the admin's form."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tests import factories as f
from zhurnal.people.models import Enrollment
from zhurnal.people.selectors import overlapping_enrollment

pytestmark = pytest.mark.django_db

D = dt.date


def _enrol(cast, class_group, start, end=None):
    return Enrollment.objects.create(
        school=cast.school_a, student=cast.pupil_a, class_group=class_group, start=start, end=end
    )


def test_the_database_refuses_a_second_open_enrolment_of_the_same_pupil(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        _enrol(cast, cast.class_b, D(2026, 11, 1))
    assert Enrollment.objects.filter(student=cast.pupil_a).count() == 1


def test_the_database_refuses_an_enrolment_inside_a_closed_one(cast):
    Enrollment.objects.filter(student=cast.pupil_a).update(end=D(2026, 12, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        _enrol(cast, cast.class_b, D(2026, 10, 1), D(2026, 10, 15))


def test_the_database_refuses_an_update_that_makes_two_enrolments_overlap(cast):
    Enrollment.objects.filter(student=cast.pupil_a).update(end=D(2026, 11, 30))
    later = _enrol(cast, cast.class_b, D(2026, 12, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.filter(pk=later.pk).update(start=D(2026, 11, 30))


def test_an_enrolment_may_start_the_day_after_the_last_one_ended(cast):
    Enrollment.objects.filter(student=cast.pupil_a).update(end=D(2026, 11, 30))
    _enrol(cast, cast.class_b, D(2026, 12, 1))
    assert Enrollment.objects.filter(student=cast.pupil_a).count() == 2


def test_two_pupils_may_be_enrolled_in_the_same_dates(cast):
    f.EnrollmentFactory(class_group=cast.class_a)
    assert Enrollment.objects.filter(class_group=cast.class_a).count() == 2


def test_the_overlap_reader_names_the_enrolment_in_the_way(cast):
    existing = overlapping_enrollment(cast.pupil_a.pk, D(2027, 1, 10), None)
    assert existing is not None and existing.class_group == cast.class_a
    Enrollment.objects.filter(student=cast.pupil_a).update(end=D(2026, 12, 31))
    assert overlapping_enrollment(cast.pupil_a.pk, D(2027, 1, 1), None) is None


def test_the_admin_form_refuses_an_overlapping_enrolment_with_a_russian_message(cast, login):
    client = login(cast.user("sysadmin"))
    response = client.post(
        "/admin/people/enrollment/add/",
        {
            "school": cast.school_a.pk,
            "student": cast.pupil_a.pk,
            "class_group": cast.class_b.pk,
            "start": "01.12.2026",
            "end": "",
        },
    )
    assert response.status_code == 200
    assert "периоды зачислений пересекаются" in response.content.decode()
    assert Enrollment.objects.filter(student=cast.pupil_a).count() == 1
