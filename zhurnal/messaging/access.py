"""One access function per protected thing (STYLE.md 5): outsiders get 404, readers writing 403."""

from django.utils.translation import gettext as _

from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.messaging.models import Announcement, Attachment, Thread
from zhurnal.policy import messaging as policy
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup


def _not_found() -> NotFound:
    return NotFound(_("Не найдено."))


def require_messaging(actor: Actor) -> None:
    if not policy.may_message(actor):
        raise Forbidden(_("Сообщения доступны сотрудникам школы, родителям и обучающимся."))


def thread_for_participant(actor: Actor, thread_id) -> Thread:
    if isinstance(thread_id, Thread):
        thread_id = thread_id.pk
    thread = Thread.objects.visible_to(actor).filter(pk=thread_id).first()
    if thread is None:
        raise _not_found()
    return thread


def attachment_for_participant(actor: Actor, attachment_id) -> Attachment:
    attachment = Attachment.objects.visible_to(actor).filter(pk=attachment_id).first()
    if attachment is None:
        raise _not_found()
    return attachment


def class_for_broadcast(actor: Actor, class_id) -> ClassGroup:
    """A class the actor may see; only its class teacher may write to all its parents."""
    if isinstance(class_id, ClassGroup):
        class_id = class_id.pk
    class_group = ClassGroup.objects.visible_to(actor).select_related("year").filter(pk=class_id).first()
    if class_group is None:
        raise _not_found()
    if not policy.may_broadcast_to_class(actor, class_group.pk):
        raise Forbidden(_("Написать всем родителям класса может только его классный руководитель."))
    return class_group


def require_announcer(actor: Actor) -> None:
    if not policy.may_publish_announcements(actor):
        raise Forbidden(_("Публиковать объявления могут администрация и классные руководители."))


def announcement_for_reader(actor: Actor, announcement_id) -> Announcement:
    found = Announcement.objects.visible_to(actor).filter(pk=announcement_id).first()
    if found is None:
        raise _not_found()
    return found
