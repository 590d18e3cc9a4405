"""Messages and announcements pages: parse input → access → service or selector → render.

A service's refusal becomes 404 (not theirs), 403 (may not) or, for bad input, the form again
with the message beside the field and status 400 — nothing is saved.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.messaging import access, selectors, services
from zhurnal.messaging.announcements import announcement_publish, announcements_mark_read
from zhurnal.messaging.models import Announcement
from zhurnal.policy import messaging as policy
from zhurnal.schools.models import ClassGroup


def _guard(check, *args):
    try:
        return check(*args)
    except ServiceError as error:
        raise_for_page(error)
        raise


def _files(request) -> list:
    return request.FILES.getlist("attachments")


def _limits() -> dict:
    from zhurnal.messaging import attachments

    return {
        "max_files": attachments.max_count(),
        "max_mb": round(attachments.max_bytes() / (1024 * 1024), 1),
        "extensions": ", ".join(attachments.allowed_extensions()),
        "accept": ",".join(f".{ext}" for ext in attachments.allowed_extensions()),
    }


def _tabs(actor, active: str) -> dict:
    return {
        "tab": active,
        "may_announce": policy.may_publish_announcements(actor),
        "led_classes": sorted(
            (g.class_group for g in actor.grants if g.class_group_id in actor.led_class_ids),
            key=lambda c: (c.grade, c.letter),
        ),
    }


@login_required
def inbox(request):
    actor = request.actor
    _guard(access.require_messaging, actor)
    page = selectors.inbox(actor, request.GET.get("page"))
    return render(request, "messaging/inbox.html", {"page": page, **_tabs(actor, "inbox")})


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    actor = request.actor
    _guard(access.require_messaging, actor)
    error = None
    data = {"recipients": request.GET.getlist("to"), "subject": "", "body": ""}
    if request.method == "POST":
        data = {
            "recipients": request.POST.getlist("recipients"),
            "subject": request.POST.get("subject", ""),
            "body": request.POST.get("body", ""),
        }
        try:
            message = services.thread_start(actor=actor, attachments=_files(request), **data)
        except ServiceError as failure:
            raise_for_page(failure)
            error = failure
        else:
            flash.success(request, _("Сообщение отправлено."))
            return redirect("messaging:thread", thread_id=message.thread_id)
    context = {
        "groups": selectors.recipient_choices(actor),
        "data": data,
        "selected": {str(r) for r in data["recipients"]},
        "error": error,
        "limits": _limits(),
        **_tabs(actor, "new"),
    }
    return render(request, "messaging/new.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def thread(request, thread_id: int):
    actor = request.actor
    found = _guard(access.thread_for_participant, actor, thread_id)
    error = None
    body = ""
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            services.message_post(actor=actor, thread=found, body=body, attachments=_files(request))
        except ServiceError as failure:
            raise_for_page(failure)
            error = failure
        else:
            return redirect("messaging:thread", thread_id=found.pk)
    else:
        services.thread_mark_read(actor=actor, thread=found)
    context = {
        "view": selectors.thread_view(actor, found),
        "error": error,
        "body": body,
        "limits": _limits(),
        **_tabs(actor, "inbox"),
    }
    return render(request, "messaging/thread.html", context, status=400 if error else 200)


@login_required
def attachment(request, attachment_id: int):
    """A file, to participants only; always as a download (never rendered by the browser)."""
    found = _guard(access.attachment_for_participant, request.actor, attachment_id)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=found.original_name, content_type=found.content_type
    )


@login_required
@require_http_methods(["GET", "POST"])
def class_broadcast(request, class_id: int):
    actor = request.actor
    class_group = _guard(access.class_for_broadcast, actor, class_id)
    error = None
    data = {"subject": "", "body": ""}
    if request.method == "POST":
        data = {"subject": request.POST.get("subject", ""), "body": request.POST.get("body", "")}
        try:
            threads = services.class_parents_broadcast(
                actor=actor, class_group=class_group, attachments=_files(request), **data
            )
        except ServiceError as failure:
            raise_for_page(failure)
            error = failure
        else:
            flash.success(
                request,
                ngettext(
                    "Сообщение отправлено: %(n)s семья.",
                    "Сообщение отправлено: %(n)s семей.",
                    len(threads),
                )
                % {"n": len(threads)},
            )
            return redirect("messaging:inbox")
    context = {"class_group": class_group, "data": data, "error": error, "limits": _limits()}
    context.update(_tabs(actor, "broadcast"))
    return render(request, "messaging/broadcast.html", context, status=400 if error else 200)


@login_required
def announcements(request):
    actor = request.actor
    _guard(access.require_messaging, actor)
    page = selectors.announcements(actor, request.GET.get("page"))
    announcements_mark_read(actor=actor, announcement_ids=[a.pk for a in page.object_list])
    return render(request, "messaging/announcements.html", {"page": page, **_tabs(actor, "announcements")})


@login_required
@require_http_methods(["GET", "POST"])
def announcement_new(request):
    actor = request.actor
    _guard(access.require_announcer, actor)
    error = None
    data = {"audience": "", "class_group": "", "grade": "", "title": "", "body": ""}
    if request.method == "POST":
        data = {key: request.POST.get(key, "") for key in data}
        try:
            announcement_publish(actor=actor, **data)
        except ServiceError as failure:
            raise_for_page(failure)
            error = failure
        else:
            flash.success(request, _("Объявление опубликовано."))
            return redirect("messaging:announcements")
    school_wide = bool(policy.announcement_school_ids(actor))
    classes = ClassGroup.objects.visible_to(actor).select_related("year").order_by("grade", "letter")
    if not school_wide:
        classes = classes.filter(pk__in=actor.led_class_ids)
    context = {
        "data": data,
        "error": error,
        "school_wide": school_wide,
        "classes": classes,
        "audiences": Announcement.Audience.choices if school_wide else [],
        "grades": range(1, 12),
        **_tabs(actor, "announcements"),
    }
    return render(request, "messaging/announcement_new.html", context, status=400 if error else 200)
