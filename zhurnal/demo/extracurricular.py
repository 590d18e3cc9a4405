"""The demo school's extracurricular journal: a chess club across grades 2–4 (the demo pupil of
2А and her brother in 4Б among them, one pupil joining in October) and an outdoor-games course of
2А, with their plans, weekly sessions so far and attendance. Seed data, written without audit."""

from __future__ import annotations

import datetime as dt
import random

from zhurnal.extracurricular.models import (
    Course,
    CourseGroup,
    Direction,
    GroupMembership,
    PlanTopic,
    Session,
    SessionAttendance,
)
from zhurnal.people.models import Enrollment

CHESS_PLAN = [
    ("Шахматная доска, горизонтали и вертикали", 1),
    ("Шахматные фигуры и начальная расстановка", 1),
    ("Ходы ладьи и слона", 2),
    ("Ходы ферзя, короля и коня", 2),
    ("Пешка: ход, взятие, превращение", 2),
    ("Шах и защита от шаха", 2),
    ("Мат одной ладьёй", 2),
    ("Рокировка", 1),
    ("Турнир группы", 2),
]
GAMES_PLAN = [
    ("Правила безопасности на площадке", 1),
    ("Игры с бегом: «Салки», «Пятнашки»", 3),
    ("Игры с мячом", 4),
    ("Эстафеты", 3),
    ("Народные игры народов Кавказа", 3),
]


def _plan(course: Course, topics) -> list[PlanTopic]:
    return PlanTopic.objects.bulk_create(
        PlanTopic(school_id=course.school_id, course=course, number=n, title=title, hours=hours)
        for n, (title, hours) in enumerate(topics, start=1)
    )


def _sessions(
    group: CourseGroup, plan: list[PlanTopic], first: dt.date, today: dt.date, time
) -> list[Session]:
    hours = [topic for topic in plan for _ in range(topic.hours)]
    sessions, day = [], first
    while day <= today and hours:
        topic = hours.pop(0)
        sessions.append(
            Session(
                school_id=group.school_id,
                group=group,
                date=day,
                time=time,
                plan_topic=topic,
                topic=topic.title,
            )
        )
        day += dt.timedelta(days=7)
    return Session.objects.bulk_create(sessions)


def _first_weekday(start: dt.date, weekday: int) -> dt.date:
    return start + dt.timedelta(days=(weekday - start.isoweekday()) % 7)


def build_extracurricular(built, teacher, games_teacher, today: dt.date) -> None:
    rng = random.Random(582)
    school, year = built.school, built.year
    guardian, (pupil, sibling) = built.forced_families[0]
    chess = Course.objects.create(
        school=school, year=year, name="Шахматы", direction=Direction.INTELLECTUAL, hours=34
    )
    chess.teachers.set([teacher])
    games = Course.objects.create(
        school=school, year=year, name="Подвижные игры", direction=Direction.SPORTS, hours=34
    )
    games.teachers.set([games_teacher])
    chess_plan, games_plan = _plan(chess, CHESS_PLAN), _plan(games, GAMES_PLAN)

    club = CourseGroup.objects.create(school=school, course=chess, name="2–4 классы")
    outdoor = CourseGroup.objects.create(school=school, course=games, name="2А")

    def pupils_of(name: str, n: int) -> list:
        rows = Enrollment.objects.filter(class_group=built.classes[name], end__isnull=True).select_related(
            "student"
        )
        return [e.student for e in rows.order_by("student__last_name")[:n]]

    start = year.start
    joins_later = dt.date(year.start.year, 10, 15)
    chess_pupils = [pupil, sibling, *pupils_of("3А", 4), *pupils_of("4Б", 3)]
    chess_pupils = list(dict.fromkeys(chess_pupils))
    memberships = [GroupMembership(school=school, group=club, student=s, start=start) for s in chess_pupils]
    late = next(s for s in pupils_of("2А", 6) if s not in chess_pupils)
    memberships.append(GroupMembership(school=school, group=club, student=late, start=joins_later))
    games_pupils = pupils_of("2А", 12)
    if pupil not in games_pupils:
        games_pupils.append(pupil)
    memberships += [
        GroupMembership(school=school, group=outdoor, student=s, start=start) for s in games_pupils
    ]
    GroupMembership.objects.bulk_create(memberships)

    held_until = min(today, year.end)
    chess_sessions = _sessions(club, chess_plan, _first_weekday(start, 3), held_until, dt.time(14, 30))
    games_sessions = _sessions(outdoor, games_plan, _first_weekday(start, 5), held_until, dt.time(13, 40))
    marks = []
    for sessions, members in ((chess_sessions, chess_pupils), (games_sessions, games_pupils)):
        for session in sessions:
            if session.date > held_until:
                continue
            here = [*members, late] if members is chess_pupils and session.date >= joins_later else members
            for student in here:
                code = "absent" if rng.random() < 0.12 else "present"
                marks.append(SessionAttendance(school=school, session=session, student=student, code=code))
    SessionAttendance.objects.bulk_create(marks)
