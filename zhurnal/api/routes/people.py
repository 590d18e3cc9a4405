"""People: `/students`, `/staff`, `/guardians` (lists and records) and `/credential-issues`
(issue 10 item 9).

The same reads as the people pages. A list answers names (and a pupil's class) to staff, with
filters and a cursor: `{"items": [...], "next_cursor"}`; pass `next_cursor` back as `cursor` for
the next page (null: the last one). A record answers only the fields the caller's role may see
(`zhurnal.policy.fields`: a subject teacher gets a pupil's name and class, not the address or
documents) — the others are left out of the answer — and every record answered is logged in the
security log as a view of the record (who, whose, when), as the pages do.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from zhurnal.accounts.models import SecurityEvent
from zhurnal.accounts.security import security_log
from zhurnal.api import selectors
from zhurnal.api.errors import ErrorOut, ValidationErrorOut, forbidden, not_found
from zhurnal.api.schemas import MAX_ID, SubjectOut
from zhurnal.api.security import request_actor
from zhurnal.core import clock
from zhurnal.people import records
from zhurnal.people.models import Guardian, Staff, Student, StudentGuardian
from zhurnal.policy import fields as visibility
from zhurnal.policy import rules

router = Router(tags=["people"])

READ_ERRORS = {400: ValidationErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class PageQuery(Schema):
    cursor: int | None = Field(
        None, ge=1, le=MAX_ID, description="`next_cursor` of the previous page; none for the first."
    )
    limit: int = Field(records.PAGE_LIMIT, ge=1, le=records.MAX_PAGE_LIMIT)
    school: int | None = Field(None, ge=1, le=MAX_ID, description="Only this school's cards.")


class PeopleQuery(PageQuery):
    q: str = Field("", max_length=100, description="Words of the name (surname, name, patronymic).")


class ClassPeopleQuery(PeopleQuery):
    class_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Pupils enrolled in this class today (for parents: their children).",
    )


class NamesOut(Schema):
    id: int
    school_id: int
    full_name: str
    last_name: str
    first_name: str
    middle_name: str


class StudentItemOut(NamesOut):
    class_id: int | None = Field(description="The class the pupil is enrolled in today.")


class StaffItemOut(NamesOut):
    position: str


class StudentPageOut(Schema):
    items: list[StudentItemOut]
    next_cursor: int | None


class StaffPageOut(Schema):
    items: list[StaffItemOut]
    next_cursor: int | None


class GuardianPageOut(Schema):
    items: list[NamesOut]
    next_cursor: int | None


class GuardianLinkOut(Schema):
    student_id: int
    guardian_id: int
    full_name: str = Field(
        description="The other side's name: the parent's on a pupil, the pupil's on a parent."
    )
    relation: str
    is_legal_representative: bool


class StudentOut(StudentItemOut):
    """A pupil's record. Personal fields appear only for the roles that may see them."""

    birth_date: dt.date | None = None
    sex: str | None = None
    address: str | None = None
    snils: str | None = None
    document_type: str | None = None
    document_series: str | None = None
    document_number: str | None = None
    document_issued_by: str | None = None
    document_issued_on: dt.date | None = None
    health_group: str | None = Field(None, description="Only where the school keeps the health group.")
    guardians: list[GuardianLinkOut]


class StaffOut(StaffItemOut):
    """A staff member's record: contacts and dates of work for the school's staff only."""

    phone: str | None = None
    email: str | None = None
    work_start: dt.date | None = None
    work_end: dt.date | None = None
    subjects: list[SubjectOut] | None = None


class GuardianOut(NamesOut):
    """A parent's record: contacts for those who may see them."""

    phone: str | None = None
    email: str | None = None
    address: str | None = None
    children: list[GuardianLinkOut]


class CredentialIssueOut(Schema):
    id: int
    school_id: int
    user_id: int
    username: str
    full_name: str
    issued_by_id: int | None
    issued_by: str = Field(description="Who issued it; empty when their login is gone.")
    issued_at: dt.datetime
    first_used_at: dt.datetime | None = Field(description="The first login with it; null while unused.")


class CredentialIssuePageOut(Schema):
    items: list[CredentialIssueOut]
    next_cursor: int | None


def _names(card) -> dict:
    return {
        "id": card.pk,
        "school_id": card.school_id,
        "full_name": card.full_name,
        "last_name": card.last_name,
        "first_name": card.first_name,
        "middle_name": card.middle_name,
    }


def _shown(card, fields: tuple[str, ...], names: tuple[str, ...]) -> dict:
    return {name: getattr(card, name) for name in names if name in fields}


def _staff_only(request: HttpRequest):
    actor = request_actor(request)
    if not rules.may_see_staff_area(actor):
        raise forbidden()
    return actor


def _viewed(actor, card) -> None:
    security_log(kind=SecurityEvent.Kind.RECORD_VIEWED, actor=actor, subject=card)


@router.get(
    "/students",
    url_name="students",
    response={200: StudentPageOut, **READ_ERRORS},
    summary="Search pupils",
)
def student_list(request: HttpRequest, filters: Query[ClassPeopleQuery]):
    """Staff only (403 otherwise); the pupils the caller may see, in id order."""
    actor = _staff_only(request)
    page = records.people_page(
        actor,
        "students",
        query=filters.q,
        school_id=filters.school,
        class_id=filters.class_id,
        cursor=filters.cursor,
        limit=filters.limit,
    )
    items = [StudentItemOut(**_names(s), class_id=s.current_class_id) for s in page.items]
    return StudentPageOut(items=items, next_cursor=page.next_cursor)


