"""Reads of the teacher's day are bounded by the teacher and their journals, not by the region's
lessons in a date window (issue 13 item 6, docs/performance/region-50.md)."""

import datetime as dt

import pytest
from django.db import connection

from tests import factories as f
from tests.plans import whole_reads
from zhurnal.journal.models import Lesson
from zhurnal.journal.selectors import teacher_lesson_ids

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 18)  # a day the cast has no lessons on
BOUNDS = ("teacher_id", "assignment_id")


def test_the_teachers_lessons_are_their_journals_and_their_substitutions_and_nothing_else(cast):
    teacher = cast.english_a.teacher
    substitution = f.LessonFactory(assignment=cast.math_a, date=DAY, slot=5, teacher=teacher)
    own = f.LessonFactory(assignment=cast.english_a, date=DAY, slot=2)
    given_away = f.LessonFactory(assignment=cast.math_b, date=DAY, slot=3, teacher=cast.math_a.teacher)
    f.LessonFactory(assignment=cast.math_a, date=DAY, slot=6)  # the class teacher's own
    f.LessonFactory(assignment=cast.english_a, date=DAY + dt.timedelta(days=30), slot=2)  # later

    found = set(teacher_lesson_ids([teacher.pk], DAY, DAY))

    assert found == {substitution.pk, own.pk, given_away.pk}


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="on empty tables PostgreSQL may drive the join from either side; the region's plan is in docs",
)
def test_the_teachers_lessons_are_read_by_index_on_the_teacher_and_the_journal():
    window = {"date__gte": DAY, "date__lte": DAY}
    conducted = Lesson.objects.filter(teacher_id__in=[1], **window).order_by().values_list("pk")
    of_journals = Lesson.objects.filter(assignment__teacher_id__in=[1], **window).order_by().values_list("pk")

    assert whole_reads(conducted.union(of_journals), "journal_lesson", BOUNDS) == []


def test_the_or_across_the_join_it_replaced_reads_the_lessons_of_every_school():
    """The check itself: the condition the teacher's day used to have is caught."""
    from django.db.models import Q

    old = Lesson.objects.filter(
        Q(assignment__teacher_id__in=[1]) | Q(teacher_id__in=[1]), date__gte=DAY, date__lte=DAY
    )

    # The OR spans the join, so a plan must read one of its two tables whole: the lessons, or
    # (once a test table's statistics let the planner drive the join from it) the journals.
    whole = whole_reads(old, "journal_lesson", BOUNDS) + whole_reads(
        old, "people_teachingassignment", ("teacher_id",)
    )
    assert whole != []
