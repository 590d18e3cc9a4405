"""Reads of integrations' pages, scoped to the actor."""

from __future__ import annotations

from dataclasses import dataclass

from zhurnal.integrations.models import BackupRecord
from zhurnal.policy.actor import Actor

PAGE_SIZE = 100


@dataclass(frozen=True)
class BackupsPage:
    backups: list[BackupRecord]
    last_drill: BackupRecord | None
    busy: bool  # an archive is queued or being made: the page keeps polling


def backups_page(actor: Actor) -> BackupsPage:
    """The latest archives (kept or deleted by retention) and the last restore drill: two queries."""
    records = BackupRecord.objects.visible_to(actor)
    backups = list(records.order_by("-requested_at", "-pk")[:PAGE_SIZE])
    last_drill = records.filter(drill_at__isnull=False).order_by("-drill_at").first()
    busy = any(b.state in (BackupRecord.State.QUEUED, BackupRecord.State.RUNNING) for b in backups)
    return BackupsPage(backups=backups, last_drill=last_drill, busy=busy)
