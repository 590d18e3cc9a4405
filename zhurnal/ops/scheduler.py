"""The periodic work of a school, run by `zhurnal scheduler` (docs/decisions/0007).

Each job has a period and, optionally, a condition on the time (the digest waits for Saturday).
A runner claims a due job with one conditional UPDATE of its `ScheduledJob` row: the row must have
no live lease and must not have started within the period. The UPDATE is atomic on SQLite and
PostgreSQL alike, so however many processes or servers run the scheduler, one of them runs the
job and the others see zero rows changed. The lease outlives any run; a runner that dies keeps
the job only until its lease expires, then another takes it over.

Every job is idempotent (lessons are made once per slot, a held e-mail is claimed before it is
sent, a digest once per parent, child and week), so a job re-run after a crash does no harm.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from zhurnal.core import clock
from zhurnal.core.jobs import jobs_expire
from zhurnal.integrations.services.backups import backup_drill, backup_nightly
from zhurnal.journal.schedule import lessons_generate
from zhurnal.notifications.tasks import send_pending_emails, send_weekly_digest
from zhurnal.ops.models import ScheduledJob
from zhurnal.schools.models import School

log = logging.getLogger(__name__)

# Longer than any run: while it holds, nobody else starts the job.
LEASE = dt.timedelta(minutes=30)
MESSAGE_LENGTH = 2000
LESSON_DAYS = 14
DIGEST_WEEKDAY = 5  # Saturday (Monday is 0)
DIGEST_HOUR = 10  # local time: settings.TIME_ZONE, Moscow


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    run: Callable[[], str]
    due: Callable[[dt.datetime], bool] | None = None
    lease: dt.timedelta = LEASE

    def is_due(self, now: dt.datetime) -> bool:
        return self.due is None or self.due(now)


def generate_lessons() -> str:
    start = clock.today()
    end = start + dt.timedelta(days=LESSON_DAYS)
    total = 0
    for school_id in School.objects.order_by("pk").values_list("pk", flat=True):
        total += lessons_generate(school_id=school_id, start=start, end=end)
    return f"уроков создано: {total} ({start:%d.%m.%Y}–{end:%d.%m.%Y})"


def send_emails() -> str:
    return f"писем отправлено: {send_pending_emails.call()}"


def send_digest() -> str:
    return f"сводок поставлено в очередь: {send_weekly_digest.call()}"


def expire_job_files() -> str:
    return f"фоновых заданий удалено: {jobs_expire()}"


def expire_cell_batches() -> str:
    from zhurnal.journal.services import cell_batches_expire

    return f"пакетов изменений журнала удалено: {cell_batches_expire()}"


def merge_diary_changes() -> str:
    from zhurnal.diary.services import diary_changes_merge

    return f"строк журнала изменений дневника объединено: {diary_changes_merge()}"


def saturday_from_ten(now: dt.datetime) -> bool:
    local = timezone.localtime(now, timezone.get_default_timezone())
    return local.weekday() == DIGEST_WEEKDAY and local.hour >= DIGEST_HOUR


def nightly(now: dt.datetime) -> bool:
    """The small hours, local time: from BACKUP_NIGHTLY_HOUR until 6:00."""
    from django.conf import settings

    local = timezone.localtime(now, timezone.get_default_timezone())
    return settings.BACKUP_NIGHTLY_HOUR <= local.hour < max(settings.BACKUP_NIGHTLY_HOUR + 1, 6)


def make_nightly_backup() -> str:
    return backup_nightly()


def drill_latest_backup() -> str:
    result = backup_drill()
    if not result.ok:
        raise RuntimeError(result.message)
    return result.message


JOBS: tuple[Job, ...] = (
    Job("lessons_generate", dt.timedelta(hours=6), generate_lessons),
    Job("notifications_send", dt.timedelta(minutes=5), send_emails),
    # Files of long reports (and other background jobs) past their week (decision 0015).
    Job("background_jobs_expire", dt.timedelta(hours=1), expire_job_files),
    Job("cell_batches_expire", dt.timedelta(days=1), expire_cell_batches),
    # The diary's change log, one row per pupil or journal and day (decision 0042); at night,
    # when few write.
    Job("diary_changes_merge", dt.timedelta(hours=20), merge_diary_changes, due=nightly),
    # Hourly through the Saturday: the digest sends each parent's letter once (DigestSent), so
    # later runs only reach those added since (or missed when a run failed).
    Job("notifications_digest", dt.timedelta(hours=1), send_digest, due=saturday_from_ten),
    # Once a night (20 h apart, within the night's hours): the archive, then the retention rule.
    Job(
        "backup_nightly",
        dt.timedelta(hours=20),
        make_nightly_backup,
        due=nightly,
        lease=dt.timedelta(hours=3),
    ),
    # Once a week, after a night's backup: restore the latest archive into a scratch database.
    Job("backup_drill", dt.timedelta(days=7), drill_latest_backup, due=nightly, lease=dt.timedelta(hours=3)),
)


def claim(job: Job, now: dt.datetime) -> bool:
    """Take the job for this runner if nobody holds it and its period has passed."""
    ScheduledJob.objects.get_or_create(name=job.name)
    taken = ScheduledJob.objects.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lte=now),
        Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.every),
        name=job.name,
    ).update(lease_until=now + job.lease, last_started_at=now)
    return taken == 1


def job_named(name: str) -> Job:
    return next(job for job in JOBS if job.name == name)


@contextmanager
def lease_held(job: Job, now: dt.datetime | None = None) -> Iterator[bool]:
    """Hold the job's lease for a run by hand (`zhurnal lessons_generate`): taken only if nobody
    holds it, whatever the period; yields whether it was taken, and frees it after. The period's
    clock (`last_started_at`) is left alone, so the scheduler's own runs keep their rhythm."""
    now = now or timezone.now()
    ScheduledJob.objects.get_or_create(name=job.name)
    until = now + job.lease
    taken = ScheduledJob.objects.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lte=now), name=job.name
    ).update(lease_until=until)
    try:
        yield taken == 1
    finally:
        if taken:
            ScheduledJob.objects.filter(name=job.name, lease_until=until).update(lease_until=None)


