"""Diary pages (read-only): a pupil's week, marks for a period, and a printable extract.

Parse input → access function → selector → render. Bad input (a malformed date or period)
answers 400 with a message naming the field, and shows the default week or period instead.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.diary import access, freshness, selectors
from zhurnal.people.models import Student
from zhurnal.policy import rules


def _access(request, student_id: int) -> access.DiaryAccess:
    try:
        return access.diary_for_viewer(request.actor, student_id)
    except NotFound:
        raise Http404 from None
    except Forbidden as error:
        raise PermissionDenied(error.message) from None


def _int_param(request, name: str) -> tuple[int | None, bool]:
    """(value, ok): an absent parameter is (None, True); a malformed one is (None, False)."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None, True
    if raw.isdigit() and len(raw) < 19:
        return int(raw), True
    return None, False


@login_required
def index(request):
    """A parent's first child, a pupil's own diary; anyone else goes to the home page."""
    actor = request.actor
    target = None
    if rules.may_read_own_diary(actor) and actor.student_ids:
        target = min(actor.student_ids)
    elif rules.may_follow_children(actor) and actor.children_ids:
        target = (
            Student.objects.visible_to(actor)
            .filter(pk__in=actor.children_ids)
            .order_by("last_name", "first_name", "pk")
            .values_list("pk", flat=True)
            .first()
        )
    if target is None:
        return redirect("web:home")
    return redirect("diary:week", student_id=target)


@login_required
def week(request, student_id: int):
    error = ""
    today = clock.today()
    day = today
    raw = request.GET.get("week", "").strip()
    if raw:
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            error = _("Поле «Неделя»: дата «%(value)s» не распознана, нужен формат ГГГГ-ММ-ДД.") % {
                "value": raw
            }
    monday = selectors.monday_of(day)
    saturday = monday + dt.timedelta(days=selectors.DAYS_IN_WEEK - 1)
    etag = None
    if not error and freshness.applies(request):
        # A family's own pupil: the ETag before any access query (the pupil is theirs).
        etag = freshness.family_week_etag(request, "week", student_id, monday, saturday)
        if etag is not None:
            if freshness.matches(request, etag):
                return freshness.not_modified(etag)
            if (kept := freshness.cached(request, etag)) is not None:
                return kept
    found = _access(request, student_id)
    if not error and freshness.applies(request) and etag is None:
        pupil = found.pupil
        etag = freshness.week_etag(request, "week", pupil.school_id, pupil.id, monday, saturday)
        if freshness.matches(request, etag):
            return freshness.not_modified(etag)
        if (kept := freshness.cached(request, etag)) is not None:
            return kept
    days = selectors.diary_days(request.actor, found.pupil.id, monday, saturday, weekdays_only=True)
    context = {
        "diary": found,
        "pupil": found.pupil,
        "tab": "week",
        "days": days,
        "monday": monday,
        "saturday": saturday,
        "prev_week": monday - dt.timedelta(days=7),
        "next_week": monday + dt.timedelta(days=7),
        "this_week": selectors.monday_of(today),
        "today": today,
        "error": error,
        "keep_query": f"week={monday.isoformat()}",
    }
    response = render(request, "diary/week.html", context, status=400 if error else 200)
    return freshness.keep(request, etag, response) if etag else response


def _period_context(request, student_id: int, found: access.DiaryAccess | None = None) -> tuple[dict, int]:
    found = found or _access(request, student_id)
    actor = request.actor
    period_id, period_ok = _int_param(request, "period")
    year_id, year_ok = _int_param(request, "year")
    periods = selectors.pupil_periods(actor, found.pupil.id)
    error = ""
    if not period_ok:
        error = _("Поле «Период»: «%(value)s» — не номер периода.") % {"value": request.GET.get("period")}
    elif not year_ok:
        error = _("Поле «Учебный год»: «%(value)s» — не номер года.") % {"value": request.GET.get("year")}
    period = selectors.choose_period(periods, period_id, year_id) if not error else None
    if period is None and not error and (period_id is not None or year_id is not None):
        error = (
            _("Поле «Период»: такого периода у обучающегося нет.")
            if period_id is not None
            else _("Поле «Учебный год»: в этом году обучающийся здесь не учился.")
        )
    if period is None:
        period = selectors.choose_period(periods)
    report = selectors.period_report(actor, found.pupil.id, period, periods) if period else None
    years = []
    for p in periods:
        if not years or years[-1].pk != p.year_id:
            years.append(p.year)
    context = {
        "diary": found,
        "pupil": found.pupil,
        "periods": [p for p in periods if period and p.year_id == period.year_id],
        "years": years,
        "period": period,
        "report": report,
        "error": error,
        "today": clock.today(),
    }
    return context, 400 if error else 200


@login_required
def marks(request, student_id: int):
    etag = found = None
    if freshness.applies(request):
        etag = freshness.family_period_etag(request, "marks", student_id)
        if etag is None:
            found = _access(request, student_id)
            etag = freshness.period_etag(request, "marks", found.pupil.school_id, found.pupil.id)
        if freshness.matches(request, etag):
            return freshness.not_modified(etag)
        if (kept := freshness.cached(request, etag)) is not None:
            return kept
    context, status = _period_context(request, student_id, found)
    context["tab"] = "marks"
    context["may_get_parent_letter"] = rules.may_get_parent_letter(request.actor)
    response = render(request, "diary/marks.html", context, status=status)
    return freshness.keep(request, etag, response) if etag else response


@login_required
def extract(request, student_id: int):
    context, status = _period_context(request, student_id)
    context["tab"] = "extract"
    return render(request, "diary/extract.html", context, status=status)
