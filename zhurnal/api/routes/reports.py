"""`GET /reports`: the reports the caller may run; `GET /reports/{code}`: one report, in JSON or
as a file (`format=csv|xlsx|pdf`). Every parameter has a default (zhurnal.reports.params), so
`GET /reports/progress?format=xlsx` works as it is."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema

from zhurnal.api.errors import ErrorOut, ServiceErrorOut, ValidationErrorOut
from zhurnal.api.security import request_actor
from zhurnal.reports import registry, renderers, running
from zhurnal.reports.params import LABELS

router = Router(tags=["reports"])


class ReportParamOut(Schema):
    name: str
    label: str


class ReportBriefOut(Schema):
    code: str
    title: str
    group: str
    params: list[ReportParamOut]
    formats: list[str]


class ReportColumnOut(Schema):
    key: str
    title: str
    type: str


class ReportTableOut(Schema):
    title: str
    columns: list[ReportColumnOut]
    rows: list[dict[str, Any]]


class ReportOut(Schema):
    code: str
    title: str
    school: str
    period: str
    made_at: str
    params: dict[str, str]
    tables: list[ReportTableOut]


@router.get(
    "/reports",
    url_name="reports",
    response={200: list[ReportBriefOut], 401: ErrorOut, 403: ErrorOut},
    summary="Reports the caller may run",
)
def reports(request: HttpRequest):
    actor = request_actor(request)
    return [
        ReportBriefOut(
            code=r.code,
            title=str(r.title),
            group=r.group,
            params=[ReportParamOut(name=name, label=str(LABELS[name])) for name in r.params],
            formats=list(registry.FORMATS),
        )
        for r in registry.runnable_by(actor)
    ]


@router.get(
    "/reports/{code}",
    url_name="report",
    response={
        200: ReportOut,
        400: ValidationErrorOut | ServiceErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
    },
    summary="One report (JSON, or a CSV, XLSX or PDF file)",
)
def report(
    request: HttpRequest,
    code: str = Path(..., max_length=40, pattern=r"^[a-z0-9-]+$"),
    format: Literal["json", "csv", "xlsx", "pdf"] = Query("json"),
    school: int | None = Query(None, ge=1, le=2**62),
    period: int | None = Query(None, ge=1, le=2**62),
    class_: int | None = Query(None, alias="class", ge=1, le=2**62),
    student: int | None = Query(None, ge=1, le=2**62),
    date_from: str | None = Query(None, max_length=10),
    date_to: str | None = Query(None, max_length=10),
    date: str | None = Query(None, max_length=10),
    month: str | None = Query(None, max_length=7),
):
    actor = request_actor(request)
    found = running.report_for_runner(actor, code)
    raw = {
        "school": school,
        "period": period,
        "class": class_,
        "student": student,
        "date_from": date_from,
        "date_to": date_to,
        "date": date,
        "month": month,
    }
    result = running.run(actor, found, {k: str(v) for k, v in raw.items() if v is not None})
    if format == "json":
        return renderers.to_json(result)
    return renderers.http_response(result, format, actor=actor)
