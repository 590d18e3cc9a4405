"""Extracurricular pages: parse input → access function → service or selector → render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhurnal.core import clock
from zhurnal.core.errors import InvalidInput, ServiceError, raise_for_page
from zhurnal.extracurricular import access, selectors, services
from zhurnal.policy import rules


def _get(request, getter, *args):
    try:
        return getter(request.actor, *args)
    except ServiceError as error:
        raise_for_page(error)
        raise


def _act(request, service, **kwargs):
    """Run a service; a refusal becomes 404/403, bad input a message. The result, or None."""
    try:
        return service(actor=request.actor, **kwargs)
    except ServiceError as error:
        raise_for_page(error)
        messages.error(request, error.message)
        return None


def _date(value: str | None):
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _time(value: str | None):
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        return value  # the service names the field


@login_required
def index(request):
    actor = request.actor
    if not rules.may_open_extracurricular(actor):
        raise PermissionDenied
    return render(request, "extracurricular/index.html", {"page": selectors.course_list(actor)})


@login_required
@require_POST
def course_create(request):
    course = _act(
        request,
        services.course_create,
        school_id=request.POST.get("school"),
        name=request.POST.get("name", ""),
        direction=request.POST.get("direction", ""),
        hours=request.POST.get("hours", ""),
        teacher_ids=request.POST.getlist("teachers"),
    )
    if course is None:
        return redirect(reverse("extracurricular:index") + "#new-course")
    messages.success(request, _("Курс создан."))
    return redirect("extracurricular:course", course.pk)


@login_required
def course(request, course_id: int):
    course = _get(request, access.course_for_reader, course_id)
    return render(
        request, "extracurricular/course.html", {"page": selectors.course_page(request.actor, course)}
    )


@login_required
@require_POST
def plan_topic_add(request, course_id: int):
    if _act(
        request,
        services.plan_topic_add,
        course_id=course_id,
        title=request.POST.get("title", ""),
        hours=request.POST.get("hours", "1"),
    ):
        messages.success(request, _("Тема добавлена в план."))
    return redirect(reverse("extracurricular:course", args=[course_id]) + "#plan")


@login_required
@require_POST
def plan_topic_delete(request, course_id: int, topic_id: int):
    _act(request, services.plan_topic_delete, course_id=course_id, topic_id=topic_id)
    return redirect(reverse("extracurricular:course", args=[course_id]) + "#plan")


@login_required
@require_POST
def group_create(request, course_id: int):
    group = _act(request, services.group_create, course_id=course_id, name=request.POST.get("name", ""))
    if group is None:
        return redirect(reverse("extracurricular:course", args=[course_id]) + "#groups")
    return redirect("extracurricular:group", group.pk)


@login_required
def group(request, group_id: int):
    group = _get(request, access.group_for_reader, group_id)
    journal = selectors.group_journal(request.actor, group)
    return render(request, "extracurricular/group.html", {"journal": journal})


@login_required
@require_POST
def member_add(request, group_id: int):
    if _act(
        request,
        services.member_add,
        group_id=group_id,
        student_id=request.POST.get("student"),
        start=_date(request.POST.get("start")),
    ):
        messages.success(request, _("Обучающийся добавлен в группу."))
    return redirect(reverse("extracurricular:group", args=[group_id]) + "#members")


@login_required
@require_POST
def member_end(request, group_id: int, membership_id: int):
    if _act(
        request,
        services.member_end,
        group_id=group_id,
        membership_id=membership_id,
        end=_date(request.POST.get("end")),
    ):
        messages.success(request, _("Выход из группы записан."))
    return redirect(reverse("extracurricular:group", args=[group_id]) + "#members")


@login_required
@require_POST
def session_create(request, group_id: int):
    if _act(
        request,
        services.session_create,
        group_id=group_id,
        date=_date(request.POST.get("date")),
        time=_time(request.POST.get("time")),
        topic=request.POST.get("topic", ""),
        notes=request.POST.get("notes", ""),
    ):
        messages.success(request, _("Занятие записано."))
    return redirect(reverse("extracurricular:group", args=[group_id]) + "#journal")


@login_required
@require_POST
def session_update(request, group_id: int, session_id: int):
    if _act(
        request,
        services.session_update,
        group_id=group_id,
        session_id=session_id,
        date=_date(request.POST.get("date")),
        time=_time(request.POST.get("time")),
        topic=request.POST.get("topic", ""),
        notes=request.POST.get("notes", ""),
    ):
        messages.success(request, _("Занятие исправлено."))
    return redirect(reverse("extracurricular:group", args=[group_id]) + "#sessions")


@login_required
@require_POST
def session_delete(request, group_id: int, session_id: int):
    try:
        services.session_delete(actor=request.actor, group_id=group_id, session_id=session_id)
    except ServiceError as error:
        raise_for_page(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("Занятие удалено."))
    return redirect(reverse("extracurricular:group", args=[group_id]) + "#sessions")


ATTENDANCE_INPUT = {"": "", "+": "present", "н": "absent", "н.": "absent", "h": "absent", "y": "absent"}


def _cells(post) -> dict[tuple[int, int], str]:
    """Cells `a-<session>-<pupil>` of the grid form: «+» present, «н» absent, empty not recorded."""
    cells: dict[tuple[int, int], str] = {}
    for key, value in post.items():
        if not key.startswith("a-"):
            continue
        try:
            _prefix, session_id, student_id = key.split("-")
            cell = (int(session_id), int(student_id))
        except ValueError:
            raise InvalidInput(_("Ячейка журнала указана неверно."), field=key) from None
        text = value.strip().lower()
        if text in ("present", "absent"):
            cells[cell] = text
        elif text in ATTENDANCE_INPUT:
            cells[cell] = ATTENDANCE_INPUT[text]
        else:
            raise InvalidInput(_("Отметка посещения: «+» присутствовал, «н» отсутствовал."), field=key)
    return cells


@login_required
@require_POST
def attendance_save(request, group_id: int):
    try:
        changed = services.session_attendance_save(
            actor=request.actor, group_id=group_id, cells=_cells(request.POST)
        )
    except ServiceError as error:
        raise_for_page(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("Посещаемость сохранена: изменено отметок — %(n)s.") % {"n": changed})
    return redirect(reverse("extracurricular:group", args=[group_id]) + "#journal")


@login_required
def group_print(request, group_id: int):
    from weasyprint import HTML  # slow to import: only when a PDF is made

    group = _get(request, access.group_for_reader, group_id)
    journal = selectors.group_journal(request.actor, group, with_candidates=False)
    html = render_to_string(
        "extracurricular/print_group.html", {"journal": journal, "printed": clock.today()}
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="extracurricular-group-{group.pk}.pdf"'
    return response


@login_required
def pupil(request, student_id: int):
    student = _get(request, access.pupil_for_reader, student_id)
    context = {"student": student, "courses": selectors.pupil_courses(request.actor, student)}
    return render(request, "extracurricular/pupil.html", context)