@router.get(
    "/students/{student_id}",
    url_name="student",
    response={200: StudentOut, **READ_ERRORS},
    exclude_unset=True,
    summary="A pupil's record",
)
def student(request: HttpRequest, student_id: int = Path(..., ge=1, le=MAX_ID)):
    """404 for a pupil the caller may not see, exactly as for one that does not exist."""
    actor = request_actor(request)
    found = selectors.student_for_viewer(actor, student_id)
    if found is None:
        raise not_found()
    _viewed(actor, found)
    shown = visibility.student_fields(actor, found, clock.today())
    links = StudentGuardian.objects.visible_to(actor).filter(student=found).select_related("guardian")
    return StudentOut(
        **_names(found),
        class_id=found.current_class_id,
        **_shown(found, shown, (*visibility.STUDENT_PERSONAL_FIELDS, *visibility.STUDENT_HEALTH_FIELDS)),
        guardians=[_link(link, link.guardian) for link in links.order_by("pk")],
    )


def _link(link: StudentGuardian, other) -> GuardianLinkOut:
    return GuardianLinkOut(
        student_id=link.student_id,
        guardian_id=link.guardian_id,
        full_name=other.full_name,
        relation=link.relation,
        is_legal_representative=link.is_legal_representative,
    )


@router.get(
    "/staff",
    url_name="staff_list",
    response={200: StaffPageOut, **READ_ERRORS},
    summary="Search staff",
)
def staff_list(request: HttpRequest, filters: Query[PeopleQuery]):
    actor = _staff_only(request)
    page = records.people_page(
        actor, "staff", query=filters.q, school_id=filters.school, cursor=filters.cursor, limit=filters.limit
    )
    items = [StaffItemOut(**_names(s), position=s.position) for s in page.items]
    return StaffPageOut(items=items, next_cursor=page.next_cursor)


@router.get(
    "/staff/{staff_id}",
    url_name="staff",
    response={200: StaffOut, **READ_ERRORS},
    exclude_unset=True,
    summary="A staff member's record",
)
def staff(request: HttpRequest, staff_id: int = Path(..., ge=1, le=MAX_ID)):
    """The school's community sees a staff member's name and position; its staff the rest."""
    actor = request_actor(request)
    found = Staff.objects.visible_to(actor).filter(pk=staff_id).first()
    if found is None:
        raise not_found()
    _viewed(actor, found)
    shown = visibility.staff_fields(actor, found)
    extra = _shown(found, shown, ("phone", "email", "work_start", "work_end"))
    if "subjects" in shown:
        extra["subjects"] = [SubjectOut(id=s.pk, name=s.name) for s in found.subjects.order_by("name", "pk")]
    return StaffOut(**_names(found), position=found.position, **extra)


@router.get(
    "/guardians",
    url_name="guardians",
    response={200: GuardianPageOut, **READ_ERRORS},
    summary="Search parents",
)
def guardian_list(request: HttpRequest, filters: Query[ClassPeopleQuery]):
    """The record keepers see the school's parents, a class teacher those of their class."""
    actor = _staff_only(request)
    page = records.people_page(
        actor,
        "guardians",
        query=filters.q,
        school_id=filters.school,
        class_id=filters.class_id,
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return GuardianPageOut(items=[NamesOut(**_names(g)) for g in page.items], next_cursor=page.next_cursor)


@router.get(
    "/guardians/{guardian_id}",
    url_name="guardian",
    response={200: GuardianOut, **READ_ERRORS},
    exclude_unset=True,
    summary="A parent's record",
)
def guardian(request: HttpRequest, guardian_id: int = Path(..., ge=1, le=MAX_ID)):
    actor = request_actor(request)
    found = Guardian.objects.visible_to(actor).filter(pk=guardian_id).first()
    if found is None:
        raise not_found()
    _viewed(actor, found)
    shown = visibility.guardian_fields(actor, found, clock.today())
    links = StudentGuardian.objects.filter(
        guardian=found, student__in=Student.objects.visible_to(actor).values("pk")
    ).select_related("student")
    return GuardianOut(
        **_names(found),
        **_shown(found, shown, visibility.GUARDIAN_CONTACT_FIELDS),
        children=[_link(link, link.student) for link in links.order_by("pk")],
    )


@router.get(
    "/credential-issues",
    url_name="credential_issues",
    response={200: CredentialIssuePageOut, **READ_ERRORS},
    summary="The issuance log of credentials",
)
def credential_issues(request: HttpRequest, filters: Query[PageQuery]):
    """Newest first. The administrators see their schools' log; a class teacher the issues they
    made. The one-time password itself is never kept, so never answered."""
    actor = request_actor(request)
    if not rules.may_see_credential_issues(actor):
        raise forbidden()
    page = records.credential_issues_page(
        actor, school_id=filters.school, cursor=filters.cursor, limit=filters.limit
    )
    items = [
        CredentialIssueOut(
            id=issue.pk,
            school_id=issue.school_id,
            user_id=issue.user_id,
            username=issue.user.username,
            full_name=issue.user.full_name,
            issued_by_id=issue.issued_by_id,
            issued_by=issue.issued_by.full_name if issue.issued_by else "",
            issued_at=issue.issued_at,
            first_used_at=issue.first_used_at,
        )
        for issue in page.items
    ]
    return CredentialIssuePageOut(items=items, next_cursor=page.next_cursor)
