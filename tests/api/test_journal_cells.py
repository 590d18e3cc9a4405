"""Batches of cell changes (`POST /api/v1/journal/cells`): the same rules as the single routes,
an answer per item in the order sent, one transaction, retries that write nothing twice."""

import pytest

from tests import factories as f
from zhurnal.core.models import AuditEvent
from zhurnal.journal.models import Attendance, Mark
from zhurnal.journal.services import journal_unlock, period_close
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import StudyPeriod

pytestmark = pytest.mark.django_db
URL = "/api/v1/journal/cells"


@pytest.fixture
def work_type(cast):
    return f.WorkTypeFactory(school=cast.school_a, name="Работа на уроке", short_name="Р", weight=1)


@pytest.fixture
def absent(cast):
    return f.AttendanceCodeFactory(school=cast.school_a, code="Н", name="отсутствовал", is_absence=True)


@pytest.fixture
def classmates(cast):
    """Three more pupils of 2А, beside pupil A."""
    return [f.EnrollmentFactory(class_group=cast.class_a).student for _ in range(3)]


@pytest.fixture
def send(client, bearer):
    def _send(items, *, who="classteacher", key=None):
        headers = bearer(who)
        if key:
            headers["Idempotency-Key"] = key
        return client.post(URL, {"items": items}, content_type="application/json", headers=headers)

    return _send


def create(cast, student, work_type, value="5", key=None, **extra) -> dict:
    return {
        "op": "mark.create",
        "lesson": cast.lesson_a.pk,
        "student": student.pk,
        "value": value,
        "work_type": work_type.pk,
        "idempotency_key": key or f"k-{student.pk}-{value}",
        **extra,
    }


def statuses(response) -> list[int]:
    return [r["status"] for r in response.json()["results"]]


def test_a_batch_saves_every_item_and_answers_each_in_the_order_sent(cast, send, work_type, classmates):
    first, second, third = classmates
    response = send(
        [
            create(cast, first, work_type, "5"),
            create(cast, second, work_type, "4"),
            create(cast, third, work_type, "3"),
        ]
    )

    assert response.status_code == 200
    results = response.json()["results"]
    assert statuses(response) == [201, 201, 201]
    assert [(r["record"]["student"], r["record"]["value"], r["version"]) for r in results] == [
        (first.pk, "5", 1),
        (second.pk, "4", 1),
        (third.pk, "3", 1),
    ]
    assert Mark.objects.filter(lesson=cast.lesson_a).exclude(pk=cast.mark_a.pk).count() == 3
    assert AuditEvent.objects.filter(action="mark.create").count() == 3


def test_a_stale_cell_and_a_forbidden_pupil_in_the_middle_do_not_refuse_the_rest(
    cast, send, work_type, classmates
):
    first, second, _ = classmates
    other_class_pupil = cast.pupil_b  # 3Б: not on the roster of 2А's lesson
    english = f.LessonFactory(assignment=cast.english_a)  # the teacher's journal: the class teacher reads it
    response = send(
        [
            create(cast, first, work_type, "5"),
            {"op": "mark.update", "id": cast.mark_a.pk, "if_match": 7, "value": "3"},  # the mark is at 1
            create(cast, other_class_pupil, work_type, "4"),
            create(cast, cast.pupil_a, work_type, "4") | {"lesson": english.pk},
            create(cast, second, work_type, "2"),
        ]
    )

    results = response.json()["results"]
    assert statuses(response) == [201, 409, 404, 403, 201]
    assert results[1]["code"] == "version_conflict"
    assert results[1]["current"] == {"version": 1, "value": cast.mark_a.value}
    assert results[1]["version"] == 1
    assert results[2]["code"] == "not_in_class"
    assert results[3]["code"] == "forbidden"
    saved = set(Mark.objects.filter(lesson=cast.lesson_a).values_list("student_id", "value"))
    assert saved == {(cast.pupil_a.pk, cast.mark_a.value), (first.pk, "5"), (second.pk, "2")}
    assert not Mark.objects.filter(lesson=english).exists()
    cast.mark_a.refresh_from_db()
    assert cast.mark_a.version == 1
    assert AuditEvent.objects.filter(action__startswith="mark.").count() == 2


