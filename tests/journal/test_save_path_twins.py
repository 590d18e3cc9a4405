"""The reads of every mark save, in plain SQL, return exactly what their ORM twins return
(docs/decisions/0006): the lesson and the mark with their journal, the roster check, the study
period of a day, the user behind an API token, and the school's work type.

Each twin is the query the code ran before it was rewritten; the data sets hold the cases where a
hand-written join, date comparison or NULL test could go wrong.
"""

import datetime as dt
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from tests import factories as f
from tests.twins import columns
from zhurnal.accounts.models import ApiToken, User
from zhurnal.core import clock
from zhurnal.core.errors import InvalidInput, NotFound
from zhurnal.journal.access import assignment_loaded, lesson_loaded, mark_loaded, student_of_lesson
from zhurnal.journal.locks import period_of
from zhurnal.journal.models import Lesson, Mark, WorkType
from zhurnal.journal.roster import roster_filter
from zhurnal.journal.services.marks import _work_type
from zhurnal.people.models import Student, TeachingAssignment
from zhurnal.policy.sessions import bearer_user
from zhurnal.schools.models import StudyPeriod

pytestmark = pytest.mark.django_db

D = dt.date
MOSCOW = ZoneInfo("Europe/Moscow")
# What a save reads of a lesson's journal, loaded with the lesson (journal.access._SAVE_RELATED);
# the assignment's other relations load on access.
SAVE_RELATED = ("class_group", "school")
LESSON_RELATED = (*(f"assignment__{name}" for name in SAVE_RELATED), "school")
MARK_RELATED = ("work_type", *(f"lesson__{name}" for name in LESSON_RELATED))
# What a URL, a form or a JSON body may carry instead of a record's id: none of it names a row.
JUNK_IDS = [0, -1, -(2**63), 2**63, 2**64, "abc", "", " ", "1.5", "1e3", "12abc", None, True, False, [], {}]
# The lesson day the roster's boundary cases are built around.
DAY = D(2026, 11, 10)


def assert_same(built, twin, label) -> None:
    """The instance built from SQL is the ORM's, column by column, and is a saved row like it."""
    assert columns(built) == columns(twin), label
    if twin is not None:
        assert type(built) is type(twin), label
        assert built._state.adding is False and built._state.db == twin._state.db == "default", label


def related_objects(instance, paths) -> dict:
    """`{"lesson__assignment__teacher": <Staff>, ...}`: each path followed from the instance."""
    found = {}
    for path in paths:
        value = instance
        for name in path.split("__"):
            value = None if value is None else getattr(value, name)
        found[path] = value
    return found


def junk_id(value):
    return value if value != "missing" else 10**9


# --- a journal: lessons and marks of every kind, a roster with every boundary ------------------


@dataclass
class Journal:
    whole: TeachingAssignment
    sub: TeachingAssignment
    other_sub: TeachingAssignment
    elsewhere: TeachingAssignment
    lessons: dict[str, Lesson]
    students: dict[str, Student]
    marks: dict[str, Mark]


