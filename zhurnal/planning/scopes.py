"""Who sees which plans (decision 0002): the journal's readers of the assignment (its teacher,
the class teacher, the director and deputy), the school's system administrator, and a teacher
of the same subject and grade in the same school (to copy a colleague's plan). Families never."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from zhurnal.core import scoping
from zhurnal.people.models import TeachingAssignment
from zhurnal.planning.models import PlanEvent, PlanItem, PlanVersion, ThematicPlan
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.policy.scopes import journal_assignment_q, taught_assignments


def plan_assignment_q(actor: Actor) -> Q:
    """Teaching assignments whose plan the actor may read."""
    q = journal_assignment_q(actor)
    schools = rules.plan_reader_school_ids(actor)
    if schools:
        q |= Q(school_id__in=schools)
    if actor.staff_ids and rules.may_teach(actor):
        same_subject_and_grade = taught_assignments(actor).filter(
            school_id=OuterRef("school_id"),
            subject_id=OuterRef("subject_id"),
            class_group__grade=OuterRef("class_group__grade"),
        )
        q |= Q(Exists(same_subject_and_grade))
    return q


def readable_plans(actor: Actor) -> QuerySet:
    assignments = TeachingAssignment.objects.filter(plan_assignment_q(actor)).values("pk")
    return ThematicPlan.objects.filter(assignment__in=assignments).values("pk")


def _plans(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(assignment__in=TeachingAssignment.objects.filter(plan_assignment_q(actor)).values("pk"))


def _versions(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(plan__in=readable_plans(actor))


def _items(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(version__plan__in=readable_plans(actor))


def register_all() -> None:
    scoping.register(ThematicPlan, _plans)
    scoping.register(PlanVersion, _versions)
    scoping.register(PlanItem, _items)
    scoping.register(PlanEvent, _items)
