"""The diary answers conditional requests: its ETag changes exactly when something the family
sees changes, a repeat visit with it is answered 304 without building the page, and a kept page
is never another person's."""

import dataclasses
import datetime as dt

import pytest

from tests import factories as f
from tests.diary.conftest import MONDAY, TODAY
from tests.people.groups_setup import build_group
from zhurnal.diary import selectors
from zhurnal.journal.models import LessonFile
from zhurnal.people.models import Enrollment

pytestmark = pytest.mark.django_db

WEEK = "/diary/{id}/"
MARKS = "/diary/{id}/marks/"
API_WEEK = "/api/v1/students/{id}/diary"
API_MARKS = "/api/v1/students/{id}/marks"


@pytest.fixture
def parent(client, cast):
    client.force_login(cast.user("parent_a"), backend="zhurnal.accounts.backends.UserBackend")
    client.get("/diary/", follow=True)  # the browser now holds its CSRF cookie, as after any page
    return client


def etag(client, url, cast) -> str:
    response = client.get(url.format(id=cast.pupil_a.pk))
    assert response.status_code == 200
    return response["ETag"]


def _mark_added(cast, codes):
    f.MarkFactory(lesson=cast.lesson_a, student=cast.pupil_a, value="3", score=3)


def _mark_changed(cast, codes):
    cast.mark_a.value, cast.mark_a.score = "2", 2
    cast.mark_a.save()


def _mark_deleted(cast, codes):
    cast.mark_a.delete()


def _absence(cast, codes):
    f.AttendanceFactory(lesson=cast.lesson_a, student=cast.pupil_a, code=codes["Н"])


def _topic(cast, codes):
    cast.lesson_a.topic = "Дроби"
    cast.lesson_a.save()


def _homework(cast, codes):
    cast.lesson_a.homework = "№ 12"
    cast.lesson_a.save()


def _file(cast, codes):
    LessonFile.objects.create(
        school=cast.school_a,
        lesson=cast.lesson_a,
        file="homework/task.pdf",
        name="task.pdf",
        size=10,
        content_type="application/pdf",
        uploaded_by=cast.lesson_a.teacher,
    )


def _material(cast, codes):
    # i12-materials: attaching a study material bumps its lesson's updated_at.
    cast.lesson_a.save(update_fields=["updated_at"])


def _enrolment(cast, codes):
    enrolment = Enrollment.objects.get(student=cast.pupil_a)
    enrolment.end = TODAY
    enrolment.save()


def _new_lesson(cast, codes):
    f.LessonFactory(assignment=cast.math_a, date=MONDAY, slot=3)


def _period_mark(cast, codes):
    f.PeriodMarkFactory(
        student=cast.pupil_a,
        subject=cast.math_a.subject,
        year=cast.class_a.year,
        period=cast.class_a.year.periods.get(),
        value="5",
    )


WEEK_CHANGES = [_mark_added, _mark_changed, _mark_deleted, _absence, _topic, _homework, _file, _material]
WEEK_CHANGES += [_enrolment, _new_lesson]


@pytest.mark.parametrize("url", [WEEK, API_WEEK])
@pytest.mark.parametrize("change", WEEK_CHANGES, ids=lambda c: c.__name__.strip("_"))
def test_the_week_etag_changes_with_each_kind_of_change_shown(parent, cast, codes, url, change):
    before = etag(parent, url, cast)

    change(cast, codes)

    assert etag(parent, url, cast) != before


@pytest.mark.parametrize("url", [MARKS, API_MARKS])
@pytest.mark.parametrize(
    "change",
    [_mark_added, _mark_changed, _mark_deleted, _absence, _enrolment, _period_mark],
    ids=lambda c: c.__name__.strip("_"),
)
def test_the_marks_etag_changes_with_each_kind_of_change_shown(parent, cast, codes, url, change):
    before = etag(parent, url, cast)

    change(cast, codes)

    assert etag(parent, url, cast) != before