@pytest.fixture
def journal(cast, directories):
    """5В of school A with a whole-class journal and the journals of its two subgroups, 5Г next
    door; pupils enrolled around DAY (10 November) in every way a roster can change."""
    school, year = cast.school_a, cast.class_a.year
    class_v = f.ClassGroupFactory(year=year, grade=5, letter="В")
    class_g = f.ClassGroupFactory(year=year, grade=5, letter="Г")
    group_1 = f.SubgroupFactory(class_group=class_v, name="Английский язык, гр. 1")
    group_2 = f.SubgroupFactory(class_group=class_v, name="Английский язык, гр. 2")
    teacher = f.StaffFactory(school=school)
    substitute = f.StaffFactory(
        school=school, user=None, email="zamena@example.org", phone="+7 900 000-00-00"
    )
    english = f.SubjectFactory(school=school, name="Английский язык")
    whole = f.TeachingAssignmentFactory(class_group=class_v, teacher=teacher)
    sub = f.TeachingAssignmentFactory(class_group=class_v, subgroup=group_1, subject=english, teacher=teacher)
    other_sub = f.TeachingAssignmentFactory(
        class_group=class_v, subgroup=group_2, subject=english, teacher=substitute
    )
    elsewhere = f.TeachingAssignmentFactory(class_group=class_g, teacher=teacher)

    def student(key, *spans, groups=(), **fields):
        pupil = f.StudentFactory(school=school, **fields)
        for class_group, start, end in spans:
            f.EnrollmentFactory(class_group=class_group, student=pupil, start=start, end=end)
        for group in groups:
            f.SubgroupMembershipFactory(subgroup=group, student=pupil)
        return key, pupil

    v, g, g1, g2 = class_v, class_g, (group_1,), (group_2,)
    students = dict(
        [
            student(
                "open", (v, D(2026, 9, 1), None), groups=g1, snils="123-456-789 01", address="ул. Мира, 3"
            ),
            student("ends_day_before", (v, D(2026, 9, 1), DAY - dt.timedelta(days=1)), groups=g1),
            student("ends_on_day", (v, D(2026, 9, 1), DAY), groups=g1, birth_date=None, sex=""),
            student("starts_on_day", (v, DAY, None), groups=g2),
            student("starts_day_after", (v, DAY + dt.timedelta(days=1), None), groups=g1),
            student("that_day_only", (v, DAY, DAY), groups=g2, sex=Student.Sex.FEMALE, middle_name=""),
            # Left the day before and came back the day after: not on the roster that day only.
            student(
                "left_and_back",
                (v, D(2026, 9, 1), DAY - dt.timedelta(days=1)),
                (v, DAY + dt.timedelta(days=1), None),
                groups=g1,
            ),
            # Left in October, back on the day itself.
            student("back_on_day", (v, D(2026, 9, 1), D(2026, 10, 20)), (v, DAY, None), groups=g1),
            student("other_group", (v, D(2026, 9, 1), None), groups=g2),
            student("both_groups", (v, D(2026, 9, 1), None), groups=(group_1, group_2)),
            student("no_group", (v, D(2026, 9, 1), None)),
            # In 5Г, though (wrongly) in 5В's first subgroup.
            student("other_class", (g, D(2026, 9, 1), None), groups=g1),
            # From 5В to 5Г on the day.
            student(
                "moved",
                (v, D(2026, 9, 1), DAY - dt.timedelta(days=1)),
                (g, DAY, None),
                groups=g1,
            ),
            student("future", (v, D(2027, 1, 15), None), groups=g1),
            student("never", groups=g1),
        ]
    )

    combined = f.LessonTypeFactory(school=school, name="Комбинированный урок")
    control = f.LessonTypeFactory(school=school, name="Урок контроля")
    taken = dt.datetime(2026, 11, 10, 9, 1, 2, 345678, tzinfo=MOSCOW)

    def lesson(key, assignment, date, slot=1, by=None, **fields):
        return key, f.LessonFactory(
            assignment=assignment, teacher=by or assignment.teacher, date=date, slot=slot, **fields
        )

    after = DAY + dt.timedelta(days=1)
    before = DAY - dt.timedelta(days=1)
    lessons = dict(
        [
            lesson("whole_before", whole, before),
            lesson(
                "whole_day",
                whole,
                DAY,
                2,
                by=substitute,
                lesson_type=combined,
                homework="§ 4, упр. 12",
                homework_due=D(2026, 11, 12),
                attendance_taken_at=taken,
                version=3,
            ),
            lesson("whole_after", whole, after, None, status=Lesson.Status.CANCELLED, topic=""),
            lesson("whole_first_day", whole, D(2026, 9, 1), lesson_type=control, homework_due=D(2026, 9, 3)),
            lesson("whole_january", whole, D(2027, 1, 20), by=substitute),
            lesson("sub_before", sub, before, 3, attendance_taken_at=taken.astimezone(dt.UTC)),
            lesson("sub_day", sub, DAY, 3, by=substitute, homework="Слова", status=Lesson.Status.CANCELLED),
            lesson("sub_after", sub, after, 3, lesson_type=combined),
            lesson("other_sub_before", other_sub, before, 4),
            lesson("other_sub_day", other_sub, DAY, 4, by=teacher, lesson_type=control),
            lesson("other_sub_after", other_sub, after, 4),
            lesson("elsewhere_day", elsewhere, DAY, 5),
        ]
    )

    d, s, ls = directories, students, lessons

    def mark(key, lesson_key, student_key, value, score, **fields):
        fields.setdefault("work_type", d["lesson_work"])
        return key, f.MarkFactory(
            lesson=ls[lesson_key], student=s[student_key], value=value, score=score, **fields
        )

    marks = dict(
        [
            mark("plain", "whole_before", "open", "4", 4),
            mark(
                "double",
                "whole_day",
                "open",
                "5/4",
                5,
                score2=4,
                work_type=d["test"],
                comment="Хорошо, но с ошибками",
                version=2,
            ),
            mark(
                "deferred",
                "whole_day",
                "no_group",
                ".",
                None,
                work_type=d["homework"],
                deferred_until=D(2026, 11, 17),
                comment="Не сдал тетрадь",
                idempotency_key="4f2c9a",
            ),
            mark("not_assessed", "sub_day", "both_groups", "н/а", None, comment="Болел"),
            mark("cancelled_lesson", "whole_after", "open", "2", 2, work_type=d["test"]),
            mark("substitute_journal", "other_sub_day", "other_group", "5", 5),
        ]
    )
    return Journal(
        whole=whole,
        sub=sub,
        other_sub=other_sub,
        elsewhere=elsewhere,
        lessons=lessons,
        students=students,
        marks=marks,
    )


