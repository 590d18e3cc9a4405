"""Typed request and response shapes (DESIGN.md §4); the OpenAPI document is built from these."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

# Ids are 64-bit integers in every database we run on; a bigger one is bad input (400), not a 500.
MAX_ID = 2**63 - 1
# An academic year is named by its two calendar years: 2026/2027.
YEAR_PATTERN = r"^\d{4}/\d{4}$"

# Input types a little stricter than pydantic's lax defaults, which read a number as a date
# (`to=0` → 1970-01-01, a Unix time) and `true` as the id 1.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise ValueError("ожидается дата в виде ГГГГ-ММ-ДД")


def _not_bool(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("ожидается целое число, а не true/false")
    return value


# A calendar date written as ISO 8601 YYYY-MM-DD, nothing else.
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
# A whole number; true/false is not one.
Integer = Annotated[int, BeforeValidator(_not_bool)]


class TokenIn(Schema):
    username: str = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=4096)
    otp: str | None = Field(
        None,
        max_length=16,
        description="The code of the user's authenticator app, or a recovery code; required when the user has two-factor login.",
    )


class TokenOut(Schema):
    token: str
    expires_at: dt.datetime


class RoleOut(Schema):
    role: str
    school_id: int | None
    class_id: int | None


class StudentBriefOut(Schema):
    id: int
    full_name: str
    class_id: int | None = Field(
        None, description="The current class: the enrolment covering today, else the latest."
    )


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    roles: list[RoleOut]
    children: list[StudentBriefOut] = Field(description="A parent's children (empty for others).")
    student: StudentBriefOut | None = Field(None, description="A pupil's own record (null for others).")


class PersonRefOut(Schema):
    id: int
    full_name: str


class ClassOut(Schema):
    id: int
    name: str
    grade: int
    letter: str
    year: str = Field(description="Academic year name, e.g. 2026/2027.")
    year_id: int
    school_id: int
    class_teacher: PersonRefOut | None = Field(None, description="The class teacher's staff card.")


class RosterEntryOut(Schema):
    id: int = Field(description="The student's id.")
    full_name: str
    last_name: str
    first_name: str
    middle_name: str
    enrolled_from: dt.date
    enrolled_to: dt.date | None


class SubjectOut(Schema):
    id: int
    name: str


class AssignmentOut(Schema):
    id: int
    subject: SubjectOut
    class_id: int | None = Field(None, description="The class; null for a cross-class study group's journal.")
    subgroup_id: int | None
    study_group_id: int | None = Field(
        None, description="The cross-class study group, if the journal is one's."
    )
    teacher_id: int
    grade: int


# --- The journal (GET /journal and the writes of its cells) ---------------------------------


def _id(description: str | None = None):
    """A required id of a record: 1 to MAX_ID."""
    return Field(..., ge=1, le=MAX_ID, description=description)


class JournalPeriodOut(Schema):
    id: int
    name: str
    start: dt.date
    end: dt.date
    closed: bool


class PeriodRefOut(Schema):
    id: int
    name: str
    closed: bool


class JournalStudentOut(Schema):
    id: int
    full_name: str
    short_name: str
    enrolled_from: dt.date | None = Field(description="The first day on the roster within the period.")
    enrolled_to: dt.date | None = Field(description="The last day on the roster, null while enrolled.")
    average: str | None = Field(description="Weighted average of the period's marks, a decimal string.")
    suggested: str | None = Field(description="The suggested period mark (null with no period).")
    suggested_reason: str | None
    year_suggested: str | None = Field(None, description="The mean of the year's period marks, rounded.")


class LessonFileOut(Schema):
    id: int
    name: str
    size: int
    url: str = Field(description="Download address; open to whoever may see the lesson.")


class PlanItemRefOut(Schema):
    id: int
    number: int = Field(description="The item's number in the approved КТП.")
    topic: str = Field(description="The planned topic; the lesson's own topic may depart from it.")


class JournalLessonOut(Schema):
    id: int
    date: dt.date
    slot: int | None
    topic: str
    lesson_type: int | None
    lesson_type_name: str
    homework: str
    homework_due: dt.date | None
    status: str = Field(description="planned or cancelled.")
    teacher_id: int = Field(description="The staff card of the teacher who conducts it (a substitute too).")
    attendance_taken: bool
    version: int
    files: list[LessonFileOut] = Field(default_factory=list, description="Homework files.")
    plan_item: PlanItemRefOut | None = Field(None, description="The КТП item the lesson delivers, or null.")


class LessonOut(JournalLessonOut):
    """A lesson as a write answers it: the grid's keys and the journal it belongs to."""

    assignment: int = Field(description="The teaching assignment (journal) of the lesson.")


