"""The КТП pages and the journal with a plan run a fixed number of queries, however many items,
versions, plans and lessons there are."""

import datetime as dt

import pytest

from tests import factories as f
from tests.planning.data import approved, imported
from tests.querycount import assert_max_queries, count_queries
from zhurnal.planning import services
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    count, response = count_queries(client.get, url)
    assert response.status_code == 200
    return count


def test_the_plan_page_does_not_grow_with_items_or_versions(cast, login):
    imported(cast, cast.math_a, 2)
    client = login(cast.user("classteacher"))
    few = queries_for(client, f"/planning/{cast.math_a.pk}/")
    approved(cast, cast.math_a, 40)
    item = cast.math_a.thematic_plan.versions.get().items.first()
    services.plan_item_update(
        actor=actor_for(cast.user("classteacher")), item_id=item.pk, data={"topic": "Новая"}
    )
    with assert_max_queries(few, exact=True):
        client.get(f"/planning/{cast.math_a.pk}/")
    assert few <= 20


def test_the_teachers_list_does_not_grow_with_assignments(cast, login):
    client = login(cast.user("teacher"))
    few = queries_for(client, "/planning/")
    staff = cast.math_b.teacher
    for _ in range(8):
        f.TeachingAssignmentFactory(class_group=f.ClassGroupFactory(year=cast.class_a.year), teacher=staff)
    imported(cast, cast.math_b, 3, teacher="teacher")
    with assert_max_queries(few, exact=True):
        client.get("/planning/")
    assert few <= 12


def test_the_deputys_list_does_not_grow_with_submitted_plans(cast, login):
    client = login(cast.user("deputy"))
    imported(cast, cast.math_a, 3)
    services.plan_submit(actor=actor_for(cast.user("classteacher")), assignment_id=cast.math_a.pk)
    few = queries_for(client, "/planning/review/")
    for assignment in (cast.math_b, cast.english_a):
        imported(cast, assignment, 5, teacher="teacher")
        services.plan_submit(actor=actor_for(cast.user("teacher")), assignment_id=assignment.pk)
    with assert_max_queries(few, exact=True):
        response = client.get("/planning/review/")
    assert (
        response.content.decode().count("/decide") == 0 and response.content.decode().count("#decision") == 3
    )
    assert few <= 12


def test_the_journal_api_does_not_grow_with_lessons_linked_to_the_plan(cast, call_as_api):
    url = f"/api/v1/journal?assignment={cast.math_a.pk}"
    few, response = count_queries(call_as_api, "classteacher", url)
    assert response.status_code == 200
    for day in range(1, 20):
        f.LessonFactory(
            assignment=cast.math_a, date=dt.date(2026, 11, 25) + dt.timedelta(days=day), slot=1, topic=""
        )
    approved(cast, cast.math_a, 34)
    with assert_max_queries(few, exact=True):
        response = call_as_api("classteacher", url)
    assert sum(1 for x in response.json()["lessons"] if x["plan_item"]) >= 10


@pytest.fixture
def call_as_api(cast, client):
    from zhurnal.accounts.tokens import token_issue

    def _call(name, url):
        return client.get(url, headers={"Authorization": f"Bearer {token_issue(user=cast.user(name))}"})

    return _call
