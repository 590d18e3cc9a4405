"""The demo's cross-class study groups (decision 0036): grade 4's ОРКСЭ modules chosen by the
parents, one group of each module drawn from every class of the grade, each with its journal and
a Friday lesson a week up to today. The family with a child in 4Б has that child in a group, so
the parent's diary shows the group's lessons; the demo's `teacher` teaches one of the groups."""

from __future__ import annotations

import datetime as dt

from zhurnal.journal.models import Lesson
from zhurnal.people.models import StudyGroupMembership, TeachingAssignment, TimetableEntry
from zhurnal.schools.models import StudyGroup

GRADE = 4
SLOT = 6
MODULES = ("ОРКСЭ: основы светской этики", "ОРКСЭ: основы православной культуры")
TOPICS = (
    "Россия — наша Родина",
    "Что такое этика",
    "Добро и зло",
    "Добродетель и порок",
    "Свобода и моральный выбор человека",
    "Справедливость",
    "Альтруизм и эгоизм",
    "Дружба",
    "Что значит быть моральным",
    "Родина и патриотизм",
)


def make_study_groups(
    w, school, year, cal, today: dt.date, classes, rosters, subject, teachers, keep_together
):
    """Two groups of grade 4 (when the demo has it): pupils of each class alternate between the
    modules, a pupil in `keep_together` joins the first. `teachers` are the two groups' teachers."""
    class_names = sorted(name for name, cls in classes.items() if cls.grade == GRADE)
    if not class_names or subject is None:
        return
    groups = w.bulk(
        StudyGroup,
        [StudyGroup(school=school, year=year, name=name, grade=GRADE, subject=subject) for name in MODULES],
    )
    members = []
    for class_name in class_names:
        pupils = sorted(rosters.get(class_name, []), key=lambda row: (row[0] not in keep_together, row[0]))
        for index, (student_id, start, end) in enumerate(pupils):
            group = groups[0] if student_id in keep_together else groups[index % 2]
            members.append(
                StudyGroupMembership(school=school, group=group, student_id=student_id, start=start, end=end)
            )
    w.bulk(StudyGroupMembership, members)
    journals = w.bulk(
        TeachingAssignment,
        [
            TeachingAssignment(school=school, year=year, study_group=group, subject=subject, teacher=teacher)
            for group, teacher in zip(groups, teachers, strict=True)
        ],
    )
    # Friday's sixth lesson: after the last lesson of every primary class, so no pupil and no
    # teacher is anywhere else then; the timetable makes the coming weeks' lessons.
    bells = classes[class_names[0]].bell_schedule_id
    w.bulk(
        TimetableEntry,
        [
            TimetableEntry(
                school=school,
                assignment=journal,
                weekday=5,
                slot=SLOT,
                bell_schedule_id=bells,
                valid_from=year.start,
                valid_to=year.end,
            )
            for journal in journals
        ],
    )
    fridays = [d for d in cal.school_days(GRADE, today) if d.weekday() == 4]
    w.bulk(
        Lesson,
        [
            Lesson(
                school=school,
                assignment=journal,
                teacher=journal.teacher,
                date=day,
                slot=SLOT,
                topic=TOPICS[number % len(TOPICS)] if day < today else "",
            )
            for journal in journals
            for number, day in enumerate(fridays)
        ],
    )
