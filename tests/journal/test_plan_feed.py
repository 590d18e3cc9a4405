"""The approved КТП feeds the journal (decision 0024): lessons take its items in order, a
cancelled lesson shifts the rest, a teacher's own topic departs from the plan and keeps its item.

Today is 25.11.2026 (settings.test). 2А's mathematics (the class teacher's) gets five lessons
without a topic from 26.11 on; the cast's lesson of 25.11 has a topic of its own.
"""

import datetime as dt

import pytest

from tests import factories as f
from tests.planning.data import approved
from zhurnal.journal import services
from zhurnal.journal.models import Lesson
from zhurnal.journal.schedule import lessons_generate
from zhurnal.journal.services.plan import lessons_follow_plan
from zhurnal.people.models import TimetableEntry

pytestmark = pytest.mark.django_db
DAYS = [
    dt.date(2026, 11, 26),
    dt.date(2026, 11, 27),
    dt.date(2026, 11, 30),
    dt.date(2026, 12, 1),
    dt.date(2026, 12, 2),
]


@pytest.fixture
def lessons(cast):
    return [f.LessonFactory(assignment=cast.math_a, date=day, slot=1, topic="") for day in DAYS]


def topics(assignment) -> list[str]:
    return list(
        Lesson.objects.filter(assignment=assignment, status=Lesson.Status.PLANNED, date__gte=DAYS[0])
        .order_by("date")
        .values_list("topic", flat=True)
    )


def test_approval_gives_the_next_lessons_the_plans_topics_and_homework_in_order(cast, lessons):
    approved(cast, cast.math_a, 34)
    assert topics(cast.math_a) == ["Тема 1", "Тема 2", "Тема 3", "Тема 4", "Тема 5"]
    first = Lesson.objects.get(pk=lessons[0].pk)
    assert (first.homework, first.plan_item.number, first.version) == ("Д/з 1", 1, 2)
    cast.lesson_a.refresh_from_db()
    assert cast.lesson_a.plan_item is None  # its own topic: outside the plan


def test_a_cancelled_lesson_shifts_the_rest(cast, lessons, actor_of):
    approved(cast, cast.math_a, 34)
    second = Lesson.objects.get(pk=lessons[1].pk)
    services.lesson_update(
        actor=actor_of("classteacher"),
        lesson_id=second.pk,
        changes={"status": "cancelled"},
        expected_version=second.version,
    )
    second.refresh_from_db()
    assert (second.plan_item, second.topic) == (None, "")
    assert topics(cast.math_a) == ["Тема 1", "Тема 2", "Тема 3", "Тема 4"]


def test_a_teachers_own_topic_departs_and_keeps_its_item(cast, lessons, actor_of):
    approved(cast, cast.math_a, 34)
    actor = actor_of("classteacher")
    second = Lesson.objects.get(pk=lessons[1].pk)
    services.lesson_update(
        actor=actor, lesson_id=second.pk, changes={"topic": "Экскурсия"}, expected_version=second.version
    )
    first = Lesson.objects.get(pk=lessons[0].pk)
    services.lesson_update(
        actor=actor, lesson_id=first.pk, changes={"status": "cancelled"}, expected_version=first.version
    )
    second.refresh_from_db()
    assert (second.topic, second.plan_item.number) == ("Экскурсия", 2)
    # The others take what is left in order: item 1, then 3, 4 (item 2 is the departed lesson's).
    assert topics(cast.math_a) == ["Экскурсия", "Тема 1", "Тема 3", "Тема 4"]


def test_a_lesson_the_teacher_adds_without_a_topic_takes_the_next_unused_item(cast, lessons, actor_of):
    approved(cast, cast.math_a, 34)
    lesson, created = services.lesson_create(
        actor=actor_of("classteacher"), assignment_id=cast.math_a.pk, date=dt.date(2026, 12, 3), slot=2
    )
    assert created and (lesson.topic, lesson.plan_item.number) == ("Тема 6", 6)


def test_lessons_from_the_timetable_take_the_plan_too(cast):
    approved(cast, cast.math_a, 34)
    TimetableEntry.objects.exclude(assignment=cast.math_a).delete()
    made = lessons_generate(
        school_id=cast.school_a.pk, start=dt.date(2026, 11, 30), end=dt.date(2026, 12, 13)
    )
    assert made == 2  # Wednesdays 02.12 and 09.12
    assert topics(cast.math_a) == ["Тема 1", "Тема 2"]


def test_without_an_approved_plan_nothing_changes(cast, lessons):
    assert lessons_follow_plan(assignment_id=cast.math_a.pk) == 0
    assert topics(cast.math_a) == ["", "", "", "", ""]


def test_a_new_approved_version_relinks_the_lessons(cast, lessons, actor_of):
    from tests.planning.data import xlsx
    from zhurnal.planning import services as planning

    approved(cast, cast.math_a, 3)
    teacher = actor_of("classteacher")
    rows = [[str(i), "", f"Новая тема {i}", "1", "", "", ""] for i in range(1, 6)]
    planning.plan_import(actor=teacher, assignment_id=cast.math_a.pk, data=xlsx(rows))
    planning.plan_submit(actor=teacher, assignment_id=cast.math_a.pk)
    planning.plan_decide(actor=actor_of("deputy"), assignment_id=cast.math_a.pk, approve=True)
    assert topics(cast.math_a) == [f"Новая тема {i}" for i in range(1, 6)]
