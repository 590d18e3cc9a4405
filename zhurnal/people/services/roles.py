"""Taking a role back (issue 10 item 4 of the leftovers): a role grant (a staff role, a class
teacher's class, a parent's or pupil's role) or a parent's link to a pupil, by the school's system
administrator (or director), with a reason.

The actor is built from the grants and links on every request, so the person's open sessions
and API tokens hold the new rights from their next request on. A login left with no role at all
loses its API tokens too; its sessions then grant nothing. Each change is an audit row and a
`role_revoked` row of the security log (UZ-3 wants every change of access rights).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.accounts.models import Role, RoleGrant, SecurityEvent, User
from zhurnal.accounts.security import security_log
from zhurnal.accounts.tokens import revoke_all
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound
from zhurnal.people.models import StudentGuardian
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor

REASON_MAX = 300


def _reason(value) -> str:
    reason = (value or "").strip() if isinstance(value, str) else ""
    if not reason:
        raise InvalidInput(
            _("«Причина»: укажите, почему снимается роль."), field="reason", code="reason_required"
        )
    if len(reason) > REASON_MAX:
        raise InvalidInput(_("«Причина»: не длиннее %(n)s знаков.") % {"n": REASON_MAX}, field="reason")
    return reason


def _may_revoke(actor: Actor, school_id: int | None, user_id: int) -> None:
    if school_id is None or not rules.may_grant_roles(actor, school_id):
        raise Forbidden(_("Снимать роли может системный администратор школы."))
    if actor.user is not None and actor.user.pk == user_id:
        raise Forbidden(_("Свою роль снять нельзя: попросите другого администратора."))


def _tokens_if_roleless(user_id: int) -> int:
    if RoleGrant.objects.filter(user_id=user_id).exists():
        return 0
    return revoke_all(User(pk=user_id))


def _revoked(actor: Actor, grant: RoleGrant, reason: str, **extra) -> None:
    detail = {"role": grant.role, "class_group": grant.class_group_id, **extra}
    audit_record(
        actor=actor, action="role.revoke", obj=grant, school_id=grant.school_id, before=detail, reason=reason
    )
    security_log(
        kind=SecurityEvent.Kind.ROLE_REVOKED,
        actor=actor,
        school_id=grant.school_id,
        subject=grant.user,
        detail={**detail, "reason": reason},
    )


def role_revoke(*, actor: Actor, grant_id, reason) -> RoleGrant:
    """Take back one role grant. Returns the grant as it was."""
    reason = _reason(reason)
    with transaction.atomic():
        grant = (
            RoleGrant.objects.visible_to(actor)
            .select_for_update()
            .filter(pk=_int(grant_id))
            .select_related("user")
            .first()
        )
        if grant is None:
            raise NotFound(_("Не найдено."))
        _may_revoke(actor, grant.school_id, grant.user_id)
        user_id, grant_pk = grant.user_id, grant.pk
        grant.delete()
        grant.pk = grant_pk  # for the audit row's object id
        _revoked(actor, grant, reason, tokens_revoked=_tokens_if_roleless(user_id))
    return grant


def guardian_link_revoke(*, actor: Actor, link_id, reason) -> StudentGuardian:
    """A parent is no longer a pupil's legal representative here: the link goes, and with the last
    link of their login in the school, their parent role there too."""
    reason = _reason(reason)
    with transaction.atomic():
        link = (
            StudentGuardian.objects.visible_to(actor)
            .select_for_update(of=("self",))  # PostgreSQL locks no row of an outer join's nullable side
            .filter(pk=_int(link_id))
            .select_related("guardian__user", "student")
            .first()
        )
        if link is None:
            raise NotFound(_("Не найдено."))
        user = link.guardian.user
        if link.school_id not in rules.credential_admin_school_ids(actor):
            raise Forbidden(_("Снимать роли может системный администратор школы."))
        detail = {"student": link.student_id, "guardian": link.guardian_id, "relation": link.relation}
        link_pk = link.pk
        link.delete()
        link.pk = link_pk
        audit_record(
            actor=actor,
            action="guardian_link.revoke",
            obj=link,
            school_id=link.school_id,
            before=detail,
            reason=reason,
        )
        security_log(
            kind=SecurityEvent.Kind.ROLE_REVOKED,
            actor=actor,
            school_id=link.school_id,
            subject=user or link.guardian,
            detail={"role": Role.PARENT, **detail, "reason": reason},
        )
        if (
            user is not None
            and not StudentGuardian.objects.filter(guardian__user=user, school_id=link.school_id).exists()
        ):
            for grant in RoleGrant.objects.filter(user=user, role=Role.PARENT, school_id=link.school_id):
                grant_pk = grant.pk
                grant.delete()
                grant.pk = grant_pk
                grant.user = user
                _revoked(actor, grant, reason, tokens_revoked=_tokens_if_roleless(user.pk))
    return link


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
