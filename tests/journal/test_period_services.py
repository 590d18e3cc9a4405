"""Closing a period locks its cells; the deputy's unlock with a reason lets the teacher change them."""

import datetime as dt

import pytest

from tests import factories as f
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.core.models import AuditEvent
from zhurnal.journal.models import Attendance, Lesson
from zhurnal.journal.services import (
    attendance_all_present,
    attendance_clear,
    attendance_set,
    journal_unlock,
    mark_create,
    period_close,
    period_mark_set,
)
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import StudyPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(cast):
    return StudyPeriod.objects.get(school=cast.school_a)


def test_after_closing_the_teacher_cannot_change_and_after_unlock_can(cast, directories, period):
    teacher = actor_for(cast.user("classteacher"))
    deputy = actor_for(cast.user("deputy"))
    kwargs = {
        "lesson_id": cast.lesson_a.pk,
        "student_id": cast.pupil_a.pk,
        "work_type_id": directories["test"].pk,
    }

    period_close(actor=deputy, period_id=period.pk, reason="Досрочно: ремонт школы")
    with pytest.raises(Forbidden) as error:
        mark_create(actor=teacher, value="5", **kwargs)
    assert error.value.code == "period_closed"

    with pytest.raises(InvalidInput):
        journal_unlock(
            actor=deputy, assignment_id=cast.math_a.pk, date_from=period.start, date_to=period.end, reason=""
        )
    journal_unlock(
        actor=deputy,
        assignment_id=cast.math_a.pk,
        date_from=period.start,
        date_to=period.end,
        reason="Ошибка при переносе оценок",
    )
    # Unlocked, a change still has to say why.
    with pytest.raises(InvalidInput) as error:
        mark_create(actor=teacher, value="5", **kwargs)
    assert error.value.field == "reason"
    mark, _ = mark_create(actor=teacher, value="5", reason="Пересдача после болезни", **kwargs)
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "reason"))
    assert ("journal.unlock", "Ошибка при переносе оценок") in actions
    assert actions[-1] == ("mark.create", "Пересдача после болезни")


def test_only_the_deputy_or_director_closes_periods_and_unlocks(cast, period):
    for who in ("classteacher", "teacher", "parent_a", "sysadmin"):
        with pytest.raises(Forbidden):
            period_close(
                actor=actor_for(cast.user(who)), period_id=period.pk, reason="Досрочно: ремонт школы"
            )


def test_the_suggested_period_mark_needs_a_reason_to_override(cast, directories, period):
    teacher = actor_for(cast.user("classteacher"))
    for day in (23, 24, 25):
        lesson = f.LessonFactory(assignment=cast.math_a, date=dt.date(2026, 11, day))
        mark_create(
            actor=teacher,
            lesson_id=lesson.pk,
            student_id=cast.pupil_a.pk,
            value="4",
            work_type_id=directories["lesson_work"].pk,
        )
    # The cast already holds a 5 (weight 1) on lesson_a: (5 + 4·3)/4 = 4.25 → suggested 4.
    with pytest.raises(InvalidInput) as error:
        period_mark_set(
            actor=teacher,
            assignment_id=cast.math_a.pk,
            student_id=cast.pupil_a.pk,
            period_id=period.pk,
            value="5",
        )
    assert error.value.field == "reason"
    record = period_mark_set(
        actor=teacher,
        assignment_id=cast.math_a.pk,
        student_id=cast.pupil_a.pk,
        period_id=period.pk,
        value="5",
        reason="Победа на олимпиаде",
    )
    assert (record.value, record.suggested, record.reason) == ("5", "4", "Победа на олимпиаде")
    confirmed = period_mark_set(
        actor=teacher,
        assignment_id=cast.math_a.pk,
        student_id=cast.pupil_a.pk,
        period_id=period.pk,
        value="4",
        expected_version=1,
    )
    assert confirmed.pk == record.pk and confirmed.version == 2


def test_too_few_marks_suggest_not_attested(cast, directories, period):
    teacher = actor_for(cast.user("classteacher"))
    with pytest.raises(InvalidInput) as error:
        period_mark_set(
            actor=teacher,
            assignment_id=cast.math_a.pk,
            student_id=cast.pupil_a.pk,
            period_id=period.pk,
            value="5",
        )
    assert "н/а" in error.value.message


