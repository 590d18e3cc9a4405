"""The home page: one section per role, each with the signed-in person's real data."""

import datetime as dt

import pytest

from tests import factories as f
from zhurnal.journal.models import Lesson
from zhurnal.people.models import TimetableEntry

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def bells(cast):
    """Bell times for the cast's timetable: lesson 1 at 08:30, lesson 2 at 09:20, lesson 3 at 10:10."""
    schedule = TimetableEntry.objects.first().bell_schedule
    times = [
        (dt.time(8, 30), dt.time(9, 10)),
        (dt.time(9, 20), dt.time(10, 0)),
        (dt.time(10, 10), dt.time(10, 50)),
    ]
    for number, (starts, ends) in enumerate(times, start=1):
        f.BellSlotFactory(schedule=schedule, number=number, starts=starts, ends=ends)
    return schedule


def test_a_teacher_sees_todays_lessons_from_the_timetable_with_bell_times(cast, page_as, bells):
    response = page_as("teacher", "/")
    rows = response.context["teacher_day"].lessons
    timetabled = [(r.slot, r.class_label, r.subject) for r in rows if r.lesson is None]
    assert timetabled == [
        (2, "2А · Английский язык, гр. 1", "Иностранный язык (английский)"),
        (3, "3Б", "Математика"),
    ]
    times = {r.slot: (r.starts, r.ends) for r in rows}
    assert times[2] == (dt.time(9, 20), dt.time(10, 0))
    assert times[3] == (dt.time(10, 10), dt.time(10, 50))
    assert "09:20" in text(response)


def test_a_lesson_that_exists_shows_its_topic(cast, page_as, bells):
    response = page_as("classteacher", "/")
    (row,) = response.context["teacher_day"].lessons
    assert row.lesson == cast.lesson_a
    assert cast.lesson_a.topic in text(response)
    assert (row.starts, row.ends) == (dt.time(8, 30), dt.time(9, 10))
    assert "08:30" in text(response)


def test_a_lesson_without_a_topic_says_so(cast, page_as):
    Lesson.objects.filter(pk=cast.lesson_a.pk).update(topic="")
    assert "тема не указана" in text(page_as("classteacher", "/"))


def test_a_substitute_sees_the_lesson_they_take_and_the_teacher_sees_who_takes_theirs(cast, page_as):
    f.LessonFactory(assignment=cast.math_a, teacher=cast.math_b.teacher, slot=5, topic="Задачи на движение")
    substitute_row = next(r for r in page_as("teacher", "/").context["teacher_day"].lessons if r.slot == 5)
    assert substitute_row.substitute_for == cast.math_a.teacher.short_name
    owner_row = next(r for r in page_as("classteacher", "/").context["teacher_day"].lessons if r.slot == 5)
    assert owner_row.substituted_by == cast.math_b.teacher.short_name


def test_on_a_weekend_the_teacher_sees_the_next_school_days_lessons(cast, page_as, settings):
    settings.ZHURNAL_TODAY = "2026-11-28"  # a Saturday; the cast's timetable is on Wednesdays
    response = page_as("teacher", "/")
    day = response.context["teacher_day"]
    assert day.lessons == []
    assert day.next_day == dt.date(2026, 12, 2)
    assert "Сегодня у вас уроков нет" in text(response)
    assert "2 декабря" in text(response)


def test_during_holidays_the_timetable_is_not_held(cast, page_as):
    year = cast.class_a.year
    f.HolidayFactory(year=year, name="Осенние каникулы", start=TODAY, end=TODAY + dt.timedelta(days=4))
    Lesson.objects.all().delete()
    day = page_as("teacher", "/").context["teacher_day"]
    assert day.lessons == []
    assert day.next_day == dt.date(2026, 12, 2)


def test_a_class_teacher_sees_their_class_size_and_todays_absences(cast, page_as):
    f.AttendanceFactory(lesson=cast.lesson_a, student=cast.pupil_a)
    f.EnrollmentFactory(class_group=cast.class_a, start=dt.date(2026, 9, 1), end=dt.date(2026, 10, 1))
    response = page_as("classteacher", "/")
    (panel,) = response.context["led_classes"]
    assert panel.class_group == cast.class_a
    assert panel.student_count == 1  # the pupil who left in October does not count
    assert [a.student for a in panel.absences] == [cast.pupil_a]
    assert cast.pupil_a.short_name in text(response)


def test_a_parent_sees_their_childs_card_and_not_another_childs(cast, page_as):
    response = page_as("parent_a", "/")
    (card,) = response.context["children"]
    assert card.student == cast.pupil_a
    assert card.class_group == cast.class_a
    assert [m.pk for m in card.marks] == [cast.mark_a.pk]
    assert [r.subject for r in card.lessons] == ["Математика", "Иностранный язык (английский)"]
    assert cast.pupil_a.full_name in text(response)
    assert cast.pupil_b.full_name not in text(response)


def test_a_parent_sees_only_the_five_latest_marks(cast, page_as):
    for day in range(1, 9):
        lesson = f.LessonFactory(assignment=cast.math_a, date=dt.date(2026, 11, day))
        f.MarkFactory(lesson=lesson, student=cast.pupil_a, value="4", score=4)
    (card,) = page_as("parent_a", "/").context["children"]
    assert [m.lesson.date.day for m in card.marks] == [25, 8, 7, 6, 5]


def test_the_other_parent_sees_the_other_child(cast, page_as):
    response = page_as("parent_b", "/")
    assert [c.student for c in response.context["children"]] == [cast.pupil_b]
    assert cast.pupil_a.full_name not in text(response)


def test_a_pupil_sees_their_own_diary_card(cast, page_as):
    response = page_as("pupil_a", "/")
    (card,) = response.context["own_cards"]
    assert card.student == cast.pupil_a
    assert [m.value for m in card.marks] == ["5"]
    assert "children" not in response.context


def test_the_administration_sees_the_school_figures(cast, page_as):
    f.LessonFactory(assignment=cast.math_b, date=TODAY - dt.timedelta(days=3), topic="")
    f.LessonFactory(assignment=cast.math_b, date=TODAY - dt.timedelta(days=30), topic="")
    for name in ("director", "deputy", "sysadmin", "secretary"):
        (school,) = page_as(name, "/").context["schools"]
        assert school == cast.school_a
        assert school.class_count == 2
        assert school.student_count == 2
        assert school.staff_count == 6
        assert school.lessons_today == 2
        assert school.lessons_without_topic == 1


def test_the_authority_sees_its_schools_with_pupil_counts(cast, page_as):
    response = page_as("authority", "/")
    (school,) = response.context["authority_schools"]
    assert school == cast.school_a
    assert school.student_count == 2
    assert cast.school_b.short_name not in text(response)


def test_an_outsider_sees_only_their_own_school(cast, page_as):
    response = page_as("outsider", "/")
    assert {r.assignment for r in response.context["teacher_day"].lessons} == {cast.math_other}
    assert [p.class_group for p in response.context["led_classes"]] == [cast.class_other]
    assert "Школа А" not in text(response)


def test_a_pupils_absences_are_summed_up_by_code():
    from zhurnal.web.selectors.home import Absence

    assert Absence(student=None, codes=["Б", "Б", "Б", "Б"]).summary == "Б ×4"
    assert Absence(student=None, codes=["Н", "У", "У"]).summary == "Н, У ×2"
