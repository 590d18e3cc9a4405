"""The password service: every change of a user's own password goes through here."""

from django.db import transaction

from zhurnal.accounts.models import User
from zhurnal.core.audit import audit_record


def password_change(*, user: User, new_password: str, school_id: int | None = None) -> None:
    """Set a new password, lift the "change at first login" demand, and audit it.

    The caller has checked the old password (the form does); the password itself is never
    written to the audit row.
    """
    with transaction.atomic():
        before = {"must_change_password": user.must_change_password}
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit_record(
            actor=user,
            action="password.change",
            obj=user,
            school_id=school_id,
            before=before,
            after={"must_change_password": False},
        )
