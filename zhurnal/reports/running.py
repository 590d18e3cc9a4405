"""Running a report: resolve its parameters, call its selector, wrap the answer."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.reports import params as report_params
from zhurnal.reports import registry
from zhurnal.reports.registry import ReportResult


def report_for_runner(actor, code: str) -> registry.Report:
    """The report asked for: 404 for an unknown code, 403 for one the actor may not run."""
    report = registry.get(code) if isinstance(code, str) else None
    if report is None:
        raise NotFound("not found")
    if not report.may_run(actor):
        raise Forbidden(_("Этот отчёт вам недоступен."))
    return report


def run(actor, report: registry.Report, raw: Mapping[str, str]) -> ReportResult:
    ctx = report_params.resolve(actor, report, raw)
    return run_with(actor, report, ctx)


def run_with(actor, report: registry.Report, ctx) -> ReportResult:
    built = report.build(actor, ctx)
    school = ctx.school.name if ctx.school else ", ".join(built.get("school_names", [])) or ""
    return ReportResult(
        code=report.code,
        title=str(report.title),
        school=built.get("school_title") or school,
        period=built.get("period_title") or ctx.period_label,
        made_at=ctx.made_at,
        params=ctx.as_dict(report.params),
        tables=built["tables"],
        charts=built.get("charts", []),
        landscape=report.landscape,
        page_break_between_tables=built.get("page_break", False),
        choices=ctx.choices,
        school_id=ctx.school.pk if ctx.school else next(iter(ctx.school_ids), None),
        class_group=ctx.class_group,
    )