# The school's directories (work types, codes) are part of the ETag, so these reuse the rows there.
def _classmates_mark(cast, codes):
    classmate = f.EnrollmentFactory(class_group=cast.class_a).student
    f.MarkFactory(lesson=cast.lesson_a, student=classmate, work_type=cast.mark_a.work_type)


def _classmates_absence(cast, codes):
    classmate = f.EnrollmentFactory(class_group=cast.class_a).student
    f.AttendanceFactory(lesson=cast.lesson_a, student=classmate, code=codes["Н"])


def _other_class_lesson(cast, codes):
    lesson = f.LessonFactory(assignment=cast.math_b, date=TODAY, slot=5, topic="Не наш урок")
    f.MarkFactory(lesson=lesson, student=cast.pupil_b, work_type=cast.mark_a.work_type)


def _other_pupils_period_mark(cast, codes):
    f.PeriodMarkFactory(
        student=cast.pupil_b,
        subject=cast.math_b.subject,
        year=cast.class_b.year,
        period=cast.class_b.year.periods.get(),
        value="3",
    )


@pytest.mark.parametrize("url", [WEEK, MARKS, API_WEEK, API_MARKS])
@pytest.mark.parametrize(
    "change",
    [_classmates_mark, _classmates_absence, _other_class_lesson, _other_pupils_period_mark],
    ids=lambda c: c.__name__.strip("_"),
)
def test_changes_the_family_cannot_see_leave_the_etag_unchanged(parent, cast, codes, url, change):
    before = etag(parent, url, cast)

    change(cast, codes)

    assert etag(parent, url, cast) == before


@pytest.mark.parametrize("url", [WEEK, MARKS, API_WEEK, API_MARKS])
def test_a_repeat_visit_with_the_etag_is_answered_304_without_building_the_answer(
    parent, cast, monkeypatch, url
):
    tag = etag(parent, url, cast)

    def never(*args, **kwargs):
        raise AssertionError("the answer was built")

    monkeypatch.setattr(selectors, "diary_days", never)
    monkeypatch.setattr(selectors, "period_report", never)
    response = parent.get(url.format(id=cast.pupil_a.pk), headers={"If-None-Match": tag})

    assert response.status_code == 304
    assert response["ETag"] == tag
    assert response.content == b""


@pytest.mark.parametrize("url", [WEEK, MARKS, API_WEEK, API_MARKS])
def test_a_second_visit_without_the_etag_gets_the_kept_answer_unchanged(parent, cast, monkeypatch, url):
    first = parent.get(url.format(id=cast.pupil_a.pk))

    monkeypatch.setattr(selectors, "diary_days", None)
    monkeypatch.setattr(selectors, "period_report", None)
    second = parent.get(url.format(id=cast.pupil_a.pk))

    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_changed_mark_is_shown_at_once_not_the_kept_week(parent, cast):
    parent.get(WEEK.format(id=cast.pupil_a.pk))

    cast.mark_a.value, cast.mark_a.score = "2", 2
    cast.mark_a.save()
    page = parent.get(WEEK.format(id=cast.pupil_a.pk)).content.decode()

    assert ">2<" in page.replace(" ", "")