# --- 1. lesson_loaded ----------------------------------------------------------------------------


def test_lesson_loaded_is_the_orms_lesson_with_its_journal(journal, django_assert_num_queries):
    pks = list(Lesson.objects.order_by("pk").values_list("pk", flat=True))
    assert len(pks) == len(journal.lessons) + 3  # and the cast's three, one in school B
    for pk in pks:
        twin = Lesson.objects.select_related(*LESSON_RELATED).get(pk=pk)
        with django_assert_num_queries(1):
            loaded = lesson_loaded(pk)
        assert_same(loaded, twin, pk)
        with django_assert_num_queries(0):
            related = related_objects(loaded, ("assignment", *LESSON_RELATED))
        for path, value in related_objects(twin, ("assignment", *LESSON_RELATED)).items():
            assert_same(related[path], value, (pk, path))
        assert_same(lesson_loaded(str(pk)), twin, (pk, "as a string"))


def test_the_journals_other_relations_load_on_access_as_the_orms(journal):
    for lesson in journal.lessons.values():
        loaded = lesson_loaded(lesson.pk)
        twin = Lesson.objects.select_related("assignment__subgroup", "assignment__subject").get(pk=lesson.pk)
        for name in ("subgroup", "subject", "teacher", "year"):
            assert_same(getattr(loaded.assignment, name), getattr(twin.assignment, name), (lesson.pk, name))


def test_the_compared_lessons_hold_every_case(journal):
    """Not vacuous: the lessons compared above carry every kind of value."""
    ls = journal.lessons
    day = lesson_loaded(ls["whole_day"].pk)
    assert day.teacher_id != day.assignment.teacher_id  # a substitute's lesson
    assert day.lesson_type_id is not None and day.homework_due == D(2026, 11, 12)
    assert day.attendance_taken_at == dt.datetime(2026, 11, 10, 6, 1, 2, 345678, tzinfo=dt.UTC)
    assert day.assignment.subgroup is None and lesson_loaded(ls["sub_day"].pk).assignment.subgroup is not None
    after = lesson_loaded(ls["whole_after"].pk)
    assert after.status == Lesson.Status.CANCELLED and after.slot is None
    assert after.lesson_type_id is after.homework_due is after.attendance_taken_at is None
    other_school = Lesson.objects.exclude(school_id=journal.whole.school_id).get()  # the cast's, in school B
    assert lesson_loaded(other_school.pk).school.short_name == "Школа Б"


def test_a_lesson_filed_under_another_school_than_its_journal_still_gives_its_own_school(journal):
    """Bad data, but the lesson's school is its own, as the ORM reads it (at the cost of a query)."""
    lesson = journal.lessons["whole_before"]
    other = f.SchoolFactory(short_name="Чужая школа")
    Lesson.objects.filter(pk=lesson.pk).update(school=other)
    twin = Lesson.objects.select_related(*LESSON_RELATED).get(pk=lesson.pk)
    loaded = lesson_loaded(lesson.pk)
    assert_same(loaded, twin, "lesson")
    assert_same(loaded.school, twin.school, "school")
    assert_same(loaded.assignment.school, twin.assignment.school, "assignment's school")
    assert loaded.school.pk == other.pk != loaded.assignment.school.pk


@pytest.mark.parametrize("lesson_id", ["missing", *JUNK_IDS], ids=repr)
def test_lesson_loaded_gives_none_for_what_names_no_lesson(cast, lesson_id):
    assert lesson_loaded(junk_id(lesson_id)) is None


# --- 2. mark_loaded ------------------------------------------------------------------------------


def test_mark_loaded_is_the_orms_mark_with_its_work_type_lesson_and_journal(
    journal, django_assert_num_queries
):
    pks = list(Mark.objects.order_by("pk").values_list("pk", flat=True))
    assert len(pks) == len(journal.marks) + 3
    paths = ("lesson", "lesson__assignment", *MARK_RELATED)
    for pk in pks:
        twin = Mark.objects.select_related(*MARK_RELATED).get(pk=pk)
        with django_assert_num_queries(1):
            loaded = mark_loaded(pk)
        assert_same(loaded, twin, pk)
        with django_assert_num_queries(0):
            related = related_objects(loaded, paths)
        for path, value in related_objects(twin, paths).items():
            assert_same(related[path], value, (pk, path))
        assert_same(mark_loaded(str(pk)), twin, (pk, "as a string"))


