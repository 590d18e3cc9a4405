"""Study materials: my library, the school's shared library, a material's page, attaching it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.materials import access, selectors, services
from zhurnal.materials.models import Material, MaterialFile
from zhurnal.materials.views.common import act, get, serve
from zhurnal.policy import rules

FIELDS = ("kind", "title", "description", "subject", "grade", "topic", "plan_item", "url", "visibility")


def _form_context(request, data, material=None, error=None) -> dict:
    schools = {material.school_id} if material else rules.material_author_school_ids(request.actor)
    return {
        "data": data,
        "material": material,
        "error": error,
        "kinds": Material.Kind.choices,
        "visibilities": Material.Visibility.choices,
        "subjects": selectors.school_subjects(schools),
        "classes": selectors.school_classes(schools),
        "plans": selectors.author_plan_items(request.actor, schools),
        "grades": range(1, 12),
    }


def _fields(request) -> dict:
    fields = {name: request.POST.get(name, "") for name in FIELDS}
    fields["classes"] = request.POST.getlist("classes")
    return fields


def _filter_context(request, page, title, shared: bool) -> dict:
    actor = request.actor
    schools = rules.shared_material_school_ids(actor) if shared else rules.material_author_school_ids(actor)
    return {
        "page": page,
        "title": title,
        "shared": shared,
        "filter": selectors.LibraryFilter.from_query(request.GET),
        "kinds": Material.Kind.choices,
        "subjects": selectors.school_subjects(schools),
        "grades": range(1, 12),
        "may_create": rules.may_keep_materials(actor),
    }


@login_required
def library(request):
    if not rules.may_keep_materials(request.actor):
        raise PermissionDenied
    flt = selectors.LibraryFilter.from_query(request.GET)
    page = selectors.my_library(request.actor, flt, request.GET.get("page"))
    return render(
        request, "materials/library.html", _filter_context(request, page, _("Мои материалы"), False)
    )


@login_required
def shared(request):
    if not rules.may_read_shared_materials(request.actor):
        raise PermissionDenied
    flt = selectors.LibraryFilter.from_query(request.GET)
    page = selectors.shared_library(request.actor, flt, request.GET.get("page"))
    context = _filter_context(request, page, _("Материалы школы"), True)
    return render(request, "materials/library.html", context)


@login_required
def create(request):
    if not rules.may_keep_materials(request.actor):
        raise PermissionDenied
    if request.method == "POST":
        fields = _fields(request)
        try:
            material = services.material_create(
                actor=request.actor, files=request.FILES.getlist("files"), **fields
            )
        except ServiceError as error:
            raise_for_page(error)
            return render(
                request,
                "materials/material_form.html",
                _form_context(request, fields, error=error),
                status=400,
            )
        messages.success(request, _("Материал сохранён."))
        return redirect("materials:detail", material.pk)
    data = {"visibility": Material.Visibility.PRIVATE, "classes": []}
    return render(request, "materials/material_form.html", _form_context(request, data))


@login_required
def detail(request, material_id: int):
    material = get(request, access.material_for_reader, material_id)
    page = selectors.material_page(request.actor, material)
    return render(request, "materials/material.html", {"page": page, "material": material})


@login_required
def edit(request, material_id: int):
    material = get(request, access.material_for_editor, material_id)
    if request.method == "POST":
        fields = _fields(request)
        try:
            services.material_update(
                actor=request.actor,
                material_id=material.pk,
                files=request.FILES.getlist("files"),
                remove_files=request.POST.getlist("remove_files"),
                **fields,
            )
        except ServiceError as error:
            raise_for_page(error)
            context = _form_context(request, fields, material, error)
            return render(request, "materials/material_form.html", context, status=400)
        messages.success(request, _("Материал сохранён."))
        return redirect("materials:detail", material.pk)
    data = {name: getattr(material, name) for name in FIELDS if name not in ("subject", "plan_item")}
    data["subject"] = material.subject_id or ""
    data["plan_item"] = material.plan_item_id or ""
    data["grade"] = material.grade or ""
    data["classes"] = [str(pk) for pk in material.classes.values_list("pk", flat=True)]
    return render(request, "materials/material_form.html", _form_context(request, data, material))


@login_required
@require_POST
def delete(request, material_id: int):
    if act(request, services.material_delete, material_id=material_id):
        messages.success(request, _("Материал удалён."))
        return redirect("materials:library")
    return redirect("materials:detail", material_id)


@login_required
@require_POST
def attach(request, material_id: int):
    if act(request, services.material_attach, material_id=material_id, lesson_id=request.POST.get("lesson")):
        messages.success(request, _("Материал приложен к домашнему заданию."))
    return redirect("materials:detail", material_id)


@login_required
@require_POST
def detach(request, material_id: int, lesson_id: int):
    if act(request, services.material_detach, material_id=material_id, lesson_id=lesson_id):
        messages.success(request, _("Материал убран из домашнего задания."))
    return redirect("materials:detail", material_id)


@login_required
def file_download(request, file_id: int):
    """Whoever sees the material (its author, the school's teachers when shared, the classes it
    is published to, the readers of a lesson it is given with) may fetch its files."""
    found = MaterialFile.objects.visible_to(request.actor).filter(pk=file_id).first()
    if found is None:
        raise Http404
    return serve(found.file, found.name, found.content_type)
