"""Pages: the list (opening one marks it read), read all, settings, and "seen by" for staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhurnal.core.errors import InvalidInput, NotFound
from zhurnal.journal.models import Mark
from zhurnal.notifications import selectors, services
from zhurnal.notifications.forms import SettingsForm, initial_for
from zhurnal.notifications.models import QuietHours
from zhurnal.policy import rules


@login_required
def notification_list(request):
    actor = request.actor
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.own_notifications(actor, unread_only=unread_only), selectors.PAGE_SIZE)
    page_obj = page.get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page_obj, "notifications": list(page_obj.object_list), "unread_only": unread_only},
    )


@login_required
def notification_open(request, notification_id: int):
    """Mark the notification read and go where it points (a link from the bell or an e-mail)."""
    try:
        notification = services.notification_mark_read(actor=request.actor, notification_id=notification_id)
    except NotFound:
        raise Http404 from None
    target = notification.url or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request):
    count = services.notifications_mark_all_read(actor=request.actor)
    if count:
        messages.success(request, _("Все уведомления отмечены как прочитанные."))
    return redirect("notifications:list")


@login_required
def notification_settings(request):
    actor = request.actor
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.preferences_update(
                    actor=actor,
                    preferences=form.preferences(),
                    quiet_start=data.get("quiet_start"),
                    quiet_end=data.get("quiet_end"),
                    email=data.get("email") or "",
                )
            except InvalidInput as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Настройки уведомлений сохранены."))
                return redirect("notifications:settings")
    else:
        quiet = QuietHours.objects.visible_to(actor).first()
        form = SettingsForm(initial=initial_for(selectors.preferences_of(actor), quiet, actor.user.email))
    return render(request, "notifications/settings.html", {"form": form})


@login_required
def seen(request):
    """Staff: who was told of a mark, and when they opened it (`?mark=<id>`)."""
    actor = request.actor
    if not rules.may_see_staff_area(actor):
        raise PermissionDenied
    mark_id = request.GET.get("mark", "")
    if not mark_id.isdigit():
        raise Http404
    mark = get_object_or_404(
        Mark.objects.visible_to(actor).select_related("student", "lesson__assignment__subject", "work_type"),
        pk=int(mark_id),
    )
    return render(request, "notifications/seen.html", {"mark": mark, "rows": selectors.seen_by(actor, mark)})
