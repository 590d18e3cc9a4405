"""Long work of integrations, through the one task interface (django-tasks, decision 0004)."""

import logging

from django_tasks import task

from zhurnal.integrations.backup.errors import BackupError

log = logging.getLogger(__name__)


@task()
def make_backup(record_id: int) -> str:
    """Make the archive the backups page asked for; the record shows how it goes."""
    from zhurnal.integrations.models import BackupRecord
    from zhurnal.integrations.services.backups import backup_run

    record = BackupRecord.objects.filter(pk=record_id, state=BackupRecord.State.QUEUED).first()
    if record is None:
        return "nothing to do"
    try:
        return backup_run(record=record).path
    except BackupError as exc:
        log.warning("backup %s failed: %s", record_id, exc)
        return f"failed: {exc}"


@task()
def run_import(job_id: int) -> str:
    """Apply a confirmed spreadsheet import; its job shows the progress and the outcome."""
    from zhurnal.integrations.services.imports import import_job_run

    import_job_run(job_id)
    return "done"
