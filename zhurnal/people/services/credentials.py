"""The credentials chain (issue 10 item 1, regulation §3.1): logins for people's cards, one-time
passwords for them, and blocking.

The system administrator (and the director) issues to anyone of their school; a class teacher to
the pupils of their class and those pupils' parents. A card without a login gets one first, made
from the name by the region's one rule (accounts.logins), with the role its card implies.
Passwords are returned once, for the slips, and kept nowhere (accounts.passwords).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.accounts.logins import login_make
from zhurnal.accounts.models import Role, RoleGrant, SecurityEvent, User
from zhurnal.accounts.passwords import one_time_password_set
from zhurnal.accounts.security import security_log
from zhurnal.accounts.tokens import revoke_all
from zhurnal.core import clock
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.people.models import Enrollment, Guardian, Student, StudentGuardian, enrolled_between_q
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup

BLOCK_REASON_MAX = 300


@dataclass(frozen=True)
class IssuedCredential:
    """One slip's worth: whose login, the login, the one-time password, and what it is for."""

    full_name: str
    username: str
    password: str
    role: str  # «родитель (законный представитель)», «обучающийся», «сотрудник»
    note: str = ""  # the class, and for a parent the child


def _card_role(person) -> str:
    if isinstance(person, Student):
        return Role.STUDENT
    if isinstance(person, Guardian):
        return Role.PARENT
    raise InvalidInput(_("Сотруднику вход создаётся вместе с ролью на странице сотрудника."), field="person")


