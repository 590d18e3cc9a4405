"""One access function per protected thing: an outsider gets NotFound (404), a reader who may not
do the thing gets Forbidden (403)."""

from django.utils.translation import gettext as _

from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.people.models import TeachingAssignment
from zhurnal.planning.models import PlanItem
from zhurnal.planning.scopes import plan_assignment_q
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor

_ASSIGNMENT_RELATED = ("class_group", "subgroup__class_group", "subject", "teacher", "year", "school")


def _not_found() -> NotFound:
    return NotFound(_("Не найдено."))


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _not_found() from None


def assignment_for_plan_reader(actor: Actor, assignment_id) -> TeachingAssignment:
    found = (
        TeachingAssignment.objects.filter(plan_assignment_q(actor), pk=_pk(assignment_id))
        .select_related(*_ASSIGNMENT_RELATED)
        .first()
    )
    if found is None:
        raise _not_found()
    return found


def assignment_for_plan_writer(actor: Actor, assignment_id) -> TeachingAssignment:
    assignment = assignment_for_plan_reader(actor, assignment_id)
    if not rules.may_write_plan(actor, assignment):
        raise Forbidden(_("Изменять КТП может только учитель, который ведёт этот предмет."))
    return assignment


def assignment_for_plan_approver(actor: Actor, assignment_id) -> TeachingAssignment:
    assignment = assignment_for_plan_reader(actor, assignment_id)
    if not rules.may_approve_plans(actor, assignment.school_id):
        raise Forbidden(_("Утверждает КТП заместитель директора."))
    return assignment


def item_for_writer(actor: Actor, item_id) -> PlanItem:
    item = (
        PlanItem.objects.visible_to(actor)
        .filter(pk=_pk(item_id))
        .select_related("version__plan__assignment")
        .first()
    )
    if item is None:
        raise _not_found()
    if not rules.may_write_plan(actor, item.version.plan.assignment):
        raise Forbidden(_("Изменять КТП может только учитель, который ведёт этот предмет."))
    return item
