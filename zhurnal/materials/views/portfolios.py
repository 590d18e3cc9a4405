"""Portfolios: the index, a pupil's, a teacher's and a project's portfolio, the showcase."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhurnal.accounts.models import SecurityEvent
from zhurnal.accounts.security import security_log
from zhurnal.core import clock
from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.materials import access, selectors, services
from zhurnal.materials.models import PortfolioEntry, PortfolioFile
from zhurnal.materials.views.common import act, get, serve
from zhurnal.policy import rules

ENTRY_FIELDS = ("kind", "title", "description", "achieved_on")


def _log_staff_view(request, student, detail: dict) -> None:
    """A pupil's portfolio is personal data: a view by anyone but the family is logged (152-ФЗ)."""
    if student.pk not in request.actor.own_student_ids:
        security_log(
            kind=SecurityEvent.Kind.RECORD_VIEWED, actor=request.actor, subject=student, detail=detail
        )


def _entry_fields(request) -> dict:
    return {name: request.POST.get(name, "") for name in ENTRY_FIELDS}


def _back(request, fallback: str) -> str:
    """Where a form on a portfolio page returns: the page it came from (same site only)."""
    target = request.POST.get("next", "")
    return target if target.startswith("/materials/") else fallback


def _portfolio(request, *, title, owner: dict, add_url, may_add: bool, may_publish: bool, extra=None):
    context = {
        "title": title,
        "entries": selectors.portfolio_entries(request.actor, **owner),
        "add_url": add_url,
        "may_add": may_add,
        "may_publish": may_publish,
        "kinds": PortfolioEntry.Kind.choices,
        **(extra or {}),
    }
    return render(request, "materials/portfolio.html", context)


@login_required
def index(request):
    actor = request.actor
    if not rules.may_use_portfolios(actor):
        raise PermissionDenied
    page = selectors.portfolio_index(actor, request.GET.get("class"))
    return render(request, "materials/portfolios.html", {"page": page})


@login_required
def pupil(request, student_id: int):
    student = get(request, access.pupil_for_portfolio, student_id)
    may_add = rules.may_add_to_pupil_portfolio(request.actor, student, clock.today())
    _log_staff_view(request, student, {"portfolio": student.pk})
    return _portfolio(
        request,
        title=_("Портфолио: %(name)s") % {"name": student.full_name},
        owner={"student": student},
        add_url=reverse("materials:pupil_entry_add", args=[student.pk]),
        may_add=may_add,
        may_publish=rules.may_publish_pupil_entry(request.actor, student, clock.today()),
    )


@login_required
def teacher(request, staff_id: int):
    staff = get(request, access.teacher_for_portfolio, staff_id)
    may_add = rules.may_keep_teacher_portfolio(request.actor, staff)
    return _portfolio(
        request,
        title=_("Портфолио учителя: %(name)s") % {"name": staff.full_name},
        owner={"teacher": staff},
        add_url=reverse("materials:teacher_entry_add", args=[staff.pk]),
        may_add=may_add,
        may_publish=may_add,
    )


@login_required
def project(request, project_id: int):
    found = get(request, access.project_for_reader, project_id)
    members = list(found.members.order_by("last_name", "first_name"))
    return _portfolio(
        request,
        title=_("Проект «%(title)s»") % {"title": found.title},
        owner={"project": found},
        add_url=reverse("materials:project_entry_add", args=[found.pk]),
        may_add=rules.may_add_to_project(request.actor, found),
        may_publish=rules.may_publish_project_entry(request.actor, found),
        extra={"project": found, "members": members},
    )


def _add(request, service, fallback, **owner):
    try:
        service(actor=request.actor, files=request.FILES.getlist("files"), **owner, **_entry_fields(request))
    except ServiceError as error:
        raise_for_page(error)
        messages.error(request, error.message)
        return redirect(fallback)
    messages.success(request, _("Запись добавлена в портфолио."))
    return redirect(fallback)


@login_required
@require_POST
def pupil_entry_add(request, student_id: int):
    fallback = reverse("materials:pupil_portfolio", args=[student_id])
    return _add(request, services.pupil_entry_add, fallback, student_id=student_id)


@login_required
@require_POST
def teacher_entry_add(request, staff_id: int):
    fallback = reverse("materials:teacher_portfolio", args=[staff_id])
    return _add(request, services.teacher_entry_add, fallback, staff_id=staff_id)


@login_required
@require_POST
def project_entry_add(request, project_id: int):
    fallback = reverse("materials:project", args=[project_id])
    return _add(request, services.project_entry_add, fallback, project_id=project_id)


@login_required
@require_POST
def project_create(request):
    try:
        created = services.project_create(
            actor=request.actor,
            title=request.POST.get("title", ""),
            description=request.POST.get("description", ""),
            member_ids=request.POST.getlist("members"),
        )
    except ServiceError as error:
        raise_for_page(error)
        page = selectors.portfolio_index(request.actor)
        return render(request, "materials/portfolios.html", {"page": page, "error": error}, status=400)
    messages.success(request, _("Проект создан."))
    return redirect("materials:project", created.pk)


def _entry_action(request, service, entry_id, done: str):
    if act(request, service, entry_id=entry_id):
        messages.success(request, done)
    return redirect(_back(request, reverse("materials:portfolios")))


@login_required
@require_POST
def entry_publish(request, entry_id: int):
    return _entry_action(
        request, services.portfolio_entry_publish, entry_id, _("Запись опубликована на витрине школы.")
    )


@login_required
@require_POST
def entry_unpublish(request, entry_id: int):
    return _entry_action(
        request, services.portfolio_entry_unpublish, entry_id, _("Запись снята с публикации.")
    )


@login_required
@require_POST
def entry_delete(request, entry_id: int):
    return _entry_action(request, services.portfolio_entry_delete, entry_id, _("Запись удалена."))


@login_required
def file_download(request, file_id: int):
    found = (
        PortfolioFile.objects.visible_to(request.actor)
        .filter(pk=file_id)
        .select_related("entry__student")
        .first()
    )
    if found is None:
        raise Http404
    if found.entry.student_id is not None and found.entry.published_at is None:
        _log_staff_view(request, found.entry.student, {"portfolio_file": found.pk, "name": found.name})
    return serve(found.file, found.name, found.content_type)


@login_required
def showcase(request):
    if not rules.may_use_portfolios(request.actor):
        raise PermissionDenied
    page = selectors.showcase(request.actor, request.GET.get("page"))
    return render(request, "materials/showcase.html", {"page": page})
