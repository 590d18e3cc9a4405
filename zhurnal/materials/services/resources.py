"""The class's resource catalogue (kept by the class teacher) and the school's documents store
(kept by the administration, read by the roles chosen per document)."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.core.tabular import parse_date
from zhurnal.core.uploads import check_files, storing
from zhurnal.materials import access
from zhurnal.materials.models import ClassResource, DocumentReader, SchoolDocument
from zhurnal.materials.services.common import choice, link, text, upload_rules
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor

LABELS = {
    "title": gettext_lazy("Название"),
    "description": gettext_lazy("Описание"),
    "category": gettext_lazy("Раздел"),
    "number": gettext_lazy("Номер"),
}
RESOURCE_AUDITED = ["class_group", "title", "description", "url", "file_name"]
DOCUMENT_AUDITED = ["category", "title", "description", "number", "dated", "file_name"]


def _one_file(files, field: str):
    checked = check_files(files, upload_rules(field=field, max_count=1))
    return checked[0] if checked else None


def class_resource_add(
    *, actor: Actor, class_id, title="", description="", url="", files=()
) -> ClassResource:
    """A link or a file for the class: its class teacher adds it."""
    class_group = access.class_for_resource_keeper(actor, class_id)
    fields = {"title": title, "description": description, "url": url}
    clean = {
        "title": text(fields, "title", LABELS["title"], 300, required=True),
        "description": text(fields, "description", LABELS["description"], 5000),
        "url": link(fields),
    }
    item = _one_file(files, "file")
    if not clean["url"] and item is None:
        raise InvalidInput(_("Укажите ссылку или приложите файл."), field="url")
    resource = ClassResource(
        school_id=class_group.school_id, class_group=class_group, added_by=actor.user, **clean
    )
    with storing("resources", class_group.school_id) as save, transaction.atomic():
        if item is not None:
            resource.file = save(item)
            resource.file_name, resource.size, resource.content_type = (
                item.original_name,
                item.size,
                item.content_type,
            )
        resource.save()
        audit_record(
            actor=actor, action="class_resource.add", obj=resource, after=snapshot(resource, RESOURCE_AUDITED)
        )
    return resource


def class_resource_delete(*, actor: Actor, resource_id) -> None:
    resource = access.resource_for_keeper(actor, resource_id)
    path = resource.file.name if resource.file else ""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="class_resource.delete",
            obj=resource,
            before=snapshot(resource, RESOURCE_AUDITED),
        )
        resource.delete()
        if path:
            transaction.on_commit(lambda: default_storage.delete(path))


def school_document_add(
    *,
    actor: Actor,
    school_id=None,
    category="",
    title="",
    description="",
    number="",
    dated="",
    reader_roles=(),
    files=(),
) -> SchoolDocument:
    """A document of the school, with the roles that may read it: its administration adds it."""
    schools = rules.document_keeper_school_ids(actor)
    if not schools:
        raise Forbidden(_("Документы школы ведёт администрация."))
    try:
        school_id = int(school_id) if school_id else min(schools)
    except (TypeError, ValueError):
        school_id = min(schools)
    if school_id not in schools:
        raise Forbidden(_("Документы школы ведёт администрация."))
    fields = {"category": category, "title": title, "description": description, "number": number}
    clean = {
        "category": choice(fields, "category", SchoolDocument.Category, LABELS["category"]),
        "title": text(fields, "title", LABELS["title"], 300, required=True),
        "description": text(fields, "description", LABELS["description"], 5000),
        "number": text(fields, "number", LABELS["number"], 50),
        "dated": None,
    }
    if (dated or "").strip():
        try:
            clean["dated"] = parse_date(dated)
        except ValueError as error:
            raise InvalidInput(_("Дата документа: %(reason)s.") % {"reason": error}, field="dated") from None
    roles = sorted(set(reader_roles or ()))
    if any(role not in rules.DOCUMENT_READER_ROLES for role in roles):
        raise InvalidInput(_("Выберите, кто читает документ, из списка ролей."), field="reader_roles")
    item = _one_file(files, "file")
    if item is None:
        raise InvalidInput(_("Приложите файл документа."), field="file")
    document = SchoolDocument(school_id=school_id, added_by=actor.user, **clean)
    with storing("documents", school_id) as save, transaction.atomic():
        document.file = save(item)
        document.file_name, document.size, document.content_type = (
            item.original_name,
            item.size,
            item.content_type,
        )
        document.save()
        DocumentReader.objects.bulk_create(DocumentReader(document=document, role=role) for role in roles)
        audit_record(
            actor=actor,
            action="school_document.add",
            obj=document,
            after={**snapshot(document, DOCUMENT_AUDITED), "readers": roles},
        )
    return document


def school_document_delete(*, actor: Actor, document_id) -> None:
    document = access.document_for_keeper(actor, document_id)
    path = document.file.name
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="school_document.delete",
            obj=document,
            before={
                **snapshot(document, DOCUMENT_AUDITED),
                "readers": list(document.readers.values_list("role", flat=True)),
            },
        )
        document.delete()
        transaction.on_commit(lambda: default_storage.delete(path))
