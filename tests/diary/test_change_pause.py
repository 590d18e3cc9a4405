"""A bulk load of new rows may pause the change log, in its own transaction only (decision 0043):
its writes add no rows, every other transaction's writes still do, and the pause cannot outlive
the block that took it."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError

from tests import factories as f
from tests.cast import build_cast
from tests.diary.conftest import MONDAY
from zhurnal.demo.builder import build_school
from zhurnal.demo.management.commands.generate import school_spec
from zhurnal.diary.models import Change, ChangePause
from zhurnal.diary.services import change_log_paused
from zhurnal.journal.models import Lesson, Mark


def _rows_after(last: int) -> list[tuple]:
    return list(
        Change.objects.filter(id__gt=last).order_by("id").values_list("scope", "scope_id", "day", "weight")
    )


def _last() -> int:
    return Change.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.django_db
def test_a_paused_block_logs_none_of_its_writes_and_the_log_resumes_after_it(cast, codes):
    lesson, pupil = cast.lesson_a, cast.pupil_a
    last = _last()
    with transaction.atomic(), change_log_paused():
        mark = f.MarkFactory(lesson=lesson, student=pupil, value="3", score=3)
        mark.value = "4"
        mark.save()
        f.AttendanceFactory(lesson=lesson, student=pupil, code=codes["Н"])
        lesson.topic = "Дроби"
        lesson.save()
        f.LessonFactory(assignment=cast.math_a, date=MONDAY, slot=6)
        Mark.objects.filter(pk=mark.pk).delete()
    assert _rows_after(last) == []
    assert not ChangePause.objects.exists()

    f.MarkFactory(lesson=lesson, student=pupil, value="5", score=5)
    assert _rows_after(last) == [("p", pupil.pk, lesson.date, 1)]


@pytest.mark.django_db
def test_a_paused_block_that_raises_takes_its_writes_and_the_pause_back_with_it(cast):
    lesson, pupil = cast.lesson_a, cast.pupil_a
    marks_before, last = Mark.objects.count(), _last()
    with transaction.atomic():
        with pytest.raises(ValueError), change_log_paused():
            f.MarkFactory(lesson=lesson, student=pupil, value="3", score=3)
            raise ValueError("the load failed")
        assert Mark.objects.count() == marks_before
        assert not ChangePause.objects.exists()
        f.MarkFactory(lesson=lesson, student=pupil, value="4", score=4)  # in the same transaction
    assert _rows_after(last) == [("p", pupil.pk, lesson.date, 1)]


@pytest.mark.django_db(transaction=True)
def test_the_pause_is_refused_outside_a_transaction():
    with pytest.raises(TransactionManagementError), change_log_paused():
        pytest.fail("the block must not run")
    assert not ChangePause.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_another_transactions_writes_are_logged_while_one_is_paused():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: no other transaction writes while the pause's holds the lock")
    cast = build_cast()
    lesson, pupil = cast.lesson_a, cast.pupil_a
    last = _last()
    paused, written = threading.Event(), threading.Event()
    failures = []

    def other_teacher():
        try:
            assert paused.wait(10)
            Lesson.objects.filter(pk=lesson.pk).update(topic="Дроби")  # its own transaction, committed
            f.MarkFactory(lesson=lesson, student=pupil, value="5", score=5)
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            written.set()
            connection.close()

    thread = threading.Thread(target=other_teacher)
    thread.start()
    with transaction.atomic(), change_log_paused():
        f.MarkFactory(lesson=lesson, student=pupil, value="2", score=2)  # not logged
        paused.set()
        assert written.wait(10)
    thread.join(10)
    assert failures == []
    assert sorted(_rows_after(last)) == sorted(
        [
            ("j", cast.math_a.pk, lesson.date, 1),
            ("j", cast.math_a.pk, lesson.date, 1),
            ("p", pupil.pk, lesson.date, 1),
        ]
    )


@pytest.mark.django_db
def test_a_built_school_adds_no_log_rows_and_a_mark_saved_in_it_afterwards_does():
    last = _last()
    built = build_school(school_spec(0, students=40, seed=3, today=dt.date(2026, 11, 20)))
    assert built.counts["journal.Mark"] > 0 and built.counts["journal.Lesson"] > 0
    assert _rows_after(last) == []
    assert not ChangePause.objects.exists()

    mark = Mark.objects.filter(school=built.school).select_related("lesson").first()
    mark.value, mark.score = "5", 5
    mark.save()
    day = mark.lesson.date
    assert _rows_after(last) == [("p", mark.student_id, day, 1), ("p", mark.student_id, day, 1)]
