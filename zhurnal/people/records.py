"""Reads for the people records pages: search and one record with what the actor may see of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery

from zhurnal.accounts.models import SecurityEvent
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
    qs = model.objects.visible_to(actor).filter(_name_q(query)).select_related("school")
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
            kind=SecurityEvent.Kind.RECORD_VIEWED,
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