@pytest.mark.parametrize("url", [WEEK, API_WEEK, MARKS, API_MARKS])
def test_two_parents_never_get_each_others_page(client, cast, url):
    """Parent A's answer is kept; parent B, with A's ETag and every trick of the address, gets
    only their own child's answer (or 404 for A's child), and a second parent of the same pupil
    gets a page of their own."""
    second = f.StudentGuardianFactory(
        student=cast.pupil_a, guardian__user=f.UserFactory(username="parent_a2")
    )
    f.RoleGrantFactory(user=second.guardian.user, role="parent", school=cast.school_a)
    # A surname nobody factory-made can share (parent B was once a random «Кошелев» too).
    cast.pupil_a.last_name = "Неповторимова"
    cast.pupil_a.save(update_fields=["last_name"])
    client.force_login(cast.user("parent_a"), backend="zhurnal.accounts.backends.UserBackend")
    client.get("/diary/", follow=True)
    a = client.get(url.format(id=cast.pupil_a.pk))
    assert a.status_code == 200

    client.force_login(cast.user("parent_b"), backend="zhurnal.accounts.backends.UserBackend")
    client.get("/diary/", follow=True)
    assert client.get(url.format(id=cast.pupil_a.pk), headers={"If-None-Match": a["ETag"]}).status_code == 404
    b = client.get(url.format(id=cast.pupil_b.pk), headers={"If-None-Match": a["ETag"]})
    assert b.status_code == 200
    assert b["ETag"] != a["ETag"]
    assert cast.pupil_a.last_name not in b.content.decode()

    client.force_login(second.guardian.user, backend="zhurnal.accounts.backends.UserBackend")
    client.get("/diary/", follow=True)
    a2 = client.get(url.format(id=cast.pupil_a.pk), headers={"If-None-Match": a["ETag"]})
    assert a2.status_code == 200
    assert a2["ETag"] != a["ETag"]
    if not url.startswith("/api/"):
        assert second.guardian.user.short_name in a2.content.decode()
        assert cast.user("parent_a").short_name not in a2.content.decode()


def test_the_week_etag_differs_from_week_to_week(parent, cast):
    here = etag(parent, WEEK + "?week=" + MONDAY.isoformat(), cast)
    there = etag(parent, WEEK + "?week=" + (MONDAY - dt.timedelta(days=7)).isoformat(), cast)

    assert here != there


def _figures_both_ways(cast, start, end, *, week: bool, period=None):
    """The family's plain-SQL figures and the ORM's, normalised (counts, and stamps as instants).
    The family's first two (the change log's sums, decision 0042) have no ORM twin: the ORM's
    four lesson-bound figures are left out of its list, and the sums returned apart."""
    from django.utils.dateparse import parse_datetime
    from django.utils.timezone import is_naive, make_aware

    from zhurnal.diary import freshness
    from zhurnal.diary.selectors import MAX_SPAN_DAYS, _pupil_lessons
    from zhurnal.journal.models import PeriodMark
    from zhurnal.policy.actor import actor_for

    actor = actor_for(cast.user("parent_a"))
    pupil = cast.pupil_a
    if week:
        window = start - dt.timedelta(days=MAX_SPAN_DAYS)
        raw = freshness.family_figures(actor, pupil.pk, window, end, finals=False)
        orm = freshness.stamp_query(
            actor, pupil.school_id, pupil.pk, freshness.week_lessons(actor, pupil.pk, start, end), None
        )
    else:
        raw = freshness.family_figures(
            actor,
            pupil.pk,
            dt.date(1, 1, 1),
            dt.date(9999, 12, 31),
            finals=True,
            period_id=period and period.pk,
        )
        finals = PeriodMark.objects.visible_to(actor).filter(student_id=pupil.pk)
        bounds = (period.start, period.end) if period else (dt.date.min, dt.date.max)
        lessons = _pupil_lessons(actor, pupil.pk, *bounds)
        orm = freshness.stamp_query(actor, pupil.school_id, pupil.pk, lessons, finals)
    names = ["enrolment", "subgroup", "study_group", "pupil"]
    names += ["final"] if not week else []
    names += ["subject", "work_type", "code", "lesson_type", "staff"]
    names += ["period"] if not week else []

    def instant(value):
        if isinstance(value, str):
            value = parse_datetime(value)
        return make_aware(value, dt.UTC) if value is not None and is_naive(value) else value

    orm_values = [v for name in names for v in (orm[f"{name}_n"], instant(orm[f"{name}_t"]))]
    raw_values = [v if i % 2 == 0 else instant(v) for i, v in enumerate(raw[4:])]
    return raw_values, orm_values, Sums(journals=raw[0], pupil=raw[2])


