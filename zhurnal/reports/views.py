"""Reports pages: the list of what the actor may run, a report with its parameters as a form,
and its files (XLSX, PDF, CSV, JSON). Parse input → access → selector → render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from zhurnal.core.errors import InvalidInput, ServiceError, raise_for_page
from zhurnal.reports import params as report_params
from zhurnal.reports import registry, renderers, running
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
    return renderers.http_response(result, fmt)