class MarkOut(Schema):
    id: int
    lesson: int
    student: int
    value: str = Field(description='As the journal shows it: "5", "5/4", "н/а", "осв", "зч", ".".')
    work_type: int
    weight: int
    comment: str
    deferred_until: dt.date | None = Field(description="For a deferred mark («.»): the deadline.")
    version: int


class AttendanceOut(Schema):
    lesson: int
    student: int
    code: str = Field(description="A code of the school's directory: Н, Б, У, ОП…")
    minutes_late: int | None
    version: int


class PeriodMarkOut(Schema):
    id: int
    student: int
    period: int | None
    value: str
    suggested: str
    reason: str
    version: int


class WorkTypeOut(Schema):
    id: int
    name: str
    short_name: str
    weight: int
    is_active: bool = True  # False: deactivated, kept on old marks, refused for new ones


class LessonTypeOut(Schema):
    id: int
    name: str
    is_active: bool = True


class AttendanceCodeOut(Schema):
    code: str
    name: str
    is_late: bool
    is_active: bool = True


class JournalOut(Schema):
    assignment: int
    subject: SubjectOut
    class_id: int
    class_name: str
    subgroup: str | None = Field(description="The subgroup's name when the journal is a subgroup's.")
    grading_mode: str
    can_write: bool = Field(description="Whether the caller may change this journal.")
    period: JournalPeriodOut | None = Field(description="The period shown; null: the school has none.")
    periods: list[PeriodRefOut]
    students: list[JournalStudentOut]
    lessons: list[JournalLessonOut]
    marks: list[MarkOut]
    attendance: list[AttendanceOut]
    period_marks: list[PeriodMarkOut]
    year_marks: list[PeriodMarkOut] = Field(default_factory=list)
    work_types: list[WorkTypeOut]
    lesson_types: list[LessonTypeOut]
    attendance_codes: list[AttendanceCodeOut]


class LessonCreateIn(Schema):
    assignment: Integer = _id()
    date: IsoDate
    slot: Integer | None = Field(None, ge=1, le=20)
    topic: str | None = Field(None, max_length=500)
    lesson_type: Integer | None = Field(None, ge=1, le=MAX_ID)
    homework: str | None = Field(None, max_length=10_000)
    homework_due: IsoDate | None = None


class LessonPatchIn(Schema):
    """Only the fields sent are changed."""

    topic: str | None = Field(None, max_length=500)
    lesson_type: Integer | None = Field(None, ge=1, le=MAX_ID)
    homework: str | None = Field(None, max_length=10_000)
    homework_due: IsoDate | None = None
    status: str | None = Field(None, description="planned or cancelled.")
    slot: Integer | None = Field(None, ge=1, le=20)


class LessonSubstituteIn(Schema):
    teacher: Integer = Field(
        ..., ge=1, le=MAX_ID, description="The staff card of the teacher who conducts it."
    )
    reason: str | None = Field(None, max_length=500)


class MarkCreateIn(Schema):
    model_config = {"coerce_numbers_to_str": True}

    lesson: Integer = _id()
    student: Integer = _id()
    value: str = Field(
        ..., max_length=8, description='"5", "5/4", "н/а", "осв", "зч", "." (needs deferred_until).'
    )
    work_type: Integer = _id()
    comment: str | None = Field(None, max_length=500)
    deferred_until: IsoDate | None = None


class MarkPatchIn(Schema):
    """Only the fields sent are changed; `reason` goes to the history."""

    model_config = {"coerce_numbers_to_str": True}

    value: str | None = Field(None, max_length=8)
    work_type: Integer | None = Field(None, ge=1, le=MAX_ID)
    comment: str | None = Field(None, max_length=500)
    deferred_until: IsoDate | None = None
    reason: str | None = Field(None, max_length=500)