@dataclasses.dataclass
class Sums:
    journals: int  # the change log's weights of the pupil's journals on the pupil's days in them
    pupil: int  # of the pupil's own marks and attendance


@pytest.mark.parametrize("week", [True, False], ids=["week", "period"])
def test_the_familys_plain_sql_figures_of_the_small_tables_equal_their_orm_twin(cast, codes, week):
    _file(cast, codes)
    _absence(cast, codes)
    _period_mark(cast, codes)
    f.LessonFactory(assignment=cast.english_a, date=MONDAY, slot=4)  # the pupil's subgroup
    built = build_group(cast)  # a cross-class group's lesson of the pupil, on Wednesday
    f.MarkFactory(lesson=built.lesson, student=cast.pupil_a, value="4", score=4)

    raw, orm, sums = _figures_both_ways(cast, MONDAY, MONDAY + dt.timedelta(days=5), week=week)

    assert raw == orm
    assert raw[0] >= 1 and sums.journals >= 3 and sums.pupil >= 2


def _change(scope: str, scope_id: int, day: dt.date) -> tuple:
    return (scope, scope_id, day, 1)


def _logged_by(write) -> list[tuple]:
    """The change-log rows one write added, in order."""
    from zhurnal.diary.models import Change

    last = Change.objects.order_by("-id").values_list("id", flat=True).first() or 0
    write()
    return list(
        Change.objects.filter(id__gt=last).order_by("id").values_list("scope", "scope_id", "day", "weight")
    )


def test_every_write_of_a_mark_or_an_absence_is_logged_under_the_pupil_and_the_lessons_day(cast, codes):
    from django.db import connection

    from zhurnal.journal.models import Attendance, Mark

    lesson, pupil, other = (
        cast.lesson_a,
        cast.pupil_a,
        f.LessonFactory(assignment=cast.math_a, date=MONDAY, slot=6),
    )
    mine = _change("p", pupil.pk, lesson.date)
    fields = {"school": cast.school_a, "student": pupil, "work_type": cast.mark_a.work_type}

    box = {}
    assert _logged_by(
        lambda: box.update(mark=Mark.objects.create(lesson=lesson, value="3", score=3, **fields))
    ) == [mine]
    mark = box["mark"]
    mark.value = "2"
    assert _logged_by(mark.save) == [mine, mine]  # the old row's and the new one's
    assert _logged_by(lambda: Mark.objects.filter(pk=mark.pk).update(lesson=other)) == [
        mine,
        _change("p", pupil.pk, other.date),
    ]
    made = []
    assert _logged_by(
        lambda: made.extend(Mark.objects.bulk_create([Mark(lesson=lesson, value="5", score=5, **fields)]))
    ) == [mine]

    def plain_sql():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE journal_mark SET comment = 'x' WHERE id = %s", [made[0].pk])

    assert _logged_by(plain_sql) == [mine, mine]
    deleted = _logged_by(lambda: Mark.objects.filter(pk__in=[mark.pk, made[0].pk]).delete())
    assert sorted(deleted) == sorted([_change("p", pupil.pk, other.date), mine])
    assert _logged_by(lambda: f.AttendanceFactory(lesson=lesson, student=pupil, code=codes["Н"])) == [mine]
    assert _logged_by(lambda: Attendance.objects.filter(lesson=lesson).delete()) == [mine]


