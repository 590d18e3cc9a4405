"""The pages: parse input → access function → selector → render. No rule is decided here."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from zhurnal.core import clock
from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.people.models import Student
from zhurnal.policy import rules
from zhurnal.web import access
from zhurnal.web.personal_export import person_export as export
from zhurnal.web.selectors import classes as class_selectors
from zhurnal.web.selectors import home as home_selectors
from zhurnal.web.selectors import journals as journal_selectors


@login_required
def home(request):
    """One section for each role the person holds, all with today's real data."""
    actor = request.actor
    today = clock.today()
    context = {"today": today}
    if rules.may_teach(actor):
        context["teacher_day"] = home_selectors.teacher_day(actor, today)
    if rules.may_lead_class(actor):
        context["led_classes"] = home_selectors.led_classes(actor, today)
    if rules.may_follow_children(actor):
        context["children"] = home_selectors.pupil_cards(actor, today, actor.children_ids)
    if rules.may_read_own_diary(actor):
        own = sorted(actor.student_ids)
        context["own_cards"] = home_selectors.pupil_cards(actor, today, own)
    if rules.may_see_school_overview(actor):
        context["schools"] = home_selectors.school_figures(actor, today, rules.school_overview_ids(actor))
    if rules.may_see_authority_overview(actor):
        context["authority_schools"] = home_selectors.authority_schools(actor, today)
    return render(request, "web/home.html", context)


@login_required
def school(request):
    """The administration's overview: figures, classes and journals missing topics."""
    actor = request.actor
    if not rules.may_see_school_overview(actor):
        raise PermissionDenied
    today = clock.today()
    school_ids = rules.school_overview_ids(actor)
    context = {
        "today": today,
        "schools": home_selectors.school_figures(actor, today, school_ids),
        "classes": class_selectors.class_rows(actor, today, school_ids=school_ids),
        "reads_journals": rules.may_read_school_journals(actor),
    }
    if context["reads_journals"]:
        context["topicless"] = class_selectors.topicless_lessons_by_teacher(actor, today, school_ids)
        context["journal_classes"] = journal_selectors.by_class(
            journal_selectors.journals_with_fill(actor, today, school_ids=school_ids)
        )
    return render(request, "web/school.html", context)


@login_required
def class_list(request):
    today = clock.today()
    classes = class_selectors.class_rows(request.actor, today)
    return render(request, "web/class_list.html", {"today": today, "classes": classes})


@login_required
def class_detail(request, class_id: int):
    actor = request.actor
    class_group = access.class_for_viewer(actor, class_id)
    today = clock.today()
    page = class_selectors.class_page(actor, class_group, today)
    # The fill state of the journals the actor may open (None: the actor does not read that one).
    fills = {
        row.assignment.pk: row.fill
        for row in journal_selectors.journals_with_fill(actor, today, class_ids=[class_group.pk])
    }
    for assignment in page.assignments:
        assignment.fill = fills.get(assignment.pk)
    context = {
        "today": today,
        "page": page,
        "shows_board": class_group.pk in {c.pk for c in journal_selectors.board_classes(actor, today)}
        if rules.may_check_journal_completeness(actor)
        else False,
    }
    return render(request, "web/class_detail.html", context)


@login_required
def board(request):
    """The weekly completeness board: the class teacher's class, the deputy's school."""
    actor = request.actor
    if not rules.may_check_journal_completeness(actor):
        raise PermissionDenied
    today = clock.today()
    day = _date_param(request.GET.get("week"), today)
    class_id = _id_param(request.GET.get("class"))
    board = journal_selectors.completeness_board(actor, today, day, class_id)
    if class_id is not None and not board.classes:
        raise Http404
    return render(request, "web/board.html", {"today": today, "board": board})


def _date_param(raw: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


def _id_param(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


@login_required
def assignments(request):
    """«Мои журналы»: the teacher's own assignments, each leading to its class."""
    actor = request.actor
    if not rules.may_teach(actor):
        raise PermissionDenied
    today = clock.today()
    rows = class_selectors.teacher_assignments(actor, today)
    return render(request, "web/assignments.html", {"today": today, "assignments": rows})


@login_required
def person_export(request, student_id: int):
    """A pupil's data export (ZIP of JSON and a PDF summary), for a data subject's request."""
    student = get_object_or_404(
        Student.objects.visible_to(request.actor).select_related("school", "user"), pk=student_id
    )
    try:
        content = export(actor=request.actor, student=student)
    except ServiceError as error:
        raise_for_page(error)
        raise
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="personal-data-{student.pk}.zip"'
    response["Cache-Control"] = "no-store"
    return response
