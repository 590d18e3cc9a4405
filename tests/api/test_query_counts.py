"""Every API call runs a fixed number of queries, however many rows it answers with.

Each test counts the queries of a call on the bare cast, adds rows the caller sees, and counts
again: the counts must be equal, and within the budget written here. On a mismatch the
assertion prints the SQL (tests/querycount.py).
"""

import datetime as dt

import pytest

from tests import factories as f
from tests.api.conftest import API
from tests.querycount import assert_max_queries
from zhurnal.accounts.models import Role
from zhurnal.accounts.tokens import token_issue

pytestmark = pytest.mark.django_db

# Queries per call, including authentication (token + role grants) and the activity-log insert.
BUDGET = {
    "me": 5,
    "classes": 6,
    "class_students": 6,
    "student": 7,  # + the parents' links and the security-log row of the record viewed
    "assignments": 5,
    "auth_token": 12,  # lockout: read + clear; user; grants; 2FA device; token delete + insert (2 savepoints); activity; security log: school + insert
}


def measure(client, user, path: str) -> int:
    headers = {"Authorization": f"Bearer {token_issue(user=user)}"}
    with assert_max_queries(100) as ctx:
        response = client.get(f"{API}{path}", headers=headers)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def assert_constant(client, user, path: str, budget: int, grow) -> None:
    before = measure(client, user, path)
    grow()
    headers = {"Authorization": f"Bearer {token_issue(user=user)}"}
    with assert_max_queries(min(before, budget), exact=True):
        response = client.get(f"{API}{path}", headers=headers)
    assert response.status_code == 200


def more_pupils(cast, count: int = 30) -> None:
    for _ in range(count):
        student = f.EnrollmentFactory(class_group=cast.class_a).student
        f.StudentGuardianFactory(student=student, guardian=cast.pupil_a.guardian_links.get().guardian)


def more_classes(cast, count: int = 5) -> None:
    for _ in range(count):
        class_group = f.ClassGroupFactory(year=cast.class_a.year, grade=4)
        teacher = f.UserFactory()
        f.StaffFactory(school=cast.school_a, user=teacher)
        f.RoleGrantFactory(
            user=teacher, role=Role.CLASS_TEACHER, school=cast.school_a, class_group=class_group
        )
        f.EnrollmentFactory(class_group=class_group)
        f.TeachingAssignmentFactory(class_group=class_group, teacher=cast.math_b.teacher)


@pytest.mark.parametrize("name", ["parent_a", "pupil_a", "director"])
def test_me(client, cast, name):
    assert_constant(client, cast.user(name), "/me", BUDGET["me"], lambda: more_pupils(cast))


@pytest.mark.parametrize("name", ["director", "teacher", "parent_a"])
def test_classes(client, cast, name):
    def grow():
        more_classes(cast)
        more_pupils(cast)

    assert_constant(client, cast.user(name), "/classes", BUDGET["classes"], grow)


@pytest.mark.parametrize("name", ["director", "classteacher", "teacher", "parent_a", "pupil_a"])
def test_class_students(client, cast, name):
    path = f"/classes/{cast.class_a.pk}/students"
    assert_constant(client, cast.user(name), path, BUDGET["class_students"], lambda: more_pupils(cast))


@pytest.mark.parametrize("name", ["director", "teacher", "parent_a", "pupil_a"])
def test_student(client, cast, name):
    def grow():
        more_pupils(cast)
        # Earlier enrolments do not add queries to finding the current class.
        f.EnrollmentFactory(
            student=cast.pupil_a,
            class_group=cast.class_b,
            start=dt.date(2025, 9, 1),
            end=dt.date(2026, 8, 31),
        )

    path = f"/students/{cast.pupil_a.pk}"
    assert_constant(client, cast.user(name), path, BUDGET["student"], grow)


@pytest.mark.parametrize("name", ["director", "classteacher", "teacher"])
def test_assignments(client, cast, name):
    assert_constant(
        client, cast.user(name), "/assignments", BUDGET["assignments"], lambda: more_classes(cast)
    )


def test_auth_token(client, cast):
    body = {"username": "teacher", "password": "secret-pass-123"}
    with assert_max_queries(BUDGET["auth_token"]):
        response = client.post(f"{API}/auth/token", body, content_type="application/json")
    assert response.status_code == 200


# --- The journal ------------------------------------------------------------------------------

JOURNAL_BUDGET = {
    # token, grants, staff card; the assignment; periods, grading mode; lessons, roster, enrolments,
    # marks, attendance, period marks; three directories; the activity-log insert.
    "journal": 17,  # with the homework files of the period
    "cell_history": 7,  # + the names of the people in the history
    # the key with its user and actor (one read); lesson, pupil; the period, work type and
    # grading mode in one (decision 0041); savepoint, insert, audit, release; log. Exact: it was
    # 11 with those three read apart.
    "mark_create": 9,
}


def journal_class(cast, pupils: int = 30):
    """2А grown to `pupils` pupils; returns them all."""
    for _ in range(pupils - 1):
        f.EnrollmentFactory(class_group=cast.class_a)
    return list(cast.class_a.enrollments.values_list("student_id", flat=True))


