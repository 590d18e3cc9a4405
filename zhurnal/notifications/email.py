"""Writing and sending one e-mail (EmailDelivery): the body of the send task.

A failed send is counted and recorded; it is tried again by `notifications_send` (and the
`send_pending_emails` task) until MAX_ATTEMPTS, then it stays failed. A held e-mail (quiet hours)
is sent once its hour has come.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.notifications.models import EmailDelivery

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
SMTP_TIMEOUT = 20


def absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url


def compose(*, full_name: str, school_name: str, title: str, body: str, url: str) -> tuple[str, str]:
    """Subject and text of a notification e-mail, in Russian."""
    subject = _("%(title)s — %(school)s") % {"title": title, "school": school_name}
    lines = [_("Здравствуйте, %(name)s!") % {"name": full_name}, "", title]
    if body:
        lines.append(body)
    lines += [
        "",
        _("Школа: %(school)s") % {"school": school_name},
        _("Открыть в журнале: %(url)s") % {"url": absolute(url)},
        "",
        _("Выбрать, о чём и как сообщать: %(url)s") % {"url": absolute(reverse("notifications:settings"))},
        _("Это письмо отправлено автоматически, отвечать на него не нужно."),
    ]
    return subject[:300], "\n".join(lines)


def deliver(delivery_id: int) -> str:
    """Send one e-mail now unless it is already sent, failed for good, or still held.

    The attempt is claimed with a conditional update (two workers never send one e-mail twice)
    and the mail server is talked to outside any transaction, so no lock is held meanwhile.
    """
    now = clock.now()
    delivery = EmailDelivery.objects.filter(pk=delivery_id).first()
    if delivery is None:
        return "missing"
    if delivery.status in (EmailDelivery.Status.SENT, EmailDelivery.Status.FAILED):
        return delivery.status
    if delivery.status == EmailDelivery.Status.HELD and delivery.held_until and delivery.held_until > now:
        return delivery.status
    claimed = EmailDelivery.objects.filter(
        pk=delivery.pk, status=delivery.status, attempts=delivery.attempts
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        return "busy"
    delivery.attempts += 1
    try:
        message = EmailMessage(
            subject=delivery.subject,
            body=delivery.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.address],
            connection=get_connection(timeout=SMTP_TIMEOUT),
        )
        message.send(fail_silently=False)
    except Exception as exc:  # any failure of the mail server is recorded, never raised
        log.warning("e-mail %s to %s failed: %s", delivery.pk, delivery.address, exc)
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        failed_for_good = delivery.attempts >= MAX_ATTEMPTS
        delivery.status = EmailDelivery.Status.FAILED if failed_for_good else EmailDelivery.Status.QUEUED
    else:
        delivery.status = EmailDelivery.Status.SENT
        delivery.sent_at = clock.now()
        delivery.last_error = ""
    delivery.save(update_fields=["last_error", "status", "sent_at"])
    return delivery.status


def pending_ids() -> list[int]:
    """E-mails whose quiet hours are over, and those to try again after a failure."""
    now = clock.now()
    due = Q(status=EmailDelivery.Status.HELD, held_until__lte=now) | Q(
        status=EmailDelivery.Status.QUEUED, attempts__gt=0, attempts__lt=MAX_ATTEMPTS
    )
    return list(EmailDelivery.objects.filter(due).order_by("pk").values_list("pk", flat=True))
