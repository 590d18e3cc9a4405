"""Reads for the people records pages: search and one record with what the actor may see of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery

from zhurnal.accounts.models import CredentialIssue, SecurityEvent
from zhurnal.core import clock
from zhurnal.people.models import Enrollment, Guardian, Staff, Student, StudentGuardian, enrolled_between_q
from zhurnal.policy import fields as visibility

SEARCH_LIMIT = 50


def _name_q(query: str) -> Q:
    q = Q()
    for word in query.split()[:3]:
        q &= Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(middle_name__icontains=word)
    return q


def with_class_name(students):
    today = clock.today()
    current = Enrollment.objects.filter(enrolled_between_q(today, today), student=OuterRef("pk"))
    return students.annotate(
        class_grade=Subquery(current.values("class_group__grade")[:1]),
        class_letter=Subquery(current.values("class_group__letter")[:1]),
    )


def search(actor, kind: str, query: str) -> list:
    """Up to 50 cards of `kind` whose names hold every word of `query`, scoped to the actor."""
    model = {"students": Student, "staff": Staff, "guardians": Guardian}[kind]
    # Every card the actor may see is of one of their schools: saying so lets a name search read
    # those schools' cards, not test every card of the region (docs/performance/region-50.md).
    qs = (
        model.objects.visible_to(actor)
        .filter(_name_q(query), school_id__in=actor.member_school_ids)
        .select_related("school")
    )
    if kind == "students":
        qs = with_class_name(qs)
    return list(qs.order_by("last_name", "first_name", "middle_name", "pk")[:SEARCH_LIMIT])


@dataclass
class Record:
    card: object
    fields: tuple[str, ...]
    links: list = field(default_factory=list)  # StudentGuardian rows, both ways
    views: list = field(default_factory=list)  # SecurityEvent rows: who viewed this record

    def shows(self, name: str) -> bool:
        return name in self.fields


def _views(actor, card) -> list[SecurityEvent]:
    if not visibility.may_see_view_history(actor, card.school_id):
        return []
    return list(
        SecurityEvent.objects.visible_to(actor)
        .filter(
            # The record's views and its personal file's, documents' and consent scans' (which
            # name the pupil as their subject): every view of a person's data, one list.
            kind__in=[SecurityEvent.Kind.RECORD_VIEWED, SecurityEvent.Kind.FILE_VIEWED],
            subject_type=card._meta.label_lower,
            subject_id=card.pk,
        )
        .order_by("-at", "-pk")[:50]
    )


def student_record(actor, student: Student) -> Record:
    today = clock.today()
    fields = visibility.student_fields(actor, student, today)
    links = list(StudentGuardian.objects.visible_to(actor).filter(student=student).select_related("guardian"))
    return Record(card=student, fields=fields, links=links, views=_views(actor, student))


def guardian_record(actor, guardian: Guardian) -> Record:
    fields = visibility.guardian_fields(actor, guardian, clock.today())
    links = list(
        StudentGuardian.objects.filter(
            guardian=guardian, student__in=Student.objects.visible_to(actor).values("pk")
        ).select_related("student")
    )
    return Record(card=guardian, fields=fields, links=links, views=_views(actor, guardian))


def staff_record(actor, staff: Staff) -> Record:
    return Record(card=staff, fields=visibility.staff_fields(actor, staff), views=_views(actor, staff))


# --- the people API's lists (issue 10 item 9): filters and a cursor --------------------------------

PAGE_LIMIT = 50
MAX_PAGE_LIMIT = 200


@dataclass
class Page:
    items: list
    next_cursor: int | None


def _page(qs, *, cursor: int | None, limit: int, newest_first: bool = False) -> Page:
    """One page of `qs` in id order (newest first for a log): the cursor is the last id the
    caller has seen, so a page never repeats or skips a row when rows are added meanwhile."""
    limit = max(1, min(limit, MAX_PAGE_LIMIT))
    if cursor is not None:
        qs = qs.filter(pk__lt=cursor) if newest_first else qs.filter(pk__gt=cursor)
    rows = list(qs.order_by("-pk" if newest_first else "pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(items=rows, next_cursor=rows[-1].pk if more else None)


def people_page(
    actor,
    kind: str,
    *,
    query: str = "",
    school_id: int | None = None,
    class_id: int | None = None,
    cursor: int | None = None,
    limit: int = PAGE_LIMIT,
) -> Page:
    """Cards of `kind` the actor may see, filtered by name words, school and (pupils, parents of
    pupils) the class they are enrolled in today; one query however long the page."""
    model = {"students": Student, "staff": Staff, "guardians": Guardian}[kind]
    qs = model.objects.visible_to(actor)
    if query:
        qs = qs.filter(_name_q(query[:100]))
    if school_id is not None:
        qs = qs.filter(school_id=school_id)
    if class_id is not None and kind != "staff":
        today = clock.today()
        in_class = Enrollment.objects.filter(enrolled_between_q(today, today), class_group_id=class_id)
        if kind == "students":
            qs = qs.filter(pk__in=in_class.values("student_id"))
        else:
            qs = qs.filter(
                pk__in=StudentGuardian.objects.filter(student_id__in=in_class.values("student_id")).values(
                    "guardian_id"
                )
            )
    if kind == "students":
        qs = with_current_class_id(qs)
    return _page(qs, cursor=cursor, limit=limit)


def with_current_class_id(students):
    today = clock.today()
    current = Enrollment.objects.filter(enrolled_between_q(today, today), student=OuterRef("pk"))
    return students.annotate(
        current_class_id=Subquery(current.order_by("-start").values("class_group_id")[:1])
    )


def credential_issues_page(
    actor, *, school_id: int | None = None, cursor: int | None = None, limit: int = PAGE_LIMIT
) -> Page:
    """The issuance log, newest first: the administrators' schools and what the actor issued."""
    qs = CredentialIssue.objects.visible_to(actor).select_related("user", "issued_by")
    if school_id is not None:
        qs = qs.filter(school_id=school_id)
    return _page(qs, cursor=cursor, limit=limit, newest_first=True)
