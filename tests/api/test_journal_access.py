"""Who may write to a journal through the API: the rules are the services', the answers JSON.

Families and the authority get 403 on every journal route; a journal the caller cannot see
answers 404, as a missing one does; a reader of a journal who is not its teacher gets 403.
"""

import json

import pytest

from tests import factories as f
from tests.api.matrix_rows import ROWS
from zhurnal.core.models import AuditEvent

pytestmark = pytest.mark.django_db

WRITE_ROWS = [
    row
    for row in ROWS
    if row.method != "GET" and row.route.startswith("api:") and row.route != "api:auth_token"
]


def send(client, bearer, cast, name, method, url, body=None):
    kwargs = {"headers": bearer(name)}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return client.generic(method, url, **kwargs)


def test_every_write_route_is_covered():
    assert {row.route for row in WRITE_ROWS} == {
        "api:lesson_create",
        "api:lesson_update",
        "api:lesson_all_present",
        "api:attendance_set",
        "api:attendance_clear",
        "api:mark_create",
        "api:mark_update",
        "api:mark_delete",
        "api:period_mark_set",
        "api:lesson_substitute",
        "api:journal_cells",
    }


@pytest.mark.parametrize("row", WRITE_ROWS, ids=lambda row: row.route)
@pytest.mark.parametrize("name", ["pupil_a", "parent_a"])
def test_a_pupil_and_a_parent_get_403_on_every_write(client, bearer, cast, row, name):
    before = AuditEvent.objects.count()

    response = send(
        client, bearer, cast, name, row.method, row.url(cast), row.body(cast) if row.body else None
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Недостаточно прав.", "code": "forbidden"}
    assert AuditEvent.objects.count() == before


LESSON_A_WRITES = [
    ("PATCH", lambda c: f"/api/v1/lessons/{c.lesson_a.pk}", lambda c: {"topic": "Чужая тема"}),
    ("POST", lambda c: f"/api/v1/lessons/{c.lesson_a.pk}/all-present", lambda c: None),
    (
        "POST",
        lambda c: "/api/v1/marks",
        lambda c: {
            "lesson": c.lesson_a.pk,
            "student": c.pupil_a.pk,
            "value": "2",
            "work_type": c.mark_a.work_type_id,
        },
    ),
    ("PATCH", lambda c: f"/api/v1/marks/{c.mark_a.pk}", lambda c: {"value": "2"}),
    ("DELETE", lambda c: f"/api/v1/marks/{c.mark_a.pk}", lambda c: None),
    (
        "PUT",
        lambda c: f"/api/v1/lessons/{c.lesson_a.pk}/attendance/{c.pupil_a.pk}",
        lambda c: {"code": "Н"},
    ),
    ("DELETE", lambda c: f"/api/v1/lessons/{c.lesson_a.pk}/attendance/{c.pupil_a.pk}", lambda c: None),
]


@pytest.mark.parametrize("method, url, body", LESSON_A_WRITES, ids=lambda x: x if isinstance(x, str) else "")
@pytest.mark.parametrize("name", ["teacher", "outsider"])
def test_a_teacher_of_another_journal_gets_404_on_the_class_teachers_lesson(
    client, bearer, cast, name, method, url, body
):
    response = send(client, bearer, cast, name, method, url(cast), body(cast))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_class_teacher_reads_the_english_journal_but_may_not_write_it(client, bearer, cast):
    lesson = f.LessonFactory(assignment=cast.english_a)
    work_type = cast.mark_a.work_type_id
    writes = [
        ("POST", "/api/v1/lessons", {"assignment": cast.english_a.pk, "date": "2026-11-26"}),
        ("PATCH", f"/api/v1/lessons/{lesson.pk}", {"topic": "Present Simple"}),
        (
            "POST",
            "/api/v1/marks",
            {"lesson": lesson.pk, "student": cast.pupil_a.pk, "value": "5", "work_type": work_type},
        ),
        ("PUT", f"/api/v1/lessons/{lesson.pk}/attendance/{cast.pupil_a.pk}", {"code": "Н"}),
    ]
    assert (
        send(
            client, bearer, cast, "classteacher", "GET", f"/api/v1/journal?assignment={cast.english_a.pk}"
        ).status_code
        == 200
    )

    for method, url, body in writes:
        response = send(client, bearer, cast, "classteacher", method, url, body)
        assert response.status_code == 403, (method, url, response.content)
        assert response.json()["code"] == "forbidden"


def test_the_director_reads_the_journal_but_may_not_give_marks(client, bearer, cast):
    body = {
        "lesson": cast.lesson_a.pk,
        "student": cast.pupil_a.pk,
        "value": "5",
        "work_type": cast.mark_a.work_type_id,
    }

    response = send(client, bearer, cast, "director", "POST", "/api/v1/marks", body)

    assert response.status_code == 403


def test_anonymous_gets_401(client, cast):
    response = client.post("/api/v1/marks", {}, content_type="application/json")

    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
