"""The password service: every change of a user's own password goes through here.

A change ends the user's API tokens (zhurnal.accounts.tokens.revoke_all). The admin's password
reset page does not come here: it has to call revoke_all itself.
"""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.accounts.models import CredentialIssue, RoleGrant, SecurityEvent, User
from zhurnal.accounts.security import security_log
from zhurnal.accounts.tokens import revoke_all
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden


def password_change(*, user: User, new_password: str, school_id: int | None = None) -> None:
    """Set a new password, lift the "change at first login" demand, and audit it.

    The caller has checked the old password (the form does); the password itself is never
    written to the audit row. Every API token of the user ends here too (a key obtained with the
    old password must not outlive it); the audit row says how many.
    """
    with transaction.atomic():
        before = {"must_change_password": user.must_change_password}
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        revoked = revoke_all(user)
        audit_record(
            actor=user,
            action="password.change",
            obj=user,
            school_id=school_id,
            before=before,
            after={"must_change_password": False, "api_tokens_revoked": revoked},
        )
        security_log(
            kind=SecurityEvent.Kind.PASSWORD_CHANGED,
            actor=user,
            subject=user,
            school_id=school_id,
            detail={"by": "self", "api_tokens_revoked": revoked},
        )


# No look-alike characters (0/O, 1/l/I): the password is read off a printed slip.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def one_time_password(length: int = 10) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def credentials_issue(*, actor, user: User) -> str:
    """Issue a one-time password: the user must choose their own at the first login.

    The director or system administrator of every school where the user holds a role may do it
    (never for a superuser, nor for someone with a role elsewhere). Returns the password, which
    is shown once and kept nowhere; the issue itself is recorded (CredentialIssue) and audited.
    """
    admin_schools = actor.school_ids_for_admin()
    grants = list(RoleGrant.objects.filter(user=user).values_list("school_id", flat=True))
    if user.is_superuser or not grants or any(school_id not in admin_schools for school_id in grants):
        raise Forbidden(_("Выдать пароль этому пользователю может только администратор его школы."))
    password = one_time_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        revoked = revoke_all(user)
        CredentialIssue.objects.create(school_id=grants[0], user=user, issued_by=actor.user)
        audit_record(
            actor=actor,
            action="credentials.issue",
            obj=user,
            school_id=grants[0],
            after={"must_change_password": True, "api_tokens_revoked": revoked},
        )
        security_log(
            kind=SecurityEvent.Kind.CREDENTIALS_ISSUED,
            actor=actor,
            subject=user,
            school_id=grants[0],
            detail={"one_time_password": True, "api_tokens_revoked": revoked},
        )
    return password
