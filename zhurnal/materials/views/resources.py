"""The class's resource catalogue and the school's documents store."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhurnal.accounts.models import Role
from zhurnal.core.errors import ServiceError, raise_for_page
from zhurnal.materials import access, selectors, services
from zhurnal.materials.models import ClassResource, SchoolDocument
from zhurnal.materials.views.common import act, get, serve
from zhurnal.policy import rules


@login_required
def resource_index(request):
    """The classes whose catalogue the actor reads; one class opens straight away."""
    classes = selectors.resource_classes(request.actor)
    if not classes:
        raise PermissionDenied
    if len(classes) == 1:
        return redirect("materials:class_resources", classes[0].pk)
    return render(request, "materials/resource_index.html", {"classes": classes})


def _resources_page(request, class_group, error=None, data=None, status=200):
    context = {
        "class_group": class_group,
        "resources": selectors.class_resources(request.actor, class_group),
        "may_keep": rules.may_keep_class_resources(request.actor, class_group),
        "error": error,
        "data": data or {},
    }
    return render(request, "materials/class_resources.html", context, status=status)


@login_required
def class_resources(request, class_id: int):
    class_group = get(request, access.class_for_resources, class_id)
    return _resources_page(request, class_group)


@login_required
@require_POST
def class_resource_add(request, class_id: int):
    fields = {name: request.POST.get(name, "") for name in ("title", "description", "url")}
    try:
        services.class_resource_add(
            actor=request.actor, class_id=class_id, files=request.FILES.getlist("file"), **fields
        )
    except ServiceError as error:
        raise_for_page(error)
        class_group = get(request, access.class_for_resources, class_id)
        return _resources_page(request, class_group, error, fields, status=400)
    messages.success(request, _("Ресурс добавлен."))
    return redirect("materials:class_resources", class_id)


@login_required
@require_POST
def class_resource_delete(request, resource_id: int):
    resource = get(request, access.resource_for_reader, resource_id)
    if act(request, services.class_resource_delete, resource_id=resource_id):
        messages.success(request, _("Ресурс удалён."))
    return redirect("materials:class_resources", resource.class_group_id)


@login_required
def resource_file(request, resource_id: int):
    found = ClassResource.objects.visible_to(request.actor).filter(pk=resource_id).exclude(file="").first()
    if found is None:
        raise Http404
    return serve(found.file, found.file_name, found.content_type)


def _documents_page(request, error=None, data=None, status=200):
    actor = request.actor
    listing = selectors.school_documents(actor, request.GET.get("category", ""), request.GET.get("page"))
    roles = dict(Role.choices)
    context = {
        "listing": listing,
        "page": listing.page,
        "categories": SchoolDocument.Category.choices,
        "may_keep": rules.may_keep_documents(actor),
        # The keepers always read; the choice is among the other roles.
        "reader_roles": [
            (role, roles[role])
            for role in rules.DOCUMENT_READER_ROLES
            if role not in rules.DOCUMENT_KEEPER_ROLES
        ],
        "error": error,
        "data": data or {"reader_roles": []},
    }
    return render(request, "materials/documents.html", context, status=status)


@login_required
def documents(request):
    if not rules.may_read_documents(request.actor):
        raise PermissionDenied
    return _documents_page(request)


@login_required
@require_POST
def document_add(request):
    if not rules.may_keep_documents(request.actor):
        raise PermissionDenied
    fields = {
        name: request.POST.get(name, "") for name in ("category", "title", "description", "number", "dated")
    }
    fields["reader_roles"] = request.POST.getlist("reader_roles")
    try:
        services.school_document_add(actor=request.actor, files=request.FILES.getlist("file"), **fields)
    except ServiceError as error:
        raise_for_page(error)
        return _documents_page(request, error, fields, status=400)
    messages.success(request, _("Документ добавлен."))
    return redirect("materials:documents")


@login_required
@require_POST
def document_delete(request, document_id: int):
    if act(request, services.school_document_delete, document_id=document_id):
        messages.success(request, _("Документ удалён."))
    return redirect("materials:documents")


@login_required
def document_file(request, document_id: int):
    found = get(request, access.document_for_reader, document_id)
    return serve(found.file, found.file_name, found.content_type)
