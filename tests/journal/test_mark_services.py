"""Marks: who may set them, what values, retries, conflicts and the history they leave."""

import datetime as dt

import pytest

from tests import factories as f
from zhurnal.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from zhurnal.core.models import AuditEvent
from zhurnal.journal.models import Mark
from zhurnal.journal.services import mark_create, mark_delete, mark_update
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import GradingMode

pytestmark = pytest.mark.django_db


def _create(cast, who, value="4", **kw):
    return mark_create(
        actor=actor_for(cast.user(who)),
        lesson_id=kw.pop("lesson", cast.lesson_a).pk,
        student_id=kw.pop("student", cast.pupil_a).pk,
        value=value,
        work_type_id=kw.pop("work_type").pk,
        **kw,
    )


def test_the_teacher_sets_a_mark_and_the_history_records_it(cast, directories):
    mark, created = _create(cast, "classteacher", "4", work_type=directories["test"])
    assert created and mark.value == "4" and mark.score == 4
    event = AuditEvent.objects.get(action="mark.create", object_id=mark.pk)
    assert event.after["value"] == "4"
    assert event.group_key == f"cell:{cast.lesson_a.pk}:{cast.pupil_a.pk}"


def test_a_retry_with_the_same_idempotency_key_does_not_duplicate_the_mark(cast, directories):
    first, created = _create(cast, "classteacher", work_type=directories["test"], idempotency_key="k-1")
    again, created_again = _create(cast, "classteacher", work_type=directories["test"], idempotency_key="k-1")
    assert created and not created_again and first.pk == again.pk
    assert Mark.objects.filter(idempotency_key="k-1").count() == 1


def test_a_double_mark_counts_both_halves(cast, directories):
    mark, _ = _create(cast, "classteacher", "5/4", work_type=directories["lesson_work"])
    assert (mark.value, mark.score, mark.score2) == ("5/4", 5, 4)


def test_a_deferred_mark_needs_a_deadline(cast, directories):
    with pytest.raises(InvalidInput) as error:
        _create(cast, "classteacher", ".", work_type=directories["lesson_work"])
    assert error.value.field == "deferred_until"
    mark, _ = _create(
        cast, "classteacher", ".", work_type=directories["lesson_work"], deferred_until=dt.date(2026, 12, 1)
    )
    assert mark.value == "." and mark.deferred_until == dt.date(2026, 12, 1)


def test_nonsense_is_refused_with_a_message_naming_the_value(cast, directories):
    with pytest.raises(InvalidInput) as error:
        _create(cast, "classteacher", "7", work_type=directories["lesson_work"])
    assert "«7»" in error.value.message and error.value.field == "value"
    assert not Mark.objects.filter(value="7").exists()


def test_grade_one_refuses_numeric_marks(cast, directories):
    cast.class_a.grade = 1
    cast.class_a.save()
    with pytest.raises(InvalidInput) as error:
        _create(cast, "classteacher", "5", work_type=directories["lesson_work"])
    assert error.value.code == "no_marks_subject"


def test_an_unmarked_subject_in_the_curriculum_refuses_marks(cast, directories):
    f.CurriculumPlanFactory(
        year=cast.class_a.year, grade=2, subject=cast.math_a.subject, grading_mode=GradingMode.NONE
    )
    with pytest.raises(InvalidInput):
        _create(cast, "classteacher", "5", work_type=directories["lesson_work"])


def test_parents_and_pupils_may_never_write(cast, directories):
    for who in ("parent_a", "pupil_a"):
        with pytest.raises(Forbidden):
            _create(cast, who, work_type=directories["lesson_work"])


def test_a_teacher_cannot_mark_in_another_teachers_journal(cast, directories):
    # The subject teacher does not read the class teacher's mathematics journal at all: 404.
    with pytest.raises(NotFound):
        _create(cast, "teacher", work_type=directories["lesson_work"])
    # The outsider from another school: 404 as well.
    with pytest.raises(NotFound):
        _create(cast, "outsider", work_type=directories["lesson_work"])


