"""Journal pages: the grid of one journal, the teacher's day, the deputy's periods.

The grid is drawn by journal/grid.js from the same data the API serves; every cell is saved
through the API (`/api/v1/marks`, `/api/v1/lessons/{id}/attendance/{student}`), so the page and
the API share one set of rules and errors.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhurnal.core import clock, fastjson
from zhurnal.core.errors import NotFound, ServiceError, raise_for_page
from zhurnal.journal import access, locks, selectors
from zhurnal.journal.models import Lesson, LessonFile
from zhurnal.journal.payload import grid_payload, journal_directories
from zhurnal.journal.services import (
    journal_unlock,
    lesson_file_remove,
    lesson_files_add,
    period_close,
    period_reopen,
)
from zhurnal.journal.services.periods import UNLOCK_HOURS
from zhurnal.people.models import TeachingAssignment
from zhurnal.policy import rules
from zhurnal.schools.models import StudyPeriod

log = logging.getLogger(__name__)


def _grid_assignment(actor, assignment_id):
    """A journal the actor reads, or — for a substitute — one where they conduct lessons."""
    try:
        return access.assignment_for_reader(actor, assignment_id), None
    except NotFound:
        substitute = (
            Lesson.objects.filter(assignment_id=assignment_id, teacher_id__in=actor.staff_ids)
            .values_list("teacher_id", flat=True)
            .first()
            if actor.staff_ids
            else None
        )
        if substitute is None:
            raise Http404 from None
        assignment = TeachingAssignment.objects.select_related(
            "class_group", "subgroup", "study_group", "subject", "teacher", "school", "year"
        ).get(pk=assignment_id)
        return assignment, substitute


@login_required
def grid(request, assignment_id: int):
    actor = request.actor
    if not actor.is_staff_member:
        raise Http404
    assignment, only_teacher = _grid_assignment(actor, assignment_id)
    grid = selectors.journal_grid(
        assignment,
        request.GET.get("period"),
        only_teacher_id=only_teacher,
        only_student_ids=None if only_teacher else access.grid_pupils_for(actor, assignment),
    )
    can_write = access.may_write_assignment(actor, assignment) or only_teacher is not None
    payload = grid_payload(
        grid, can_write=can_write, directories=journal_directories(assignment.school_id), rows=True
    )
    payload["staff_id"] = actor.staff_id_in(assignment.school_id)
    payload["today"] = clock.today().isoformat()
    payload["may_unlock"] = access.may_keep_periods(actor, assignment.school_id)
    if payload["may_unlock"]:  # who may substitute: the school's teachers (the deputy's form only)
        payload["staff"] = [
            {"id": pk, "name": f"{last} {first} {middle}".strip()}
            for pk, last, first, middle in rules.substitute_teachers(assignment.school_id).values_list(
                "pk", "last_name", "first_name", "middle_name"
            )
        ]
    school = assignment.school
    payload["locks"] = locks.grid_locks(assignment, payload["lessons"], grid.period)
    payload["rules"] = {
        "min_marks": school.min_marks_for_period,
        "thresholds": [str(school.threshold_5), str(school.threshold_4), str(school.threshold_3)],
    }
    return fastjson.render_with_json_script(
        request,
        "journal/grid.html",
        {"grid": grid, "assignment": assignment, "payload": payload, "unlock": payload["locks"]["unlock"]},
        data=payload,
        element_id="journal-data",
    )


@login_required
def day(request):
    actor = request.actor
    if not actor.staff_ids:
        raise PermissionDenied
    today = clock.today()
    return render(
        request, "journal/day.html", {"today": today, **selectors.teacher_day(actor.staff_ids, today)}
    )


@login_required
def periods(request):
    actor = request.actor
    school_ids = rules.period_keeper_school_ids(actor)
    if not school_ids:
        raise PermissionDenied
    rows = (
        StudyPeriod.objects.filter(school_id__in=school_ids)
        .select_related("year")
        .order_by("start", "grade_from")
    )
    return render(request, "journal/periods.html", {"periods": rows})


@login_required
def period_close_confirm(request, period_id: int):
    """The confirmation before a period is closed: which journals it locks and which still lack
    period marks; closing before the period's end asks for a reason."""
    actor = request.actor
    period = StudyPeriod.objects.visible_to(actor).filter(pk=period_id).select_related("year").first()
    if period is None:
        raise Http404
    if not access.may_keep_periods(actor, period.school_id):
        raise PermissionDenied
    error, reason = None, ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            period_close(actor=actor, period_id=period.pk, reason=reason)
        except ServiceError as failure:
            raise_for_page(failure)
            error = failure
        else:
            messages.success(request, _("Период «%(p)s» закрыт.") % {"p": period.name})
            return redirect("journal:periods")
    journals = selectors.period_close_preview(period)
    return render(
        request,
        "journal/period_close.html",
        {
            "period": period,
            "journals": journals,
            "missing": [j for j in journals if j.missing],
            "early": clock.today() < period.end,
            "error": error,
            "reason": reason,
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def period_toggle(request, period_id: int):
    actor = request.actor
    if request.POST.get("action") == "close":  # closing goes through its confirmation page
        return redirect("journal:period_close", period_id=period_id)
    try:
        period = period_reopen(actor=actor, period_id=period_id, reason=request.POST.get("reason", ""))
        messages.success(request, _("Период «%(p)s» открыт.") % {"p": period.name})
    except ServiceError as error:
        raise_for_page(error)
        messages.error(request, error.message)
    return redirect("journal:periods")


@login_required
@require_POST
def unlock(request, assignment_id: int):
    import datetime as dt

    actor = request.actor
    try:
        date_from = dt.date.fromisoformat(request.POST.get("date_from", ""))
        date_to = dt.date.fromisoformat(request.POST.get("date_to", ""))
    except ValueError:
        messages.error(request, _("Укажите даты «с» и «по» в формате ГГГГ-ММ-ДД."))
        return redirect("journal:grid", assignment_id=assignment_id)
    try:
        journal_unlock(
            actor=actor,
            assignment_id=assignment_id,
            date_from=date_from,
            date_to=date_to,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Исправление разрешено на %(hours)s ч.") % {"hours": UNLOCK_HOURS})
    except ServiceError as error:
        raise_for_page(error)
        messages.error(request, error.message)
    return redirect("journal:grid", assignment_id=assignment_id)


@login_required
@require_POST
def files_add(request, lesson_id: int):
    try:
        lesson_files_add(actor=request.actor, lesson_id=lesson_id, files=request.FILES.getlist("files"))
        messages.success(request, _("Файлы приложены к домашнему заданию."))
    except ServiceError as error:
        raise_for_page(error)
        messages.error(request, error.message)
    lesson = Lesson.objects.only("assignment_id").get(pk=lesson_id)
    return redirect(f"{reverse('journal:grid', args=[lesson.assignment_id])}#lesson-{lesson_id}")


@login_required
@require_POST
def file_remove(request, file_id: int):
    found = LessonFile.objects.filter(pk=file_id).select_related("lesson").first()
    if found is None:
        raise Http404
    try:
        lesson_file_remove(actor=request.actor, file_id=file_id)
    except ServiceError as error:
        raise_for_page(error)
        raise
    messages.success(request, _("Файл удалён."))
    return redirect(f"{reverse('journal:grid', args=[found.lesson.assignment_id])}#lesson-{found.lesson_id}")


@login_required
def file_download(request, file_id: int):
    """Anyone who may see the lesson (its teachers, the class's families) may fetch its files."""
    visible = Lesson.objects.visible_to(request.actor).values("pk")
    found = LessonFile.objects.filter(pk=file_id, lesson__in=visible).first()
    if found is None:
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        # The record outlived its file (a restore without media, a disk cleaned by hand).
        log.error(
            "homework file %s of lesson %s is missing on disk: %s", found.pk, found.lesson_id, found.file.name
        )
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=found.name)
    response["Content-Type"] = found.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
