"""Reports pages: the list of what the actor may run, a report with its parameters as a form,
and its files (XLSX, PDF, CSV, JSON). Parse input → access → selector → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhurnal.core import clock
from zhurnal.core.errors import InvalidInput, ServiceError, raise_for_page
from zhurnal.core.models import BackgroundJob
from zhurnal.policy import rules
from zhurnal.reports import params as report_params
from zhurnal.reports import registry, renderers, running, services
from zhurnal.reports.registry import FORMATS, Group


def _report(request, code: str) -> registry.Report:
    try:
        return running.report_for_runner(request.actor, code)
    except ServiceError as error:
        raise_for_page(error)
        raise


@login_required
def index(request):
    available = registry.runnable_by(request.actor)
    groups = [
        {"title": Group.TITLES[group], "reports": [r for r in available if r.group == group]}
        for group in Group.ORDER
    ]
    return render(request, "reports/index.html", {"groups": [g for g in groups if g["reports"]]})


@login_required
def report(request, code: str):
    found = _report(request, code)
    error = ""
    try:
        result = running.run(request.actor, found, request.GET)
    except InvalidInput as bad:
        error = bad.message
        result = running.run(request.actor, found, {})
    except ServiceError as refused:
        raise_for_page(refused)
        raise
    fields = [
        {
            "name": name,
            "label": report_params.LABELS[name],
            "kind": report_params.KINDS[name],
            "value": result.params.get(name, ""),
            "choices": result.choices.get(name, []),
        }
        for name in found.params
    ]
    status = 400 if error else 200
    return render(
        request,
        "reports/report.html",
        {
            "report": found,
            "result": result,
            "fields": fields,
            "error": error,
            "formats": FORMATS,
            "query": request.GET.urlencode(),
            "may_sign_off": result.school_id is not None
            and rules.may_sign_off_documents(request.actor, result.school_id),
        },
        status=status,
    )


@login_required
def download(request, code: str, fmt: str):
    found = _report(request, code)
    if fmt not in FORMATS:
        raise Http404
    try:
        result = running.run(request.actor, found, request.GET)
    except ServiceError as error:
        raise_for_page(error)
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    return renderers.http_response(result, fmt, actor=request.actor)


@login_required
@require_POST
def job_start(request, code: str):
    """A long report: start it in the background and show its progress."""
    _report(request, code)
    fmt = request.POST.get("format", "")
    if fmt not in FORMATS:
        raise Http404
    raw = {k: v for k, v in request.POST.items() if k in report_params.LABELS}
    try:
        job = services.report_job_start(actor=request.actor, code=code, raw=raw, fmt=fmt)
    except ServiceError as error:
        raise_for_page(error)
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    return redirect("reports:job", job_id=job.pk)


def _job(request, job_id: int) -> BackgroundJob:
    # Someone else's job is missing, as far as anyone else can tell (404).
    return get_object_or_404(
        BackgroundJob.objects.visible_to(request.actor), pk=job_id, expires_at__gt=clock.now()
    )


@login_required
def job(request, job_id: int):
    return render(request, "reports/job.html", {"job": _job(request, job_id)})


@login_required
def job_progress(request, job_id: int):
    """The progress partial the job page polls with htmx until the job is finished."""
    return render(request, "reports/_job_progress.html", {"job": _job(request, job_id)})


@login_required
def job_file(request, job_id: int):
    found = _job(request, job_id)
    if found.status != BackgroundJob.Status.DONE or not found.result_file:
        raise Http404
    return FileResponse(
        found.result_file.open("rb"),
        as_attachment=True,
        filename=found.result_name,
        content_type=found.result_type,
    )


@login_required
def mine(request):
    """«Мои отчёты»: the files the actor made, kept for a week (REPORT_FILES_KEEP_DAYS)."""
    jobs = (
        BackgroundJob.objects.visible_to(request.actor)
        .filter(kind=services.JOB_KIND, expires_at__gt=clock.now())
        .order_by("-created_at", "-pk")[:200]
    )
    return render(request, "reports/mine.html", {"jobs": jobs})


@login_required
@require_POST
def sign_off(request, code: str):
    """The deputy marks the report, as shown with these parameters, final: its PDF goes to the archive."""
    _report(request, code)
    raw = {k: v for k, v in request.POST.items() if k in report_params.LABELS}
    try:
        document = services.report_sign_off(actor=request.actor, code=code, raw=raw)
    except ServiceError as error:
        raise_for_page(error)
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    messages.success(
        request,
        _("Отчёт «%(title)s» подписан и передан в архив (хранить до %(until)s).")
        % {
            "title": document.title,
            "until": document.retention_until.strftime("%d.%m.%Y") if document.retention_until else "—",
        },
    )
    return redirect("archive:list")
