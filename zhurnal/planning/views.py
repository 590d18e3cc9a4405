"""The КТП pages: parse input → access function → service or selector → render (STYLE.md 9)."""

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.core.tabular import template_csv, template_xlsx
from zhurnal.core.uploads import UploadRules, check_files
from zhurnal.planning import access, selectors, services
from zhurnal.planning.models import PlanItem
from zhurnal.planning.services.imports import TEMPLATE_EXAMPLES
from zhurnal.policy import rules

PREVIEW_KEY = "planning_import"
MAX_FILE = 2 * 1024 * 1024


def _plan_url(assignment_id, anchor: str = "") -> str:
    return reverse("planning:plan", args=[assignment_id]) + (f"#{anchor}" if anchor else "")


def _get(request, getter, *args):
    try:
        return getter(request.actor, *args)
    except ServiceError as error:
        raise_for_page(error)
        raise


def _act(request, service, **kwargs):
    """Run a service; a refusal becomes 404/403, bad input a message. The result, or None."""
    try:
        return service(actor=request.actor, **kwargs) or True
    except ServiceError as error:
        raise_for_page(error)
        messages.error(request, error.message)
        return None


@login_required
def index(request):
    actor = request.actor
    if not (rules.may_keep_plans(actor) or rules.may_approve_plans(actor)):
        raise PermissionDenied
    context = {
        "assignments": selectors.teacher_plans(actor),
        "may_review": rules.may_approve_plans(actor),
        "to_review": len(selectors.plans_to_review(actor)) if rules.may_approve_plans(actor) else 0,
    }
    return render(request, "planning/index.html", context)


@login_required
def review(request):
    actor = request.actor
    if not rules.may_approve_plans(actor):
        raise PermissionDenied
    return render(request, "planning/review.html", {"versions": selectors.plans_to_review(actor)})


@login_required
def template(request, fmt: str):
    if not rules.may_keep_plans(request.actor):
        raise PermissionDenied
    if fmt == "xlsx":
        body = template_xlsx(services.COLUMNS, TEMPLATE_EXAMPLES)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        body, kind = template_csv(services.COLUMNS, TEMPLATE_EXAMPLES), "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="ktp-template.{fmt}"'
    return response


@login_required
def plan(request, assignment_id: int):
    assignment = _get(request, access.assignment_for_plan_reader, assignment_id)
    page = selectors.plan_page(request.actor, assignment)
    return render(request, "planning/plan.html", {"page": page})


@login_required
@require_POST
def item_add(request, assignment_id: int):
    if _act(request, services.plan_item_add, assignment_id=assignment_id, data=request.POST):
        messages.success(request, _("Пункт добавлен."))
    return redirect(_plan_url(assignment_id, "items"))


@login_required
@require_POST
def item_edit(request, item_id: int):
    item = _get(request, access.item_for_writer, item_id)
    if _act(request, services.plan_item_update, item_id=item_id, data=request.POST):
        messages.success(request, _("Пункт сохранён."))
    return redirect(_plan_url(item.version.plan.assignment_id, "items"))


ITEM_ACTIONS = {
    "delete": (services.plan_item_delete, {}),
    "split": (services.plan_item_split, {}),
    "merge": (services.plan_item_merge, {}),
    "up": (services.plan_item_move, {"step": -1}),
    "down": (services.plan_item_move, {"step": 1}),
}


@login_required
@require_POST
def item_action(request, item_id: int, action: str):
    if action not in ITEM_ACTIONS:
        raise Http404
    item: PlanItem = _get(request, access.item_for_writer, item_id)
    service, extra = ITEM_ACTIONS[action]
    _act(request, service, item_id=item_id, **extra)
    anchor = f"item-{item.number + extra.get('step', 0)}" if action in ("up", "down") else "items"
    return redirect(_plan_url(item.version.plan.assignment_id, anchor))


@login_required
@require_POST
def reorder(request, assignment_id: int):
    """The order after a drag (the script sends «3,1,2»): 204 for the script, a redirect otherwise."""
    order = [n for n in request.POST.get("order", "").split(",") if n.strip()]
    done = _act(request, services.plan_items_reorder, assignment_id=assignment_id, order=order)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204 if done else 400)
    return redirect(_plan_url(assignment_id, "items"))


def _file_bytes(request) -> bytes | None:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Выберите файл КТП (XLSX или CSV)."))
        return None
    try:
        check_files([upload], UploadRules(extensions=("xlsx", "csv"), max_bytes=MAX_FILE))
    except ServiceError as error:
        messages.error(request, error.message)
        return None
    return upload.read()


@login_required
@require_POST
def plan_import(request, assignment_id: int):
    """Two steps: the file is read and shown (nothing written, kept in the session by its digest);
    «Загрузить» then writes the very file that was shown."""
    assignment = _get(request, access.assignment_for_plan_writer, assignment_id)
    key = f"{PREVIEW_KEY}:{assignment.pk}"
    if request.POST.get("step") == "confirm":
        kept = request.session.get(key) or {}
        if not kept or kept.get("digest") != request.POST.get("digest"):
            messages.error(request, _("Файл устарел: выберите его ещё раз."))
            return redirect(_plan_url(assignment.pk, "import"))
        data = base64.b64decode(kept["data"])
        result = _act(request, services.plan_import, assignment_id=assignment.pk, data=data)
        if result:
            del request.session[key]
            messages.success(request, _("КТП загружен: %(n)s пунктов.") % {"n": len(result.items)})
        return redirect(_plan_url(assignment.pk, "items"))
    data = _file_bytes(request)
    if data is None:
        return redirect(_plan_url(assignment.pk, "import"))
    try:
        result = services.plan_import(
            actor=request.actor, assignment_id=assignment.pk, data=data, dry_run=True
        )
    except ServiceError as error:
        raise_for_page(error)
        errors = (error.data or {}).get("errors") or [{"line": "", "column": "", "message": error.message}]
        context = {"assignment": assignment, "errors": errors}
        return render(request, "planning/import_preview.html", context, status=400)
    digest = hashlib.sha256(data).hexdigest()
    request.session[key] = {"digest": digest, "data": base64.b64encode(data).decode()}
    page = selectors.plan_page(request.actor, assignment)
    context = {"assignment": assignment, "result": result, "digest": digest, "replaces": len(page.items)}
    return render(request, "planning/import_preview.html", context)


@login_required
@require_POST
def plan_copy(request, assignment_id: int):
    count = _act(
        request, services.plan_copy, assignment_id=assignment_id, source_plan_id=request.POST.get("source")
    )
    if count:
        messages.success(request, _("Скопировано пунктов: %(n)s.") % {"n": count})
    return redirect(_plan_url(assignment_id, "items"))


@login_required
@require_POST
def plan_submit(request, assignment_id: int):
    if _act(request, services.plan_submit, assignment_id=assignment_id):
        messages.success(request, _("КТП отправлен заместителю директора на согласование."))
    return redirect(_plan_url(assignment_id))


@login_required
@require_POST
def plan_decide(request, assignment_id: int):
    approve = request.POST.get("decision") == "approve"
    comment = request.POST.get("comment", "")
    if _act(request, services.plan_decide, assignment_id=assignment_id, approve=approve, comment=comment):
        messages.success(
            request, _("КТП утверждён.") if approve else _("КТП возвращён учителю с комментарием.")
        )
        return redirect("planning:review")
    return redirect(_plan_url(assignment_id, "decision"))
