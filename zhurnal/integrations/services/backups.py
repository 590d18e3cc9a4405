"""Backups as the school sees them: each archive recorded in `BackupRecord`, each action audited.

The commands, the nightly job and the backups page all come here. Making an archive takes long,
so the record is written (and committed) before the work starts and updated as it goes: the page
shows its state and progress from the record.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record
from zhurnal.core.errors import NotFound
from zhurnal.integrations.backup import archive, databases, operations
from zhurnal.integrations.backup.errors import BackupError
from zhurnal.integrations.models import BackupRecord
from zhurnal.policy import rules

FIELDS = ["kind", "state", "path", "size", "check_status", "drill_ok"]


def retention() -> operations.Retention:
    return operations.Retention(
        daily_days=settings.BACKUP_KEEP_DAILY_DAYS,
        weekly_weeks=settings.BACKUP_KEEP_WEEKLY_WEEKS,
        monthly_months=settings.BACKUP_KEEP_MONTHLY_MONTHS,
    )


def _check_keeper(actor) -> None:
    if actor is not None and not rules.may_keep_backups(actor):
        raise NotFound(_("Не найдено."))


def _audit(actor, action: str, record: BackupRecord, **extra) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=record,
        after={"path": record.path, "size": record.size, "kind": record.kind, **extra},
    )


def backup_request(*, actor) -> BackupRecord:
    """The backups page asks for an archive now: recorded as queued, made by a task after commit."""
    _check_keeper(actor)
    from zhurnal.integrations.tasks import make_backup

    with transaction.atomic():
        record = BackupRecord.objects.create(
            kind=BackupRecord.Kind.MANUAL, state=BackupRecord.State.QUEUED, requested_by_id=actor.user.pk
        )
        _audit(actor, "backup.requested", record)
        transaction.on_commit(lambda: make_backup.enqueue(record.pk))
    return record


def _progress_of(record: BackupRecord, progress: archive.Progress | None) -> archive.Progress:
    def report(what: str, done: int, total: int) -> None:
        if progress is not None:
            progress(what, done, total)
        if what == "files" and (done == total or done % 50 == 0):
            BackupRecord.objects.filter(pk=record.pk).update(progress_done=done + 1, progress_total=total + 1)
        elif what == "database" and done:
            BackupRecord.objects.filter(pk=record.pk).update(progress_done=1)

    return report


def backup_run(
    *,
    record: BackupRecord,
    actor=None,
    output_dir: Path | None = None,
    progress: archive.Progress | None = None,
) -> BackupRecord:
    """Make the archive of a record and check it at once; the record ends done or failed.

    No transaction spans the work: the snapshot is taken by its own connection while the server
    goes on writing, and the record's updates are committed as they happen, for the page.
    """
    BackupRecord.objects.filter(pk=record.pk).update(state=BackupRecord.State.RUNNING, progress_total=2)
    try:
        made = archive.create(
            db=databases.Database.of_alias(),
            media_root=Path(settings.MEDIA_ROOT),
            output_dir=Path(output_dir or settings.BACKUP_DIR),
            progress=_progress_of(record, progress),
        )
        archive.read(made.path, progress=progress or archive._quiet)
    except (BackupError, OSError) as exc:
        with transaction.atomic():
            record.state, record.message = BackupRecord.State.FAILED, str(exc)
            record.save(update_fields=["state", "message"])
            _audit(actor, "backup.failed", record, message=str(exc))
        raise BackupError(str(exc)) from exc
    now = timezone.now()
    with transaction.atomic():
        record.state = BackupRecord.State.DONE
        record.path = str(made.path)
        record.size = made.size
        record.sha256 = made.sha256
        record.engine = made.manifest.engine
        record.made_at = made.manifest.made_at
        record.check_status = BackupRecord.Check.OK
        record.checked_at = now
        record.check_message = _("проверена сразу после создания")
        record.progress_done = record.progress_total = max(record.progress_total, 1)
        record.message = ""
        record.save()
        _audit(actor, "backup.made", record, sha256=made.sha256)
    return record


def backup_make(
    *, actor=None, kind: str = BackupRecord.Kind.MANUAL, output_dir: Path | None = None, progress=None
) -> BackupRecord:
    """Make an archive now (the command, the nightly job). `actor` None is the system."""
    _check_keeper(actor)
    record = BackupRecord.objects.create(
        kind=kind,
        state=BackupRecord.State.RUNNING,
        requested_by_id=getattr(getattr(actor, "user", None), "pk", None),
    )
    return backup_run(record=record, actor=actor, output_dir=output_dir, progress=progress)


def _record_for_path(path: Path) -> BackupRecord | None:
    return BackupRecord.objects.filter(path=str(path)).order_by("-pk").first()


def backup_verify(*, path: Path, actor=None, progress=None) -> archive.Manifest:
    """Check an archive without restoring it; its record (if any) keeps the result."""
    _check_keeper(actor)
    record = _record_for_path(path)
    try:
        manifest = archive.read(path, progress=progress or archive._quiet)
        if record is not None and record.sha256 and archive.sha256_file(path) != record.sha256:
            raise BackupError(_("архив отличается от того, что был записан при создании (SHA-256 файла)"))
    except BackupError as exc:
        if record is not None:
            status = BackupRecord.Check.MISSING if not path.exists() else BackupRecord.Check.DAMAGED
            _set_check(record, actor, status, str(exc))
        raise
    if record is not None:
        _set_check(record, actor, BackupRecord.Check.OK, _("проверена: все части совпадают с описью"))
    return manifest


def _set_check(record: BackupRecord, actor, status: str, message: str) -> None:
    with transaction.atomic():
        record.check_status, record.checked_at, record.check_message = status, timezone.now(), message
        record.save(update_fields=["check_status", "checked_at", "check_message"])
        _audit(actor, "backup.verified", record, check_status=status)


def latest_archive() -> BackupRecord | None:
    return (
        BackupRecord.objects.filter(state=BackupRecord.State.DONE, deleted_at__isnull=True)
        .order_by("-made_at", "-pk")
        .first()
    )


def backup_drill(*, actor=None, path: Path | None = None, progress=None) -> operations.DrillResult:
    """Restore the latest archive (or `path`) into a scratch database and compare; recorded."""
    _check_keeper(actor)
    record = _record_for_path(path) if path is not None else latest_archive()
    if path is None:
        if record is None:
            raise BackupError(_("нет ни одной резервной копии для учебного восстановления"))
        path = Path(record.path)
    result = operations.drill(path, origin=databases.Database.of_alias(), progress=progress or archive._quiet)
    if record is not None:
        with transaction.atomic():
            record.drill_at, record.drill_ok, record.drill_message = timezone.now(), result.ok, result.message
            fields = ["drill_at", "drill_ok", "drill_message"]
            if not result.ok:
                record.check_status = BackupRecord.Check.DAMAGED
                record.check_message = result.message
                fields += ["check_status", "check_message"]
            record.save(update_fields=fields)
            _audit(actor, "backup.drilled", record, ok=result.ok, message=result.message)
    return result


def backups_prune(*, now: dt.datetime | None = None, actor=None) -> int:
    """Delete the archives the retention settings no longer keep; their records stay, marked."""
    _check_keeper(actor)
    now = now or timezone.now()
    keep = retention()
    removed = 0
    done = BackupRecord.objects.filter(state=BackupRecord.State.DONE, deleted_at__isnull=True)
    for record in done.order_by("made_at"):
        if keep.keeps(record.kind, record.made_at, now):
            continue
        with transaction.atomic():
            Path(record.path).unlink(missing_ok=True)
            archive.sidecar_of(Path(record.path)).unlink(missing_ok=True)
            record.deleted_at = now
            record.save(update_fields=["deleted_at"])
            _audit(actor, "backup.deleted", record, reason="retention")
        removed += 1
    return removed


def nightly_kind(now: dt.datetime) -> str:
    local_day = timezone.localtime(now).date()
    kept = BackupRecord.objects.filter(state=BackupRecord.State.DONE, deleted_at__isnull=True).exclude(
        kind=BackupRecord.Kind.MANUAL
    )
    made = [(kind, timezone.localtime(at).date()) for kind, at in kept.values_list("kind", "made_at")]
    return operations.nightly_kind(local_day, made)


def backup_nightly(*, now: dt.datetime | None = None) -> str:
    """The scheduler's nightly job: tonight's archive, then the retention rule."""
    now = now or timezone.now()
    record = backup_make(kind=nightly_kind(now))
    removed = backups_prune(now=now)
    return (
        f"резервная копия {Path(record.path).name} ({record.get_kind_display()}), удалено по сроку: {removed}"
    )
