"""The teaching load and timetable pages: what the administration sees and does, refusals shown
in Russian beside the form, and queries that do not grow with the school."""

import datetime as dt

import pytest

from tests import factories as f
from tests.people.test_query_counts import measure
from zhurnal.people.models import TeachingAssignment, TimetableEntry

pytestmark = pytest.mark.django_db


def signed_in(client, cast, name):
    client.force_login(cast.user(name), backend="zhurnal.accounts.backends.UserBackend")
    return client


def test_the_load_page_lists_the_schools_assignments_with_teachers_and_hours(client, cast):
    cast.math_b.hours_per_week = 5
    cast.math_b.save()

    page = signed_in(client, cast, "deputy").get("/people/assignments/").content.decode()

    assert "Математика" in page and cast.math_b.teacher.short_name in page
    assert "5.0" in page or "5,0" in page
    assert 'id="new-assignment"' in page


def test_the_secretary_reads_the_load_but_gets_no_form(client, cast):
    page = signed_in(client, cast, "secretary").get("/people/assignments/").content.decode()

    assert "Математика" in page
    assert 'id="new-assignment"' not in page


def test_adding_an_assignment_on_the_page_redirects_and_makes_it(client, cast):
    response = signed_in(client, cast, "sysadmin").post(
        "/people/assignments/",
        {
            "class_group": cast.class_b.pk,
            "subject": cast.english_a.subject_id,
            "teacher": cast.english_a.teacher_id,
        },
    )

    assert response.status_code == 302
    assert TeachingAssignment.objects.filter(
        class_group=cast.class_b, subject=cast.english_a.subject
    ).exists()


def test_a_refused_assignment_shows_the_message_naming_the_field_and_keeps_the_input(client, cast):
    response = signed_in(client, cast, "sysadmin").post(
        "/people/assignments/",
        {
            "class_group": cast.class_b.pk,
            "subject": cast.english_a.subject_id,
            "teacher": cast.english_a.teacher_id,
            "hours_per_week": "три",
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "«Часов в неделю»: введите число" in page
    assert 'value="три"' in page
    assert not TeachingAssignment.objects.filter(
        class_group=cast.class_b, subject=cast.english_a.subject
    ).exists()


def test_the_class_timetable_shows_the_week_grid_and_a_slot_added_on_the_page(client, cast, settings):
    settings.ZHURNAL_TODAY = "2026-11-30"
    client = signed_in(client, cast, "sysadmin")

    response = client.post(
        f"/people/classes/{cast.class_b.pk}/timetable/",
        {"action": "add", "assignment": cast.math_b.pk, "weekday": "5", "slot": "4", "room": "31"},
    )
    page = client.get(f"/people/classes/{cast.class_b.pk}/timetable/").content.decode()

    assert response.status_code == 302
    assert TimetableEntry.objects.filter(assignment=cast.math_b, weekday=5, slot=4, room="31").exists()
    assert "Пятница" in page and "каб. 31" in page


def test_a_clash_on_the_timetable_page_is_a_400_with_the_reason(client, cast, settings):
    settings.ZHURNAL_TODAY = "2026-11-30"
    weekday = dt.date(2026, 11, 25).isoweekday()  # the cast's 2А mathematics, lesson 1

    response = signed_in(client, cast, "sysadmin").post(
        f"/people/classes/{cast.class_a.pk}/timetable/",
        {
            "action": "add",
            "assignment": f.TeachingAssignmentFactory(class_group=cast.class_a).pk,
            "weekday": weekday,
            "slot": "1",
        },
    )

    assert response.status_code == 400
    assert "у класса 2А на этом уроке уже «Математика»" in response.content.decode()


def test_the_assignment_page_ends_an_assignment(client, cast, settings):
    settings.ZHURNAL_TODAY = "2026-11-30"

    response = signed_in(client, cast, "director").post(
        f"/people/assignments/{cast.math_b.pk}/", {"action": "end", "ended_on": "2026-12-04"}
    )

    assert response.status_code == 302
    cast.math_b.refresh_from_db()
    assert cast.math_b.ended_on == dt.date(2026, 12, 4)


def grow(cast, classes: int = 4) -> None:
    for i in range(classes):
        class_group = f.ClassGroupFactory(year=cast.class_a.year, grade=5, letter="АБВГ"[i])
        for weekday in (1, 2, 3):
            assignment = f.TeachingAssignmentFactory(class_group=class_group, hours_per_week=3)
            f.TimetableEntryFactory(
                assignment=assignment, weekday=weekday, slot=2, valid_from=dt.date(2026, 9, 1)
            )
    for weekday in (1, 2, 4, 5):
        f.TimetableEntryFactory(
            assignment=cast.math_a, weekday=weekday, slot=4, valid_from=dt.date(2026, 9, 1)
        )


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("sysadmin", lambda cast: "/people/assignments/"),
        ("secretary", lambda cast: "/people/assignments/"),
        ("deputy", lambda cast: f"/people/assignments/{cast.math_a.pk}/"),
        ("sysadmin", lambda cast: f"/people/classes/{cast.class_a.pk}/timetable/"),
    ],
    ids=["load", "load-reader", "assignment", "timetable"],
)
def test_the_load_and_timetable_pages_do_not_grow_with_the_data(client, cast, name, url):
    small = measure(client, cast, name, url(cast))
    grow(cast)
    large = measure(client, cast, name, url(cast))

    assert large == small and small <= 20, (small, large)
