"""Forum and class events pages: parse input → access function → service or selector → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhurnal.community import access, selectors, services
from zhurnal.community.forms import ClassEventForm
from zhurnal.core import clock
from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.policy import rules


def _get(request, getter, *args):
    try:
        return getter(request.actor, *args)
    except ServiceError as error:
        raise_for_page(error)
        raise


def _act(request, service, **kwargs) -> bool:
    """Run a service; a refusal becomes 404/403, bad input a message. True when it succeeded."""
    try:
        service(actor=request.actor, **kwargs)
    except ServiceError as error:
        raise_for_page(error)
        messages.error(request, error.message)
        return False
    return True


def _topic_url(topic_id, page=None) -> str:
    url = reverse("community:topic", args=[topic_id])
    return f"{url}?page={page}" if page else url


# --- the forum -----------------------------------------------------------------------------------------


@login_required
def forum(request):
    actor = request.actor
    if not rules.may_use_forum(actor):
        raise PermissionDenied
    services.forum_sections_ensure(actor=actor)
    return render(request, "community/forum.html", {"index": selectors.forum_index(actor)})


@login_required
@require_POST
def forum_settings(request):
    allow = request.POST.get("allow_students") == "1"
    if _act(
        request, services.forum_settings_update, school_id=request.POST.get("school"), allow_students=allow
    ):
        messages.success(request, _("Настройки форума сохранены."))
    return redirect("community:forum")


@login_required
def section(request, section_id: int):
    section = _get(request, access.section_for_reader, section_id)
    page = selectors.section_topics(request.actor, section, request.GET.get("page"))
    return render(request, "community/section.html", {"section": section, "page": page})


@login_required
@require_POST
def topic_create(request, section_id: int):
    try:
        topic = services.forum_topic_create(
            actor=request.actor,
            section_id=section_id,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
        )
    except ServiceError as error:
        raise_for_page(error)
        section = _get(request, access.section_for_reader, section_id)
        page = selectors.section_topics(request.actor, section, None)
        context = {"section": section, "page": page, "error": error, "data": request.POST}
        return render(request, "community/section.html", context, status=400)
    return redirect(_topic_url(topic.pk))


@login_required
def topic(request, topic_id: int):
    actor = request.actor
    topic = _get(request, access.topic_for_reader, topic_id)
    page = selectors.topic_posts(actor, topic, request.GET.get("page"))
    context = {
        "topic": topic,
        "section": topic.section,
        "page": page,
        "moderator": rules.may_moderate_forum_section(actor, topic.section),
    }
    return render(request, "community/topic.html", context)


@login_required
@require_POST
def post_create(request, topic_id: int):
    try:
        services.forum_post_create(actor=request.actor, topic_id=topic_id, body=request.POST.get("body", ""))
    except ServiceError as error:
        raise_for_page(error)
        messages.error(request, error.message)
        return redirect(_topic_url(topic_id, "last"))
    return redirect(_topic_url(topic_id, "last") + "#last")


@login_required
def post_edit(request, post_id: int):
    actor = request.actor
    post = _get(request, access.post_for_reader, post_id)
    error = None
    if request.method == "POST":
        try:
            services.forum_post_update(actor=actor, post_id=post.pk, body=request.POST.get("body", ""))
        except ServiceError as exc:
            raise_for_page(exc)
            error = exc
        else:
            messages.success(request, _("Сообщение исправлено."))
            return redirect(_topic_url(post.topic_id, "last"))
    elif not rules.may_edit_forum_post(actor, post, clock.now()):
        raise PermissionDenied(_("Исправить сообщение может только его автор в течение 30 минут."))
    body = request.POST.get("body", post.body) if error else post.body
    context = {"post": post, "topic": post.topic, "body": body, "error": error}
    return render(request, "community/post_edit.html", context, status=400 if error else 200)


def _moderation(service, success: str, *, on: str):
    @login_required
    @require_POST
    def view(request, **kwargs):
        object_id = kwargs[on]
        ok = _act(request, service, **{on: object_id, "reason": request.POST.get("reason", "")})
        if ok:
            messages.success(request, success)
        if on == "post_id":
            topic_id = _get(request, access.post_for_reader, object_id).topic_id
            return redirect(_topic_url(topic_id, request.POST.get("page")))
        if service is services.forum_topic_delete and ok:
            return redirect("community:forum")
        return redirect(_topic_url(object_id))

    return view


post_hide = _moderation(services.forum_post_hide, gettext_lazy("Сообщение скрыто."), on="post_id")
post_unhide = _moderation(
    services.forum_post_unhide, gettext_lazy("Сообщение снова видно всем."), on="post_id"
)
topic_lock = _moderation(services.forum_topic_lock, gettext_lazy("Тема закрыта для ответов."), on="topic_id")
topic_unlock = _moderation(
    services.forum_topic_unlock, gettext_lazy("Тема снова открыта для ответов."), on="topic_id"
)
topic_delete = _moderation(services.forum_topic_delete, gettext_lazy("Тема удалена."), on="topic_id")


# --- the class events journal ----------------------------------------------------------------------


def _event_fields(form: ClassEventForm) -> dict:
    return {name: form.cleaned_data[name] for name in ClassEventForm.base_fields}


@login_required
def class_events(request, class_id: int):
    actor = request.actor
    class_group = _get(request, access.class_for_events, class_id)
    form = ClassEventForm()
    status = 200
    if request.method == "POST":
        _get(request, access.class_for_event_keeper, class_id)
        form = ClassEventForm(request.POST)
        if form.is_valid():
            try:
                services.class_event_create(actor=actor, class_id=class_id, **_event_fields(form))
            except ServiceError as error:
                raise_for_page(error)
                form.add_service_error(error)
            else:
                messages.success(request, _("Мероприятие записано."))
                return redirect("community:class_events", class_id=class_id)
        status = 400
    page = selectors.class_events(actor, class_group)
    return render(request, "community/class_events.html", {"page": page, "form": form}, status=status)


@login_required
def class_event_edit(request, class_id: int, event_id: int):
    actor = request.actor
    event = _get(request, access.event_for_editor, class_id, event_id)
    if request.method != "POST":
        form = ClassEventForm.for_event(event)
        return render(request, "community/class_event_edit.html", {"event": event, "form": form})
    form = ClassEventForm(request.POST)
    if form.is_valid():
        try:
            services.class_event_update(
                actor=actor, class_id=class_id, event_id=event_id, **_event_fields(form)
            )
        except ServiceError as error:
            raise_for_page(error)
            form.add_service_error(error)
        else:
            messages.success(request, _("Мероприятие изменено."))
            return redirect("community:class_events", class_id=class_id)
    return render(request, "community/class_event_edit.html", {"event": event, "form": form}, status=400)


@login_required
@require_POST
def class_event_delete(request, class_id: int, event_id: int):
    if _act(
        request,
        services.class_event_delete,
        class_id=class_id,
        event_id=event_id,
        reason=request.POST.get("reason", ""),
    ):
        messages.success(request, _("Мероприятие удалено."))
    return redirect("community:class_events", class_id=class_id)
