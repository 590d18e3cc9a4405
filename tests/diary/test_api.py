"""The diary API: GET /students/{id}/diary and GET /students/{id}/marks."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from tests import factories as f
from tests.diary.conftest import XSS
from zhurnal.accounts.models import User
from zhurnal.accounts.tokens import token_issue
from zhurnal.people.models import Student

pytestmark = pytest.mark.django_db


def test_the_diary_defaults_to_this_week_and_lists_lessons_with_marks(cast, call_as):
    response = call_as("parent_a", f"/students/{cast.pupil_a.pk}/diary")

    assert response.status_code == 200
    body = response.json()
    assert body["student"]["id"] == cast.pupil_a.pk
    assert (body["start"], body["end"]) == ("2026-11-23", "2026-11-28")
    (day,) = body["days"]
    (lesson,) = day["lessons"]
    assert lesson["id"] == cast.lesson_a.pk
    assert [m["id"] for m in lesson["marks"]] == [cast.mark_a.pk]


def test_typed_text_is_escaped_by_json_not_lost(cast, call_as, lesson):
    one = lesson(topic=XSS, homework=XSS, slot=2)
    f.MarkFactory(lesson=one, student=cast.pupil_a, comment=XSS)

    body = call_as("pupil_a", f"/students/{cast.pupil_a.pk}/diary")
    data = body.json()

    (shown,) = [x for d in data["days"] for x in d["lessons"] if x["id"] == one.pk]
    assert shown["topic"] == XSS and shown["homework"] == XSS and shown["marks"][0]["comment"] == XSS
    assert body["Content-Type"].startswith("application/json")


def test_a_span_over_62_days_is_refused_naming_the_field(cast, call_as):
    response = call_as("parent_a", f"/students/{cast.pupil_a.pk}/diary?from=2026-09-01&to=2026-11-30")

    assert response.status_code == 400
    assert response.json()["field"] == "to"


def test_an_end_before_the_start_is_refused(cast, call_as):
    response = call_as("parent_a", f"/students/{cast.pupil_a.pk}/diary?from=2026-11-20&to=2026-11-10")

    assert response.status_code == 400 and response.json()["field"] == "to"


def test_a_malformed_date_names_the_field(cast, call_as):
    response = call_as("parent_a", f"/students/{cast.pupil_a.pk}/diary?from=20.11.2026")

    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "from"


def test_marks_by_subject_with_average_and_attendance_totals(cast, call_as):
    response = call_as("pupil_a", f"/students/{cast.pupil_a.pk}/marks")

    body = response.json()
    assert response.status_code == 200
    assert body["period"]["name"] == "2 четверть"
    (math,) = [s for s in body["subjects"] if s["id"] == cast.math_a.subject_id]
    assert [m["value"] for m in math["marks"]] == [cast.mark_a.value]
    assert math["average"] == "5.00"
    assert set(body["attendance"]) == {
        "days_missed",
        "days_missed_ill",
        "lessons_missed",
        "lessons_missed_ill",
        "late",
    }


def test_a_period_that_is_not_the_pupils_answers_404_naming_the_field(cast, call_as):
    foreign = cast.class_other.year.periods.get()

    response = call_as("parent_a", f"/students/{cast.pupil_a.pk}/marks?period={foreign.pk}")

    assert response.status_code == 404 and response.json()["field"] == "period"


def test_a_parent_gets_404_for_another_childs_diary(cast, call_as):
    for path in (f"/students/{cast.pupil_b.pk}/diary", f"/students/{cast.pupil_b.pk}/marks"):
        response = call_as("parent_a", path)
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_demo_parent_gets_her_childrens_diaries_and_404_for_every_other_pupil(client, settings):
    call_command("demo", today="2026-11-25", stdout=io.StringIO())
    students = list(Student.objects.values_list("pk", flat=True))
    assert len(students) > 100

    def ids_allowed(username: str) -> set[int]:
        headers = {"Authorization": f"Bearer {token_issue(user=User.objects.get(username=username))}"}
        allowed = set()
        for pk in students:
            response = client.get(f"/api/v1/students/{pk}/diary", headers=headers)
            assert response.status_code in (200, 404), (username, pk, response.status_code)
            if response.status_code == 200:
                allowed.add(pk)
        return allowed

    parent = User.objects.get(username="parent")
    children = set(Student.objects.filter(guardian_links__guardian__user=parent).values_list("pk", flat=True))
    assert len(children) == 2
    assert ids_allowed("parent") == children
    own = Student.objects.get(user__username="student").pk
    assert ids_allowed("student") == {own}
    child = min(children)
    headers = {"Authorization": f"Bearer {token_issue(user=parent)}"}
    days = client.get(
        f"/api/v1/students/{child}/diary?from=2026-11-16&to=2026-11-21", headers=headers
    ).json()["days"]
    assert days and all(day["lessons"] for day in days)
    assert dt.date.fromisoformat(days[0]["date"]) >= dt.date(2026, 11, 16)
