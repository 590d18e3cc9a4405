"""core.rawsql: instances built from hand-written SQL are the ORM's instances, field by field."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from tests import factories as f
from tests.twins import columns
from zhurnal.accounts.models import RoleGrant, User
from zhurnal.core.models import AuditEvent
from zhurnal.core.rawsql import ModelColumns, fetch, fetch_value, insert_rows
from zhurnal.journal.models import Lesson, LessonType, Mark, PeriodMark
from zhurnal.people.models import Enrollment, Staff, Student, TeachingAssignment
from zhurnal.schools.models import (
    AcademicYear,
    Authority,
    ClassGroup,
    CurriculumPlan,
    School,
    StudyPeriod,
    Subgroup,
    Subject,
)

pytestmark = pytest.mark.django_db

# Every model core.rawsql builds in production, and a few more with other kinds of columns
# (nullable dates and datetimes, decimals with one place, JSON, an IP address).
MODELS = [
    Authority,
    School,
    AcademicYear,
    StudyPeriod,
    ClassGroup,
    Subgroup,
    Subject,
    CurriculumPlan,
    Staff,
    Student,
    Enrollment,
    TeachingAssignment,
    User,
    RoleGrant,
    LessonType,
    Lesson,
    Mark,
    PeriodMark,
    AuditEvent,
]


def raw_get(model, pk, alias="t"):
    cols = ModelColumns(model, alias)
    pk_column = connection.ops.quote_name(model._meta.pk.column)
    rows = fetch(
        f"SELECT {cols.select()} FROM {model._meta.db_table} {alias} WHERE {alias}.{pk_column} = %s", [pk]
    )
    assert len(rows) == 1
    return cols.build(rows[0])


@pytest.fixture
def variety(cast):
    """The cast, with the columns it leaves empty or at their defaults filled in on some rows."""
    moscow = ZoneInfo("Europe/Moscow")
    school = cast.school_a
    school.threshold_5, school.threshold_3, school.edit_window_days = Decimal("4.75"), Decimal("2.5"), 10
    school.address = "г. Нальчик, ул. Ленина, 1"
    school.save()
    period = StudyPeriod.objects.get(year=cast.class_a.year)
    period.closed, period.closed_at = True, dt.datetime(2026, 12, 27, 18, 5, 7, 123456, tzinfo=moscow)
    period.save()
    f.StudyPeriodFactory(year=cast.class_a.year, number=1, name="1 четверть", start=dt.date(2026, 9, 1))
    f.CurriculumPlanFactory(year=cast.class_a.year, hours_per_week=Decimal("4.5"))
    f.EnrollmentFactory(class_group=cast.class_b, student__birth_date=None, end=dt.date(2026, 12, 1))
    lesson_type = f.LessonTypeFactory(school=school)
    lesson = f.LessonFactory(
        assignment=cast.english_a,
        date=dt.date(2026, 11, 26),
        slot=None,
        lesson_type=lesson_type,
        homework="Упр. 5, с. 12",
        homework_due=dt.date(2026, 11, 30),
        attendance_taken_at=dt.datetime(2026, 11, 26, 9, 1, 2, tzinfo=moscow),
        status=Lesson.Status.CANCELLED,
        version=4,
    )
    f.MarkFactory(
        lesson=lesson,
        student=cast.pupil_a,
        value="5/4",
        score=5,
        score2=4,
        comment="Устный ответ",
        deferred_until=dt.date(2026, 12, 3),
        idempotency_key="c0ffee",
    )
    f.MarkFactory(lesson=lesson, student=cast.pupil_a, value="н/а", score=None)
    f.PeriodMarkFactory(student=cast.pupil_a, year=cast.class_a.year, period=period, reason="Болел")
    f.PeriodMarkFactory(student=cast.pupil_a, year=cast.class_a.year, kind=PeriodMark.Kind.YEAR)
    User.objects.filter(username="director").update(
        last_login=dt.datetime(2026, 11, 24, 23, 59, 59, 999999, tzinfo=dt.UTC), is_superuser=True
    )
    AuditEvent.objects.create(
        actor_id=cast.user("director").pk,
        school_id=school.pk,
        action="mark.update",
        object_type="mark",
        object_id=cast.mark_a.pk,
        before={"value": "4", "score": 4, "список": [1, None, True]},
        after={"value": "5"},
        ip="192.0.2.7",
    )
    AuditEvent.objects.create(action="login", object_type="user")
    return cast


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_row_built_from_sql_equals_the_orms_instance(variety, model):
    pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
    assert pks, f"no {model.__name__} rows to compare"
    for pk in pks:
        raw = raw_get(model, pk)
        orm = model.objects.get(pk=pk)
        assert type(raw) is model
        assert columns(raw) == columns(orm), f"{model.__name__} #{pk}"
        assert raw == orm
        assert raw._state.adding is False and orm._state.adding is False
        assert raw._state.db == orm._state.db == "default"


def test_the_filled_in_columns_keep_their_python_types(variety):
    """The comparison above is not vacuous: these rows hold each kind of value."""
    period = raw_get(StudyPeriod, StudyPeriod.objects.get(closed=True).pk)
    assert period.closed is True and isinstance(period.start, dt.date)
    assert isinstance(period.closed_at, dt.datetime) and period.closed_at.utcoffset() == dt.timedelta(0)
    assert period.closed_at == dt.datetime(2026, 12, 27, 15, 5, 7, 123456, tzinfo=dt.UTC)
    school = raw_get(School, variety.school_a.pk)
    assert (str(school.threshold_5), str(school.threshold_4), str(school.threshold_3)) == (
        "4.75",
        "3.50",
        "2.50",
    )
    assert str(raw_get(CurriculumPlan, CurriculumPlan.objects.get().pk).hours_per_week) == "4.5"
    open_period = raw_get(StudyPeriod, StudyPeriod.objects.get(number=1).pk)
    assert open_period.closed is False and open_period.closed_at is None
    lesson = raw_get(Lesson, Lesson.objects.get(slot=None).pk)
    assert lesson.lesson_type_id is not None and lesson.homework_due == dt.date(2026, 11, 30)
    assert raw_get(Lesson, variety.lesson_a.pk).lesson_type_id is None
    assert raw_get(TeachingAssignment, variety.english_a.pk).subgroup_id is not None
    assert raw_get(TeachingAssignment, variety.math_a.pk).subgroup_id is None
    event = raw_get(AuditEvent, AuditEvent.objects.get(action="mark.update").pk)
    assert event.before == {"value": "4", "score": 4, "список": [1, None, True]}


def test_build_reads_from_an_offset_and_gives_none_for_a_missing_left_join_row(variety):
    subgroups = ModelColumns(Subgroup, "sg")
    sql = (
        f"SELECT ta.id, {subgroups.select()} FROM people_teachingassignment ta"
        " LEFT JOIN schools_subgroup sg ON sg.id = ta.subgroup_id WHERE ta.id = %s"
    )
    (row,) = fetch(sql, [variety.math_a.pk])
    assert row[0] == variety.math_a.pk
    assert subgroups.build(row, 1) is None
    (row,) = fetch(sql, [variety.english_a.pk])
    subgroup = subgroups.build(row, 1)
    assert columns(subgroup) == columns(Subgroup.objects.get(pk=variety.english_a.subgroup_id))
    assert subgroup._state.adding is False and subgroup._state.db == "default"

    types = ModelColumns(LessonType, "lt")
    sql = (
        f"SELECT {types.select()}, l.id FROM journal_lesson l"
        " LEFT JOIN journal_lessontype lt ON lt.id = l.lesson_type_id WHERE l.id = %s"
    )
    (row,) = fetch(sql, [variety.lesson_a.pk])
    assert types.build(row) is None and row[len(types)] == variety.lesson_a.pk
    with_type = Lesson.objects.exclude(lesson_type=None).get()
    (row,) = fetch(sql, [with_type.pk])
    assert columns(types.build(row)) == columns(LessonType.objects.get(pk=with_type.lesson_type_id))


def test_select_names_every_concrete_column_in_the_models_order(db):
    cols = ModelColumns(StudyPeriod, "p")
    assert len(cols) == len(StudyPeriod._meta.concrete_fields)
    quote = connection.ops.quote_name
    assert cols.select() == ", ".join(f"p.{quote(f.column)}" for f in StudyPeriod._meta.concrete_fields)


def test_an_instance_built_from_sql_saves_as_an_update_like_the_orms(variety):
    raw = raw_get(School, variety.school_a.pk)
    raw.short_name = "Школа А (новое имя)"
    raw.save()
    assert School.objects.count() == 2
    assert School.objects.get(pk=variety.school_a.pk).short_name == "Школа А (новое имя)"


def test_fetch_and_fetch_value(cast):
    assert fetch_value("SELECT COUNT(*) FROM schools_school") == School.objects.count() == 2
    assert fetch_value("SELECT short_name FROM schools_school WHERE id = %s", [cast.school_b.pk]) == "Школа Б"
    assert fetch_value("SELECT id FROM schools_school WHERE id = %s", [-1]) is None
    rows = fetch("SELECT id, short_name FROM schools_school ORDER BY id")
    assert rows == list(School.objects.order_by("id").values_list("id", "short_name"))
    assert all(isinstance(row, tuple) for row in rows)
    assert fetch("SELECT id FROM schools_school WHERE id = %s", [-1]) == []
    other = connections["default"]
    assert fetch("SELECT id FROM schools_school ORDER BY id", connection=other) == [
        (s.pk,) for s in (cast.school_a, cast.school_b)
    ]
    assert (
        fetch_value("SELECT COUNT(*) FROM accounts_rolegrant", connection=other) == RoleGrant.objects.count()
    )


def _twins(make):
    """The same new rows written by bulk_create and by insert_rows, read back from the database."""
    orm, raw = make("orm"), make("raw")
    model = type(orm[0])
    model.objects.bulk_create(orm)
    insert_rows(raw, returning_pk=True)
    return orm, raw, model


def _unstamped(instance) -> list[tuple]:
    # The columns but the key and the moments of writing (each write stamps its own time), and
    # the idempotency key with its side's name taken out (it is unique).
    return [
        (name, kind, value.replace("orm", "?").replace("raw", "?"))
        for name, kind, value in columns(instance)
        if name not in ("id", "created_at", "updated_at")
    ]


def test_rows_inserted_by_hand_are_the_rows_bulk_create_writes(variety):
    lesson, work_type = variety.lesson_a, variety.mark_a.work_type

    def marks(side):
        return [
            Mark(
                school_id=lesson.school_id,
                lesson=lesson,
                student=variety.pupil_a,
                value="5",
                score=5,
                work_type=work_type,
                comment="устно",
                idempotency_key=None,
            ),
            Mark(
                school_id=lesson.school_id,
                lesson=lesson,
                student=variety.pupil_a,
                value=".",
                work_type=work_type,
                deferred_until=dt.date(2026, 12, 20),
                idempotency_key=f"{side}-1",
            ),
        ]

    def audits(side):
        return [
            AuditEvent(
                actor_id=variety.user("director").pk,
                school_id=lesson.school_id,
                action="mark.create",
                object_type="journal.mark",
                object_id=7,
                before=None,
                after={"value": "5", "список": [1, None, True]},
                ip="192.0.2.7",
                group_key="cell:1:2",
            ),
            AuditEvent(action="login", object_type="user"),
        ]

    for make in (marks, audits):
        orm, raw, model = _twins(make)
        assert all(r.pk is not None and r._state.adding is False and r._state.db == "default" for r in raw)
        assert len({r.pk for r in raw} | {o.pk for o in orm}) == 4
        for o, r in zip(orm, raw, strict=True):
            orm_row, raw_row = model.objects.get(pk=o.pk), model.objects.get(pk=r.pk)
            assert _unstamped(raw_row) == _unstamped(orm_row)
            assert raw_row.created_at is not None and raw_row.created_at.tzinfo is not None


def test_rows_past_the_databases_parameter_limit_go_in_several_statements(variety, monkeypatch):
    lesson, work_type = variety.lesson_a, variety.mark_a.work_type
    monkeypatch.setattr(connection.features, "max_query_params", 3 * len(Mark._meta.concrete_fields))
    marks = [
        Mark(
            school_id=lesson.school_id,
            lesson=lesson,
            student=variety.pupil_a,
            value=str(v),
            score=v,
            work_type=work_type,
        )
        for v in (2, 3, 4, 5, 5, 4, 3)
    ]
    before = Mark.objects.count()

    insert_rows(marks, returning_pk=True)

    assert Mark.objects.count() == before + 7
    assert [Mark.objects.get(pk=m.pk).value for m in marks] == ["2", "3", "4", "5", "5", "4", "3"]
