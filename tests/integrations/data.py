"""Backups for the tests: a finished archive's record with a small file behind it."""

import tempfile
from pathlib import Path

from django.utils import timezone

from zhurnal.integrations.models import BackupRecord


def finished_backup(directory: Path | None = None, content: bytes = b"archive") -> BackupRecord:
    directory = directory or Path(tempfile.mkdtemp(prefix="zh-backup-test-"))
    path = directory / "zhurnal-backup-20261125T000000000000Z.tar.gz"
    path.write_bytes(content)
    return BackupRecord.objects.create(
        kind=BackupRecord.Kind.DAILY,
        state=BackupRecord.State.DONE,
        path=str(path),
        size=len(content),
        made_at=timezone.now(),
        check_status=BackupRecord.Check.OK,
    )
