"""People pages: staff records, the credentials chain (slips, issuance log, blocking).

Parse input → access (a scoped queryset: 404 for an outsider) → service or selector → render.
A service's refusal is 403; bad input shows the form again with the message by the field.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zhurnal.accounts.models import Role, RoleGrant, SecurityEvent, User
from zhurnal.accounts.security import security_log
from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.people import records, selectors
from zhurnal.people.models import Guardian, Staff, Student
from zhurnal.people.services.credentials import (
    account_block,
    account_unblock,
    credentials_issue_class,
    credentials_issue_person,
)
from zhurnal.people.services.staff import staff_create
from zhurnal.people.slips import slips_pdf
from zhurnal.policy import rules
from zhurnal.schools.models import ClassGroup, School

CARD_MODELS = {"staff": Staff, "students": Student, "guardians": Guardian}


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The one-time passwords are in this file: never kept by a cache on the way.
    response["Cache-Control"] = "no-store"
    return response


# --- staff records ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def staff_new(request):
    actor = request.actor
    if not rules.may_keep_staff_records(actor):
        raise PermissionDenied
    schools = list(School.objects.visible_to(actor).filter(pk__in=rules.staff_record_school_ids(actor)))
    school = schools[0]
    may_grant = rules.may_grant_roles(actor, school.pk)
    classes = list(ClassGroup.objects.visible_to(actor).filter(school=school).select_related("year"))
    context = {
        "school": school,
        "may_grant": may_grant,
        "roles": [(role, Role(role).label) for role in rules.GRANTABLE_ROLES],
        "classes": classes,
        "data": request.POST if request.method == "POST" else {},
        "chosen_roles": request.POST.getlist("roles"),
        "error": None,
    }
    if request.method == "POST":
        class_group = None
        class_id = request.POST.get("class_group")
        if class_id:
            class_group = next((c for c in classes if str(c.pk) == class_id), None)
        try:
            staff = staff_create(
                actor=actor,
                school=school,
                data=request.POST,
                roles=request.POST.getlist("roles"),
                class_group=class_group,
            )
        except ServiceError as error:
            raise_for_page(error)
            context["error"] = error
            return render(request, "people/staff_new.html", context, status=400)
        flash.success(request, _("Сотрудник внесён."))
        return redirect("people:staff_detail", staff_id=staff.pk)
    return render(request, "people/staff_new.html", context)


@login_required
def staff_detail(request, staff_id: int):
    actor = request.actor
    staff = get_object_or_404(Staff.objects.visible_to(actor).select_related("user", "school"), pk=staff_id)
    if staff.school_id not in rules.staff_record_school_ids(actor):
        raise PermissionDenied
    security_log(kind=SecurityEvent.Kind.RECORD_VIEWED, actor=actor, subject=staff)
    record = records.staff_record(actor, staff)
    grants = (
        list(RoleGrant.objects.filter(user_id=staff.user_id).select_related("class_group"))
        if staff.user_id
        else []
    )
    return render(
        request,
        "people/staff_detail.html",
        {
            "staff": staff,
            "record": record,
            "grants": grants,
            "may_manage_account": staff.user is not None and rules.may_block_account(actor, staff.user),
        },
    )


# --- credentials --------------------------------------------------------------------------------


@login_required
@require_POST
def card_credentials(request, kind: str, pk: int):
    """Issue (or reissue) one person's one-time password and hand back their slip."""
    model = CARD_MODELS.get(kind)
    if model is None:
        raise Http404
    card = get_object_or_404(model.objects.visible_to(request.actor).select_related("user"), pk=pk)
    try:
        issued = credentials_issue_person(actor=request.actor, person=card)
    except ServiceError as error:
        raise_for_page(error)
        flash.error(request, error.message)
        return redirect(request.POST.get("next") or "people:credential_issues")
    return _pdf(slips_pdf([issued]), f"login-{issued.username}.pdf")


def _class_for_credentials(actor, class_id: int) -> ClassGroup:
    class_group = get_object_or_404(
        ClassGroup.objects.visible_to(actor).select_related("school", "year"), pk=class_id
    )
    if not rules.may_keep_class_credentials(actor, class_group):
        raise PermissionDenied
    return class_group


@login_required
@require_http_methods(["GET", "POST"])
def class_credentials(request, class_id: int):
    """A class's pupils and parents with their logins; slips for all of them at once."""
    actor = request.actor
    class_group = _class_for_credentials(actor, class_id)
    if request.method == "POST":
        who = request.POST.get("who", "")
        try:
            issued = credentials_issue_class(
                actor=actor,
                class_group=class_group,
                parents=who in ("parents", "all"),
                students=who in ("students", "all"),
            )
        except ServiceError as error:
            raise_for_page(error)
            flash.error(request, error.message)
            return redirect("people:class_credentials", class_id=class_group.pk)
        if not issued:
            flash.warning(request, _("В классе нет никого, кому выдать пароль."))
            return redirect("people:class_credentials", class_id=class_group.pk)
        return _pdf(slips_pdf(issued), f"logins-{class_group.pk}-{who}.pdf")
    rows = selectors.class_credentials(actor, class_group)
    return render(
        request,
        "people/class_credentials.html",
        {"class_group": class_group, "rows": rows},
    )


@login_required
def credential_issues(request):
    actor = request.actor
    if not rules.may_see_credential_issues(actor):
        raise PermissionDenied
    return render(
        request,
        "people/credential_issues.html",
        {
            "issues": selectors.credential_issues(actor),
            "may_keep_staff": rules.may_keep_staff_records(actor),
            "classes": selectors.credential_classes(actor),
        },
    )


def _account(actor, user_id: int) -> User:
    return get_object_or_404(User.objects.visible_to(actor), pk=user_id)


@login_required
@require_POST
def account_block_view(request, user_id: int):
    user = _account(request.actor, user_id)
    try:
        account_block(actor=request.actor, user=user, reason=request.POST.get("reason", ""))
    except ServiceError as error:
        raise_for_page(error)
        flash.error(request, error.message)
    else:
        flash.success(request, _("Учётная запись %(login)s заблокирована.") % {"login": user.username})
    return redirect(_back(request, user))


@login_required
@require_POST
def account_unblock_view(request, user_id: int):
    user = _account(request.actor, user_id)
    try:
        account_unblock(actor=request.actor, user=user)
    except ServiceError as error:
        raise_for_page(error)
        flash.error(request, error.message)
    else:
        flash.success(request, _("Учётная запись %(login)s разблокирована.") % {"login": user.username})
    return redirect(_back(request, user))


def _back(request, user: User) -> str:
    staff = Staff.objects.visible_to(request.actor).filter(user=user).values_list("pk", flat=True).first()
    if staff is not None:
        return reverse("people:staff_detail", args=[staff])
    return reverse("people:credential_issues")
