"""The diary's week: each day's lessons with topic, homework, marks and attendance, read-only."""

import datetime as dt

import pytest

from tests import factories as f
from tests.diary.conftest import MONDAY, TODAY, XSS
from zhurnal.journal.models import Lesson
from zhurnal.people.models import Enrollment

pytestmark = pytest.mark.django_db


def test_a_parent_sees_the_week_with_topic_homework_marks_and_attendance(cast, lesson, codes, page_as):
    math = lesson(
        topic="Сложение в пределах 100", homework="С. 12, № 3", homework_due=TODAY + dt.timedelta(days=2)
    )
    f.MarkFactory(
        lesson=math,
        student=cast.pupil_a,
        value="4",
        score=4,
        comment="Молодец",
        work_type=f.WorkTypeFactory(school=cast.school_a, name="Контрольная работа", weight=5),
    )
    f.AttendanceFactory(lesson=math, student=cast.pupil_a, code=codes["ОП"], minutes_late=7)

    response = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/")

    assert response.status_code == 200
    days = response.context["days"]
    assert [d.date for d in days] == [MONDAY + dt.timedelta(days=n) for n in range(6)]
    wednesday = days[2]
    (shown,) = [x for x in wednesday.lessons if x["id"] == math.pk]
    assert shown["topic"] == "Сложение в пределах 100"
    assert shown["homework"] == "С. 12, № 3"
    assert [(m["value"], m["work_type"], m["weight"], m["comment"]) for m in shown["marks"]] == [
        ("4", "Контрольная работа", 5, "Молодец")
    ]
    assert shown["attendance"]["code"] == "ОП" and shown["attendance"]["minutes_late"] == 7
    html = response.content.decode()
    for text in ("Сложение в пределах 100", "С. 12, № 3", "Молодец", "Контрольная работа", "вес 5", "7 мин"):
        assert text in html


def test_typed_text_is_escaped_on_the_week_page(cast, lesson, page_as):
    math = lesson(topic=XSS, homework=XSS)
    f.MarkFactory(lesson=math, student=cast.pupil_a, comment=XSS)

    html = page_as("pupil_a", f"/diary/{cast.pupil_a.pk}/").content.decode()

    assert XSS not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3


def test_the_week_moves_by_weeks_and_jumps_to_a_date(cast, lesson, page_as):
    lesson(day=dt.date(2026, 11, 12), topic="Две недели назад")

    response = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/?week=2026-11-12")

    assert response.context["monday"] == dt.date(2026, 11, 9)
    assert response.context["prev_week"] == dt.date(2026, 11, 2)
    assert response.context["next_week"] == dt.date(2026, 11, 16)
    assert "Две недели назад" in response.content.decode()
    assert "?week=2026-11-02" in response.content.decode()


def test_a_malformed_week_names_the_field_and_shows_this_week(cast, page_as):
    response = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/?week=25.11")

    assert response.status_code == 400
    assert "«Неделя»" in response.context["error"]
    assert response.context["monday"] == MONDAY


def test_lessons_before_enrolment_and_after_leaving_are_not_shown(cast, lesson, page_as):
    Enrollment.objects.filter(student=cast.pupil_a).update(
        start=dt.date(2026, 11, 24), end=dt.date(2026, 11, 25)
    )
    before = lesson(day=MONDAY, topic="До зачисления")
    during = lesson(day=TODAY, slot=3, topic="Во время обучения")
    after = lesson(day=dt.date(2026, 11, 26), topic="После выбытия")

    response = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/")

    shown = {x["id"] for d in response.context["days"] for x in d.lessons}
    assert during.pk in shown
    assert before.pk not in shown and after.pk not in shown


def test_only_the_pupils_own_subgroup_lessons_are_shown(cast, lesson, page_as):
    other_group = f.SubgroupFactory(class_group=cast.class_a, name="Английский язык, гр. 2")
    other = f.TeachingAssignmentFactory(
        class_group=cast.class_a, subgroup=other_group, teacher=cast.english_a.teacher
    )
    mine = lesson(assignment=cast.english_a, slot=2, topic="Моя группа")
    theirs = lesson(assignment=other, slot=2, topic="Чужая группа")

    response = page_as("pupil_a", f"/diary/{cast.pupil_a.pk}/")

    shown = {x["id"] for d in response.context["days"] for x in d.lessons}
    assert mine.pk in shown and theirs.pk not in shown


def test_a_cancelled_lesson_is_shown_as_cancelled(cast, lesson, page_as):
    lesson(slot=4, status=Lesson.Status.CANCELLED, topic="Отменённый")

    response = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/")

    assert "урок отменён" in response.content.decode()


def test_a_parent_of_two_switches_between_children_keeping_the_week(cast, page_as):
    guardian = cast.pupil_a.guardian_links.get().guardian
    f.StudentGuardianFactory(student=cast.pupil_b, guardian=guardian)

    response = page_as("parent_a", f"/diary/{cast.pupil_a.pk}/?week=2026-11-12")

    family = response.context["diary"].family
    assert {p.id for p in family} == {cast.pupil_a.pk, cast.pupil_b.pk}
    assert f"/diary/{cast.pupil_b.pk}/?week=2026-11-09" in response.content.decode()
    assert page_as("parent_a", f"/diary/{cast.pupil_b.pk}/").status_code == 200


def test_diary_index_takes_a_parent_to_a_child_and_a_pupil_to_herself(cast, page_as):
    assert page_as("parent_a", "/diary/")["Location"] == f"/diary/{cast.pupil_a.pk}/"
    assert page_as("pupil_a", "/diary/")["Location"] == f"/diary/{cast.pupil_a.pk}/"
    assert page_as("teacher", "/diary/")["Location"] == "/"


def test_a_subject_teacher_sees_only_the_lessons_of_journals_they_read(cast, lesson, page_as):
    math = lesson(topic="Математика классного руководителя")
    english = lesson(assignment=cast.english_a, slot=2, topic="Английский")

    response = page_as("teacher", f"/diary/{cast.pupil_a.pk}/")

    shown = {x["id"] for d in response.context["days"] for x in d.lessons}
    assert english.pk in shown and math.pk not in shown


def test_the_home_page_card_links_to_the_diary(cast, page_as):
    html = page_as("parent_a", "/").content.decode()

    assert f'href="/diary/{cast.pupil_a.pk}/"' in html
