"""The registry's pages: parse input → access function → service or selector → render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhurnal.accounts.models import SecurityEvent
from zhurnal.accounts.security import security_log
from zhurnal.core import clock
from zhurnal.core.errors import InvalidInput, ServiceError, raise_for_page
from zhurnal.office import access, printing, selectors, services
from zhurnal.policy import rules


def _get(request, getter, *args):
    try:
        return getter(request.actor, *args)
    except ServiceError as error:
        raise_for_page(error)
        raise


def _date(value, field: str):
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(_("Дата указана неверно."), field=field) from None


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _serve(stored, name: str, content_type: str) -> FileResponse:
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the orders book -----------------------------------------------------------------------------


@login_required
def orders(request):
    actor = request.actor
    school = _get(request, access.school_for_orders_reader, request.GET.get("school"))
    error, status = None, 200
    if request.method == "POST":
        try:
            date = _date(request.POST.get("date"), "date")
            order = services.order_create(
                actor=actor,
                school_id=school.pk,
                series=request.POST.get("series", ""),
                date=date,
                title=request.POST.get("title", ""),
                text=request.POST.get("text", ""),
                signed_by_id=request.POST.get("signed_by") or None,
                files=request.FILES.getlist("files"),
            )
        except ServiceError as exc:
            raise_for_page(exc)
            error, status = exc, 400
        else:
            messages.success(request, _("Приказ № %(n)s внесён в книгу.") % {"n": order.full_number})
            return redirect("office:order", order_id=order.pk)
    page = selectors.orders_page(actor, school, _int(request.GET.get("year")))
    context = {
        "page": page,
        "may_keep": rules.may_keep_orders(actor, school.pk),
        "error": error,
        "data": request.POST if error else {},
    }
    return render(request, "office/orders.html", context, status=status)


@login_required
def order(request, order_id: int):
    actor = request.actor
    found = _get(request, access.order_for_reader, order_id)
    if request.method == "POST":
        try:
            services.order_files_add(actor=actor, order_id=found.pk, files=request.FILES.getlist("files"))
        except ServiceError as exc:
            raise_for_page(exc)
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Файлы приложены к приказу."))
        return redirect("office:order", order_id=found.pk)
    context = {
        **selectors.order_detail(actor, found),
        "may_keep": rules.may_keep_orders(actor, found.school_id),
    }
    return render(request, "office/order.html", context)


@login_required
def order_file(request, file_id: int):
    found = _get(request, access.order_file_for_reader, file_id)
    return _serve(found.file, found.name, found.content_type)


@login_required
def orders_register(request):
    actor = request.actor
    school = _get(request, access.school_for_orders_reader, request.GET.get("school"))
    year = _int(request.GET.get("year")) or clock.today().year
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "pdf"
    content, content_type, ext = printing.render(selectors.orders_register(actor, school, year), fmt)
    return _download(content, content_type, f"orders-{year}.{ext}")


# --- movement ------------------------------------------------------------------------------------


@login_required
def movements(request):
    actor = request.actor
    school = _get(request, access.school_for_orders_reader, request.GET.get("school"))
    error, status = None, 200
    if request.method == "POST":
        try:
            movement = services.movement_record(
                actor=actor,
                order_id=request.POST.get("order"),
                kind=request.POST.get("kind", ""),
                student_id=request.POST.get("student"),
                date=_date(request.POST.get("date"), "date"),
                to_class_id=request.POST.get("to_class") or None,
                destination=request.POST.get("destination", ""),
                note=request.POST.get("note", ""),
            )
        except ServiceError as exc:
            raise_for_page(exc)
            error, status = exc, 400
        else:
            messages.success(
                request,
                _("Движение записано: %(kind)s с %(date)s.")
                % {"kind": movement.get_kind_display(), "date": f"{movement.date:%d.%m.%Y}"},
            )
            return redirect("office:movements")
    context = {
        "page": selectors.movements_page(actor, school),
        "may_keep": rules.may_keep_orders(actor, school.pk),
        "error": error,
        "data": request.POST if error else {},
    }
    return render(request, "office/movements.html", context, status=status)


@login_required
def promotion(request):
    actor = request.actor
    school = _get(request, access.school_for_orders_keeper, request.GET.get("school"))
    page = selectors.promotion_page(actor, school)
    error, status = None, 200
    if request.method == "POST":
        decisions = {}
        for enrollment in page.pupils:
            kind = request.POST.get(f"kind_{enrollment.student_id}", "")
            debt = request.POST.get(f"debt_{enrollment.student_id}", "")
            if kind:
                decisions[enrollment.student_id] = {"kind": kind, "debt": debt}
        try:
            done = services.promotion_run(
                actor=actor,
                order_id=request.POST.get("order"),
                decisions=decisions,
                date=_date(request.POST.get("date"), "date"),
            )
        except ServiceError as exc:
            raise_for_page(exc)
            error, status = exc, 400
        else:
            messages.success(request, _("Перевод оформлен: %(n)s обучающихся.") % {"n": len(done)})
            return redirect("office:movements")
    context = {"page": page, "error": error, "data": request.POST if error else {}}
    return render(request, "office/promotion.html", context, status=status)


@login_required
def alphabet(request):
    actor = request.actor
    school = _get(request, access.school_for_orders_reader, request.GET.get("school"))
    fmt = request.GET.get("format")
    if fmt in ("pdf", "xlsx"):
        content, content_type, ext = printing.render(selectors.alphabet_register(actor, school), fmt)
        return _download(content, content_type, f"alphabet-book.{ext}")
    context = {"school": school, "lines": selectors.alphabet_book(actor, school)}
    return render(request, "office/alphabet.html", context)


# --- personal files ------------------------------------------------------------------------------------


@login_required
def personal_file(request, student_id: int):
    actor = request.actor
    student = _get(request, access.student_for_file, student_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "open":
                services.personal_file_open(actor=actor, student_id=student.pk)
                messages.success(request, _("Личное дело заведено."))
            else:
                page = selectors.personal_file_page(actor, student)
                if page["personal_file"] is None:
                    raise InvalidInput(_("Сначала заведите личное дело."), field="file")
                services.personal_file_document_add(
                    actor=actor,
                    file_id=page["personal_file"].pk,
                    title=request.POST.get("title", ""),
                    upload=request.FILES.get("file"),
                )
                messages.success(request, _("Документ добавлен в личное дело."))
        except ServiceError as exc:
            raise_for_page(exc)
            messages.error(request, exc.message)
        return redirect("office:personal_file", student_id=student.pk)
    page = selectors.personal_file_page(actor, student)
    security_log(
        kind=SecurityEvent.Kind.FILE_VIEWED,
        actor=actor,
        subject=student,
        detail={"personal_file": page["personal_file"].pk if page["personal_file"] else None},
    )
    may_add = rules.may_add_to_personal_file(actor, student.school_id, access.pupil_class_ids(student.pk))
    return render(request, "office/personal_file.html", {**page, "may_add": may_add})


@login_required
def document(request, document_id: int):
    actor = request.actor
    found = _get(request, access.document_for_viewer, document_id)
    security_log(
        kind=SecurityEvent.Kind.FILE_VIEWED,
        actor=actor,
        subject=found.personal_file.student,
        detail={"personal_file": found.personal_file_id, "document": found.pk, "title": found.title},
    )
    return _serve(found.file, found.name, found.content_type)


# --- enrolment applications ---------------------------------------------------------------------------

APPLICATION_FIELDS = (
    "child_last_name",
    "child_first_name",
    "child_middle_name",
    "child_sex",
    "address",
    "applicant_last_name",
    "applicant_first_name",
    "applicant_middle_name",
    "applicant_relation",
    "applicant_phone",
    "applicant_email",
)


@login_required
def applications(request):
    actor = request.actor
    school = _get(request, access.school_for_orders_reader, request.GET.get("school"))
    error, status = None, 200
    if request.method == "POST":
        data = request.POST
        try:
            found = services.application_receive(
                actor=actor,
                school_id=school.pk,
                category=data.get("category", ""),
                received_on=_date(data.get("received_on"), "received_on"),
                grade=data.get("grade") or 1,
                child_birth_date=_date(data.get("child_birth_date"), "child_birth_date"),
                **{name: data.get(name, "") for name in APPLICATION_FIELDS},
            )
        except ServiceError as exc:
            raise_for_page(exc)
            error, status = exc, 400
        else:
            messages.success(request, _("Заявление зарегистрировано под № %(n)s.") % {"n": found.number})
            return redirect("office:application", application_id=found.pk)
    page = selectors.applications_page(
        actor, school, year=_int(request.GET.get("year")), window=request.GET.get("window")
    )
    context = {
        **page,
        "may_keep": rules.may_keep_orders(actor, school.pk),
        "error": error,
        "data": request.POST if error else {},
    }
    return render(request, "office/applications.html", context, status=status)


@login_required
def application(request, application_id: int):
    actor = request.actor
    found = _get(request, access.application_for_reader, application_id)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "check":
                services.application_check(actor=actor, application_id=found.pk)
                messages.success(request, _("Документы отмечены как проверенные."))
            elif action == "refuse":
                services.application_refuse(
                    actor=actor, application_id=found.pk, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("В зачислении отказано."))
            elif action == "enrol":
                services.application_enrol(
                    actor=actor,
                    application_id=found.pk,
                    order_id=request.POST.get("order"),
                    class_id=request.POST.get("to_class") or None,
                    date=_date(request.POST.get("date"), "date"),
                )
                messages.success(request, _("Ребёнок зачислен, личное дело заведено."))
            else:
                raise InvalidInput(_("Выберите действие."), field="action")
        except ServiceError as exc:
            raise_for_page(exc)
            messages.error(request, exc.message)
        return redirect("office:application", application_id=found.pk)
    page = selectors.applications_page(
        actor, _get(request, access.school_for_orders_reader, found.school_id), year=found.year, window=None
    )
    context = {
        "application": found,
        "orders": page["orders"],
        "classes": page["classes"],
        "statuses": page["statuses"],
        "may_keep": rules.may_keep_orders(actor, found.school_id),
    }
    return render(request, "office/application.html", context)


# --- classes and subgroups ------------------------------------------------------------------------------


@login_required
def classes(request):
    from zhurnal.office.services.classes import class_create, class_teacher_assign

    actor = request.actor
    if not rules.may_manage_classes(actor):
        if actor.member_school_ids:
            raise PermissionDenied
        raise Http404
    school = _get(request, access.school_for_class_manager, request.GET.get("school"))
    error, status = None, 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "assign":
                class_teacher_assign(
                    actor=actor,
                    class_id=request.POST.get("class_group"),
                    staff_id=request.POST.get("class_teacher"),
                )
                messages.success(request, _("Классный руководитель назначен."))
            else:
                made = class_create(
                    actor=actor,
                    year_id=request.POST.get("year"),
                    grade=request.POST.get("grade"),
                    letter=request.POST.get("letter", ""),
                    class_teacher_id=request.POST.get("class_teacher") or None,
                )
                messages.success(request, _("Класс %(c)s создан.") % {"c": made})
        except ServiceError as exc:
            raise_for_page(exc)
            error, status = exc, 400
        else:
            return redirect(f"{request.path}?year={request.POST.get('year', '')}")
    page = selectors.classes_page(actor, school, request.GET.get("year") or request.POST.get("year"))
    return render(
        request,
        "office/classes.html",
        {**page, "error": error, "data": request.POST if error else {}},
        status=status,
    )


@login_required
def subgroups(request, class_id: int):
    from zhurnal.office.services.classes import class_for_splitting, subgroup_save

    actor = request.actor
    class_group = _get(request, class_for_splitting, class_id)
    error, status = None, 200
    if request.method == "POST":
        try:
            subgroup_save(
                actor=actor,
                class_id=class_group.pk,
                subgroup_id=request.POST.get("subgroup") or None,
                name=request.POST.get("name", ""),
                member_ids=request.POST.getlist("members"),
            )
        except ServiceError as exc:
            raise_for_page(exc)
            error, status = exc, 400
        else:
            messages.success(request, _("Подгруппа сохранена."))
            return redirect("office:subgroups", class_id=class_group.pk)
    page = selectors.subgroups_page(actor, class_group)
    return render(request, "office/subgroups.html", {**page, "error": error}, status=status)
