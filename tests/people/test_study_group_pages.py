"""The study groups pages (decision 0036): the administration lists the groups, creates one, adds
and ends members with dates and gives a group its journal; refusals name the field in Russian
and change nothing; each page runs a fixed number of queries however many groups and members."""

import datetime as dt

import pytest

from tests import factories as f
from tests.people.groups_setup import build_group
from tests.querycount import count_queries
from zhurnal.people.models import StudyGroupMembership, TeachingAssignment
from zhurnal.schools.models import StudyGroup

pytestmark = pytest.mark.django_db


def login(client, cast, name="sysadmin"):
    client.force_login(cast.user(name), backend="zhurnal.accounts.backends.UserBackend")
    return client


def test_the_groups_list_shows_each_group_with_its_members_today_and_its_journals(client, cast):
    built = build_group(cast)
    page = login(client, cast, "deputy").get(f"/people/groups/?school={cast.school_a.pk}")

    content = page.content.decode()
    assert page.status_code == 200
    assert "ОРКСЭ: светская этика" in content and f"/journal/{built.journal.pk}/" in content
    assert 'id="new-group"' not in content  # the deputy reads, but does not create


def test_the_system_administrator_creates_a_group_from_the_page(client, cast):
    response = login(client, cast).post(
        f"/people/groups/?school={cast.school_a.pk}",
        {"year": cast.class_a.year_id, "name": "ОРКСЭ: основы православной культуры", "grade": "4"},
    )
    assert response.status_code == 302
    assert StudyGroup.objects.get().grade == 4


def test_a_group_without_a_name_is_refused_naming_the_field(client, cast):
    response = login(client, cast).post(
        f"/people/groups/?school={cast.school_a.pk}", {"year": cast.class_a.year_id, "name": "", "grade": "4"}
    )
    assert response.status_code == 400
    assert "«Название»" in response.content.decode()
    assert not StudyGroup.objects.exists()


def test_members_are_added_and_ended_with_dates_on_the_group_page(client, cast):
    built = build_group(cast)
    login(client, cast, "director")
    url = f"/people/groups/{built.group.pk}/"

    added = client.post(url, {"action": "add", "student": cast.pupil_b.pk, "start": "2026-11-09"})
    membership = StudyGroupMembership.objects.get(group=built.group, student=cast.pupil_b)
    ended = client.post(url, {"action": "end", "membership": membership.pk, "end": "2026-12-26"})

    assert (added.status_code, ended.status_code) == (302, 302)
    membership.refresh_from_db()
    assert (membership.start, membership.end) == (dt.date(2026, 11, 9), dt.date(2026, 12, 26))
    page = client.get(url).content.decode()
    assert cast.pupil_b.full_name in page and "26.12.2026" in page


def test_a_pupil_not_enrolled_on_the_start_date_is_refused_by_name_on_the_page(client, cast):
    built = build_group(cast)
    late = f.EnrollmentFactory(class_group=cast.class_b, start=dt.date(2026, 10, 1)).student

    response = login(client, cast).post(
        f"/people/groups/{built.group.pk}/", {"action": "add", "student": late.pk, "start": "2026-09-01"}
    )

    assert response.status_code == 400
    assert late.short_name in response.content.decode()
    assert not StudyGroupMembership.objects.filter(student=late).exists()


def test_the_group_gets_its_journal_from_the_group_page(client, cast):
    built = build_group(cast)
    other = f.StaffFactory(school=cast.school_a, last_name="Сидорова")

    response = login(client, cast, "deputy").post(
        f"/people/groups/{built.group.pk}/",
        {
            "action": "journal",
            "teacher": other.pk,
            "subject": built.journal.subject_id,
            "hours_per_week": "1",
        },
    )

    assert response.status_code == 302
    assert TeachingAssignment.objects.filter(study_group=built.group, teacher=other).exists()


def test_the_group_journal_shows_on_the_teaching_load_page_with_a_link_to_its_group(client, cast):
    built = build_group(cast)
    content = login(client, cast).get(f"/people/assignments/?school={cast.school_a.pk}").content.decode()
    assert f"/people/groups/{built.group.pk}/" in content and "ОРКСЭ: светская этика" in content
    assert login(client, cast).get(f"/people/assignments/{built.journal.pk}/").status_code == 200


def grow(cast, built, n: int = 5) -> None:
    """n more groups with a journal each, and n more members of the first group."""
    for i in range(n):
        f.GroupAssignmentFactory(
            study_group=f.StudyGroupFactory(year=built.group.year, grade=2, name=f"Группа {i}")
        )
        pupil = f.EnrollmentFactory(class_group=built.class_c).student
        f.StudyGroupMembershipFactory(group=built.group, student=pupil)


def measure(client, cast, name, url):
    login(client, cast, name)
    count, response = count_queries(client.get, url)
    assert response.status_code == 200, (url, response.status_code)
    return count


@pytest.mark.parametrize(
    "url",
    [
        lambda cast, built: f"/people/groups/?school={cast.school_a.pk}",
        lambda cast, built: f"/people/groups/{built.group.pk}/",
        lambda cast, built: f"/journal/{built.journal.pk}/",
        lambda cast, built: f"/api/v1/journal?assignment={built.journal.pk}",
    ],
    ids=["groups", "group", "journal", "api-journal"],
)
def test_the_group_pages_do_not_grow_with_the_data(client, cast, url):
    built = build_group(cast)
    name = "sysadmin" if "/people/" in url(cast, built) else "teacher"
    small = measure(client, cast, name, url(cast, built))
    grow(cast, built)
    large = measure(client, cast, name, url(cast, built))

    assert large == small and small <= 25, (small, large)


def test_the_group_journal_is_put_into_the_timetable_from_its_load_page(client, cast):
    from zhurnal.people.models import TimetableEntry

    built = build_group(cast)
    other = f.GroupAssignmentFactory(
        study_group=f.StudyGroupFactory(year=built.group.year, name="ОРКСЭ: православная культура", grade=2)
    )
    f.BellSlotFactory(schedule=f.BellScheduleFactory(school=cast.school_a), number=5)
    url = "/people/assignments/{}/"
    login(client, cast, "deputy")
    body = {"action": "timetable", "weekday": "5", "slot": "5", "valid_from": "2026-11-30"}

    first = client.post(url.format(built.journal.pk), body)
    second = client.post(url.format(other.pk), body)  # the other module, side by side

    assert (first.status_code, second.status_code) == (302, 302)
    entries = TimetableEntry.objects.filter(assignment__study_group__isnull=False)
    assert set(entries.values_list("assignment_id", "weekday", "slot")) == {
        (built.journal.pk, 5, 5),
        (other.pk, 5, 5),
    }
