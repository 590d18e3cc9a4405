"""The password service: every change of a user's own password goes through here.

A change ends the user's API tokens (zhurnal.accounts.tokens.revoke_all). The admin's password
reset page does not come here: it has to call revoke_all itself.
"""

from django.db import transaction

from zhurnal.accounts.models import User
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