def test_the_compared_marks_hold_every_case(journal):
    """Not vacuous: the marks compared above carry every kind of value."""
    m = journal.marks
    double = mark_loaded(m["double"].pk)
    assert (double.value, double.score, double.score2, double.version) == ("5/4", 5, 4, 2)
    assert double.comment == "Хорошо, но с ошибками" and double.work_type.weight == 5
    assert double.lesson.teacher_id != double.lesson.assignment.teacher_id
    deferred = mark_loaded(m["deferred"].pk)
    assert deferred.score is None and deferred.deferred_until == D(2026, 11, 17)
    assert deferred.idempotency_key == "4f2c9a" and deferred.work_type.short_name == "Д"
    assert mark_loaded(m["not_assessed"].pk).lesson.assignment.subgroup is not None
    plain = mark_loaded(m["plain"].pk)
    assert plain.score2 is plain.deferred_until is plain.idempotency_key is None and plain.comment == ""
    assert mark_loaded(m["cancelled_lesson"].pk).lesson.status == Lesson.Status.CANCELLED
    assert len({mark.work_type_id for mark in Mark.objects.all()}) >= 5


@pytest.mark.parametrize("mark_id", ["missing", *JUNK_IDS], ids=repr)
def test_mark_loaded_gives_none_for_what_names_no_mark(cast, mark_id):
    assert mark_loaded(junk_id(mark_id)) is None


# --- 3. student_of_lesson ------------------------------------------------------------------------


def student_by_orm(lesson: Lesson, student_id: int) -> Student | None:
    """The roster rule as the ORM applies it: the pupil, or None when not on the roster that day."""
    on_roster = Student.objects.filter(
        roster_filter(lesson.assignment, lesson.date, lesson.date), pk=student_id
    )
    twin = on_roster.first()
    assert (twin is not None) is on_roster.exists()
    return twin


def assert_not_in_class(lesson: Lesson, student_id) -> None:
    with pytest.raises(NotFound) as refused:
        student_of_lesson(lesson, student_id)
    assert (refused.value.field, refused.value.code) == ("student", "not_in_class"), student_id


def test_student_of_lesson_agrees_with_the_orm_roster_for_every_lesson_and_student(
    journal, django_assert_num_queries
):
    students = list(Student.objects.order_by("pk").values_list("pk", flat=True))
    lesson_ids = list(Lesson.objects.order_by("pk").values_list("pk", flat=True))
    assert len(students) >= len(journal.students) + 3 and len(lesson_ids) >= len(journal.lessons) + 3
    said = {True: 0, False: 0}
    for lesson_id in lesson_ids:
        lesson = lesson_loaded(lesson_id)
        for student_id in students:
            label = (str(lesson.assignment), lesson.date, student_id)
            twin = student_by_orm(lesson, student_id)
            said[twin is not None] += 1
            if twin is not None:
                with django_assert_num_queries(1):
                    found = student_of_lesson(lesson, student_id)
                assert_same(found, twin, label)
                assert_same(student_of_lesson(lesson, str(student_id)), twin, label)
            else:
                with django_assert_num_queries(1):
                    assert_not_in_class(lesson, student_id)
    assert said == {True: 71, False: 199}


# On DAY, who is on each journal's roster (the ORM rule and the SQL agree, as checked above).
ON_THE_DAY = {
    "whole_day": {
        "open",
        "ends_on_day",
        "starts_on_day",
        "that_day_only",
        "back_on_day",
        "other_group",
        "both_groups",
        "no_group",
    },
    "sub_day": {"open", "ends_on_day", "back_on_day", "both_groups"},
    "other_sub_day": {"starts_on_day", "that_day_only", "other_group", "both_groups"},
    "elsewhere_day": {"other_class", "moved"},
    "whole_before": {
        "open",
        "ends_day_before",
        "ends_on_day",
        "left_and_back",
        "other_group",
        "both_groups",
        "no_group",
        "moved",
    },
    "whole_after": {
        "open",
        "starts_on_day",
        "starts_day_after",
        "left_and_back",
        "back_on_day",
        "other_group",
        "both_groups",
        "no_group",
    },
    "whole_january": {"open", "starts_on_day", "starts_day_after", "left_and_back", "back_on_day"}
    | {"other_group", "both_groups", "no_group", "future"},
}


