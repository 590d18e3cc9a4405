"""People records pages: search; a pupil's, a parent's and a staff member's record; their edits.

Every view of a record writes `record_viewed` to the security log (who, whose, when); the
record shows only the fields the actor's role may see (policy.fields).
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zhurnal.accounts.models import SecurityEvent
from zhurnal.accounts.security import security_log
from zhurnal.core import clock
from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.people import records
from zhurnal.people.models import (
    Consent,
    DocumentType,
    Guardian,
    HealthGroup,
    Staff,
    Student,
    StudentGuardian,
)
from zhurnal.people.services.consents import consent_record, consent_withdraw
from zhurnal.people.services.records import (
    GUARDIAN_FIELDS,
    STUDENT_FIELDS,
    guardian_create,
    guardian_update,
    student_create,
    student_update,
)
from zhurnal.people.services.staff import STAFF_EDIT_FIELDS, staff_update
from zhurnal.policy import fields as visibility
from zhurnal.policy import rules
from zhurnal.schools.models import School, Subject

GUARDIAN_FORM = [*GUARDIAN_FIELDS, "relation"]
STAFF_FORM = STAFF_EDIT_FIELDS
KINDS = (("students", _("Обучающиеся")), ("staff", _("Сотрудники")), ("guardians", _("Родители")))


@login_required
def search(request):
    actor = request.actor
    if not rules.may_see_staff_area(actor):
        raise PermissionDenied
    kind = request.GET.get("kind", "students")
    if kind not in dict(KINDS):
        kind = "students"
    query = request.GET.get("q", "").strip()[:100]
    results = records.search(actor, kind, query)
    personal = visibility.student_personal_ids(actor, results, clock.today()) if kind == "students" else set()
    return render(
        request,
        "people/search.html",
        {
            "kinds": KINDS,
            "kind": kind,
            "query": query,
            "results": results,
            "personal": personal,
            "may_create_student": bool(rules.credential_admin_school_ids(actor)),
            "may_keep_staff": rules.may_keep_staff_records(actor),
        },
    )


def _viewed(actor, card) -> None:
    security_log(kind=SecurityEvent.Kind.RECORD_VIEWED, actor=actor, subject=card)


def _form_data(fields, card=None, posted=None) -> dict:
    """Every field the form names, from the post (after a refusal) or the card, "" when none."""
    if posted is not None:
        return {name: posted.get(name, "") for name in fields}
    return {name: (getattr(card, name, "") if card is not None else "") or "" for name in fields}


def _student_context(student, data, error=None):
    return {
        "student": student,
        "data": _form_data(STUDENT_FIELDS, posted=data)
        if hasattr(data, "getlist")
        else {**_form_data(STUDENT_FIELDS), **data},
        "error": error,
        "sexes": Student.Sex.choices,
        "document_types": DocumentType.choices,
        "health_groups": HealthGroup.choices,
    }


@login_required
def student_detail(request, student_id: int):
    actor = request.actor
    student = get_object_or_404(Student.objects.visible_to(actor).select_related("school"), pk=student_id)
    _viewed(actor, student)
    record = records.student_record(actor, student)
    return render(
        request,
        "people/student_detail.html",
        {
            "record": record,
            "student": student,
            "may_edit": visibility.may_edit_student(actor, student, clock.today()),
            "consents": list(
                Consent.objects.visible_to(actor).filter(student=student).select_related("guardian")
            ),
            "consent_kinds": Consent.Kind.choices,
            "today": clock.today(),
            "may_export": visibility.may_see_view_history(actor, student.school_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def student_edit(request, student_id: int):
    actor = request.actor
    student = get_object_or_404(Student.objects.visible_to(actor).select_related("school"), pk=student_id)
    if not visibility.may_edit_student(actor, student, clock.today()):
        raise PermissionDenied
    if request.method == "POST":
        try:
            student_update(actor=actor, student=student, data=request.POST)
        except ServiceError as error:
            raise_for_page(error)
            return render(
                request,
                "people/student_form.html",
                _student_context(student, request.POST, error),
                status=400,
            )
        flash.success(request, _("Данные обучающегося сохранены."))
        return redirect("people:student_detail", student_id=student.pk)
    _viewed(actor, student)
    data = {name: getattr(student, name) for name in visibility.student_fields(actor, student, clock.today())}
    return render(request, "people/student_form.html", _student_context(student, data))


@login_required
@require_http_methods(["GET", "POST"])
def student_new(request):
    actor = request.actor
    school_ids = rules.credential_admin_school_ids(actor)
    if not school_ids:
        raise PermissionDenied
    school = School.objects.get(pk=min(school_ids))
    blank = Student(school=school)
    if request.method == "POST":
        try:
            student = student_create(actor=actor, school=school, data=request.POST)
        except ServiceError as error:
            raise_for_page(error)
            return render(
                request, "people/student_form.html", _student_context(blank, request.POST, error), status=400
            )
        flash.success(request, _("Обучающийся внесён."))
        return redirect("people:student_detail", student_id=student.pk)
    return render(request, "people/student_form.html", _student_context(blank, {}))


@login_required
def guardian_detail(request, guardian_id: int):
    actor = request.actor
    guardian = get_object_or_404(Guardian.objects.visible_to(actor).select_related("user"), pk=guardian_id)
    _viewed(actor, guardian)
    return render(
        request,
        "people/guardian_detail.html",
        {
            "record": records.guardian_record(actor, guardian),
            "guardian": guardian,
            "may_edit": visibility.may_edit_guardian(actor, guardian, clock.today()),
            "may_revoke": guardian.user_id is not None
            and guardian.school_id in rules.credential_admin_school_ids(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def guardian_edit(request, guardian_id: int):
    actor = request.actor
    guardian = get_object_or_404(Guardian.objects.visible_to(actor), pk=guardian_id)
    if not visibility.may_edit_guardian(actor, guardian, clock.today()):
        raise PermissionDenied
    posted = request.POST if request.method == "POST" else None
    context = {"guardian": guardian, "data": _form_data(GUARDIAN_FORM, guardian, posted), "error": None}
    if request.method == "POST":
        try:
            guardian_update(actor=actor, guardian=guardian, data=request.POST)
        except ServiceError as error:
            raise_for_page(error)
            context["error"] = error
            return render(request, "people/guardian_form.html", context, status=400)
        flash.success(request, _("Данные родителя сохранены."))
        return redirect("people:guardian_detail", guardian_id=guardian.pk)
    _viewed(actor, guardian)
    return render(request, "people/guardian_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def guardian_new(request, student_id: int):
    actor = request.actor
    student = get_object_or_404(Student.objects.visible_to(actor), pk=student_id)
    if not visibility.may_edit_student(actor, student, clock.today()):
        raise PermissionDenied
    context = {
        "student": student,
        "data": _form_data(GUARDIAN_FORM, posted=request.POST),
        "error": None,
        "relations": StudentGuardian.Relation.choices,
    }
    if request.method == "POST":
        try:
            guardian = guardian_create(actor=actor, student=student, data=request.POST)
        except ServiceError as error:
            raise_for_page(error)
            context["error"] = error
            return render(request, "people/guardian_form.html", context, status=400)
        flash.success(request, _("Родитель внесён и связан с обучающимся."))
        return redirect("people:guardian_detail", guardian_id=guardian.pk)
    return render(request, "people/guardian_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, staff_id: int):
    actor = request.actor
    staff = get_object_or_404(Staff.objects.visible_to(actor), pk=staff_id)
    if not visibility.may_edit_staff(actor, staff):
        raise PermissionDenied
    subjects = list(Subject.objects.visible_to(actor).filter(school_id=staff.school_id).order_by("name"))
    context = {
        "staff": staff,
        "data": _form_data(STAFF_FORM, staff, request.POST if request.method == "POST" else None),
        "subjects": subjects,
        "chosen": [str(pk) for pk in request.POST.getlist("subjects")]
        if request.method == "POST"
        else [str(pk) for pk in staff.subjects.values_list("pk", flat=True)],
        "error": None,
    }
    if request.method == "POST":
        try:
            ids = [int(pk) for pk in request.POST.getlist("subjects") if pk.isdigit()]
            staff_update(actor=actor, staff=staff, data=request.POST, subject_ids=ids)
        except ServiceError as error:
            raise_for_page(error)
            context["error"] = error
            return render(request, "people/staff_form.html", context, status=400)
        flash.success(request, _("Данные сотрудника сохранены."))
        return redirect("people:staff_detail", staff_id=staff.pk)
    return render(request, "people/staff_form.html", context)


# --- consents -----------------------------------------------------------------------------------


@login_required
@require_POST
def consent_add(request, student_id: int):
    actor = request.actor
    student = get_object_or_404(Student.objects.visible_to(actor), pk=student_id)
    guardian = None
    if request.POST.get("guardian"):
        guardian = (
            Guardian.objects.visible_to(actor).filter(pk=request.POST["guardian"]).first()
            if request.POST["guardian"].isdigit()
            else None
        )
    try:
        consent_record(
            actor=actor,
            student=student,
            kind=request.POST.get("kind", ""),
            given_on=request.POST.get("given_on", ""),
            guardian=guardian,
            scan=request.FILES.get("scan"),
        )
    except ServiceError as error:
        raise_for_page(error)
        flash.error(request, error.message)
    else:
        flash.success(request, _("Согласие внесено."))
    return redirect("people:student_detail", student_id=student.pk)


@login_required
@require_POST
def consent_withdraw_view(request, consent_id: int):
    actor = request.actor
    consent = get_object_or_404(Consent.objects.visible_to(actor).select_related("student"), pk=consent_id)
    try:
        consent_withdraw(actor=actor, consent=consent, withdrawn_on=request.POST.get("withdrawn_on") or None)
    except ServiceError as error:
        raise_for_page(error)
        flash.error(request, error.message)
    else:
        flash.success(request, _("Отзыв согласия отмечен."))
    return redirect("people:student_detail", student_id=consent.student_id)


@login_required
def consent_scan(request, consent_id: int):
    """The signed scan, to those who see the consent; every opening goes to the security log."""
    actor = request.actor
    consent = get_object_or_404(Consent.objects.visible_to(actor).select_related("student"), pk=consent_id)
    if not consent.scan:
        raise Http404
    security_log(
        kind=SecurityEvent.Kind.FILE_VIEWED,
        actor=actor,
        subject=consent.student,
        detail={"consent": consent.pk, "file": consent.scan_name},
    )
    response = FileResponse(
        default_storage.open(consent.scan, "rb"),
        content_type=consent.scan_content_type,
        as_attachment=True,
        filename=consent.scan_name,
    )
    response["Cache-Control"] = "no-store"
    return response
