"""Reads for the planning pages, each starting from a scoped queryset and prefetching all the
template shows (STYLE.md 6, 7)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Subquery, Sum

from zhurnal.people.models import TeachingAssignment
from zhurnal.planning.hours import HoursCheck, hours_check
from zhurnal.planning.models import PlanEvent, PlanItem, PlanVersion, ThematicPlan
from zhurnal.planning.services.imports import copy_sources
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor

_ASSIGNMENT_RELATED = ("class_group", "subgroup__class_group", "subject", "year")


def _latest(field_name: str):
    return Subquery(
        PlanVersion.objects.filter(plan__assignment=OuterRef("pk")).order_by("-number").values(field_name)[:1]
    )


def teacher_plans(actor: Actor) -> list[TeachingAssignment]:
    """The teacher's own assignments, each with its plan's latest version: number, status, items.
    One query."""
    if not actor.staff_ids:
        return []
    latest_items = Subquery(
        PlanVersion.objects.filter(plan__assignment=OuterRef("pk"))
        .order_by("-number")
        .annotate(n=Count("items"))
        .values("n")[:1]
    )
    return list(
        TeachingAssignment.objects.visible_to(actor)
        .filter(teacher_id__in=actor.staff_ids)
        .select_related(*_ASSIGNMENT_RELATED)
        .annotate(
            plan_version=_latest("number"),
            plan_status=_latest("status"),
            plan_items=latest_items,
        )
        .order_by("-year__start", "class_group__grade", "class_group__letter", "subject__name")
    )


@dataclass
class PlanPage:
    assignment: TeachingAssignment
    plan: ThematicPlan | None
    versions: list[PlanVersion]
    shown: PlanVersion | None  # the latest version: what the teacher edits or the deputy decides on
    approved: PlanVersion | None  # the one feeding the journal
    items: list[PlanItem]
    hours: HoursCheck
    may_write: bool
    may_decide: bool
    sources: list[ThematicPlan] = field(default_factory=list)

    @property
    def editable(self) -> bool:
        """Changes are taken (an approved latest version starts a new draft on the first change)."""
        return self.may_write and (self.shown is None or self.shown.status != PlanVersion.Status.SUBMITTED)

    @property
    def awaiting_decision(self) -> bool:
        return self.shown is not None and self.shown.status == PlanVersion.Status.SUBMITTED


def plan_page(actor: Actor, assignment: TeachingAssignment) -> PlanPage:
    plan = ThematicPlan.objects.visible_to(actor).filter(assignment=assignment).first()
    versions: list[PlanVersion] = []
    if plan is not None:
        events = PlanEvent.objects.select_related("user").order_by("created_at", "pk")
        versions = list(
            PlanVersion.objects.filter(plan=plan)
            .select_related("decided_by")
            .prefetch_related(Prefetch("events", queryset=events))
            .annotate(hours=Sum("items__hours"), item_count=Count("items"))
            .order_by("-number")
        )
    shown = versions[0] if versions else None
    approved = next((v for v in versions if v.status == PlanVersion.Status.APPROVED), None)
    items = list(shown.items.order_by("number")) if shown is not None else []
    may_write = rules.may_write_plan(actor, assignment)
    return PlanPage(
        assignment=assignment,
        plan=plan,
        versions=versions,
        shown=shown,
        approved=approved,
        items=items,
        hours=hours_check(assignment, sum(i.hours for i in items)),
        may_write=may_write,
        may_decide=rules.may_approve_plans(actor, assignment.school_id),
        sources=copy_sources(actor, assignment) if may_write else [],
    )


def plans_to_review(actor: Actor) -> list[PlanVersion]:
    """Submitted plans of the schools where the actor approves plans, oldest first. One query."""
    schools = rules.plan_approver_school_ids(actor)
    if not schools:
        return []
    return list(
        PlanVersion.objects.visible_to(actor)
        .filter(school_id__in=schools, status=PlanVersion.Status.SUBMITTED)
        .select_related(
            "plan__assignment__class_group",
            "plan__assignment__subgroup__class_group",
            "plan__assignment__subject",
            "plan__assignment__teacher",
        )
        .annotate(hours=Sum("items__hours"), item_count=Count("items"))
        .order_by("submitted_at", "pk")
    )
