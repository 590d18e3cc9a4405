"""The journal's pages: the grid, the teacher's day and the deputy's periods."""

import datetime as dt
import json

import pytest

from tests import factories as f
from tests.querycount import assert_max_queries
from zhurnal.journal.services import attendance_all_present
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import StudyPeriod

pytestmark = pytest.mark.django_db


def _payload(response):
    html = response.content.decode()
    start = html.index('id="journal-data"')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_the_grid_page_carries_the_journal_for_the_script(cast, login):
    response = login(cast.user("classteacher")).get(f"/journal/{cast.math_a.pk}/")
    assert response.status_code == 200
    data = _payload(response)
    assert data["can_write"] is True
    assert [s["id"] for s in data["students"]] == [cast.pupil_a.pk]
    assert data["period"]["name"] == "2 четверть"


def test_the_page_sends_marks_and_attendance_as_rows_of_named_fields_and_the_api_as_objects(
    cast, login, directories
):
    f.AttendanceFactory(lesson=cast.lesson_a, student=cast.pupil_a, code=directories["Н"])
    client = login(cast.user("classteacher"))
    data = _payload(client.get(f"/journal/{cast.math_a.pk}/"))
    [mark] = [dict(zip(data["mark_fields"], row, strict=True)) for row in data["marks"]]
    assert mark["value"] == "5" and mark["student"] == cast.pupil_a.pk and mark["lesson"] == cast.lesson_a.pk
    [record] = [dict(zip(data["attendance_fields"], row, strict=True)) for row in data["attendance"]]
    assert record["code"] == "Н" and record["student"] == cast.pupil_a.pk

    api = client.get("/api/v1/journal", {"assignment": cast.math_a.pk}).json()
    assert {k: api["marks"][0][k] for k in ("id", "value", "student")} == {
        k: mark[k] for k in ("id", "value", "student")
    }
    assert "mark_fields" not in api


def test_the_deputy_reads_the_grid_but_may_not_write(cast, login):
    data = _payload(login(cast.user("deputy")).get(f"/journal/{cast.math_a.pk}/"))
    assert data["can_write"] is False and data["may_unlock"] is True


def test_a_substitute_sees_only_the_lessons_they_conduct(cast, login):
    teacher_staff = cast.english_a.teacher
    substituted = f.LessonFactory(assignment=cast.math_a, teacher=teacher_staff, date=dt.date(2026, 11, 24))
    data = _payload(login(cast.user("teacher")).get(f"/journal/{cast.math_a.pk}/"))
    assert [lesson["id"] for lesson in data["lessons"]] == [substituted.pk]
    assert data["can_write"] is True


def test_a_pupil_outside_their_enrolment_dates_is_marked_out(cast, login):
    late = f.EnrollmentFactory(class_group=cast.class_a, start=dt.date(2026, 11, 20))
    data = _payload(login(cast.user("classteacher")).get(f"/journal/{cast.math_a.pk}/"))
    row = next(s for s in data["students"] if s["id"] == late.student_id)
    assert row["enrolled_from"] == "2026-11-20"


def test_the_grid_page_runs_the_same_queries_for_10_and_60_lessons(cast, login):
    client = login(cast.user("classteacher"))
    students = [f.EnrollmentFactory(class_group=cast.class_a).student for _ in range(29)]
    work = f.WorkTypeFactory(school=cast.school_a)
    start = dt.date(2026, 11, 3)

    def add_lessons(n, offset):
        for i in range(n):
            lesson = f.LessonFactory(
                assignment=cast.math_a, date=start + dt.timedelta(days=(offset + i) % 50), slot=i
            )
            for student in students[:10]:
                f.MarkFactory(lesson=lesson, student=student, work_type=work)

    add_lessons(10, 0)
    url = f"/journal/{cast.math_a.pk}/"
    client.get(url)
    with assert_max_queries(30) as ten:
        client.get(url)
    add_lessons(50, 10)
    with assert_max_queries(len(ten.captured_queries), exact=True):
        response = client.get(url)
    assert len(_payload(response)["lessons"]) == 61


def test_the_teacher_day_lists_todays_lessons_and_gaps(cast, login):
    f.LessonFactory(assignment=cast.math_a, date=dt.date(2026, 11, 23), topic="", homework="")
    client = login(cast.user("classteacher"))
    response = client.get("/journal/day/")
    html = response.content.decode()
    assert response.status_code == 200
    assert cast.lesson_a.topic in html
    assert "23.11.2026" in html and "посещаемость" in html
    attendance_all_present(actor=actor_for(cast.user("classteacher")), lesson_id=cast.lesson_a.pk)
    with assert_max_queries(12):
        client.get("/journal/day/")


def test_the_deputy_closes_and_reopens_a_period_with_a_reason(cast, login):
    period = StudyPeriod.objects.get(school=cast.school_a)
    client = login(cast.user("deputy"))
    client.post(f"/journal/periods/{period.pk}/close/", {"reason": "Досрочно: карантин"})
    period.refresh_from_db()
    assert period.closed
    response = client.post(f"/journal/periods/{period.pk}/", {"action": "reopen", "reason": ""}, follow=True)
    period.refresh_from_db()
    assert period.closed and "Укажите причину" in response.content.decode()
    client.post(f"/journal/periods/{period.pk}/", {"action": "reopen", "reason": "Пересдача"})
    period.refresh_from_db()
    assert not period.closed
    with assert_max_queries(8):
        client.get("/journal/periods/")