@pytest.mark.parametrize("lesson_key", list(ON_THE_DAY))
def test_the_compared_rosters_hold_every_boundary(journal, lesson_key):
    """Not vacuous: the rule says yes and no where an enrolment or a subgroup begins and ends."""
    lesson = lesson_loaded(journal.lessons[lesson_key].pk)
    on_roster = set()
    for key, pupil in journal.students.items():
        try:
            student_of_lesson(lesson, pupil.pk)
        except NotFound:
            continue
        on_roster.add(key)
    assert on_roster == ON_THE_DAY[lesson_key]


def test_student_of_lesson_takes_the_lesson_as_the_orm_reads_it(journal):
    """The check needs only the lesson's date and journal, however the lesson was read."""
    for key in ("whole_day", "sub_day", "other_sub_after"):
        lesson = Lesson.objects.get(pk=journal.lessons[key].pk)
        for pupil in journal.students.values():
            twin = student_by_orm(lesson, pupil.pk)
            if twin is not None:
                assert_same(student_of_lesson(lesson, pupil.pk), twin, (key, pupil.pk))
            else:
                assert_not_in_class(lesson, pupil.pk)


@pytest.mark.parametrize("student_id", ["missing", *JUNK_IDS], ids=repr)
def test_student_of_lesson_refuses_what_names_no_student(cast, student_id):
    lesson = lesson_loaded(cast.lesson_a.pk)
    assert_same(
        student_of_lesson(lesson, cast.pupil_a.pk), Student.objects.get(pk=cast.pupil_a.pk), "on roster"
    )
    assert_not_in_class(lesson, junk_id(student_id))


def test_true_names_no_record_though_the_orm_would_read_row_1(cast):
    """`record_id` refuses a boolean where the ORM would take True for 1; with a row 1 in each
    table (PostgreSQL's sequences do not restart between tests, so make one if need be)."""
    lesson = lesson_loaded(cast.lesson_a.pk)
    if not Lesson.objects.filter(pk=1).exists():
        f.LessonFactory(pk=1, assignment=cast.math_a, slot=7)
    if not WorkType.objects.filter(pk=1).exists():
        f.WorkTypeFactory(pk=1, school=cast.school_a)
    if not Mark.objects.filter(pk=1).exists():
        f.MarkFactory(pk=1, lesson=cast.lesson_a, student=cast.pupil_a)
    if not Student.objects.filter(pk=1).exists():
        f.StudentFactory(pk=1, school=cast.school_a)
    if student_by_orm(lesson, 1) is None:
        f.EnrollmentFactory(class_group=cast.class_a, student=Student.objects.get(pk=1))
    school_id = WorkType.objects.get(pk=1).school_id

    assert Lesson.objects.filter(pk=True).exists() and Mark.objects.filter(pk=True).exists()
    assert lesson_loaded(1) is not None and lesson_loaded(True) is None
    assert mark_loaded(1) is not None and mark_loaded(True) is None
    assert student_of_lesson(lesson, 1).pk == 1
    assert_not_in_class(lesson, True)
    assert _work_type(school_id, 1).pk == 1
    with pytest.raises(InvalidInput):
        _work_type(school_id, True)


# --- 4. period_of --------------------------------------------------------------------------------


@dataclass
class Calendar:
    assignments: dict[int, TeachingAssignment]  # by grade
    periods: dict[str, StudyPeriod]


