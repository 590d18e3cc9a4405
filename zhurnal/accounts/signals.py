"""Logins, failed logins and logouts go to the activity log at once (the security event log)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from zhurnal.accounts.activity import activity_record
from zhurnal.accounts.models import ActivityEvent, CredentialIssue


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is None:
        return
    activity_record(request=request, kind=ActivityEvent.Kind.LOGIN, user=user)
    if user.must_change_password:
        CredentialIssue.objects.filter(user=user, first_used_at__isnull=True).update(
            first_used_at=timezone.now()
        )


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if request is None or user is None:
        return
    activity_record(request=request, kind=ActivityEvent.Kind.LOGOUT, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    activity_record(
        request=request, kind=ActivityEvent.Kind.LOGIN_FAILED, username=str(credentials.get("username", ""))
    )
