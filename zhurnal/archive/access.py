"""One access function per protected thing of the archive (STYLE.md 5): an outsider gets 404,
the same as for a missing record; a reader who may not act gets 403."""

from django.utils.translation import gettext as _

from zhurnal.archive.models import ArchivedDocument, VerificationStamp
from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup


def require_archive_reader(actor: Actor) -> frozenset[int]:
    """The schools whose archive the actor reads; 403 for everyone else signed in."""
    schools = rules.archive_reader_school_ids(actor)
    if not schools:
        raise Forbidden(_("Архив документов доступен администрации школы."))
    return schools


def require_printer(actor: Actor) -> frozenset[int]:
    schools = rules.record_printer_school_ids(actor)
    if not schools:
        raise Forbidden(_("Печать журнала доступна заместителю директора и директору."))
    return schools


def class_for_printer(actor: Actor, class_id) -> ClassGroup:
    """A class whose printed journal the actor makes: 404 when they cannot see it, 403 when they
    see it but do not print."""
    found = (
        ClassGroup.objects.visible_to(actor).filter(pk=class_id).select_related("school", "year").first()
        if str(class_id).isdigit()
        else None
    )
    if found is None:
        raise NotFound(_("Класс не найден."), field="class_group")
    if found.school_id not in rules.record_printer_school_ids(actor):
        raise Forbidden(_("Печать журнала доступна заместителю директора и директору."))
    return found


def document_for_reader(actor: Actor, document_id: int) -> ArchivedDocument:
    found = (
        ArchivedDocument.objects.visible_to(actor)
        .filter(pk=document_id)
        .select_related("school", "class_group")
        .first()
    )
    if found is None:
        raise NotFound(_("Документ не найден."))
    return found


def document_for_destroyer(actor: Actor, document_id: int) -> ArchivedDocument:
    found = document_for_reader(actor, document_id)
    if not rules.may_destroy_documents(actor, found.school_id):
        raise Forbidden(_("Уничтожать документы архива может системный администратор."))
    return found


def printed_for_maker(actor: Actor, stamp_id: int) -> VerificationStamp:
    """A printed record the actor asked for on the page: theirs only (404 for anyone else)."""
    found = (
        VerificationStamp.objects.visible_to(actor)
        .filter(pk=stamp_id, created_by_id=getattr(actor.user, "pk", None))
        .filter(meta__has_key="kind")
        .select_related("class_group", "archived")
        .first()
        if actor.user is not None
        else None
    )
    if found is None:
        raise NotFound(_("Документ не найден."))
    return found