@pytest.fixture
def calendar(db):
    """A school's 2026/2027 as the demo builds it (quarters for grades 1–9, halves for 10–11, the
    year for all), with a trimester of grade 1 ending with the second quarter, a module of grades
    5–7, two periods closed; last year's and another school's periods over the same days."""
    school = f.SchoolFactory(short_name="Школа с четвертями")
    year = f.AcademicYearFactory(school=school)  # 1 September 2026 to 31 May 2027
    last_year = f.AcademicYearFactory(
        school=school, name="2025/2026", start=D(2025, 9, 1), end=D(2026, 5, 31)
    )
    closed_at = dt.datetime(2026, 12, 28, 17, 45, 1, 987654, tzinfo=MOSCOW)
    q, h, t = StudyPeriod.Kind.QUARTER, StudyPeriod.Kind.HALF_YEAR, StudyPeriod.Kind.TRIMESTER

    def period(key, kind, number, name, start, end, grades, the_year=year, **fields):
        return key, f.StudyPeriodFactory(
            year=the_year,
            kind=kind,
            number=number,
            name=name,
            start=start,
            end=end,
            grade_from=grades[0],
            grade_to=grades[1],
            **fields,
        )

    periods = dict(
        [
            # Made before the second quarter, so it comes first where the two end on one day.
            period("t2", t, 2, "2 триместр", D(2026, 12, 1), D(2026, 12, 26), (1, 1)),
            period("q1", q, 1, "1 четверть", D(2026, 9, 1), D(2026, 10, 23), (1, 9)),
            period(
                "q2",
                q,
                2,
                "2 четверть",
                D(2026, 11, 3),
                D(2026, 12, 26),
                (1, 9),
                closed=True,
                closed_at=closed_at,
            ),
            period("q3", q, 3, "3 четверть", D(2027, 1, 12), D(2027, 3, 20), (1, 9)),
            period("q4", q, 4, "4 четверть", D(2027, 3, 30), D(2027, 5, 26), (1, 9)),
            period("h1", h, 1, "1 полугодие", D(2026, 9, 1), D(2026, 12, 26), (10, 11), closed=True),
            period("h2", h, 2, "2 полугодие", D(2027, 1, 12), D(2027, 5, 26), (10, 11)),
            period("year", StudyPeriod.Kind.YEAR, 1, "Год", D(2026, 9, 1), D(2027, 5, 31), (1, 11)),
            period("module", t, 1, "Модуль", D(2027, 2, 1), D(2027, 2, 28), (5, 7)),
            period(
                "last_year", q, 1, "1 четверть", D(2026, 9, 1), D(2026, 9, 10), (1, 11), the_year=last_year
            ),
        ]
    )
    other_year = f.AcademicYearFactory()
    f.StudyPeriodFactory(year=other_year, number=1, name="1 неделя", start=D(2026, 9, 1), end=D(2026, 9, 7))
    assignments = {
        grade: f.TeachingAssignmentFactory(class_group=f.ClassGroupFactory(year=year, grade=grade))
        for grade in (1, 5, 7, 8, 9, 10, 11)
    }
    return Calendar(assignments=assignments, periods=periods)


def period_by_orm(assignment: TeachingAssignment, day: dt.date) -> StudyPeriod | None:
    grade = assignment.class_group.grade
    return (
        StudyPeriod.objects.filter(
            year_id=assignment.year_id,
            grade_from__lte=grade,
            grade_to__gte=grade,
            start__lte=day,
            end__gte=day,
        )
        .exclude(kind=StudyPeriod.Kind.YEAR)
        .order_by("end", "id")
        .first()
    )


def test_period_of_is_the_orms_period_for_every_day_of_the_year_and_grade(
    calendar, django_assert_num_queries
):
    days = [D(2026, 8, 25) + dt.timedelta(days=n) for n in range((D(2027, 6, 7) - D(2026, 8, 25)).days)]
    seen = set()
    for grade, assignment in calendar.assignments.items():
        assignment = assignment_loaded(assignment.pk)
        for day in days:
            twin = period_by_orm(assignment, day)
            with django_assert_num_queries(1):
                found = period_of(assignment, day)
            assert_same(found, twin, (grade, day))
            seen.add(None if found is None else found.pk)
    # Not vacuous: every period of the year but the year itself was found, and days of none.
    p = calendar.periods
    assert seen == {None} | {p[k].pk for k in ("t2", "q1", "q2", "q3", "q4", "h1", "h2", "module")}


# Grade, day -> the period it falls in (None: holidays, or only the year's period).
EXPECTED_PERIODS = {
    (5, D(2026, 8, 31)): None,
    (5, D(2026, 9, 1)): "q1",
    (5, D(2026, 10, 23)): "q1",
    (5, D(2026, 10, 24)): None,
    (5, D(2026, 11, 2)): None,
    (5, D(2026, 11, 3)): "q2",
    (1, D(2026, 11, 30)): "q2",
    (1, D(2026, 12, 1)): "t2",
    (1, D(2026, 12, 26)): "t2",
    (9, D(2026, 12, 26)): "q2",
    (9, D(2026, 12, 27)): None,
    (10, D(2026, 12, 26)): "h1",
    (11, D(2026, 12, 27)): None,
    (11, D(2027, 1, 12)): "h2",
    (5, D(2027, 1, 31)): "q3",
    (5, D(2027, 2, 1)): "module",
    (7, D(2027, 2, 28)): "module",
    (8, D(2027, 2, 1)): "q3",
    (5, D(2027, 3, 1)): "q3",
    (9, D(2027, 3, 21)): None,
    (9, D(2027, 3, 30)): "q4",
    (10, D(2027, 5, 26)): "h2",
    (10, D(2027, 5, 27)): None,
    (1, D(2027, 5, 31)): None,
    (1, D(2027, 6, 1)): None,
}


@pytest.mark.parametrize(("grade", "day"), list(EXPECTED_PERIODS), ids=str)
def test_period_of_finds_the_period_the_calendar_says(calendar, grade, day):
    found = period_of(assignment_loaded(calendar.assignments[grade].pk), day)
    key = EXPECTED_PERIODS[grade, day]
    assert (found and found.pk) == (key and calendar.periods[key].pk)