def test_the_class_teacher_reads_but_cannot_write_another_subject_of_the_class(cast, directories):
    lesson = f.LessonFactory(assignment=cast.english_a, date=dt.date(2026, 11, 25))
    with pytest.raises(Forbidden):
        _create(cast, "classteacher", lesson=lesson, work_type=directories["lesson_work"])


def test_a_pupil_not_in_the_class_cannot_be_marked(cast, directories):
    with pytest.raises(NotFound) as error:
        _create(cast, "classteacher", student=cast.pupil_b, work_type=directories["lesson_work"])
    assert error.value.field == "student"


def test_a_stale_version_is_a_conflict_not_a_lost_update(cast, directories):
    mark, _ = _create(cast, "classteacher", "4", work_type=directories["lesson_work"])
    actor = actor_for(cast.user("classteacher"))
    mark_update(actor=actor, mark_id=mark.pk, expected_version=1, changes={"value": "5"})
    with pytest.raises(Conflict):
        mark_update(actor=actor, mark_id=mark.pk, expected_version=1, changes={"value": "3"})
    mark.refresh_from_db()
    assert (mark.value, mark.version) == ("5", 2)


def test_removing_a_mark_is_audited_with_what_it_was(cast, directories):
    mark, _ = _create(cast, "classteacher", "3", work_type=directories["lesson_work"])
    mark_delete(actor=actor_for(cast.user("classteacher")), mark_id=mark.pk, expected_version=1)
    assert not Mark.objects.filter(pk=mark.pk).exists()
    assert AuditEvent.objects.get(action="mark.delete", object_id=mark.pk).before["value"] == "3"


def test_marks_are_refused_on_a_future_lesson(cast, directories):
    lesson = f.LessonFactory(assignment=cast.math_a, date=dt.date(2026, 11, 30))
    with pytest.raises(InvalidInput) as error:
        _create(cast, "classteacher", lesson=lesson, work_type=directories["lesson_work"])
    assert error.value.code == "lesson_in_future"


def test_the_edit_window_locks_old_lessons(cast, directories):
    lesson = f.LessonFactory(assignment=cast.math_a, date=dt.date(2026, 11, 5))
    with pytest.raises(Forbidden) as error:
        _create(cast, "classteacher", lesson=lesson, work_type=directories["lesson_work"])
    assert error.value.code == "edit_window_passed"


def test_staff_who_are_also_parents_read_no_classmates_history(cast, directories, client):
    """A teacher of another school whose child is in 2А sees the child's diary, not the journal."""
    from zhurnal.accounts.tokens import token_issue

    f.RoleGrantFactory(user=cast.user("outsider"), role="parent", school=cast.school_a)
    child = f.EnrollmentFactory(class_group=cast.class_a).student
    f.StudentGuardianFactory(student=child, guardian__user=cast.user("outsider"))
    token = token_issue(user=cast.user("outsider"))
    url = f"/api/v1/lessons/{cast.lesson_a.pk}/students/{cast.pupil_a.pk}/history"
    assert client.get(url, headers={"Authorization": f"Bearer {token}"}).status_code == 404


def test_a_teacher_sees_period_marks_of_their_own_subject_and_class_only(cast):
    from zhurnal.journal.models import PeriodMark

    # The subject teacher teaches mathematics in 3Б and English in 2А: not 2А's mathematics.
    math = cast.math_a.subject
    f.PeriodMarkFactory(student=cast.pupil_a, subject=math, year=cast.class_a.year, value="4")
    own = f.PeriodMarkFactory(student=cast.pupil_b, subject=math, year=cast.class_b.year, value="5")
    visible = set(PeriodMark.objects.visible_to(actor_for(cast.user("teacher"))).values_list("pk", flat=True))
    assert visible == {own.pk}
