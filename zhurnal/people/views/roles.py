"""A login's roles and parent links, and taking one back with a reason (the system administrator)."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhurnal.accounts.models import RoleGrant, User
from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.people.models import StudentGuardian
from zhurnal.people.services.roles import guardian_link_revoke, role_revoke
from zhurnal.policy import rules


@login_required
@require_http_methods(["GET", "POST"])
def account_roles(request, user_id: int):
    actor = request.actor
    user = get_object_or_404(User.objects.visible_to(actor), pk=user_id)
    grants = list(
        RoleGrant.objects.visible_to(actor)
        .filter(user=user)
        .select_related("school", "class_group")
        .order_by("school_id", "role", "pk")
    )
    admin_schools = rules.credential_admin_school_ids(actor)
    if (actor.user is not None and user.pk == actor.user.pk) or not any(
        g.school_id in admin_schools for g in grants
    ):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("link"):
                guardian_link_revoke(
                    actor=actor, link_id=request.POST["link"], reason=request.POST.get("reason", "")
                )
            else:
                role_revoke(
                    actor=actor, grant_id=request.POST.get("grant"), reason=request.POST.get("reason", "")
                )
        except ServiceError as exc:
            raise_for_page(exc)
            error = exc
        else:
            flash.success(request, _("Роль снята. Права пользователя изменятся с его следующего запроса."))
            return redirect("people:account_roles", user_id=user.pk)
    links = list(
        StudentGuardian.objects.visible_to(actor)
        .filter(guardian__user=user, school_id__in=admin_schools)
        .select_related("student", "guardian")
        .order_by("student__last_name", "student__first_name", "pk")
    )
    return render(
        request,
        "people/account_roles.html",
        {
            "account": user,
            "grants": [(g, g.school_id in admin_schools) for g in grants],
            "links": links,
            "error": error,
            "posted": request.POST if error else {},
        },
        status=400 if error else 200,
    )
