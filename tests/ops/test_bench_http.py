"""The HTTP benchmark's data is issue 13's shape, and its statistics are the usual ones (its
timings are measured by `make bench`, never by tests)."""

import datetime as dt
import io

import pytest

from zhurnal.journal.models import Attendance, Lesson, Mark, PeriodMark
from zhurnal.ops.benchmarks.client import stats
from zhurnal.ops.benchmarks.shape import build_shape

pytestmark = pytest.mark.django_db


def test_the_shape_is_a_class_of_30_with_six_journals_of_40_marked_lessons_and_the_scaling_journals():
    shape = build_shape(label="test")

    quarter = shape.quarter
    in_quarter = Lesson.objects.filter(school=shape.school, date__range=(quarter.start, quarter.end))
    assert in_quarter.filter(assignment__class_group_id=shape.class_id).count() == 6 * 40
    assert Mark.objects.filter(lesson__assignment__class_group_id=shape.class_id).count() == 6 * 40 * 30
    assert Mark.objects.filter(lesson__assignment_id=shape.math_assignment_id).count() == 40 * 30
    assert in_quarter.filter(assignment_id=shape.scaling[100]).count() == 100
    assert Mark.objects.filter(lesson__assignment_id=shape.scaling[200]).count() == 200 * 30
    # A year of attendance: absences in the first quarter too; the first quarter's period marks.
    assert Attendance.objects.filter(school=shape.school, lesson__date__lt=quarter.start).exists()
    assert PeriodMark.objects.filter(school=shape.school, period__number=1).count() == 30 * 6
    assert shape.parent.guardian_cards.get().student_links.get().student_id == shape.pupil_id


def test_stats_give_the_median_and_the_95th_percentile_in_milliseconds():
    samples = [i / 1000 for i in range(1, 101)]  # 1 … 100 ms

    median, p95 = stats(samples)

    assert median == pytest.approx(50.5)
    assert p95 == pytest.approx(95.0)


def test_zhurnal_bench_takes_the_issues_names_for_the_reports_and_data_benches(monkeypatch):
    from django.core.management import call_command

    from zhurnal.ops.management.commands import bench

    called = []
    monkeypatch.setattr(bench, "call_command", lambda name, **kw: called.append((name, kw.get("schools"))))
    call_command("bench", "--reports", "--schools", "50")
    call_command("bench", "--data")
    assert called == [("bench_reports", 50), ("bench_data", None)]


def _wsgi_get(app, path):
    answered = {}

    def start_response(status, headers):
        answered["status"] = status

    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start_response))
    return answered["status"], body


def test_the_floor_app_answers_a_floor_querys_rows_as_json_and_nothing_else(tmp_path, monkeypatch):
    import json

    from zhurnal.ops.benchmarks import floor_app

    queries = tmp_path / "floors.json"
    floor_app.write_queries(str(queries), {"two": ("SELECT %s + 1, %s", [1, dt.date(2026, 12, 25)])})
    monkeypatch.setenv(floor_app.QUERIES_ENV, str(queries))
    app = floor_app.make_app()

    status, body = _wsgi_get(app, "/two")
    assert status == "200 OK"
    assert json.loads(body) == [[2, "2026-12-25"]]
    # Only the bench's own queries: no route of the product answers there.
    assert _wsgi_get(app, "/diary/1/")[0] == "404 Not Found"


def test_floor_params_keep_their_dates_through_the_queries_file():
    from zhurnal.ops.benchmarks.floor_app import decode_params, encode_params

    params = [7, None, dt.date(2026, 9, 1), "x"]

    assert decode_params(encode_params(params)) == params


def test_a_page_and_its_floors_are_timed_in_turn_request_by_request():
    from zhurnal.ops.management.commands.bench_http import interleaved

    order = []
    samples = interleaved([lambda: order.append("page"), lambda: order.append("floor")], 3)

    assert order == ["page", "floor"] * 3
    assert [len(s) for s in samples] == [3, 3]


def _wsgi_conditional(app, path):
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered["status"], answered["headers"] = status, dict(headers)

    environ = {
        "PATH_INFO": path,
        "REQUEST_METHOD": "GET",
        "HTTP_IF_NONE_MATCH": '"floor"',
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
    }
    body = b"".join(app(environ, start_response))
    return answered["status"], answered["headers"], body


@pytest.fixture
def connections_kept_open():
    """Django's handler closes the connection around each request (`close_old_connections`),
    which would end the test's transaction: its test client unhooks it the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_floor_app_answers_304_after_the_query_directly_and_through_djangos_bare_handler(
    tmp_path, monkeypatch, connections_kept_open
):
    """The 304's floors (decision 0041): the same query's rows make the ETag either way; with no
    name, no query; an unknown name is still 404."""
    from zhurnal.ops.benchmarks import floor_app

    queries = tmp_path / "floors.json"
    floor_app.write_queries(str(queries), {"two": ("SELECT %s + 1", [1])})
    monkeypatch.setenv(floor_app.QUERIES_ENV, str(queries))
    app = floor_app.make_app()

    direct = _wsgi_conditional(app, "/two")
    through = _wsgi_conditional(app, "/django/two")
    assert direct[0] == "304 Not Modified" and direct[2] == b""
    assert through[0].startswith("304") and through[2] == b""
    assert direct[1]["ETag"] == through[1]["ETag"] == floor_app.etag_of([(2,)])
    assert _wsgi_conditional(app, "/")[1]["ETag"] == floor_app.etag_of([])
    assert _wsgi_conditional(app, "/django/")[1]["ETag"] == floor_app.etag_of([])
    assert _wsgi_conditional(app, "/nothing")[0] == "404 Not Found"
    assert _wsgi_conditional(app, "/django/nothing")[0].startswith("404")
    # Without If-None-Match the bare route still answers the rows, and the root has none.
    assert _wsgi_get(app, "/two")[0] == "200 OK"
    assert _wsgi_get(app, "/")[0] == "404 Not Found"