def lessons_with_marks(cast, students: list[int], count: int, start_day: int) -> None:
    """`count` lessons of 2А's mathematics in November, each with a mark and an absence for everyone."""
    from zhurnal.journal.models import Attendance, AttendanceCode, Mark

    work_type = cast.mark_a.work_type
    code, _ = AttendanceCode.objects.get_or_create(school=cast.school_a, code="Н", defaults={"name": "н"})
    marks, absences = [], []
    for i in range(count):
        day = dt.date(2026, 11, start_day + i % 20)
        lesson = f.LessonFactory(assignment=cast.math_a, date=day, slot=None)  # ad-hoc: may repeat
        for student_id in students:
            marks.append(
                Mark(
                    school=cast.school_a,
                    lesson=lesson,
                    student_id=student_id,
                    value="4",
                    score=4,
                    work_type=work_type,
                )
            )
            absences.append(Attendance(school=cast.school_a, lesson=lesson, student_id=student_id, code=code))
    Mark.objects.bulk_create(marks)
    Attendance.objects.bulk_create(absences)


def test_journal_10_lessons_and_60_cost_the_same(client, cast):
    students = journal_class(cast)
    lessons_with_marks(cast, students, 10, start_day=3)
    path = f"/journal?assignment={cast.math_a.pk}"
    user = cast.user("classteacher")

    small = measure(client, user, path)
    lessons_with_marks(cast, students, 50, start_day=3)
    headers = {"Authorization": f"Bearer {token_issue(user=user)}"}
    with assert_max_queries(min(small, JOURNAL_BUDGET["journal"]), exact=True):
        response = client.get(f"{API}{path}", headers=headers)

    assert response.status_code == 200
    body = response.json()
    assert len(body["lessons"]) == 61 and len(body["students"]) == 30
    assert len(body["marks"]) == 60 * 30 + 1 and len(body["attendance"]) == 60 * 30


def test_cell_history(client, cast):
    path = f"/lessons/{cast.lesson_a.pk}/students/{cast.pupil_a.pk}/history"

    def grow():
        from zhurnal.journal.services import mark_update
        from zhurnal.policy.actor import actor_for

        for version, value in enumerate(("4", "3", "5"), start=2):
            mark_update(
                actor=actor_for(cast.user("classteacher")),
                mark_id=cast.mark_a.pk,
                expected_version=version,
                changes={"value": value},
            )

    from zhurnal.journal.services import mark_update
    from zhurnal.policy.actor import actor_for

    # One change already, so the names of the people in the history are read in both runs.
    mark_update(
        actor=actor_for(cast.user("classteacher")),
        mark_id=cast.mark_a.pk,
        expected_version=1,
        changes={"value": "5"},
    )
    assert_constant(client, cast.user("classteacher"), path, JOURNAL_BUDGET["cell_history"], grow)


def test_mark_create_does_not_grow_with_the_class(client, cast):
    def post(student_id: int) -> int:
        headers = {"Authorization": f"Bearer {token_issue(user=cast.user('classteacher'))}"}
        body = {
            "lesson": cast.lesson_a.pk,
            "student": student_id,
            "value": "4",
            "work_type": cast.mark_a.work_type_id,
        }
        with assert_max_queries(JOURNAL_BUDGET["mark_create"], exact=True) as ctx:
            response = client.post(f"{API}/marks", body, content_type="application/json", headers=headers)
        assert response.status_code == 201, response.content
        return len(ctx.captured_queries)

    small = post(cast.pupil_a.pk)
    students = journal_class(cast)
    lessons_with_marks(cast, students, 10, start_day=3)

    assert post(students[-1]) == small


# A batch reads the lesson, the roster, the period, the grading mode and the work type once, and
# the idempotency keys taken in one read; its consecutive new marks are checked first and then
# inserted in one statement inside one savepoint, and the audit rows of all its items in one more.
# So a column of new marks costs the same whatever its length (up to the 200 a batch may hold).
BATCH_FIXED = 15  # auth 3; keys; lesson, roster, period, work type, grading mode; the marks in
# their savepoint (3); audit; log; the batch's own savepoint (in a test, the transaction's)
BATCH_PER_MARK = 0


def test_a_batch_of_thirty_marks_costs_its_writes_and_a_constant(client, cast):
    students = journal_class(cast)
    headers = {"Authorization": f"Bearer {token_issue(user=cast.user('classteacher'))}"}

    def batch(pupils: list[int], tag: str) -> int:
        items = [
            {
                "op": "mark.create",
                "lesson": cast.lesson_a.pk,
                "student": pupil,
                "value": "4",
                "work_type": cast.mark_a.work_type_id,
                "idempotency_key": f"{tag}-{pupil}",
            }
            for pupil in pupils
        ]
        budget = BATCH_FIXED + BATCH_PER_MARK * len(items)
        with assert_max_queries(budget) as ctx:
            response = client.post(
                f"{API}/journal/cells", {"items": items}, content_type="application/json", headers=headers
            )
        assert [r["status"] for r in response.json()["results"]] == [201] * len(items)
        return len(ctx.captured_queries)

    ten, thirty = batch(students[:10], "ten"), batch(students, "thirty")

    assert thirty == ten  # nothing grows with the column
    assert thirty < 2 * JOURNAL_BUDGET["mark_create"]
