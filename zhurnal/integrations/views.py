"""The backups, imports and OneRoster pages for the system administrator: parse input → access →
service/selector → render."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhurnal.accounts.models import SecurityEvent
from zhurnal.accounts.security import security_log
from zhurnal.core import clock, tabular
from zhurnal.core.errors import InvalidInput, ServiceError, raise_for_page
from zhurnal.core.models import BackgroundJob
from zhurnal.core.tabular import TableError
from zhurnal.integrations import access, imports, selectors
from zhurnal.integrations.services import backups, oneroster
from zhurnal.integrations.services import imports as import_services
from zhurnal.policy import rules
from zhurnal.schools.models import School


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


# --- spreadsheet imports ----------------------------------------------------------------------


def _importer_only(request) -> None:
    if not rules.may_open_imports(request.actor):
        raise Http404


def _import_schools(actor):
    return list(School.objects.visible_to(actor).filter(pk__in=rules.import_school_ids(actor)).order_by("pk"))


@login_required
def import_start(request):
    """Choose what to load and the file; a bad file comes back with every bad row named."""
    _importer_only(request)
    schools = _import_schools(request.actor)
    context = {"kinds": imports.KINDS, "schools": schools, "chosen": request.POST or {}}
    if request.method != "POST":
        return render(request, "integrations/imports.html", context)
    school = next((s for s in schools if str(s.pk) == request.POST.get("school", "")), None)
    if school is None and len(schools) == 1:
        school = schools[0]
    try:
        if school is None:
            raise InvalidInput(_("Выберите школу."), field="school")
        job = import_services.import_upload(
            actor=request.actor,
            school=school,
            kind=request.POST.get("kind", ""),
            upload=request.FILES.get("file"),
        )
    except TableError as error:
        context["row_errors"] = error.errors
        return render(request, "integrations/imports.html", context, status=400)
    except ServiceError as error:
        raise_for_page(error)
        context["error"] = error.message
        return render(request, "integrations/imports.html", context, status=400)
    return redirect("integrations:import_job", job_id=job.pk)


@login_required
def import_job(request, job_id: int):
    """The preview with its confirm button; then the progress, then the outcome."""
    _importer_only(request)
    try:
        job = access.import_job_for_owner(request.actor, job_id)
    except ServiceError as error:
        raise_for_page(error)
        raise
    template = "integrations/import_job.html"
    if request.htmx:
        template += "#import-progress"
    return render(request, template, {"job": job, "importer": imports.KINDS.get(job.params.get("kind"))})


@login_required
@require_POST
def import_confirm(request, job_id: int):
    _importer_only(request)
    try:
        job = access.import_job_for_owner(request.actor, job_id)
        import_services.import_confirm(actor=request.actor, job=job)
    except ServiceError as error:
        raise_for_page(error)
        messages.error(request, error.message)
    return redirect("integrations:import_job", job_id=job_id)


@login_required
def import_result(request, job_id: int):
    """What the import did, row by row (CSV), once it is done."""
    _importer_only(request)
    try:
        job = access.import_job_for_owner(request.actor, job_id)
    except ServiceError as error:
        raise_for_page(error)
        raise
    if job.status != job.Status.DONE or not job.result_file:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type
    )


@login_required
def import_template(request, kind: str, fmt: str):
    """An empty file of the kind's columns with an example row, to fill in (XLSX or CSV)."""
    _importer_only(request)
    importer = imports.KINDS.get(kind)
    if importer is None or fmt not in ("xlsx", "csv"):
        raise Http404
    if fmt == "xlsx":
        body = tabular.template_xlsx(importer.columns, importer.examples)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = tabular.template_csv(importer.columns, importer.examples)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="zhurnal-{kind}.{fmt}"'
    return response


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
