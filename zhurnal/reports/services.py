"""The reports app's writes: starting a long report as a background job (decision 0015), and the
deputy signing a report off into the archive as final (issue 9 item 7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.archive.services import document_sign_off
from zhurnal.core import jobs
from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.core.models import BackgroundJob
from zhurnal.policy import rules
from zhurnal.reports import params as report_params
from zhurnal.reports import registry, renderers, running

JOB_KIND = "report"


def report_job_start(*, actor, code: str, raw: Mapping[str, str], fmt: str) -> BackgroundJob:
    """Check that the actor may run the report with these parameters (403/404/400 now, not in
    the background), record the job and hand it to the task worker after commit."""
    from zhurnal.reports.tasks import run_report_job

    report = running.report_for_runner(actor, code)
    if fmt not in registry.FORMATS:
        raise ValueError(fmt)
    ctx = report_params.resolve(actor, report, raw)
    chosen = ctx.as_dict(report.params)
    with transaction.atomic():
        job = jobs.job_start(
            kind=JOB_KIND,
            owner_id=actor.user.pk,
            school_id=ctx.school.pk if ctx.school else None,
            title=f"{report.title} — {ctx.period_label}" if ctx.period else str(report.title),
            params={"code": code, "format": fmt, "params": chosen},
            total=3,
            keep=dt.timedelta(days=settings.REPORT_FILES_KEEP_DAYS),
        )
        audit_record(
            actor=actor, action="report.job_start", obj=job, school_id=job.school_id, after=job.params
        )
        transaction.on_commit(lambda: run_report_job.enqueue(job.pk))
    return job


def report_sign_off(*, actor, code: str, raw: Mapping[str, str]):
    """Make the report's PDF with the parameters chosen and register it in the archive as a final
    document signed off by the deputy (its type, period and retention term from the table)."""
    report = running.report_for_runner(actor, code)
    result = running.run(actor, report, raw)
    if result.school_id is None:
        raise InvalidInput(_("Выберите школу: в архив школы подписывается отчёт по ней."), field="school")
    if not rules.may_sign_off_documents(actor, result.school_id):
        raise Forbidden(_("Подписывает документы в архив заместитель директора по УВР."))
    content, stamp = renderers.to_pdf_stamped(result, actor=actor)
    period_end = result.params.get("date_to")
    period_end = dt.date.fromisoformat(period_end) if period_end else result.made_at.date()
    return document_sign_off(
        actor=actor,
        stamp=stamp,
        content=content,
        filename=renderers.filename(result, "pdf"),
        period_end=period_end,
        kind="report",
    )
