"""Reads of integrations' pages, scoped to the actor."""

from __future__ import annotations

from dataclasses import dataclass

from zhurnal.accounts.models import Role
from zhurnal.core import clock
from zhurnal.core.models import BackgroundJob
from zhurnal.integrations.models import BackupRecord
from zhurnal.integrations.services.oneroster import JOB_KIND as ONEROSTER_JOB
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import School

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


@dataclass(frozen=True)
class OneRosterPage:
    schools: list  # the schools the actor may export, one by one
    whole_database: bool  # and all of them in one package (a region's)
    jobs: list
    busy: bool  # an export is queued or running: the page keeps polling


def oneroster_page(actor: Actor) -> OneRosterPage:
    """The schools the actor may export and their own exports of the last week: two queries."""
    schools = School.objects.visible_to(actor).order_by("short_name", "pk")
    if not actor.user.is_superuser:
        schools = schools.filter(pk__in=actor.school_ids(Role.SYSADMIN))
    jobs = list(
        BackgroundJob.objects.visible_to(actor)
        .filter(kind=ONEROSTER_JOB, expires_at__gt=clock.now())
        .order_by("-created_at", "-pk")[:50]
    )
    return OneRosterPage(
        schools=list(schools),
        whole_database=rules.may_export_oneroster(actor, None),
        jobs=jobs,
        busy=any(not job.is_finished for job in jobs),
    )
