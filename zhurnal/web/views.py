"""The pages: parse input → access function → selector → render. No rule is decided here."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from zhurnal.core import clock
from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.people.models import Student
from zhurnal.policy import rules
from zhurnal.web import access
from zhurnal.web.personal_export import person_export as export
from zhurnal.web.selectors import classes as class_selectors
from zhurnal.web.selectors import home as home_selectors


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
    return render(request, "web/class_detail.html", {"today": today, "page": page})


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
