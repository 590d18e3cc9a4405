"""Reads of the archive pages: what the actor may print, the archive's list with its filters,
the retention table. Each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from zhurnal.archive.models import ArchivedDocument, DocumentKind, RetentionRule
from zhurnal.core import clock
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup


def printable_classes(actor: Actor) -> list[ClassGroup]:
    """Classes whose printed records the actor makes, the latest year first."""
    return list(
        ClassGroup.objects.visible_to(actor)
        .filter(school_id__in=rules.record_printer_school_ids(actor))
        .select_related("year", "school")
        .order_by("-year__start", "grade", "letter")
    )


@dataclass
class ArchiveFilters:
    kind: str = ""
    class_group: str = ""
    period: str = ""
    state: str = ""  # "", "kept", "due" (past retention), "destroyed"


def archive_documents(actor: Actor, filters: ArchiveFilters) -> list[ArchivedDocument]:
    today = clock.today()
    documents = (
        ArchivedDocument.objects.visible_to(actor)
        .select_related("class_group", "school", "stamp", "destruction")
        .order_by("-signed_off_at", "-pk")
    )
    if filters.kind in DocumentKind.values:
        documents = documents.filter(kind=filters.kind)
    if filters.class_group.isdigit():
        documents = documents.filter(class_group_id=int(filters.class_group))
    if filters.period:
        documents = documents.filter(period=filters.period)
    if filters.state == "destroyed":
        documents = documents.filter(destroyed_at__isnull=False)
    elif filters.state == "due":
        documents = documents.filter(destroyed_at__isnull=True, retention_until__lte=today)
    elif filters.state == "kept":
        documents = documents.filter(destroyed_at__isnull=True)
    found = list(documents[:500])
    for document in found:
        document.is_due = (
            document.destroyed_at is None
            and document.retention_until is not None
            and document.retention_until <= today
        )
        document.may_destroy = document.is_due and rules.may_destroy_documents(actor, document.school_id)
    return found


def archive_filter_choices(actor: Actor) -> dict:
    visible = ArchivedDocument.objects.visible_to(actor)
    classes = ClassGroup.objects.filter(
        pk__in=visible.filter(class_group__isnull=False).values("class_group_id")
    ).select_related("year")
    return {
        "kinds": DocumentKind.choices,
        "classes": sorted(classes, key=lambda c: (c.year.start, c.grade, c.letter), reverse=True),
        "periods": sorted(set(visible.exclude(period="").values_list("period", flat=True)), reverse=True),
    }


@dataclass
class RetentionLine:
    kind: str
    label: str
    years: int | None
    legal_note: str
    start_event: str
    own: bool  # the school's own row, not the shipped default


def retention_table(actor: Actor, school_id: int) -> list[RetentionLine]:
    rows = RetentionRule.objects.visible_to(actor).filter(Q(school__isnull=True) | Q(school_id=school_id))
    by_kind: dict[str, RetentionRule] = {}
    for rule in sorted(rows, key=lambda r: r.school_id is not None):
        by_kind[rule.kind] = rule
    lines = []
    for kind, label in DocumentKind.choices:
        rule = by_kind.get(kind)
        lines.append(
            RetentionLine(
                kind,
                str(label),
                rule.years if rule else None,
                rule.legal_note if rule else "",
                rule.start_event if rule else "",
                bool(rule and rule.school_id),
            )
        )
    return lines