def test_the_compared_periods_keep_their_closing(calendar):
    q2 = period_of(assignment_loaded(calendar.assignments[5].pk), D(2026, 11, 25))
    assert q2.closed is True and q2.closed_at == dt.datetime(2026, 12, 28, 14, 45, 1, 987654, tzinfo=dt.UTC)
    h1 = period_of(assignment_loaded(calendar.assignments[10].pk), D(2026, 11, 25))
    assert h1.closed is True and h1.closed_at is None
    q1 = period_of(assignment_loaded(calendar.assignments[5].pk), D(2026, 9, 25))
    assert q1.closed is False and q1.closed_at is None


# --- 5. bearer_user -----------------------------------------------------------------------------

NOW = dt.datetime(2026, 11, 25, 7, 30, 15, 123456, tzinfo=dt.UTC)
HOUR, MICROSECOND = dt.timedelta(hours=1), dt.timedelta(microseconds=1)


def token_user_by_orm(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), expires_at__gt=clock.now())
        .first()
    )
    return None if token is None or not token.user.is_active else token.user


@pytest.fixture(
    params=[NOW, NOW.replace(microsecond=0), NOW.astimezone(MOSCOW)],
    ids=["with-microseconds", "on-the-second", "in-moscow"],
)
def tokens(request, cast, monkeypatch):
    """Keys by name, against a clock fixed at the parameter (as the code reads it, clock.now)."""
    now = request.param
    monkeypatch.setattr(clock, "now", lambda: now)
    director = cast.user("director")
    director.last_login = dt.datetime(2026, 11, 24, 23, 59, 59, 999999, tzinfo=MOSCOW)
    director.is_superuser = director.is_staff = director.must_change_password = True
    director.middle_name, director.email = "Ивановна", "director@example.org"
    director.save()
    inactive = cast.user("pupil_a")
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    keys = {}
    for name, user, expires_at in [
        ("live", "teacher", now + HOUR),
        ("teachers_second", "teacher", now + 24 * HOUR),
        ("teachers_expired", "teacher", now - HOUR),
        ("live_a_microsecond_more", "classteacher", now + MICROSECOND),
        ("live_with_login", "director", now + HOUR),
        ("expires_now", "deputy", now),
        ("expired_a_microsecond_ago", "secretary", now - MICROSECOND),
        ("expired", "parent_a", now - HOUR),
        ("inactive", "pupil_a", now + HOUR),
        ("inactive_expired", "pupil_a", now - HOUR),
    ]:
        keys[name] = secrets.token_urlsafe(32)
        ApiToken.objects.create(
            user=cast.user(user), key_hash=ApiToken.hash_key(keys[name]), expires_at=expires_at
        )
    keys["unknown"] = secrets.token_urlsafe(32)
    keys["empty"] = ""
    return keys


def test_bearer_user_is_the_orms_user_of_the_token(tokens, django_assert_num_queries):
    users = {}
    for name, key in tokens.items():
        twin = token_user_by_orm(key)
        with django_assert_num_queries(1 if key else 0):
            found = bearer_user(key)
        assert_same(found, twin, name)
        users[name] = found and found.username
    # Not vacuous: live keys give their users, the rest nobody.
    assert users == {
        "live": "teacher",
        "teachers_second": "teacher",
        "teachers_expired": None,
        "live_a_microsecond_more": "classteacher",
        "live_with_login": "director",
        "expires_now": None,
        "expired_a_microsecond_ago": None,
        "expired": None,
        "inactive": None,
        "inactive_expired": None,
        "unknown": None,
        "empty": None,
    }


def test_bearer_user_reads_the_users_login_time_and_password_as_the_orm(tokens):
    user = bearer_user(tokens["live_with_login"])
    assert user.last_login == dt.datetime(2026, 11, 24, 20, 59, 59, 999999, tzinfo=dt.UTC)
    assert user.last_login.utcoffset() == dt.timedelta(0)
    assert user.password == User.objects.get(pk=user.pk).password and user.check_password("secret-pass-123")
    assert user.is_superuser is True and user.must_change_password is True and user.is_active is True
    assert bearer_user(tokens["live"]).last_login is None


# --- 6. _work_type -------------------------------------------------------------------------------


@pytest.fixture
def work_types(cast, directories):
    """School A's directory and the work types the cast's marks brought, one of school B's own."""
    f.WorkTypeFactory(school=cast.school_b, name="Проект", short_name="П", weight=3)
    return list(WorkType.objects.order_by("pk"))


