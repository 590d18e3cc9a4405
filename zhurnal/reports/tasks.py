"""Long reports run here, on the task backend (django-tasks), reporting progress to their job."""

import logging

from django.utils.translation import gettext as _
from django_tasks import task

from zhurnal.accounts.models import User
from zhurnal.core import jobs
from zhurnal.core.models import BackgroundJob
from zhurnal.policy.actor import actor_for
from zhurnal.reports import renderers, running

log = logging.getLogger(__name__)


@task()
def run_report_job(job_id: int) -> str:
    job = BackgroundJob.objects.get(pk=job_id)
    try:
        # The report runs as its owner, so the owner's scope applies in the background too.
        actor = actor_for(User.objects.get(pk=job.owner_id))
        code, fmt = job.params["code"], job.params["format"]
        jobs.job_progress(job_id, done=0, message=_("Собираю данные"))
        report = running.report_for_runner(actor, code)
        result = running.run(actor, report, job.params["params"])
        jobs.job_progress(job_id, done=2, message=_("Формирую файл"))
        body = (
            renderers.render(result, fmt, actor=actor)
            if fmt != "json"
            else renderers.http_response(result, fmt).content
        )
        jobs.job_finish(
            job_id,
            content=body,
            name=renderers.filename(result, fmt),
            content_type=renderers.CONTENT_TYPES[fmt],
        )
        return "done"
    except Exception as error:  # the owner sees that it failed; the log has the traceback
        log.exception("report job %s failed", job_id)
        jobs.job_fail(job_id, message=_("Не удалось сформировать отчёт: %(error)s") % {"error": error})
        return "failed"
