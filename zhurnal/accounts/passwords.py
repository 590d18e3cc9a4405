"""The password service: every change of a user's own password goes through here.

A change ends the user's API tokens (zhurnal.accounts.tokens.revoke_all). The admin's password
reset page does not come here: it has to call revoke_all itself.
"""

import secrets

from django.db import transaction

from zhurnal.accounts.models import CredentialIssue, SecurityEvent, User
from zhurnal.accounts.security import security_log
from zhurnal.accounts.tokens import revoke_all
from zhurnal.core.audit import audit_record


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


def one_time_password_set(*, actor, user: User, school_id: int) -> str:
    """Give `user` a one-time password they must change at the first login, record the issue
    (CredentialIssue) and audit it. Returns the password, which is shown once and kept nowhere.

    No permission check here: the credentials service (people.services.credentials) asks the
    policy first; this is the mechanism it and nothing else calls.
    """
    password = one_time_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        revoked = revoke_all(user)
        issue = CredentialIssue.objects.create(school_id=school_id, user=user, issued_by=actor.user)
        audit_record(
            actor=actor,
            action="credentials.issue",
            obj=user,
            school_id=school_id,
            after={"must_change_password": True, "api_tokens_revoked": revoked, "issue": issue.pk},
        )
        security_log(
            kind=SecurityEvent.Kind.CREDENTIALS_ISSUED,
            actor=actor,
            subject=user,
            school_id=school_id,
            detail={"one_time_password": True, "api_tokens_revoked": revoked, "issue": issue.pk},
        )
    return password
