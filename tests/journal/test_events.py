"""Journal services announce what changed, after commit, for notifications to pick up."""

import pytest

from zhurnal.core import events
from zhurnal.journal.services import attendance_set, lesson_update, mark_create, mark_update
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    seen = []

    def handler(event, payload):
        seen.append((event, payload))

    names = ("mark.saved", "attendance.saved", "lesson.homework_set")
    for name in names:
        events.subscribe(name, handler)
    yield seen
    for name in names:
        events._subscribers[name].remove(handler)


def test_marks_attendance_and_homework_are_announced_after_commit(
    cast, directories, received, django_capture_on_commit_callbacks
):
    teacher = actor_for(cast.user("classteacher"))
    with django_capture_on_commit_callbacks(execute=True):
        mark, _ = mark_create(
            actor=teacher,
            lesson_id=cast.lesson_a.pk,
            student_id=cast.pupil_a.pk,
            value="4",
            work_type_id=directories["test"].pk,
        )
        mark_update(actor=teacher, mark_id=mark.pk, expected_version=1, changes={"comment": "молодец"})
        attendance_set(actor=teacher, lesson_id=cast.lesson_a.pk, student_id=cast.pupil_a.pk, code="Н")
        lesson_update(
            actor=teacher, lesson_id=cast.lesson_a.pk, changes={"homework": "№ 5, 6"}, expected_version=1
        )
    kinds = [event for event, _ in received]
    # A changed comment is not a changed mark: nobody is told twice.
    assert kinds == ["mark.saved", "attendance.saved", "lesson.homework_set"]
    assert received[0][1]["mark_id"] == mark.pk


def test_nothing_is_announced_when_the_write_fails(
    cast, directories, received, django_capture_on_commit_callbacks
):
    from zhurnal.core.errors import InvalidInput

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInput):
        mark_create(
            actor=actor_for(cast.user("classteacher")),
            lesson_id=cast.lesson_a.pk,
            student_id=cast.pupil_a.pk,
            value="9",
            work_type_id=directories["test"].pk,
        )
    assert received == []
