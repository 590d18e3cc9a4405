"""Typed request and response shapes (DESIGN.md §4); the OpenAPI document is built from these."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

# Ids are 64-bit integers in every database we run on; a bigger one is bad input (400), not a 500.
MAX_ID = 2**63 - 1
# An academic year is named by its two calendar years: 2026/2027.
YEAR_PATTERN = r"^\d{4}/\d{4}$"


class TokenIn(Schema):
    username: str = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=4096)


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
    class_id: int
    subgroup_id: int | None
    teacher_id: int
    grade: int