def test_every_write_of_a_lesson_or_its_file_is_logged_under_the_journal_and_the_lessons_days(cast, codes):
    from django.db import transaction

    lesson, journal = cast.lesson_a, cast.math_a.pk
    day, moved = lesson.date, lesson.date + dt.timedelta(days=1)

    assert _logged_by(lambda: _topic(cast, codes)) == [_change("j", journal, day)] * 2
    lesson.date = moved
    assert _logged_by(lesson.save) == [_change("j", journal, day), _change("j", journal, moved)]
    assert _logged_by(lambda: _file(cast, codes)) == [_change("j", journal, moved)]
    assert _logged_by(lambda: LessonFile.objects.filter(lesson=lesson).delete()) == [
        _change("j", journal, moved)
    ]

    def rolled_back():
        with pytest.raises(RuntimeError), transaction.atomic():
            _topic(cast, codes)
            raise RuntimeError

    assert _logged_by(rolled_back) == []


def test_the_familys_sums_count_the_pupils_own_rows_and_the_pupils_journals_on_the_pupils_days(cast, codes):
    def sums(week=True):
        return _figures_both_ways(cast, MONDAY, MONDAY + dt.timedelta(days=5), week=week)[2]

    start = sums()
    f.LessonFactory(assignment=cast.math_a, date=MONDAY, slot=4)  # the pupil's class: +1
    f.LessonFactory(assignment=cast.english_a, date=MONDAY, slot=5)  # the pupil's subgroup: +1
    f.LessonFactory(assignment=cast.math_b, date=MONDAY, slot=4)  # another class: 0
    f.MarkFactory(lesson=cast.lesson_a, student=cast.pupil_a, value="3", score=3)  # the pupil's: +1
    _classmates_mark(cast, codes)  # 0
    _classmates_absence(cast, codes)  # 0

    assert sums() == Sums(journals=start.journals + 2, pupil=start.pupil + 1)

    before = sums(week=False)
    built = build_group(cast)  # the pupil's cross-class group, a lesson on Wednesday: +1
    f.LessonFactory(assignment=built.journal, date=dt.date(2026, 8, 31), slot=1)  # before joining: 0
    gone = Enrollment.objects.get(student=cast.pupil_a)
    f.LessonFactory(assignment=cast.math_a, date=gone.start - dt.timedelta(days=1), slot=1)  # before: 0

    assert sums(week=False).journals == before.journals + 1


def test_the_familys_figures_of_an_asked_period_equal_their_orm_twin_and_leave_other_dates_out(cast, codes):
    _absence(cast, codes)
    _period_mark(cast, codes)
    period = cast.class_a.year.periods.get()
    raw, orm, first = _figures_both_ways(cast, MONDAY, MONDAY, week=False, period=period)
    _, _, everything = _figures_both_ways(cast, MONDAY, MONDAY, week=False)
    before = f.LessonFactory(assignment=cast.math_a, date=period.start - dt.timedelta(days=1), slot=4)
    f.MarkFactory(lesson=before, student=cast.pupil_a, work_type=cast.mark_a.work_type)

    _, _, asked = _figures_both_ways(cast, MONDAY, MONDAY, week=False, period=period)
    _, _, all_days = _figures_both_ways(cast, MONDAY, MONDAY, week=False)

    assert raw == orm
    # The lesson and the mark before the period count only when no period is asked for.
    assert asked == first
    assert all_days == Sums(journals=everything.journals + 1, pupil=everything.pupil + 1)


@pytest.mark.parametrize("url", [MARKS, API_MARKS])
def test_the_etag_of_an_asked_period_changes_with_a_mark_in_it_and_not_with_one_before_it(parent, cast, url):
    period = cast.class_a.year.periods.get()
    asked = url + f"?period={period.pk}"
    first = etag(parent, asked, cast)
    before = f.LessonFactory(assignment=cast.math_a, date=period.start - dt.timedelta(days=1), slot=4)
    f.MarkFactory(lesson=before, student=cast.pupil_a, work_type=cast.mark_a.work_type)

    assert etag(parent, asked, cast) == first

    f.MarkFactory(lesson=cast.lesson_a, student=cast.pupil_a, work_type=cast.mark_a.work_type, value="3")

    assert etag(parent, asked, cast) != first
