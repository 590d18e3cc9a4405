"""Who is told of what: parents and the pupil, never the actor; absences the same day."""

import pytest

from tests import factories as f
from zhurnal.journal.services import attendance_set, lesson_update, mark_create, mark_update, period_mark_set
from zhurnal.notifications.kinds import Kind
from zhurnal.notifications.models import Notification
from zhurnal.people.models import Guardian
from zhurnal.schools.models import StudyPeriod

pytestmark = pytest.mark.django_db


def told(cast, name, kind=None):
    qs = Notification.objects.filter(recipient=cast.user(name))
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs)


def test_a_changed_mark_tells_the_family_again_with_the_new_value(
    cast, actor_of, directories, django_capture_on_commit_callbacks
):
    teacher = actor_of("classteacher")
    with django_capture_on_commit_callbacks(execute=True):
        mark, _ = mark_create(
            actor=teacher,
            lesson_id=cast.lesson_a.pk,
            student_id=cast.pupil_a.pk,
            value="3",
            work_type_id=directories["test"].pk,
        )
    with django_capture_on_commit_callbacks(execute=True):
        mark_update(actor=teacher, mark_id=mark.pk, expected_version=1, changes={"value": "4"})
    titles = [n.title for n in told(cast, "parent_a", Kind.MARK)]
    assert titles == ["Отметка изменена на 4: Математика", "Новая отметка 3: Математика"]
    notification = told(cast, "parent_a", Kind.MARK)[0]
    assert notification.object_type == "journal.mark" and notification.object_id == mark.pk
    assert notification.student_id == cast.pupil_a.pk
    assert notification.actor_id == cast.user("classteacher").pk
    assert notification.url == f"/diary/{cast.pupil_a.pk}/"


def test_the_actor_is_never_told_of_their_own_change(
    cast, actor_of, directories, django_capture_on_commit_callbacks
):
    # The class teacher is also pupil A's parent: their own mark tells the other parent only.
    f.StudentGuardianFactory(
        student=cast.pupil_a, guardian=f.GuardianFactory(school=cast.school_a, user=cast.user("classteacher"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        mark_create(
            actor=actor_of("classteacher"),
            lesson_id=cast.lesson_a.pk,
            student_id=cast.pupil_a.pk,
            value="5",
            work_type_id=directories["test"].pk,
        )
    assert told(cast, "classteacher") == []
    assert len(told(cast, "parent_a", Kind.MARK)) == 1


def test_an_absence_is_told_to_the_parents_the_same_day_and_not_to_the_pupil(
    cast, actor_of, directories, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attendance_set(
            actor=actor_of("classteacher"), lesson_id=cast.lesson_a.pk, student_id=cast.pupil_a.pk, code="Н"
        )
    [notification] = told(cast, "parent_a", Kind.ABSENCE)
    assert notification.title.startswith("Пропуск урока: ")
    assert "25 ноября" in notification.body and "Н — отсутствовал" in notification.body
    assert told(cast, "pupil_a", Kind.ABSENCE) == []


def test_a_late_arrival_is_not_an_absence(cast, actor_of, directories, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        attendance_set(
            actor=actor_of("classteacher"),
            lesson_id=cast.lesson_a.pk,
            student_id=cast.pupil_a.pk,
            code="ОП",
            minutes_late=5,
        )
    assert told(cast, "parent_a") == []


def test_homework_goes_to_the_subgroup_pupils_and_their_parents_only(
    cast, actor_of, directories, django_capture_on_commit_callbacks
):
    # 2А's English is taught to a subgroup: pupil A is in it, a classmate is not.
    classmate = f.EnrollmentFactory(class_group=cast.class_a).student
    other_parent = f.UserFactory(username="parent_of_classmate")
    f.StudentGuardianFactory(student=classmate, guardian__user=other_parent)
    lesson = f.LessonFactory(assignment=cast.english_a, date=cast.lesson_a.date, slot=2)
    with django_capture_on_commit_callbacks(execute=True):
        lesson_update(
            actor=actor_of("teacher"),
            lesson_id=lesson.pk,
            changes={"homework": "Упр. 5, стр. 12"},
            expected_version=1,
        )
    for name in ("parent_a", "pupil_a"):
        [notification] = told(cast, name, Kind.HOMEWORK)
        assert notification.title == "Домашнее задание: Иностранный язык (английский)"
        assert "Упр. 5, стр. 12" in notification.body
    assert not Notification.objects.filter(recipient=other_parent).exists()
    assert told(cast, "parent_b") == []


def test_homework_for_the_whole_class_reaches_every_family_of_the_class(
    cast, actor_of, directories, django_capture_on_commit_callbacks
):
    classmate = f.EnrollmentFactory(class_group=cast.class_a).student
    other_parent = f.UserFactory(username="parent_of_classmate")
    f.StudentGuardianFactory(student=classmate, guardian__user=other_parent)
    with django_capture_on_commit_callbacks(execute=True):
        lesson_update(
            actor=actor_of("classteacher"),
            lesson_id=cast.lesson_a.pk,
            changes={"homework": "№ 5"},
            expected_version=1,
        )
    assert Notification.objects.filter(recipient=other_parent, kind=Kind.HOMEWORK).count() == 1
    assert len(told(cast, "parent_a", Kind.HOMEWORK)) == 1
    assert told(cast, "parent_b") == []


def test_a_period_mark_is_told_to_the_family(cast, actor_of, directories, django_capture_on_commit_callbacks):
    period = StudyPeriod.objects.filter(school=cast.school_a).first()
    with django_capture_on_commit_callbacks(execute=True):
        period_mark_set(
            actor=actor_of("classteacher"),
            student_id=cast.pupil_a.pk,
            assignment_id=cast.math_a.pk,
            period_id=period.pk,
            value="5",
            reason="Итоговая контрольная",
        )
    [notification] = told(cast, "parent_a", Kind.PERIOD_MARKS)
    assert notification.title == "Отметка за период 5: Математика"
    assert period.name in notification.body
    assert len(told(cast, "pupil_a", Kind.PERIOD_MARKS)) == 1


def test_a_guardian_without_a_login_is_simply_skipped(
    cast, actor_of, directories, django_capture_on_commit_callbacks
):
    f.StudentGuardianFactory(
        student=cast.pupil_a, guardian=f.GuardianFactory(school=cast.school_a, user=None)
    )
    with django_capture_on_commit_callbacks(execute=True):
        mark_create(
            actor=actor_of("classteacher"),
            lesson_id=cast.lesson_a.pk,
            student_id=cast.pupil_a.pk,
            value="5",
            work_type_id=directories["test"].pk,
        )
    assert Notification.objects.count() == 2  # parent A and the pupil
    assert Guardian.objects.filter(user__isnull=True).exists()
