"""A batch of cell changes tells each family once per pupil, not once per mark."""

import pytest

from tests import factories as f
from tests.querycount import count_queries
from zhurnal.journal.services import CellChange, cells_save, mark_create
from zhurnal.notifications.kinds import Kind
from zhurnal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def told(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def no_render(outcomes):
    return [{"status": o.status} for o in outcomes]


def mark(lesson, student, value, work_type, key):
    return CellChange(
        "mark.create",
        {
            "lesson": lesson.pk,
            "student": student.pk,
            "value": value,
            "work_type": work_type.pk,
            "idempotency_key": key,
        },
    )


@pytest.fixture
def second_lesson(cast):
    return f.LessonFactory(assignment=cast.math_a, date=cast.lesson_a.date, slot=5)


def test_two_marks_and_an_absence_of_one_pupil_tell_each_parent_once_per_kind(
    cast, actor_of, directories, second_lesson, django_capture_on_commit_callbacks
):
    classmate = f.EnrollmentFactory(class_group=cast.class_a).student
    classmates_parent = f.StudentGuardianFactory(
        student=classmate, guardian__user=f.UserFactory()
    ).guardian.user
    work = directories["lesson_work"]
    changes = [
        mark(cast.lesson_a, cast.pupil_a, "5", work, "a1"),
        mark(second_lesson, cast.pupil_a, "4", work, "a2"),
        CellChange("attendance.set", {"lesson": second_lesson.pk, "student": cast.pupil_a.pk, "code": "Н"}),
        mark(cast.lesson_a, classmate, "3", work, "c1"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        results, _ = cells_save(actor=actor_of("classteacher"), changes=changes, render=no_render)
    assert [r["status"] for r in results] == [201, 201, 200, 201]

    marks_told = told(cast.user("parent_a"), Kind.MARK)
    assert len(marks_told) == 1  # not 2: one per pupil per batch
    assert marks_told[0].title == "Отметки 5, 4: Математика"
    assert "5 — Работа на уроке" in marks_told[0].body and "4 — Работа на уроке" in marks_told[0].body
    assert len(told(cast.user("pupil_a"), Kind.MARK)) == 1
    assert len(told(cast.user("parent_a"), Kind.ABSENCE)) == 1
    assert [n.title for n in told(classmates_parent, Kind.MARK)] == ["Новая отметка 3: Математика"]


def test_the_same_marks_saved_one_by_one_tell_the_family_once_per_mark(
    cast, actor_of, directories, second_lesson, django_capture_on_commit_callbacks
):
    # The baseline the batch improves on: two single saves, two notifications.
    for lesson in (cast.lesson_a, second_lesson):
        with django_capture_on_commit_callbacks(execute=True):
            mark_create(
                actor=actor_of("classteacher"),
                lesson_id=lesson.pk,
                student_id=cast.pupil_a.pk,
                value="5",
                work_type_id=directories["lesson_work"].pk,
            )
    assert len(told(cast.user("parent_a"), Kind.MARK)) == 2


def test_an_item_that_was_refused_tells_nobody(
    cast, actor_of, directories, django_capture_on_commit_callbacks
):
    stale = CellChange("mark.update", {"id": cast.mark_a.pk, "if_match": 9, "value": "2"})
    with django_capture_on_commit_callbacks(execute=True):
        results, _ = cells_save(actor=actor_of("classteacher"), changes=[stale], render=no_render)
    assert results == [{"status": 409}]
    assert Notification.objects.count() == 0


def test_a_batch_for_thirty_pupils_is_told_in_a_fixed_number_of_queries(
    cast, actor_of, directories, django_capture_on_commit_callbacks
):
    pupils = [f.EnrollmentFactory(class_group=cast.class_a).student for _ in range(30)]
    for pupil in pupils:
        f.StudentGuardianFactory(student=pupil, guardian__user=f.UserFactory())
    changes = [
        mark(cast.lesson_a, pupil, "4", directories["lesson_work"], f"q{pupil.pk}") for pupil in pupils
    ]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cells_save(actor=actor_of("classteacher"), changes=changes, render=no_render)

    queries, _ = count_queries(lambda: [callback() for callback in callbacks])

    assert Notification.objects.filter(kind=Kind.MARK).count() == 30
    assert queries <= 10  # the marks, the families, the users, their choices, one insert
