"""The printed records' background work, through the one task interface (django-tasks)."""

import logging

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def print_record(stamp_id: int) -> None:
    """Draw the printed journal or summary sheet asked for on the page (decision 0017)."""
    from zhurnal.archive.models import VerificationStamp
    from zhurnal.archive.services import print_run

    try:
        print_run(stamp_id)
    except Exception:
        log.exception("printing under stamp %s failed", stamp_id)
        VerificationStamp.objects.filter(pk=stamp_id).update(error="failed")
        raise
