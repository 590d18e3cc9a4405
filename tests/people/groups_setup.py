"""A cross-class study group on top of the matrix's cast: «Основы светской этики» of grade 2,
with pupil A of 2А (led by `classteacher`) and a pupil C of a new class 2В, taught by `teacher`.
Pupil B (3Б) is in no group."""

import datetime as dt
from dataclasses import dataclass

from tests import factories as f
from zhurnal.journal.models import Lesson
from zhurnal.people.models import Student, TeachingAssignment
from zhurnal.schools.models import ClassGroup, StudyGroup

LESSON_DAY = dt.date(2026, 11, 25)


@dataclass
class Group:
    group: StudyGroup
    journal: TeachingAssignment
    class_c: ClassGroup
    pupil_c: Student
    lesson: Lesson


def build_group(cast) -> Group:
    year = cast.class_a.year
    class_c = f.ClassGroupFactory(year=year, grade=2, letter="В")
    pupil_c = f.EnrollmentFactory(class_group=class_c).student
    subject = f.SubjectFactory(school=cast.school_a, name="Основы светской этики")
    group = f.StudyGroupFactory(year=year, name="ОРКСЭ: светская этика", grade=2, subject=subject)
    for pupil in (cast.pupil_a, pupil_c):
        f.StudyGroupMembershipFactory(group=group, student=pupil)
    journal = f.GroupAssignmentFactory(study_group=group, subject=subject, teacher=cast.english_a.teacher)
    lesson = f.LessonFactory(assignment=journal, date=LESSON_DAY, slot=5, topic="Что такое этика")
    return Group(group=group, journal=journal, class_c=class_c, pupil_c=pupil_c, lesson=lesson)
