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


@task()
def run_oneroster_export(job_id: int) -> str:
    """Write the package the page asked for into a ZIP, telling the job how far it has got."""
    import shutil
    import tempfile
    from pathlib import Path

    from django.utils import timezone
    from django.utils.translation import gettext as _

    from zhurnal.accounts.models import User
    from zhurnal.core import jobs
    from zhurnal.core.models import BackgroundJob
    from zhurnal.integrations.oneroster.export import export_directory
    from zhurnal.policy import rules
    from zhurnal.policy.actor import actor_for

    job = BackgroundJob.objects.get(pk=job_id)
    school_id = job.params.get("school")
    work = Path(tempfile.mkdtemp(prefix="zhurnal-oneroster-"))
    try:
        # Asked again as the owner: a right withdrawn since the click stops the export.
        if not rules.may_export_oneroster(actor_for(User.objects.get(pk=job.owner_id)), school_id):
            jobs.job_fail(job_id, message=_("Нет права на эту выгрузку."))
            return "refused"

        def progress(what: str, done: int, total: int) -> None:
            jobs.job_progress(job_id, done=done, total=total, message=what)

        package = work / "oneroster"
        export_directory(package, school_id=school_id, zip_too=True, progress=progress)
        name = f"oneroster-{school_id or 'all'}-{timezone.localdate():%Y%m%d}.zip"
        jobs.job_finish(
            job_id, content=(work / "oneroster.zip").read_bytes(), name=name, content_type="application/zip"
        )
        return "done"
    except Exception as error:  # the owner sees that it failed; the log has the traceback
        log.exception("oneroster export %s failed", job_id)
        jobs.job_fail(job_id, message=_("Выгрузка не удалась: %(error)s") % {"error": error})
        return "failed"
    finally:
        shutil.rmtree(work, ignore_errors=True)
