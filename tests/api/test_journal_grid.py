"""`GET /journal`: the grid of one journal and period, for staff who read it."""

import pytest

from tests import factories as f
from zhurnal.journal import payload, selectors
from zhurnal.journal.access import assignment_for_reader
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import StudyPeriod

pytestmark = pytest.mark.django_db


def test_the_class_teacher_gets_the_grid_with_the_minimum_fields(call_as, cast):
    response = call_as("classteacher", f"/journal?assignment={cast.math_a.pk}")

    assert response.status_code == 200
    body = response.json()
    period = StudyPeriod.objects.get(school=cast.school_a)
    assert body["assignment"] == cast.math_a.pk
    assert body["period"] == {
        "id": period.pk,
        "name": period.name,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "closed": False,
    }
    assert {"id": cast.pupil_a.pk, "full_name": cast.pupil_a.full_name}.items() <= body["students"][0].items()
    lesson = body["lessons"][0]
    assert lesson["id"] == cast.lesson_a.pk and lesson["date"] == "2026-11-25"
    assert {"topic", "lesson_type", "homework"} <= set(lesson)
    mark = body["marks"][0]
    assert {k: mark[k] for k in ("id", "lesson", "student", "value", "version")} == {
        "id": cast.mark_a.pk,
        "lesson": cast.lesson_a.pk,
        "student": cast.pupil_a.pk,
        "value": "5",
        "version": 1,
    }
    assert {"work_type", "comment"} <= set(mark)
    assert body["attendance"] == [] and body["period_marks"] == []
    assert body["can_write"] is True


def test_the_deputy_reads_but_may_not_write(call_as, cast):
    body = call_as("deputy", f"/journal?assignment={cast.math_a.pk}").json()

    assert body["can_write"] is False and body["marks"][0]["id"] == cast.mark_a.pk


def test_the_answer_is_the_pages_payload(call_as, cast):
    """The API and the page's script read one shape (zhurnal.journal.payload)."""
    actor = actor_for(cast.user("classteacher"))
    assignment = assignment_for_reader(actor, cast.math_a.pk)
    expected = payload.grid_payload(
        selectors.journal_grid(assignment),
        can_write=True,
        directories=payload.journal_directories(cast.school_a.pk),
    )

    body = call_as("classteacher", f"/journal?assignment={cast.math_a.pk}").json()

    assert body == expected


def test_an_unknown_period_is_404(call_as, cast):
    other = StudyPeriod.objects.get(school=cast.school_b)

    response = call_as("classteacher", f"/journal?assignment={cast.math_a.pk}&period={other.pk}")

    assert response.status_code == 404


def test_the_assignment_is_required(call_as, cast):
    response = call_as("classteacher", "/journal")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "assignment"


@pytest.mark.parametrize("name", ["parent_a", "pupil_a", "authority"])
def test_families_and_the_authority_get_403(call_as, cast, name):
    response = call_as(name, f"/journal?assignment={cast.math_a.pk}")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


@pytest.mark.parametrize("name", ["teacher", "outsider"])
def test_a_journal_the_caller_does_not_read_is_404(call_as, cast, name):
    assert call_as(name, f"/journal?assignment={cast.math_a.pk}").status_code == 404


def test_the_subject_teacher_reads_their_subgroup_journal(call_as, cast):
    f.LessonFactory(assignment=cast.english_a)

    body = call_as("teacher", f"/journal?assignment={cast.english_a.pk}").json()

    assert body["subgroup"] and [s["id"] for s in body["students"]] == [cast.pupil_a.pk]
    assert body["can_write"] is True


def test_the_grid_answer_matches_its_documented_schema(cast, bearer, client):
    from zhurnal.api.schemas import JournalOut

    response = client.get(f"/api/v1/journal?assignment={cast.math_a.pk}", headers=bearer("classteacher"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    JournalOut.model_validate(response.json())
