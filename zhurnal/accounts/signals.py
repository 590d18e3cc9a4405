"""Logins, failed logins and logouts go to the activity log and to the security event log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from zhurnal.accounts.activity import activity_record
from zhurnal.accounts.models import ActivityEvent, CredentialIssue, SecurityEvent, User
from zhurnal.accounts.security import security_log


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is None:
        return
    activity_record(request=request, kind=ActivityEvent.Kind.LOGIN, user=user)
    security_log(kind=SecurityEvent.Kind.LOGIN, actor=user, subject=user)
    if user.must_change_password:
        CredentialIssue.objects.filter(user=user, first_used_at__isnull=True).update(
            first_used_at=timezone.now()
        )


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if request is None or user is None:
        return
    activity_record(request=request, kind=ActivityEvent.Kind.LOGOUT, user=user)
    security_log(kind=SecurityEvent.Kind.LOGOUT, actor=user, subject=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    username = str(credentials.get("username", ""))
    activity_record(request=request, kind=ActivityEvent.Kind.LOGIN_FAILED, username=username)
    # Whose account was tried, when the login exists: its school's administration reads the row.
    account = User.objects.filter(username=username).first() if username else None
    security_log(kind=SecurityEvent.Kind.LOGIN_FAILED, username=username, subject=account)