def test_work_type_is_the_orms_work_type_of_the_school(cast, work_types, django_assert_num_queries):
    said = {True: 0, False: 0}
    for school in (cast.school_a, cast.school_b):
        for work_type in work_types:
            twin = WorkType.objects.filter(school_id=school.pk, pk=work_type.pk).first()
            said[twin is not None] += 1
            for given in (work_type.pk, str(work_type.pk)):
                if twin is None:
                    with pytest.raises(InvalidInput) as refused:
                        _work_type(school.pk, given)
                    assert (refused.value.field, refused.value.code) == ("work_type", "bad_work_type")
                else:
                    with django_assert_num_queries(1):
                        found = _work_type(school.pk, given)
                    assert_same(found, twin, (school.pk, given))
    assert said[True] == len(work_types) and said[True] >= 6 and said[False] == len(work_types)


@pytest.mark.parametrize("work_type_id", ["missing", *JUNK_IDS], ids=repr)
def test_work_type_refuses_what_names_no_work_type(cast, work_types, work_type_id):
    with pytest.raises(InvalidInput) as refused:
        _work_type(cast.school_a.pk, junk_id(work_type_id))
    assert (refused.value.field, refused.value.code) == ("work_type", "bad_work_type")


# --- a single save's period, grading mode and work type, in one read (decision 0041) ----------


def test_a_new_marks_rules_are_period_of_grading_mode_and_the_work_type_read_in_one(
    calendar, django_assert_num_queries
):
    """The single save's one read equals the three it replaced: for every grade, a day of every
    period and of none, plans of each mode and of none (grade 1 then unmarked by law), and work
    types of the school (an inactive one too), another school's and ids that name none."""
    from zhurnal.core.rawsql import record_id
    from zhurnal.journal.locks import grading_mode, mode_or_default
    from zhurnal.journal.services.marks import new_mark_rules
    from zhurnal.schools.models import CurriculumPlan, GradingMode

    school = calendar.periods["q1"].year.school
    year = calendar.periods["q1"].year
    # Grade 1 has no plan: unmarked by law. Grades 9–11 have none either: marked.
    plans = {5: GradingMode.PASS_FAIL, 7: GradingMode.NONE, 8: GradingMode.MARKS}
    for grade, mode in plans.items():
        subject = calendar.assignments[grade].subject
        f.CurriculumPlanFactory(year=year, grade=grade, subject=subject, grading_mode=mode)
    own = [f.WorkTypeFactory(school=school), f.WorkTypeFactory(school=school, name="Старая", is_active=False)]
    others = f.WorkTypeFactory(short_name="Ч")
    asked = [w.pk for w in own] + [str(own[0].pk), others.pk, 10**9, None, "abc", 2**63]
    days = [D(2026, 8, 25) + dt.timedelta(days=n) for n in range(0, 290, 3)]
    seen = {"periods": set(), "modes": set(), "work_types": set()}
    for number, day in enumerate(days):
        for grade, assignment in calendar.assignments.items():
            assignment = assignment_loaded(assignment.pk)
            lesson = Lesson(assignment=assignment, school_id=assignment.school_id, date=day)
            work_type_id = asked[(number + grade) % len(asked)]
            planned = (
                CurriculumPlan.objects.filter(
                    year_id=assignment.year_id, grade=assignment.grade, subject_id=assignment.subject_id
                )
                .order_by("id")
                .values_list("grading_mode", flat=True)
                .first()
            )
            pk = record_id(work_type_id)
            twin_work_type = WorkType.objects.filter(school_id=school.pk, pk=pk).first() if pk else None
            with django_assert_num_queries(1):
                period, mode, work_type = new_mark_rules(lesson, work_type_id)
            label = (grade, day, work_type_id)
            assert_same(period, period_by_orm(assignment, day), label)
            assert mode == mode_or_default(assignment, planned) == grading_mode(assignment), label
            assert_same(work_type, twin_work_type, label)
            seen["periods"].add(None if period is None else period.pk)
            seen["modes"].add((assignment.grade == 1, mode))
            seen["work_types"].add(None if work_type is None else work_type.pk)
    # Not vacuous: periods of each kind and days of none; each mode, and grade 1's by law; both
    # of the school's work types, and none for the rest.
    p = calendar.periods
    assert seen["periods"] == {None} | {p[k].pk for k in ("t2", "q1", "q2", "q3", "q4", "h1", "h2", "module")}
    assert {mode for _, mode in seen["modes"]} == set(GradingMode.values)
    assert (True, GradingMode.NONE) in seen["modes"]
    assert seen["work_types"] == {None, own[0].pk, own[1].pk}
