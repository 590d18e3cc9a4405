"""The chess club of school A for the cast, created on first use (the matrix builds URLs lazily).

Course «Шахматы» (34 h by the programme) taught by `teacher`; its plan: 1. «Шахматная доска»
(1 h), 2. «Ходы фигур» (2 h), 3. «Мат» (1 h). Group «Группа 1» crosses classes: pupil A (2А) and
pupil B (3Б), both since 1 September. One session on 24 November, on the plan's first topic.
"""

import datetime as dt

from tests import factories as f
from tests.cast import Cast
from zhurnal.extracurricular.models import Course, CourseGroup, GroupMembership, PlanTopic, Session
from zhurnal.people.models import Staff

START = dt.date(2026, 9, 1)
SESSION_DAY = dt.date(2026, 11, 24)  # the day before the tests' today (2026-11-25)


def teacher_card(cast: Cast) -> Staff:
    return Staff.objects.get(user=cast.user("teacher"), school=cast.school_a)


def chess(cast: Cast) -> Course:
    course = Course.objects.filter(school=cast.school_a, name="Шахматы").first()
    if course is not None:
        return course
    course = Course.objects.create(
        school=cast.school_a,
        year=cast.class_a.year,
        name="Шахматы",
        direction="intellectual",
        hours=34,
    )
    course.teachers.set([teacher_card(cast)])
    for number, (title, hours) in enumerate((("Шахматная доска", 1), ("Ходы фигур", 2), ("Мат", 1)), start=1):
        PlanTopic.objects.create(school=cast.school_a, course=course, number=number, title=title, hours=hours)
    return course


def chess_group(cast: Cast) -> CourseGroup:
    course = chess(cast)
    group = CourseGroup.objects.filter(course=course, name="Группа 1").first()
    if group is not None:
        return group
    group = CourseGroup.objects.create(school=cast.school_a, course=course, name="Группа 1")
    for pupil in (cast.pupil_a, cast.pupil_b):
        GroupMembership.objects.create(school=cast.school_a, group=group, student=pupil, start=START)
    return group


def first_session(cast: Cast) -> Session:
    group = chess_group(cast)
    session = Session.objects.filter(group=group).order_by("date", "pk").first()
    if session is not None:
        return session
    topic = PlanTopic.objects.get(course=group.course, number=1)
    return Session.objects.create(
        school=cast.school_a, group=group, date=SESSION_DAY, plan_topic=topic, topic=topic.title
    )


def membership_of(cast: Cast, pupil) -> GroupMembership:
    return GroupMembership.objects.get(group=chess_group(cast), student=pupil)


def new_pupil_of_3b(cast: Cast):
    """A pupil of 3Б in no group yet."""
    return f.EnrollmentFactory(class_group=cast.class_b).student