def test_a_retried_batch_that_landed_answers_the_same_results_and_writes_nothing(
    cast, send, work_type, classmates, absent
):
    items = [
        create(cast, classmates[0], work_type, "5"),
        {"op": "mark.update", "id": cast.mark_a.pk, "if_match": 1, "value": "4"},
        {"op": "attendance.set", "lesson": cast.lesson_a.pk, "student": classmates[1].pk, "code": "Н"},
    ]
    first = send(items, key="batch-1")
    marks, audits = Mark.objects.count(), AuditEvent.objects.count()

    again = send(items, key="batch-1")

    assert statuses(first) == [201, 200, 200]
    assert again.status_code == 200
    assert again.json() == first.json()
    assert (Mark.objects.count(), AuditEvent.objects.count()) == (marks, audits)
    cast.mark_a.refresh_from_db()
    assert (cast.mark_a.value, cast.mark_a.version) == ("4", 2)
    assert AuditEvent.objects.filter(action="mark.update", object_id=cast.mark_a.pk).count() == 1


def test_the_batch_key_reused_for_another_batch_is_refused_and_changes_nothing(
    cast, send, work_type, classmates
):
    send([create(cast, classmates[0], work_type, "5")], key="batch-2")
    marks = Mark.objects.count()

    response = send([create(cast, classmates[1], work_type, "4")], key="batch-2")

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Mark.objects.count() == marks


def test_an_item_key_already_used_answers_its_mark_and_a_key_reused_for_another_mark_is_refused(
    cast, send, work_type, classmates, client, bearer
):
    single = client.post(
        "/api/v1/marks",
        {"lesson": cast.lesson_a.pk, "student": classmates[0].pk, "value": "5", "work_type": work_type.pk},
        content_type="application/json",
        headers={**bearer("classteacher"), "Idempotency-Key": "cell-1"},
    )
    assert single.status_code == 201

    response = send(
        [
            create(cast, classmates[0], work_type, "5", key="cell-1"),  # the same mark, sent again
            create(cast, classmates[1], work_type, "4", key="cell-1"),  # the key, another mark
            create(cast, classmates[2], work_type, "3", key="cell-3"),
        ]
    )

    results = response.json()["results"]
    assert statuses(response) == [200, 422, 201]
    assert results[0]["record"]["id"] == single.json()["id"]
    assert results[1]["code"] == "idempotency_key_reused"
    assert Mark.objects.filter(student=classmates[0]).count() == 1
    assert not Mark.objects.filter(student=classmates[1]).exists()


def test_a_bad_value_is_refused_for_its_item_alone_with_the_single_routes_code(
    cast, send, work_type, classmates
):
    response = send(
        [create(cast, classmates[0], work_type, "7"), create(cast, classmates[1], work_type, "5")]
    )

    results = response.json()["results"]
    assert statuses(response) == [422, 201]
    assert results[0]["field"] == "value"
    assert results[0]["detail"]


def test_more_than_two_hundred_items_are_refused_whole(cast, send, work_type, classmates):
    items = [create(cast, classmates[0], work_type, "5", key=f"many-{i}") for i in range(201)]

    response = send(items)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not Mark.objects.filter(student=classmates[0]).exists()


@pytest.mark.parametrize(
    "items",
    [
        [],
        [{"op": "mark.erase", "id": 1}],
        [{"op": "mark.update", "id": 1, "value": "5"}],  # no if_match
        [{"op": "mark.create", "lesson": 1, "student": 1, "value": "5", "work_type": 1}],  # no key
    ],
    ids=["empty", "unknown-op", "update-without-if-match", "create-without-key"],
)
def test_a_malformed_batch_is_refused_whole_and_writes_nothing(cast, send, work_type, classmates, items):
    good = create(cast, classmates[0], work_type, "5")
    audits = AuditEvent.objects.count()

    response = send([good, *items] if items else [])

    assert response.status_code == 400
    assert "errors" in response.json()
    assert AuditEvent.objects.count() == audits
    assert not Mark.objects.filter(student=classmates[0]).exists()


def test_control_characters_in_an_item_refuse_the_batch(cast, send, work_type, classmates):
    response = send([create(cast, classmates[0], work_type, "5", comment="a\x00b")])

    assert response.status_code == 400
    assert not Mark.objects.filter(student=classmates[0]).exists()