class AttendanceIn(Schema):
    code: str = Field(..., min_length=1, max_length=4)
    minutes_late: Integer | None = Field(None, ge=0, le=1000)


class PeriodMarkIn(Schema):
    model_config = {"coerce_numbers_to_str": True}

    student: Integer = _id()
    assignment: Integer = _id()
    period: Integer | None = Field(None, ge=1, le=MAX_ID, description="Required for kind=period.")
    value: str = Field(..., max_length=8)
    reason: str | None = Field(None, max_length=500)
    kind: str = Field("period", description="period, year, exam or final.")


class CellEventOut(Schema):
    at: dt.datetime
    actor: str
    action: str = Field(description="mark.create, mark.update, mark.delete, attendance.create…")
    summary: str = Field(description="The change in words, e.g. «отметка 4 → 5».")
    reason: str


# --- Batches of cell changes (POST /journal/cells) -------------------------------------------

_REASON = Field(None, max_length=500, description="Why, for a change in a period the deputy unlocked.")
_IF_MATCH = Field(..., ge=0, le=MAX_ID, description="The version the client last saw.")


class MarkCreateItem(Schema):
    model_config = {"coerce_numbers_to_str": True, "extra": "forbid"}

    op: Literal["mark.create"]
    lesson: Integer = _id()
    student: Integer = _id()
    value: str = Field(..., max_length=8)
    work_type: Integer = _id()
    comment: str | None = Field(None, max_length=500)
    deferred_until: IsoDate | None = None
    idempotency_key: str = Field(
        ..., min_length=1, max_length=80, description="As the Idempotency-Key of POST /marks."
    )
    reason: str | None = _REASON


class MarkUpdateItem(Schema):
    model_config = {"coerce_numbers_to_str": True, "extra": "forbid"}

    op: Literal["mark.update"]
    id: Integer = _id()
    if_match: Integer = _IF_MATCH
    value: str | None = Field(None, max_length=8)
    work_type: Integer | None = Field(None, ge=1, le=MAX_ID)
    comment: str | None = Field(None, max_length=500)
    deferred_until: IsoDate | None = None
    reason: str | None = _REASON


class MarkDeleteItem(Schema):
    model_config = {"extra": "forbid"}

    op: Literal["mark.delete"]
    id: Integer = _id()
    if_match: Integer = _IF_MATCH
    reason: str | None = _REASON


class AttendanceSetItem(Schema):
    model_config = {"extra": "forbid"}

    op: Literal["attendance.set"]
    lesson: Integer = _id()
    student: Integer = _id()
    code: str = Field(..., min_length=1, max_length=4)
    minutes: Integer | None = Field(None, ge=0, le=1000, description="Minutes late, for ОП.")
    if_match: Integer | None = Field(
        None, ge=0, le=MAX_ID, description="The version the client saw; absent or 0: none yet."
    )
    reason: str | None = _REASON


class AttendanceClearItem(Schema):
    model_config = {"extra": "forbid"}

    op: Literal["attendance.clear"]
    lesson: Integer = _id()
    student: Integer = _id()
    if_match: Integer = _IF_MATCH
    reason: str | None = _REASON


CellItem = Annotated[
    MarkCreateItem | MarkUpdateItem | MarkDeleteItem | AttendanceSetItem | AttendanceClearItem,
    Field(discriminator="op"),
]


class CellsIn(Schema):
    items: list[CellItem] = Field(..., min_length=1, max_length=200)


class CellResultOut(Schema):
    """One item's outcome, in the order sent: 201 made, 200 changed (or a retry that already
    landed), else the error as the single route gives it (`detail`, `code`, `field`, `current`;
    an item's bad value is 422 here, the single route's 400)."""

    status: int = Field(description="201, 200, 403, 404, 409, 422 or 428.")
    op: str
    record: MarkOut | AttendanceOut | None = Field(
        None, description="The mark or attendance as saved; null for a removal or an error."
    )
    version: int | None = Field(
        None, description="The record's current version (after the change, or the one a 409 met)."
    )
    detail: str | None = None
    code: str | None = None
    field: str | None = None
    current: dict | None = None


class CellsOut(Schema):
    results: list[CellResultOut]
