"""The journals' fill state and the weekly completeness board (issue 8, item 16).

The figures are worked out by hand from the lessons each test makes. Today is Wednesday
2026-11-25 (test settings); the week is 23–29 November, and only lessons before today count.
The cast's quarter runs 3 November – 26 December (54 days): on the 25th, 23 days have gone by,
so the minimum of 3 marks expects 3 × 23 // 54 = 1 mark so far.
"""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f
from tests.querycount import count_queries
from zhurnal.journal import completeness
from zhurnal.journal.models import Lesson
from zhurnal.policy.actor import actor_for
from zhurnal.web.selectors.journals import completeness_board, journals_with_fill

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)
MONDAY, TUESDAY, LAST_FRIDAY = dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 20)


@pytest.fixture
def week(cast):
    """2А's mathematics this week: one lesson lacking everything, one lacking homework only, one
    complete, one cancelled; and last Friday's lesson without a topic."""
    make = lambda **kw: f.LessonFactory(assignment=cast.math_a, **kw)  # noqa: E731
    return {
        "bare": make(date=MONDAY, slot=1, topic="", homework=""),
        "no_homework": make(date=MONDAY, slot=2, topic="Дроби", homework=""),
        "complete": make(
            date=TUESDAY, slot=1, topic="Сложение", homework="№ 5", attendance_taken_at=timezone.now()
        ),
        "cancelled": make(date=TUESDAY, slot=2, topic="", status=Lesson.Status.CANCELLED),
        "last_week": make(date=LAST_FRIDAY, slot=1, topic="", homework="с. 12"),
    }


def _math_row(board, cast):
    (class_board,) = [c for c in board.classes if c.class_group.pk == cast.class_a.pk]
    return next(row for row in class_board.journals if row.assignment.pk == cast.math_a.pk)


def test_the_board_lists_each_gap_of_the_week_with_what_is_missing(cast, week):
    board = completeness_board(actor_for(cast.user("classteacher")), TODAY, TODAY, None)
    row = _math_row(board, cast)
    assert [(lesson.pk, missing) for lesson, missing in row.gaps] == [
        (week["bare"].pk, ["topic", "attendance", "homework"]),
        (week["no_homework"].pk, ["homework"]),
    ]
    fill = row.fill
    assert (
        fill.lessons,
        fill.without_topic,
        fill.without_attendance,
        fill.without_homework,
        fill.incomplete,
    ) == (
        3,
        1,
        1,
        2,
        2,
    )


def test_a_school_that_wants_attendance_marked_counts_a_lesson_with_a_topic_as_not_taken(cast, week):
    cast.school_a.attendance_taken_by_topic = False
    cast.school_a.save()
    row = _math_row(completeness_board(actor_for(cast.user("classteacher")), TODAY, TODAY, None), cast)
    assert {lesson.pk: missing for lesson, missing in row.gaps}[week["no_homework"].pk] == [
        "attendance",
        "homework",
    ]
    assert (row.fill.without_attendance, row.fill.incomplete) == (2, 2)


def test_grade_one_lessons_need_no_homework(cast):
    first = f.ClassGroupFactory(year=cast.class_a.year, grade=1, letter="Я")
    assignment = f.TeachingAssignmentFactory(class_group=first, teacher=cast.math_a.teacher)
    lesson = f.LessonFactory(assignment=assignment, date=MONDAY, topic="Счёт до 10", homework="")
    lesson.school.refresh_from_db()
    assert (
        completeness.missing_of(
            Lesson.objects.select_related("school", "assignment__class_group").get(pk=lesson.pk)
        )
        == []
    )


def test_the_class_page_and_the_school_page_count_the_period_so_far(cast, week):
    # Period 3 Nov – today: last Friday's lesson (no topic, so no attendance either; homework
    # given) joins the week's three: 4 lessons, 2 without topic, 2 without attendance, 2 without
    # homework, 3 incomplete; 1 of 4 complete is 25.0 %.
    (row,) = [
        r
        for r in journals_with_fill(actor_for(cast.user("deputy")), TODAY)
        if r.assignment.pk == cast.math_a.pk
    ]
    fill = row.fill
    assert (
        fill.lessons,
        fill.without_topic,
        fill.without_attendance,
        fill.without_homework,
        fill.incomplete,
    ) == (
        4,
        2,
        2,
        2,
        3,
    )
    assert str(fill.percent_filled) == "25.0"


