"""Printed records, the archive, the retention table and the public verification page:
parse input → access → service or selector → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zhurnal.accounts.models import SecurityEvent
from zhurnal.accounts.security import security_log
from zhurnal.archive import access, services, verification
from zhurnal.archive.models import DocumentKind
from zhurnal.archive.selectors import archive as selectors
from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.policy import rules

# An uploaded copy to compare: the printed journal of a big class is a few megabytes.
MAX_UPLOAD = 50 * 1024 * 1024


def _guard(check, *args):
    try:
        return check(*args)
    except ServiceError as error:
        raise_for_page(error)
        raise


@login_required
@require_http_methods(["GET", "POST"])
def print_page(request):
    actor = request.actor
    schools = _guard(access.require_printer, actor)
    error = None
    data = {"class_group": request.POST.get("class_group", ""), "kind": request.POST.get("kind", "")}
    if request.method == "POST":
        try:
            stamp = services.record_print(
                actor=actor,
                class_id=data["class_group"],
                kind=data["kind"],
                sign_off=request.POST.get("sign_off") == "1",
            )
        except ServiceError as failure:
            raise_for_page(failure)
            error = failure
        else:
            return redirect("archive:print_status", stamp_id=stamp.pk)
    context = {
        "classes": selectors.printable_classes(actor),
        "data": data,
        "error": error,
        "may_sign_off": any(rules.may_sign_off_documents(actor, s) for s in schools),
        "kinds": [
            (DocumentKind.CLASS_JOURNAL, DocumentKind.CLASS_JOURNAL.label),
            (DocumentKind.FINAL_MARKS_SUMMARY, DocumentKind.FINAL_MARKS_SUMMARY.label),
        ],
    }
    return render(request, "archive/print.html", context, status=400 if error else 200)


@login_required
def print_status(request, stamp_id: int):
    """The maker's page of one printed record: «готовится» (it refreshes itself) or the file."""
    actor = request.actor
    _guard(access.require_printer, actor)
    stamp = _guard(access.printed_for_maker, actor, stamp_id)
    archived = getattr(stamp, "archived", None) if stamp.registered_at else None
    context = {
        "stamp": stamp,
        "code": verification.display(stamp.code),
        "ready": bool(stamp.registered_at and stamp.file),
        "archived": archived,
        "kind": DocumentKind(stamp.meta.get("kind")).label
        if stamp.meta.get("kind") in DocumentKind.values
        else "",
    }
    return render(request, "archive/print_status.html", context)


@login_required
def print_file(request, stamp_id: int):
    actor = request.actor
    _guard(access.require_printer, actor)
    stamp = _guard(access.printed_for_maker, actor, stamp_id)
    if not (stamp.registered_at and stamp.file):
        return redirect("archive:print_status", stamp_id=stamp.pk)
    name = stamp.file.name.rsplit("/", 1)[-1]
    return FileResponse(
        stamp.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )


@login_required
def archive_list(request):
    actor = request.actor
    schools = _guard(access.require_archive_reader, actor)
    filters = selectors.ArchiveFilters(
        kind=request.GET.get("kind", ""),
        class_group=request.GET.get("class_group", ""),
        period=request.GET.get("period", ""),
        state=request.GET.get("state", ""),
    )
    context = {
        "documents": selectors.archive_documents(actor, filters),
        "filters": filters,
        "choices": selectors.archive_filter_choices(actor),
        "may_print": bool(rules.record_printer_school_ids(actor)),
        "may_keep_retention": any(rules.may_keep_retention(actor, s) for s in schools),
    }
    return render(request, "archive/list.html", context)


@login_required
def document_file(request, document_id: int):
    actor = request.actor
    _guard(access.require_archive_reader, actor)
    document = _guard(access.document_for_reader, actor, document_id)
    if document.destroyed_at is not None or not document.file:
        messages.error(request, _("Документ уничтожен по акту; файла больше нет."))
        return redirect("archive:list")
    security_log(
        kind=SecurityEvent.Kind.DATA_EXPORTED,
        actor=actor,
        school_id=document.school_id,
        subject=document,
        detail={"document": document.kind, "code": document.stamp.code},
    )
    name = document.file.name.rsplit("/", 1)[-1]
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )


@login_required
@require_POST
def document_destroy(request, document_id: int):
    actor = request.actor
    try:
        act = services.document_destroy(
            actor=actor, document_id=document_id, reason=request.POST.get("reason", "")
        )
    except ServiceError as failure:
        raise_for_page(failure)
        messages.error(request, failure.message)
        return redirect(f"{request.path.rsplit('/', 3)[0]}/?state=due")
    messages.success(request, _("Документ уничтожен, составлен акт № %(n)s.") % {"n": act.number})
    return redirect("archive:list")


@login_required
@require_http_methods(["GET", "POST"])
def retention(request):
    actor = request.actor
    schools = _guard(access.require_archive_reader, actor)
    school_id = min(schools)
    may_edit = rules.may_keep_retention(actor, school_id)
    error = None
    if request.method == "POST":
        try:
            services.retention_rule_set(
                actor=actor,
                school_id=school_id,
                kind=request.POST.get("kind", ""),
                years=request.POST.get("years", ""),
                legal_note=request.POST.get("legal_note", ""),
                start_event=request.POST.get("start_event", ""),
            )
        except ServiceError as failure:
            raise_for_page(failure)
            error = failure
        else:
            messages.success(request, _("Срок хранения сохранён."))
            return redirect("archive:retention")
    context = {
        "lines": selectors.retention_table(actor, school_id),
        "may_edit": may_edit,
        "error": error,
        "error_kind": request.POST.get("kind", "") if error else "",
    }
    return render(request, "archive/retention.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def verify(request, code: str):
    """Public: anyone holding the paper may check it. The code is the key; no personal data."""
    record = verification.stamp_by_code(code)
    if record is None:
        return render(request, "archive/verify.html", {"code": code, "record": None}, status=404)
    outcome = None
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Выберите файл PDF для сравнения.")
        elif upload.size > MAX_UPLOAD:
            error = _("Файл больше 50 МБ: это не документ, выданный журналом.")
        else:
            outcome = verification.matches(record, upload.read())
    context = {
        "code": verification.display(record.code),
        "record": record,
        "kind": DocumentKind(record.kind).label if record.kind in DocumentKind.values else record.kind,
        "changes": verification.changes_since(record),
        "outcome": outcome,
        "error": error,
    }
    return render(request, "archive/verify.html", context, status=400 if error else 200)
