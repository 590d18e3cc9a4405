"""The teaching load and the timetable as the administration's pages (issue 10 item 7).

Thin views: the access function (404 for an outsider, 403 for a member who may not), then a
service for a post or a selector for the page. A refused post shows the page again with the
Russian message naming the field, and changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.people import access, teaching
from zhurnal.people.services import teaching as services


def _get(request, getter, *args):
    try:
        return getter(request.actor, *args)
    except ServiceError as error:
        raise_for_page(error)
        raise


def _post(request, action):
    """Run a service for a post; its refusal becomes the page's error (or 404/403)."""
    try:
        action()
    except ServiceError as error:
        raise_for_page(error)
        return error
    return None


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request):
    actor = request.actor
    school = _get(request, access.school_for_schedule_reader, request.GET.get("school"))
    error = None
    if request.method == "POST":
        error = _post(
            request,
            lambda: services.teaching_assignment_create(
                actor=actor,
                class_id=request.POST.get("class_group"),
                subgroup_id=request.POST.get("subgroup") or None,
                subject_id=request.POST.get("subject"),
                teacher_id=request.POST.get("teacher"),
                hours_per_week=request.POST.get("hours_per_week", ""),
            ),
        )
        if error is None:
            flash.success(request, _("Нагрузка добавлена."))
            return redirect(request.get_full_path())
    page = teaching.assignments_page(actor, school, request.GET.get("year"), request.GET.get("class"))
    return render(
        request,
        "people/assignments.html",
        {**page, "error": error, "data": request.POST if error else {}},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment(request, assignment_id: int):
    actor = request.actor
    found = _get(request, access.assignment_for_reader, assignment_id)
    error = None
    if request.method == "POST":
        if request.POST.get("action") == "end":
            action = lambda: services.teaching_assignment_end(  # noqa: E731
                actor=actor, assignment_id=found.pk, on=request.POST.get("ended_on", "")
            )
            done = _("Нагрузка завершена.")
        elif request.POST.get("action") == "timetable":
            # A study group's journal has no class timetable page: its slots are kept here.
            action = lambda: services.timetable_entry_add(  # noqa: E731
                actor=actor,
                assignment_id=found.pk,
                weekday=request.POST.get("weekday"),
                slot=request.POST.get("slot"),
                room=request.POST.get("room", ""),
                valid_from=request.POST.get("valid_from") or None,
            )
            done = _("Урок добавлен в расписание.")
        else:
            action = lambda: services.teaching_assignment_update(  # noqa: E731
                actor=actor,
                assignment_id=found.pk,
                teacher_id=request.POST.get("teacher"),
                hours_per_week=request.POST.get("hours_per_week", ""),
            )
            done = _("Нагрузка изменена.")
        error = _post(request, action)
        if error is None:
            flash.success(request, done)
            return redirect("people:assignment", assignment_id=found.pk)
        found = _get(request, access.assignment_for_reader, assignment_id)
    return render(
        request,
        "people/assignment.html",
        {**teaching.assignment_page(actor, found), "error": error, "data": request.POST if error else {}},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def class_timetable(request, class_id: int):
    actor = request.actor
    class_group = _get(request, access.class_for_timetable, class_id)
    try:
        on = dt.date.fromisoformat(request.GET["on"]) if request.GET.get("on") else None
    except ValueError:
        on = None
    error = None
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            action = lambda: services.timetable_entry_end(  # noqa: E731
                actor=actor,
                entry_id=request.POST.get("entry"),
                valid_from=request.POST.get("valid_from") or None,
            )
            done = _("Урок снят с расписания.")
        else:
            action = lambda: services.timetable_entry_add(  # noqa: E731
                actor=actor,
                assignment_id=request.POST.get("assignment"),
                weekday=request.POST.get("weekday"),
                slot=request.POST.get("slot"),
                room=request.POST.get("room", ""),
                valid_from=request.POST.get("valid_from") or None,
            )
            done = _("Урок поставлен в расписание.")
        error = _post(request, action)
        if error is None:
            flash.success(request, done)
            return redirect(reverse("people:class_timetable", args=[class_group.pk]))
    return render(
        request,
        "people/timetable.html",
        {
            **teaching.timetable_page(actor, class_group, on),
            "error": error,
            "data": request.POST if error else {},
        },
        status=400 if error else 200,
    )