def test_pupils_behind_on_marks_are_named_per_journal(cast, week):
    late = f.EnrollmentFactory(class_group=cast.class_a).student  # no marks at all
    board = completeness_board(actor_for(cast.user("classteacher")), TODAY, TODAY, None)
    math = _math_row(board, cast)
    # Pupil A has today's mark in mathematics (1 ≥ 1 expected); the newcomer has none.
    assert (math.few_marks.minimum, math.few_marks.expected) == (3, 1)
    assert [(pupil.pk, n) for pupil, n in math.few_marks.pupils] == [(late.pk, 0)]
    (class_board,) = board.classes
    english = next(r for r in class_board.journals if r.assignment.pk == cast.english_a.pk)
    # The English subgroup journal has pupil A only (the newcomer is not in the subgroup).
    assert [(pupil.pk, n) for pupil, n in english.few_marks.pupils] == [(cast.pupil_a.pk, 0)]


def test_nobody_is_behind_in_the_first_days_of_a_period(cast):
    period = cast.math_a.year.periods.get()
    assert completeness.expected_marks(3, period, period.start + dt.timedelta(days=10)) == 0
    assert completeness.expected_marks(3, period, period.end) == 3


def test_the_class_teacher_checks_their_class_and_the_deputy_the_school(cast):
    def classes(member):
        return [
            c.class_group.pk
            for c in completeness_board(actor_for(cast.user(member)), TODAY, TODAY, None).classes
        ]

    assert classes("classteacher") == [cast.class_a.pk]
    assert classes("deputy") == [cast.class_a.pk, cast.class_b.pk]
    assert classes("outsider") == [cast.class_other.pk]
    assert classes("teacher") == []


def test_the_board_page_links_every_gap_to_its_lesson_in_the_journal(cast, week, page_as):
    html = page_as("classteacher", "/board/").content.decode()
    assert f"/journal/{cast.math_a.pk}/#lesson-{week['bare'].pk}" in html
    assert f"/journal/{cast.math_a.pk}/#lesson-{week['no_homework'].pk}" in html
    assert f"#lesson-{week['complete'].pk}" not in html
    assert f"#lesson-{week['cancelled'].pk}" not in html


def test_the_previous_week_shows_last_fridays_gap(cast, week, page_as):
    html = page_as("deputy", f"/board/?class={cast.class_a.pk}&week=2026-11-16").content.decode()
    assert f"#lesson-{week['last_week'].pk}" in html
    assert f"#lesson-{week['bare'].pk}" not in html


def test_the_school_page_links_every_journal_and_the_class_page_its_journals(cast, week, page_as):
    school = page_as("deputy", "/school/").content.decode()
    for assignment in (cast.math_a, cast.english_a, cast.math_b):
        assert f"/journal/{assignment.pk}/" in school
    own_class = page_as("classteacher", f"/classes/{cast.class_a.pk}/").content.decode()
    assert f"/journal/{cast.english_a.pk}/" in own_class  # a colleague's journal of their class
    assert "25,0 %" in own_class or "25.0 %" in own_class
    # The subject teacher sees 2А's page but opens only their own journal from it.
    teacher = page_as("teacher", f"/classes/{cast.class_a.pk}/").content.decode()
    assert f"/journal/{cast.english_a.pk}/" in teacher
    assert f"/journal/{cast.math_a.pk}/" not in teacher


def test_the_board_takes_the_same_queries_with_more_pupils_and_lessons(cast, client):
    client.force_login(cast.user("deputy"), backend="zhurnal.accounts.backends.UserBackend")
    before, response = count_queries(client.get, "/board/")
    assert response.status_code == 200
    for n in range(12):
        pupil = f.EnrollmentFactory(class_group=cast.class_a if n % 2 else cast.class_b).student
        for day in (MONDAY, TUESDAY):
            for assignment in (cast.math_a, cast.math_b):
                lesson = f.LessonFactory(assignment=assignment, date=day, slot=n + 2, topic="")
                f.MarkFactory(lesson=lesson, student=pupil)
    after, response = count_queries(client.get, "/board/")
    assert response.status_code == 200
    assert after == before