def test_families_may_not_send_batches(cast, send, work_type):
    assert send([create(cast, cast.pupil_a, work_type)], who="parent_a").status_code == 403


def test_attendance_is_set_changed_and_cleared_in_batches(cast, send, classmates, absent):
    pupil = classmates[0]
    cell = {"lesson": cast.lesson_a.pk, "student": pupil.pk}

    made = send([{"op": "attendance.set", **cell, "code": "н"}])
    assert statuses(made) == [200]
    assert made.json()["results"][0]["record"] == {**cell, "code": "Н", "minutes_late": None, "version": 1}

    # Without if_match the client believes the cell empty: a record there is a conflict.
    blind = send([{"op": "attendance.set", **cell, "code": "Н"}])
    assert statuses(blind) == [409]
    assert blind.json()["results"][0]["current"]["version"] == 1

    cleared = send([{"op": "attendance.clear", **cell, "if_match": 1}])
    assert statuses(cleared) == [200]
    assert not Attendance.objects.filter(lesson=cast.lesson_a, student=pupil).exists()
    assert AuditEvent.objects.filter(action="attendance.delete").count() == 1


def test_a_closed_period_needs_the_unlock_and_a_reason_per_item(cast, send, work_type, classmates):
    period = StudyPeriod.objects.get(school=cast.school_a)
    period_close(actor=actor_for(cast.user("deputy")), period_id=period.pk, reason="Конец четверти")

    closed = send([create(cast, classmates[0], work_type, "5")])
    assert statuses(closed) == [403]
    assert closed.json()["results"][0]["code"] == "period_closed"

    journal_unlock(
        actor=actor_for(cast.user("deputy")),
        assignment_id=cast.math_a.pk,
        date_from=cast.lesson_a.date,
        date_to=cast.lesson_a.date,
        reason="Ошибка учителя",
    )
    unlocked = send(
        [
            create(cast, classmates[0], work_type, "5", key="u-1"),
            create(cast, classmates[1], work_type, "4", key="u-2", reason="Пересдача"),
        ]
    )
    assert statuses(unlocked) == [422, 201]
    assert unlocked.json()["results"][0]["code"] == "reason_required"
    assert AuditEvent.objects.get(action="mark.create").reason == "Пересдача"


def test_a_deleted_mark_answers_without_a_record(cast, send):
    response = send([{"op": "mark.delete", "id": cast.mark_a.pk, "if_match": 1}])

    assert response.json()["results"] == [
        {
            "status": 200,
            "op": "mark.delete",
            "record": None,
            "version": None,
            "detail": None,
            "code": None,
            "field": None,
            "current": None,
        }
    ]
    assert not Mark.objects.filter(pk=cast.mark_a.pk).exists()


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("classteacher", 201),
        ("director", 403),
        ("deputy", 403),
        ("teacher", 404),
        ("secretary", 404),
        ("sysadmin", 404),
        ("outsider", 404),
    ],
)
def test_each_item_is_allowed_as_its_single_route_would_be(cast, send, work_type, member, status):
    response = send([create(cast, cast.pupil_a, work_type, "4", key=f"who-{member}")], who=member)

    assert response.status_code == 200
    assert statuses(response) == [status]


def test_one_key_twice_in_a_batch_makes_one_mark(cast, send, work_type, classmates):
    item = create(cast, classmates[0], work_type, "5", key="twice")

    response = send([item, item])

    results = response.json()["results"]
    assert statuses(response) == [201, 200]
    assert results[0]["record"] == results[1]["record"]
    assert Mark.objects.filter(student=classmates[0]).count() == 1
    assert AuditEvent.objects.filter(action="mark.create").count() == 1


def test_stored_batch_answers_are_forgotten_after_a_week_by_the_schedulers_job():
    import datetime as dt

    from django.utils import timezone

    from zhurnal.journal.models import CellBatch
    from zhurnal.ops import scheduler

    user = f.UserFactory()
    now = timezone.now()
    old = CellBatch.objects.create(user=user, idempotency_key="old", idempotency_digest="x", results=[])
    fresh = CellBatch.objects.create(user=user, idempotency_key="fresh", idempotency_digest="y", results=[])
    CellBatch.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=8))
    CellBatch.objects.filter(pk=fresh.pk).update(created_at=now - dt.timedelta(days=6))
    assert scheduler.expire_cell_batches() == "пакетов изменений журнала удалено: 1"
    assert list(CellBatch.objects.values_list("idempotency_key", flat=True)) == ["fresh"]
    assert "cell_batches_expire" in {job.name for job in scheduler.JOBS}