def _account_open(*, actor: Actor, person, role: str) -> User:
    """A login for a card that has none, with the card's role in its school (checked by callers)."""
    user = User.objects.create_user(
        username=login_make(person.last_name, person.first_name, person.middle_name),
        last_name=person.last_name,
        first_name=person.first_name,
        middle_name=person.middle_name,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    person.user = user
    person.save(update_fields=["user"])
    grant = RoleGrant.objects.create(user=user, role=role, school_id=person.school_id)
    audit_record(
        actor=actor,
        action="account.open",
        obj=user,
        school_id=person.school_id,
        after={
            "username": user.username,
            "card": person._meta.label_lower,
            "card_id": person.pk,
            "role": role,
        },
    )
    security_log(
        kind=SecurityEvent.Kind.ROLE_GRANTED,
        actor=actor,
        school_id=person.school_id,
        subject=user,
        detail={"role": role, "grant": grant.pk},
    )
    return user


def account_open(*, actor: Actor, person) -> User:
    """The person's login, made now if they have none (a pupil's or a parent's card)."""
    if person.user_id is not None:
        return person.user
    if not rules.may_open_account(actor, person, clock.today()):
        raise Forbidden(_("Создать вход этому человеку может администратор школы или классный руководитель."))
    role = _card_role(person)
    with transaction.atomic():
        return _account_open(actor=actor, person=person, role=role)


def credentials_issue(*, actor: Actor, user: User, school_id: int | None = None) -> str:
    """Issue a one-time password to a login: it must be changed at the first sign-in.

    The administration of every school where the user holds a role; a class teacher for their
    class's pupils and parents (policy.rules.may_issue_credentials). Returns the password.
    """
    if not rules.may_issue_credentials(actor, user, clock.today()):
        raise Forbidden(_("Выдать пароль этому пользователю может только администратор его школы."))
    if school_id is None:
        school_id = (
            RoleGrant.objects.filter(user=user, school__isnull=False)
            .order_by("school_id")
            .values_list("school_id", flat=True)
            .first()
        )
    return one_time_password_set(actor=actor, user=user, school_id=school_id)


def credentials_issue_person(*, actor: Actor, person, note: str = "") -> IssuedCredential:
    """A login (made if missing) and a one-time password for one card, as one slip."""
    with transaction.atomic():
        user = account_open(actor=actor, person=person) if person.user_id is None else person.user
        password = credentials_issue(actor=actor, user=user, school_id=person.school_id)
    return IssuedCredential(
        full_name=person.full_name,
        username=user.username,
        password=password,
        role=str(person._meta.verbose_name),
        note=note,
    )


def class_roster_today(class_group: ClassGroup) -> list[Student]:
    today = clock.today()
    ids = Enrollment.objects.filter(enrolled_between_q(today, today), class_group=class_group).values(
        "student_id"
    )
    return list(Student.objects.filter(pk__in=ids).select_related("user"))


def credentials_issue_class(
    *, actor: Actor, class_group: ClassGroup, parents: bool = True, students: bool = True
) -> list[IssuedCredential]:
    """One-time passwords for a whole class's pupils and/or their parents, one slip each (a parent
    of two pupils of the class gets one). All or nothing: one refusal issues none."""
    if not rules.may_keep_class_credentials(actor, class_group):
        raise Forbidden(_("Выдавать пароли классу может его классный руководитель или администратор школы."))
    if not (parents or students):
        raise InvalidInput(_("Выберите, кому выдать пароли: родителям, обучающимся или всем."), field="who")
    roster = class_roster_today(class_group)
    issued: list[IssuedCredential] = []
    with transaction.atomic():
        if students:
            for pupil in roster:
                issued.append(credentials_issue_person(actor=actor, person=pupil, note=str(class_group)))
        if parents:
            links = (
                StudentGuardian.objects.filter(student__in=roster)
                .select_related("guardian__user", "student")
                .order_by("guardian__last_name", "guardian__first_name", "guardian_id", "student__last_name")
            )
            children: dict[int, list[str]] = {}
            guardians: dict[int, Guardian] = {}
            for link in links:
                guardians.setdefault(link.guardian_id, link.guardian)
                children.setdefault(link.guardian_id, []).append(link.student.short_name)
            for guardian_id, guardian in guardians.items():
                note = _("%(class)s, ребёнок: %(children)s") % {
                    "class": class_group,
                    "children": ", ".join(children[guardian_id]),
                }
                issued.append(credentials_issue_person(actor=actor, person=guardian, note=note))
    return issued


def account_block(*, actor: Actor, user: User, reason: str) -> None:
    """Block a login: it cannot sign in (and is told why), its sessions and API tokens end."""
    if not rules.may_block_account(actor, user):
        raise Forbidden(_("Заблокировать эту учётную запись может только администратор её школы."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Укажите причину блокировки."), field="reason", code="reason_required")
    if len(reason) > BLOCK_REASON_MAX:
        raise InvalidInput(
            _("Причина блокировки длиннее %(max)s знаков.") % {"max": BLOCK_REASON_MAX}, field="reason"
        )
    if user.blocked_at is not None:
        raise InvalidInput(_("Учётная запись уже заблокирована."), field="user", code="already_blocked")
    with transaction.atomic():
        before = {"is_active": user.is_active}
        user.is_active = False
        user.blocked_at = clock.now()
        user.blocked_reason = reason
        user.save(update_fields=["is_active", "blocked_at", "blocked_reason"])
        # Inactive users are refused by the session backend and the token check; the tokens are
        # deleted too, so unblocking does not bring an old key back.
        revoked = revoke_all(user)
        school_id = _school_of(user)
        audit_record(
            actor=actor,
            action="account.block",
            obj=user,
            school_id=school_id,
            before=before,
            after={"is_active": False, "api_tokens_revoked": revoked},
            reason=reason,
        )
        security_log(
            kind=SecurityEvent.Kind.ACCOUNT_BLOCKED,
            actor=actor,
            school_id=school_id,
            subject=user,
            detail={"reason": reason},
        )


def account_unblock(*, actor: Actor, user: User) -> None:
    if not rules.may_block_account(actor, user):
        raise Forbidden(_("Разблокировать эту учётную запись может только администратор её школы."))
    if user.blocked_at is None:
        raise InvalidInput(_("Учётная запись не заблокирована."), field="user", code="not_blocked")
    with transaction.atomic():
        before = {"is_active": user.is_active, "blocked_reason": user.blocked_reason}
        user.is_active = True
        user.blocked_at = None
        user.blocked_reason = ""
        user.save(update_fields=["is_active", "blocked_at", "blocked_reason"])
        school_id = _school_of(user)
        audit_record(
            actor=actor,
            action="account.unblock",
            obj=user,
            school_id=school_id,
            before=before,
            after={"is_active": True},
        )
        security_log(
            kind=SecurityEvent.Kind.ACCOUNT_UNBLOCKED, actor=actor, school_id=school_id, subject=user
        )


def _school_of(user: User) -> int | None:
    return (
        RoleGrant.objects.filter(user=user, school__isnull=False)
        .order_by("school_id")
        .values_list("school_id", flat=True)
        .first()
    )


__all__ = [
    "IssuedCredential",
    "account_block",
    "account_open",
    "account_unblock",
    "class_roster_today",
    "credentials_issue",
    "credentials_issue_class",
    "credentials_issue_person",
]
