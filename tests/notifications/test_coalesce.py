"""Single saves a moment apart are told together (notifications.coalesce, decision 0039)."""

import threading

import pytest
from django.test import override_settings

from tests import factories as f
from tests.notifications.test_batches import told
from zhurnal.journal.services import attendance_set, mark_create
from zhurnal.notifications import coalesce, subscribers
from zhurnal.notifications.coalesce import Coalescer
from zhurnal.notifications.kinds import Kind

pytestmark = pytest.mark.django_db


class Handed:
    def __init__(self):
        self.calls: list[tuple[str, list]] = []
        self.done = threading.Event()

    def __call__(self, event, payloads):
        self.calls.append((event, payloads))
        self.done.set()


def test_events_of_a_moment_are_handed_on_once_per_kind_in_their_order():
    handed = Handed()
    gathering = Coalescer(60, handed)
    gathering.add("mark.saved", {"mark_id": 1})
    gathering.add("attendance.saved", {"attendance_id": 7})
    gathering.add("mark.saved", {"mark_id": 2})
    assert handed.calls == []  # nothing before the moment is over

    gathering.flush()

    assert handed.calls == [
        ("mark.saved", [{"mark_id": 1}, {"mark_id": 2}]),
        ("attendance.saved", [{"attendance_id": 7}]),
    ]
    gathering.flush()
    assert len(handed.calls) == 2  # handed on once


def test_the_timer_hands_them_on_by_itself_and_the_next_event_starts_a_new_moment():
    handed = Handed()
    gathering = Coalescer(0.05, handed)
    gathering.add("mark.saved", {"mark_id": 1})
    assert handed.done.wait(5)
    assert handed.calls == [("mark.saved", [{"mark_id": 1}])]

    handed.done.clear()
    gathering.add("mark.saved", {"mark_id": 2})
    assert handed.done.wait(5)
    assert handed.calls[-1] == ("mark.saved", [{"mark_id": 2}])


def test_with_the_immediate_backend_events_are_not_gathered():
    # The tests' backend (and a database or Redis one) keeps its own queue: nothing is held here.
    assert coalesce.coalescer(subscribers._enqueue_group) is None


@pytest.fixture
def second_lesson(cast):
    return f.LessonFactory(assignment=cast.math_a, date=cast.lesson_a.date, slot=5)


@pytest.fixture
def gathering(monkeypatch):
    found = Coalescer(60, subscribers._enqueue_group)
    monkeypatch.setattr(coalesce, "_coalescer", found)
    return found


def test_two_single_saves_for_one_pupil_tell_the_family_once(
    cast,
    actor_of,
    directories,
    second_lesson,
    gathering,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    for lesson, value in ((cast.lesson_a, "5"), (second_lesson, "4")):
        with django_capture_on_commit_callbacks(execute=True):
            mark_create(
                actor=actor_of("classteacher"),
                lesson_id=lesson.pk,
                student_id=cast.pupil_a.pk,
                value=value,
                work_type_id=directories["lesson_work"].pk,
            )
    with django_capture_on_commit_callbacks(execute=True):
        attendance_set(
            actor=actor_of("classteacher"), lesson_id=second_lesson.pk, student_id=cast.pupil_a.pk, code="Н"
        )
    assert told(cast.user("parent_a"), Kind.MARK) == []  # gathered, not yet told

    gathering.flush()

    [marks_told] = told(cast.user("parent_a"), Kind.MARK)
    assert marks_told.title == "Отметки 5, 4: Математика"
    assert len(told(cast.user("pupil_a"), Kind.MARK)) == 1
    assert len(told(cast.user("parent_a"), Kind.ABSENCE)) == 1


THREADS = {"default": {"BACKEND": "zhurnal.core.tasks_backend.ThreadBackend"}}


@pytest.mark.parametrize("seconds", [0.5, 0])
def test_with_the_in_process_backend_the_window_is_the_setting(seconds):
    with override_settings(TASKS=THREADS, NOTIFY_COALESCE_SECONDS=seconds):
        assert coalesce._window() == seconds
