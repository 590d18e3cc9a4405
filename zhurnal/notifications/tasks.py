"""The background work of notifications, through the one task interface (django-tasks).

With the embedded default (the immediate backend) a task runs in-process when enqueued, which
is already after the journal's transaction committed; with TASKS_BACKEND set to the database
backend (or a Redis-backed one) it runs on a worker (`zhurnal db_worker`). See docs/decisions/0005.
"""

import logging

from django_tasks import task

from zhurnal.notifications import email

log = logging.getLogger(__name__)


@task()
def notify_event(event: str, payload: dict) -> None:
    """Build and deliver the notifications of one domain event (ids only in the payload)."""
    from zhurnal.notifications.subscribers import handlers

    try:
        handlers()[event](event, payload)
    except Exception:
        log.exception("notifications for %s %s failed", event, payload)
        raise


@task()
def notify_events(event: str, payloads: list[dict]) -> None:
    """The notifications of a batch's events of one kind (core.events.grouped), grouped by pupil."""
    from zhurnal.notifications.subscribers import GROUP_HANDLERS

    try:
        GROUP_HANDLERS[event](event, payloads)
    except Exception:
        log.exception("notifications for %s (%s events) failed", event, len(payloads))
        raise


@task()
def send_notification_email(delivery_id: int) -> str:
    return email.deliver(delivery_id)


@task()
def send_pending_emails() -> int:
    """Send held e-mails whose quiet hours are over and retry failed ones; returns how many sent."""
    return sum(email.deliver(pk) == "sent" for pk in email.pending_ids())


@task()
def send_weekly_digest(week_start: str | None = None) -> int:
    from zhurnal.notifications import digest

    return digest.send_digests(week_start=week_start)