def test_new_marks_around_other_items_are_saved_in_the_order_sent(cast, send, work_type, classmates, absent):
    first, second, third = classmates
    response = send(
        [
            create(cast, first, work_type, "5"),
            {"op": "attendance.set", "lesson": cast.lesson_a.pk, "student": second.pk, "code": "Н"},
            create(cast, second, work_type, "2"),
            create(cast, third, work_type, "4"),
            {"op": "mark.update", "id": cast.mark_a.pk, "if_match": 1, "value": "3"},
        ]
    )

    results = response.json()["results"]
    assert statuses(response) == [201, 200, 201, 201, 200]
    assert [r["record"]["student"] for r in results] == [
        first.pk,
        second.pk,
        second.pk,
        third.pk,
        cast.pupil_a.pk,
    ]
    created = [r["record"]["id"] for r in results if r["status"] == 201]
    assert created == sorted(created)  # inserted in the order sent
    assert list(
        AuditEvent.objects.filter(action__in=["mark.create", "mark.update", "attendance.create"])
        .order_by("pk")
        .values_list("action", "object_id")
    ) == [
        ("mark.create", created[0]),
        ("attendance.create", Attendance.objects.get(student=second).pk),
        ("mark.create", created[1]),
        ("mark.create", created[2]),
        ("mark.update", cast.mark_a.pk),
    ]


def test_a_key_taken_meanwhile_by_another_request_refuses_its_item_alone(
    cast, send, work_type, classmates, monkeypatch
):
    """The keys are read before the marks are written; should another request take one between
    the read and the insert, the insert of the whole column fails in the database, and the
    column is saved again item by item, so only that item is refused."""
    first, second, third = classmates
    from zhurnal.journal.services import batch

    monkeypatch.setattr(batch, "taken_keys", lambda school_ids, keys: set())  # the read saw it free
    f.MarkFactory(lesson=cast.lesson_a, student=second, work_type=work_type, idempotency_key="raced")

    response = send(
        [
            create(cast, first, work_type, "5"),
            create(cast, second, work_type, "4", key="raced"),
            create(cast, third, work_type, "3"),
        ]
    )

    results = response.json()["results"]
    assert response.status_code == 200
    assert statuses(response) == [201, 409, 201]
    assert results[1]["code"] == "idempotency_key_reused"
    assert set(Mark.objects.filter(student__in=[first, third]).values_list("student_id", "value")) == {
        (first.pk, "5"),
        (third.pk, "3"),
    }
    assert sorted(
        AuditEvent.objects.filter(action="mark.create").values_list("object_id", flat=True)
    ) == sorted([results[0]["record"]["id"], results[2]["record"]["id"]])


def test_the_answer_written_directly_is_the_documented_schema(cast, send, work_type, classmates, absent):
    from zhurnal.api.cells import attendance_out, mark_out
    from zhurnal.api.schemas import CellsOut

    response = send(
        [
            create(cast, classmates[0], work_type, ".", deferred_until="2026-12-20"),
            {"op": "attendance.set", "lesson": cast.lesson_a.pk, "student": classmates[1].pk, "code": "Н"},
            {"op": "mark.update", "id": cast.mark_a.pk, "if_match": 9, "value": "3"},
        ]
    )

    body = response.json()
    assert response["Content-Type"] == "application/json"
    assert CellsOut.model_validate(body).model_dump(mode="json") == body
    made = Mark.objects.get(student=classmates[0])
    assert body["results"][0]["record"] == mark_out(made).model_dump(mode="json")
    assert body["results"][0]["record"]["deferred_until"] == "2026-12-20"
    attendance = Attendance.objects.get(student=classmates[1])
    assert body["results"][1]["record"] == attendance_out(attendance).model_dump(mode="json")
    assert body["results"][2]["status"] == 409
