"""Cross-class study groups as the administration's pages (issue 10 item 7, decision 0036): the
school's groups of a year (and a new one), a group's members with their dates (added, ended)
and its journals (a teacher given through the teaching load's service).

Thin views: the access function (404 for an outsider, 403 for a member who may not read), then
a service for a post or a selector for the page. A refused post shows the page again with the
Russian message naming the field, and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhurnal.people import access, groups
from zhurnal.people.services import groups as services
from zhurnal.people.views.teaching import _get, _post


@login_required
@require_http_methods(["GET", "POST"])
def study_groups(request):
    actor = request.actor
    school = _get(request, access.school_for_study_groups, request.GET.get("school"))
    error = None
    if request.method == "POST":
        error = _post(
            request,
            lambda: services.study_group_create(
                actor=actor,
                year_id=request.POST.get("year"),
                name=request.POST.get("name", ""),
                grade=request.POST.get("grade"),
                subject_id=request.POST.get("subject") or None,
            ),
        )
        if error is None:
            flash.success(request, _("Группа создана."))
            return redirect(request.get_full_path())
    page = groups.groups_page(actor, school, request.GET.get("year"))
    return render(
        request,
        "people/study_groups.html",
        {**page, "error": error, "data": request.POST if error else {}},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def study_group(request, group_id: int):
    actor = request.actor
    found = _get(request, access.study_group_for_reader, group_id)
    error = None
    if request.method == "POST":
        what = request.POST.get("action")
        if what == "end":
            action = lambda: services.study_group_member_end(  # noqa: E731
                actor=actor, membership_id=request.POST.get("membership"), end=request.POST.get("end", "")
            )
            done = _("Участие в группе завершено.")
        elif what == "journal":
            action = lambda: services.study_group_assignment_create(  # noqa: E731
                actor=actor,
                group_id=found.pk,
                teacher_id=request.POST.get("teacher"),
                subject_id=request.POST.get("subject") or None,
                hours_per_week=request.POST.get("hours_per_week", ""),
            )
            done = _("Журнал группы создан.")
        else:
            action = lambda: services.study_group_member_add(  # noqa: E731
                actor=actor,
                group_id=found.pk,
                student_id=request.POST.get("student"),
                start=request.POST.get("start", ""),
                end=request.POST.get("end") or None,
            )
            done = _("Обучающийся добавлен в группу.")
        error = _post(request, action)
        if error is None:
            flash.success(request, done)
            return redirect("people:study_group", group_id=found.pk)
    return render(
        request,
        "people/study_group.html",
        {**groups.group_page(actor, found), "error": error, "data": request.POST if error else {}},
        status=400 if error else 200,
    )
