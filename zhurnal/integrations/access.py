"""One access function per protected thing: an outsider gets NotFound (404)."""

from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.errors import NotFound
from zhurnal.core.models import BackgroundJob
from zhurnal.integrations.imports.base import JOB_KIND
from zhurnal.integrations.models import BackupRecord
from zhurnal.policy.actor import Actor


def backup_for_keeper(actor: Actor, backup_id) -> BackupRecord:
    """A finished archive still on disk, for someone who keeps the backups."""
    try:
        found = (
            BackupRecord.objects.visible_to(actor)
            .filter(pk=int(backup_id), state=BackupRecord.State.DONE, deleted_at__isnull=True)
            .first()
        )
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(_("Не найдено."))
    return found


def import_job_for_owner(actor: Actor, job_id) -> BackgroundJob:
    """A spreadsheet import its owner uploaded (a preview, a run or its result), while it is kept."""
    try:
        found = (
            BackgroundJob.objects.visible_to(actor)
            .filter(pk=int(job_id), kind=JOB_KIND, expires_at__gt=clock.now())
            .first()
        )
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(_("Не найдено."))
    return found
