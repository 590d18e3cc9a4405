"""The edit window is one school setting (which of marks, attendance, topic and homework it locks),
applied by the services for all four and drawn by the grid before anyone types."""

import datetime as dt

import pytest

from tests import factories as f
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.journal import locks, selectors
from zhurnal.journal.payload import grid_payload
from zhurnal.journal.services import (
    attendance_set,
    journal_unlock,
    lesson_files_add,
    lesson_update,
    mark_create,
)
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db

OLD = dt.date(2026, 11, 5)  # 20 days before the cast's today: past the default 7-day window


@pytest.fixture
def old_lesson(cast):
    return f.LessonFactory(assignment=cast.math_a, date=OLD, slot=2)


def teacher(cast):
    return actor_for(cast.user("classteacher"))


def covering(cast, parts: str):
    cast.school_a.edit_window_covers = parts
    cast.school_a.save()


def test_by_default_the_window_locks_an_old_lessons_topic_and_homework_too(cast, old_lesson):
    for changes in ({"topic": "Новая тема"}, {"homework": "№ 7"}):
        with pytest.raises(Forbidden) as error:
            lesson_update(actor=teacher(cast), lesson_id=old_lesson.pk, changes=changes, expected_version=1)
        assert error.value.code == "edit_window_passed"


def test_a_window_covering_marks_only_leaves_topic_attendance_and_files_open(cast, old_lesson, directories):
    covering(cast, "marks")

    lesson_update(
        actor=teacher(cast), lesson_id=old_lesson.pk, changes={"topic": "Повторение"}, expected_version=1
    )
    attendance_set(actor=teacher(cast), lesson_id=old_lesson.pk, student_id=cast.pupil_a.pk, code="Н")
    with pytest.raises(InvalidInput) as no_file:  # past the lock: only the missing file is refused
        lesson_files_add(actor=teacher(cast), lesson_id=old_lesson.pk, files=[])
    assert no_file.value.code == "no_file"
    with pytest.raises(Forbidden):
        mark_create(
            actor=teacher(cast),
            lesson_id=old_lesson.pk,
            student_id=cast.pupil_a.pk,
            value="5",
            work_type_id=directories["lesson_work"].pk,
        )


def test_a_window_covering_nothing_locks_only_closed_periods(cast, old_lesson, directories):
    covering(cast, "")

    mark, created = mark_create(
        actor=teacher(cast),
        lesson_id=old_lesson.pk,
        student_id=cast.pupil_a.pk,
        value="5",
        work_type_id=directories["lesson_work"].pk,
    )

    assert created and mark.value == "5"


def test_an_unknown_part_of_the_setting_is_refused_naming_it(cast):
    from django.core.exceptions import ValidationError

    cast.school_a.edit_window_covers = "marks,topics"
    with pytest.raises(ValidationError) as error:
        cast.school_a.full_clean()
    assert "topics" in str(error.value)


def grid_locks(cast) -> dict:
    grid = selectors.journal_grid(cast.math_a)
    lessons = grid_payload(grid, can_write=True)["lessons"]
    return locks.grid_locks(cast.math_a, lessons, grid.period)


def test_the_grid_is_told_which_lessons_are_locked_and_why(cast, old_lesson):
    covering(cast, "marks,attendance")

    drawn = grid_locks(cast)

    assert drawn["lessons"] == {str(old_lesson.pk): "window"}
    assert set(drawn["kinds"]["window"]) == {"marks", "attendance"}
    assert "Срок исправления истёк" in drawn["kinds"]["window"]["marks"]
    assert drawn["unlock"] is None


def test_a_closed_periods_lessons_are_locked_whole_with_one_reason_sent_once(cast, old_lesson):
    grid = selectors.journal_grid(cast.math_a)
    grid.period.closed = True  # as the deputy's closing leaves it, without the closing's audit
    lessons = grid_payload(grid, can_write=True)["lessons"]

    drawn = locks.grid_locks(cast.math_a, lessons, grid.period)

    # The old lesson and the cast's lesson of 25.11 (inside the edit window): both, whole.
    assert drawn["lessons"] == {str(old_lesson.pk): "closed", str(cast.lesson_a.pk): "closed"}
    assert set(drawn["kinds"]["closed"]) == {"marks", "attendance", "topic", "homework"}
    assert "Период закрыт" in drawn["kinds"]["closed"]["topic"]


def test_an_unlock_opens_its_dates_in_the_grid_and_is_named(cast, old_lesson):
    journal_unlock(
        actor=actor_for(cast.user("deputy")),
        assignment_id=cast.math_a.pk,
        date_from=OLD,
        date_to=OLD,
        reason="Ошибка в отметке",
    )

    drawn = grid_locks(cast)

    assert drawn["lessons"] == {}
    assert drawn["unlock"]["date_from"] == "05.11.2026"