def test_attendance_codes_late_minutes_and_all_present(cast, directories):
    teacher = actor_for(cast.user("classteacher"))
    lesson = cast.lesson_a
    attendance_all_present(actor=teacher, lesson_id=lesson.pk)
    assert Lesson.objects.get(pk=lesson.pk).attendance_taken_at is not None
    with pytest.raises(InvalidInput) as error:
        attendance_set(actor=teacher, lesson_id=lesson.pk, student_id=cast.pupil_a.pk, code="ОП")
    assert error.value.field == "minutes_late"
    record = attendance_set(
        actor=teacher, lesson_id=lesson.pk, student_id=cast.pupil_a.pk, code="оп", minutes_late=10
    )
    assert record.code.code == "ОП" and record.minutes_late == 10
    record = attendance_set(
        actor=teacher, lesson_id=lesson.pk, student_id=cast.pupil_a.pk, code="Б", expected_version=1
    )
    assert record.minutes_late is None and record.version == 2
    with pytest.raises(InvalidInput):
        attendance_set(
            actor=teacher, lesson_id=lesson.pk, student_id=cast.pupil_a.pk, code="Х", expected_version=2
        )
    attendance_clear(actor=teacher, lesson_id=lesson.pk, student_id=cast.pupil_a.pk, expected_version=2)
    assert not Attendance.objects.filter(lesson=lesson).exists()
    assert AuditEvent.objects.filter(group_key=f"cell:{lesson.pk}:{cast.pupil_a.pk}").count() == 3


def test_a_closed_period_locks_the_lesson_topic_and_cancelling(cast, directories, period):
    from zhurnal.journal.services import lesson_update

    teacher = actor_for(cast.user("classteacher"))
    period_close(actor=actor_for(cast.user("deputy")), period_id=period.pk, reason="Досрочно: ремонт школы")
    for changes in ({"topic": "Другая тема"}, {"status": "cancelled"}):
        with pytest.raises(Forbidden):
            lesson_update(actor=teacher, lesson_id=cast.lesson_a.pk, changes=changes, expected_version=1)


def test_a_lesson_with_marks_cannot_be_cancelled(cast, directories):
    from zhurnal.journal.services import lesson_update

    with pytest.raises(InvalidInput) as error:
        lesson_update(
            actor=actor_for(cast.user("classteacher")),
            lesson_id=cast.lesson_a.pk,
            changes={"status": "cancelled"},
            expected_version=1,
        )
    assert error.value.code == "lesson_has_records"


def test_year_marks_are_locked_when_the_year_is_closed(cast, directories):
    year_period = f.StudyPeriodFactory(
        year=cast.class_a.year,
        kind=StudyPeriod.Kind.YEAR,
        number=1,
        name="Год",
        start=cast.class_a.year.start,
        end=cast.class_a.year.end,
        closed=True,
    )
    teacher = actor_for(cast.user("classteacher"))
    kwargs = {
        "assignment_id": cast.math_a.pk,
        "student_id": cast.pupil_a.pk,
        "period_id": None,
        "kind": "year",
    }
    with pytest.raises(Forbidden):
        period_mark_set(actor=teacher, value="5", **kwargs)
    journal_unlock(
        actor=actor_for(cast.user("deputy")),
        assignment_id=cast.math_a.pk,
        date_from=year_period.end,
        date_to=year_period.end,
        reason="Апелляция",
    )
    with pytest.raises(InvalidInput):
        period_mark_set(actor=teacher, value="5", **kwargs)
    assert period_mark_set(actor=teacher, value="5", reason="Решение комиссии", **kwargs).value == "5"


def test_the_year_mark_is_suggested_from_the_period_marks(cast, directories):
    from zhurnal.journal.values import suggest_year_mark

    assert suggest_year_mark(["4", "5", "5", "4"]).value == "5"  # 4.5 rounds half up
    assert suggest_year_mark(["4", "4", "5"]).value == "4"
    assert suggest_year_mark(["5", "н/а"]).value == "н/а"
    assert suggest_year_mark([]).value == ""

    year = cast.class_a.year
    for number, value in ((1, "4"), (2, "5")):
        quarter = f.StudyPeriodFactory(
            year=year, number=number, name=f"{number} четверть", start=year.start, end=year.start
        )
        f.PeriodMarkFactory(
            student=cast.pupil_a, subject=cast.math_a.subject, year=year, period=quarter, value=value
        )
    teacher = actor_for(cast.user("classteacher"))
    kwargs = {
        "assignment_id": cast.math_a.pk,
        "student_id": cast.pupil_a.pk,
        "period_id": None,
        "kind": "year",
    }
    with pytest.raises(InvalidInput) as error:
        period_mark_set(actor=teacher, value="4", **kwargs)  # (4 + 5) / 2 = 4.5 → 5
    assert error.value.field == "reason"
    record = period_mark_set(actor=teacher, value="5", **kwargs)
    assert (record.value, record.suggested) == ("5", "5")


def test_the_grid_carries_year_marks_and_their_suggestion(cast, directories, bearer_for):
    year = cast.class_a.year
    quarter = StudyPeriod.objects.get(school=cast.school_a)
    f.PeriodMarkFactory(
        student=cast.pupil_a, subject=cast.math_a.subject, year=year, period=quarter, value="4"
    )
    f.PeriodMarkFactory(student=cast.pupil_a, subject=cast.math_a.subject, year=year, kind="year", value="4")
    grid = bearer_for("classteacher").get(f"/api/v1/journal?assignment={cast.math_a.pk}").json()
    assert [m["value"] for m in grid["year_marks"]] == ["4"]
    assert [m["value"] for m in grid["period_marks"]] == ["4"]
    assert grid["students"][0]["year_suggested"] == "4"
