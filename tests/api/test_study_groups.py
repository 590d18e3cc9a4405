"""`GET /api/v1/study-groups` (decision 0036): the administration gets every group of its school,
a teacher the groups they teach, a class teacher those with their pupils; the answer's size
does not change the number of queries."""

import pytest

from tests import factories as f
from tests.people.groups_setup import build_group
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db

URL = "/api/v1/study-groups"


def login(client, cast, name):
    client.force_login(cast.user(name), backend="zhurnal.accounts.backends.UserBackend")
    return client


@pytest.fixture
def groups(cast):
    built = build_group(cast)
    lonely = f.StudyGroupFactory(year=cast.class_a.year, name="Элективный курс", grade=3)
    return built, lonely


def test_the_deputy_gets_every_group_with_its_journals_and_members_today(client, cast, groups):
    built, lonely = groups
    answer = login(client, cast, "deputy").get(URL).json()
    assert [(g["name"], g["journals"], g["members_today"]) for g in answer] == [
        ("ОРКСЭ: светская этика", [built.journal.pk], 2),
        ("Элективный курс", [], 0),
    ]
    assert answer[0]["subject"]["name"] == "Основы светской этики" and answer[1]["subject"] is None


@pytest.mark.parametrize("who", ["teacher", "classteacher"])
def test_a_teacher_and_a_members_class_teacher_get_only_that_group(client, cast, groups, who):
    built, _lonely = groups
    answer = login(client, cast, who).get(URL).json()
    assert [g["id"] for g in answer] == [built.group.pk]


def test_a_teacher_of_another_school_gets_none(client, cast, groups):
    assert login(client, cast, "outsider").get(URL).json() == []


def test_a_parent_is_refused(client, cast, groups):
    assert login(client, cast, "parent_a").get(URL).status_code == 403


def test_the_list_does_not_grow_in_queries_with_more_groups(client, cast, groups):
    login(client, cast, "director")
    small, _ = count_queries(client.get, URL)
    for n in range(4):
        group = f.StudyGroupFactory(year=cast.class_a.year, name=f"Группа {n}", grade=2)
        f.GroupAssignmentFactory(study_group=group)
        f.StudyGroupMembershipFactory(group=group, student=cast.pupil_b)
    large, response = count_queries(client.get, URL)
    assert len(response.json()) == 6
    assert large == small and small <= 12, (small, large)
