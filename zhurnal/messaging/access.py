"""One access function per protected thing (STYLE.md 5): outsiders get 404, readers writing 403.

Ids come from addresses, forms and JSON, so each is read with `parse_id` first: an id that is not
a whole number from 1 to MAX_ID is "not found", never a ValueError or a database overflow (500).
"""

from django.utils.translation import gettext as _

from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.messaging.models import Attachment, Thread
from zhurnal.policy import messaging as policy
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup

# Ids are 64-bit integers in every database we run on (the API's schemas say the same).
MAX_ID = 2**63 - 1


def _not_found() -> NotFound:
    return NotFound(_("Не найдено."))


def parse_id(value) -> int | None:
    """A record id from input: an int, or digits in a string (spaces around allowed), 1..MAX_ID.

    Anything else — text, a fraction, a bool, a list, zero, a negative or too big a number — is
    None; the caller answers with its own message (a form field's, or 404).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        # A length check first: int() refuses strings of more than 4300 digits with a ValueError.
        if not value.isascii() or not value.isdigit() or len(value.lstrip("0")) > len(str(MAX_ID)):
            return None
        value = int(value)
    if not isinstance(value, int):
        return None
    return value if 1 <= value <= MAX_ID else None


def _id_or_404(value) -> int:
    number = parse_id(value)
    if number is None:
        raise _not_found()
    return number


def require_messaging(actor: Actor) -> None:
    if not policy.may_message(actor):
        raise Forbidden(_("Сообщения доступны сотрудникам школы, родителям и обучающимся."))


def thread_for_participant(actor: Actor, thread_id) -> Thread:
    if isinstance(thread_id, Thread):
        thread_id = thread_id.pk
    thread = Thread.objects.visible_to(actor).filter(pk=_id_or_404(thread_id)).first()
    if thread is None:
        raise _not_found()
    return thread


def attachment_for_participant(actor: Actor, attachment_id) -> Attachment:
    attachment = Attachment.objects.visible_to(actor).filter(pk=_id_or_404(attachment_id)).first()
    if attachment is None:
        raise _not_found()
    return attachment


def class_for_broadcast(actor: Actor, class_id) -> ClassGroup:
    """A class the actor may see; only its class teacher may write to all its parents."""
    if isinstance(class_id, ClassGroup):
        class_id = class_id.pk
    class_group = (
        ClassGroup.objects.visible_to(actor).select_related("year").filter(pk=_id_or_404(class_id)).first()
    )
    if class_group is None:
        raise _not_found()
    if not policy.may_broadcast_to_class(actor, class_group.pk):
        raise Forbidden(_("Написать всем родителям класса может только его классный руководитель."))
    return class_group


def require_announcer(actor: Actor) -> None:
    if not policy.may_publish_announcements(actor):
        raise Forbidden(_("Публиковать объявления могут администрация и классные руководители."))
