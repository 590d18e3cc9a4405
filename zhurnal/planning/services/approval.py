"""Submitting the plan and the deputy director's decision: approve (the version is frozen and
feeds the journal) or return with a comment."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Conflict, InvalidInput
from zhurnal.core.events import publish
from zhurnal.planning import access
from zhurnal.planning.models import PlanEvent, PlanVersion
from zhurnal.planning.services.common import event, latest_version, plan_of
from zhurnal.planning.signals import plan_approved
from zhurnal.policy.actor import Actor

Status = PlanVersion.Status


def plan_submit(*, actor: Actor, assignment_id) -> PlanVersion:
    assignment = access.assignment_for_plan_writer(actor, assignment_id)
    plan = plan_of(assignment)
    version = latest_version(plan) if plan is not None else None
    if version is None or not version.is_editable:
        raise Conflict(_("Нет черновика КТП, который можно отправить."), code="nothing_to_submit")
    if not version.items.exists():
        raise InvalidInput(_("В КТП нет ни одного пункта."), field="items", code="plan_empty")
    with transaction.atomic():
        before = version.status
        version.status = Status.SUBMITTED
        version.submitted_at = timezone.now()
        version.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_record(
            actor=actor,
            action="plan.submit",
            obj=plan,
            before={"status": before},
            after={"status": version.status, "version": version.number},
        )
        event(actor, version, PlanEvent.Action.SUBMITTED)
    return version


def plan_decide(*, actor: Actor, assignment_id, approve: bool, comment: str = "") -> PlanVersion:
    assignment = access.assignment_for_plan_approver(actor, assignment_id)
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise InvalidInput(_("Комментарий длиннее 1000 знаков."), field="comment")
    if not approve and not comment:
        raise InvalidInput(_("Напишите, что исправить: без комментария план не вернуть."), field="comment")
    plan = plan_of(assignment)
    with transaction.atomic():
        version = (
            PlanVersion.objects.select_for_update().filter(plan=plan).order_by("-number").first()
            if plan is not None
            else None
        )
        if version is None or version.status != Status.SUBMITTED:
            raise Conflict(_("Этот КТП не ждёт согласования."), code="not_submitted")
        version.status = Status.APPROVED if approve else Status.RETURNED
        version.decided_at = timezone.now()
        version.decided_by = actor.user
        version.comment = comment
        version.save(update_fields=["status", "decided_at", "decided_by", "comment", "updated_at"])
        audit_record(
            actor=actor,
            action="plan.approve" if approve else "plan.return",
            obj=plan,
            before={"status": Status.SUBMITTED},
            after={"status": version.status, "version": version.number},
            reason=comment,
        )
        event(actor, version, PlanEvent.Action.APPROVED if approve else PlanEvent.Action.RETURNED, comment)
        if approve:
            plan_approved.send(sender=PlanVersion, assignment_id=assignment.pk, version=version, actor=actor)
        publish(
            "plan.decided",
            assignment_id=assignment.pk,
            teacher_id=assignment.teacher_id,
            approved=approve,
            comment=comment,
            actor_user_id=actor.user.pk,
        )
    return version
