"""The background-job API (decision 0015): start a job, report progress, finish with a file or
fail with a message, and remove expired ones with their files. Domain-free: callers pass ids.

Each call is one short write of the job's row, so the page that polls it sees progress while
the work goes on (the work itself runs outside any long transaction).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.files.base import ContentFile
from django.db import transaction

from zhurnal.core import clock
from zhurnal.core.models import BackgroundJob


def job_start(
    *,
    kind: str,
    owner_id: int,
    keep: dt.timedelta,
    school_id: int | None = None,
    title: str = "",
    params: dict | None = None,
    total: int | None = None,
) -> BackgroundJob:
    return BackgroundJob.objects.create(
        kind=kind,
        title=title[:300],
        owner_id=owner_id,
        school_id=school_id,
        params=params or {},
        total=total,
        expires_at=clock.now() + keep,
    )


def job_progress(job_id: int, *, done: int, total: int | None = None, message: str = "") -> None:
    fields = {"status": BackgroundJob.Status.RUNNING, "done": done, "message": message[:500]}
    if total is not None:
        fields["total"] = total
    BackgroundJob.objects.filter(pk=job_id).update(**fields)


def job_finish(
    job_id: int, *, content: bytes, name: str, content_type: str, message: str = ""
) -> BackgroundJob:
    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update().get(pk=job_id)
        if job.result_file:  # the file it worked on (job_attach) gives way to its result
            job.result_file.delete(save=False)
        # A random folder: a file's address is not guessable from its job's number.
        job.result_file.save(f"{uuid.uuid4().hex}/{name}", ContentFile(content), save=False)
        job.result_name = name
        job.result_type = content_type
        job.status = BackgroundJob.Status.DONE
        job.done = job.total or job.done
        job.message = message[:500]
        job.finished_at = clock.now()
        job.save()
    return job


def job_attach(job_id: int, *, content: bytes, name: str, content_type: str) -> BackgroundJob:
    """Keep the file a job is to work on (an upload waiting to be confirmed) as the job's file:
    it expires with the job, and job_finish replaces it with the result."""
    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update().get(pk=job_id)
        job.result_file.save(f"{uuid.uuid4().hex}/{name}", ContentFile(content), save=False)
        job.result_name = name
        job.result_type = content_type
        job.save(update_fields=["result_file", "result_name", "result_type"])
    return job


def job_fail(job_id: int, *, message: str) -> None:
    BackgroundJob.objects.filter(pk=job_id).update(
        status=BackgroundJob.Status.FAILED, message=message[:500], finished_at=clock.now()
    )


def jobs_expire(now: dt.datetime | None = None) -> int:
    """Delete the jobs kept past `expires_at`, and their files. Returns how many."""
    now = now or clock.now()
    count = 0
    for job in BackgroundJob.objects.filter(expires_at__lte=now).order_by("pk").iterator():
        if job.result_file:
            job.result_file.delete(save=False)
        job.delete()
        count += 1
    return count