def run_job(job: Job, now: dt.datetime) -> tuple[str, bool, str] | None:
    """Run the job if it is due and this runner claims it; None when it was not run."""
    if not job.is_due(now) or not claim(job, now):
        return None
    began = time.monotonic()
    try:
        message, ok = str(job.run()), True
    except Exception as exc:
        log.exception("scheduled job %s failed", job.name)
        message, ok = f"{type(exc).__name__}: {exc}", False
    outcome = {
        "last_finished_at": now + dt.timedelta(seconds=time.monotonic() - began),
        "last_ok": ok,
        "last_message": message[:MESSAGE_LENGTH],
    }
    # Free the lease only if it is still ours: a run that outlived it may have been taken over.
    if not ScheduledJob.objects.filter(name=job.name, lease_until=now + job.lease).update(
        lease_until=None, **outcome
    ):
        log.warning("scheduled job %s outlived its lease of %s", job.name, job.lease)
        ScheduledJob.objects.filter(name=job.name).update(**outcome)
    return job.name, ok, message


def run_due_jobs(
    now: dt.datetime | None = None, jobs: tuple[Job, ...] | None = None
) -> list[tuple[str, bool, str]]:
    """Run every due job this runner can claim, one after another; returns (name, ok, message).

    A job's failure is recorded on its row and never stops the others. Without `now`, each job is
    claimed at the time it is reached, so a long job does not make the next one's times stale.
    """
    done = []
    for job in JOBS if jobs is None else jobs:
        try:
            result = run_job(job, now or timezone.now())
        except Exception as exc:  # the claim or the record itself failed (the database is away)
            log.exception("scheduler could not run %s", job.name)
            result = (job.name, False, f"{type(exc).__name__}: {exc}")
        if result is not None:
            done.append(result)
    return done


def next_due(job: Job, row: ScheduledJob | None, now: dt.datetime) -> dt.datetime:
    """When the job may next start: its period after the last start, and its time condition."""
    at = now
    if row is not None and row.last_started_at is not None:
        at = max(at, row.last_started_at + job.every)
    if job.is_due(at):
        return at
    # The condition is on local wall-clock time: find its next minute within a week and a day.
    step = at.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    for _ in range(8 * 24 * 60):
        if job.is_due(step):
            return step
        step += dt.timedelta(minutes=1)
    return step


def status(
    now: dt.datetime | None = None, jobs: tuple[Job, ...] | None = None
) -> list[tuple[Job, ScheduledJob | None, dt.datetime]]:
    """Every job with its row (None before its first run) and the time it is next due."""
    now = now or timezone.now()
    jobs = JOBS if jobs is None else jobs
    rows = ScheduledJob.objects.in_bulk([job.name for job in jobs], field_name="name")
    return [(job, rows.get(job.name), next_due(job, rows.get(job.name), now)) for job in jobs]
