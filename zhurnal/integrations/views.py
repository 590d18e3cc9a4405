"""The backups and OneRoster pages for the system administrator: parse input → access →
service/selector → render."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhurnal.accounts.models import SecurityEvent
from zhurnal.accounts.security import security_log
from zhurnal.core import clock
from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.core.models import BackgroundJob
from zhurnal.integrations import access, selectors
from zhurnal.integrations.services import backups, oneroster
from zhurnal.policy import rules


def _keeper_only(request) -> None:
    if not rules.may_keep_backups(request.actor):
        raise Http404


@login_required
def backup_list(request):
    _keeper_only(request)
    page = selectors.backups_page(request.actor)
    template = "integrations/backups.html"
    if request.htmx:
        template += "#backups-table"
    return render(request, template, {"page": page})


@login_required
@require_POST
def backup_make(request):
    try:
        backups.backup_request(actor=request.actor)
    except ServiceError as error:
        raise_for_page(error)
        raise
    messages.success(
        request, _("Резервная копия поставлена в очередь; страница покажет, когда она будет готова.")
    )
    return redirect("integrations:backups")


@login_required
def backup_download(request, backup_id: int):
    try:
        record = access.backup_for_keeper(request.actor, backup_id)
    except ServiceError as error:
        raise_for_page(error)
        raise
    path = Path(record.path)
    if not path.is_file():
        raise Http404
    # The archive holds everyone's personal data: taking it away is a security event.
    security_log(
        kind=SecurityEvent.Kind.DATA_EXPORTED,
        actor=request.actor,
        subject=record,
        detail={"what": "backup", "path": record.path, "sha256": record.sha256},
    )
    return FileResponse(
        open(path, "rb"), as_attachment=True, filename=path.name, content_type="application/gzip"
    )


# --- OneRoster: the package for another system, made in the background ------------------------


@login_required
def oneroster_page(request):
    if not rules.may_open_backups(request.actor):
        raise Http404
    page = selectors.oneroster_page(request.actor)
    if not page.schools and not page.whole_database:
        raise Http404
    template = "integrations/oneroster.html"
    if request.htmx:
        template += "#oneroster-jobs"
    return render(request, template, {"page": page})


@login_required
@require_POST
def oneroster_start(request):
    raw = request.POST.get("school", "")
    if raw == "all":
        school_id = None
    else:
        try:
            school_id = int(raw)
        except ValueError:
            raise Http404 from None
    try:
        oneroster.oneroster_export_start(actor=request.actor, school_id=school_id)
    except ServiceError as error:
        raise_for_page(error)
        raise
    messages.success(request, _("Выгрузка поставлена в очередь; страница покажет, когда файл будет готов."))
    return redirect("integrations:oneroster")


@login_required
def oneroster_file(request, job_id: int):
    # Someone else's export is missing, as far as anyone else can tell (404).
    job = (
        BackgroundJob.objects.visible_to(request.actor)
        .filter(
            pk=job_id, kind=oneroster.JOB_KIND, status=BackgroundJob.Status.DONE, expires_at__gt=clock.now()
        )
        .first()
    )
    if job is None or not job.result_file:
        raise Http404
    # The package holds every pupil's name, birth date and marks: taking it away is a security event.
    security_log(
        kind=SecurityEvent.Kind.DATA_EXPORTED,
        actor=request.actor,
        subject=job,
        detail={"what": "oneroster", "school": job.params.get("school"), "file": job.result_name},
    )
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type
    )
