"""One access function per protected thing: an outsider gets NotFound (404), a reader who may
not write gets Forbidden (403)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.office.models import Order, OrderFile, PersonalFile, PersonalFileDocument
from zhurnal.people.models import Enrollment, Student
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import School


def _not_found() -> NotFound:
    return NotFound(_("Не найдено."))


def _first(queryset, pk):
    try:
        found = queryset.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise _not_found()
    return found


def school_for_orders_reader(actor: Actor, school_id=None) -> School:
    """The school whose orders book the actor reads: the one named, or their first."""
    ids = rules.order_reader_school_ids(actor)
    if school_id in (None, ""):
        if not ids:
            if actor.member_school_ids:
                raise Forbidden(_("Книгу приказов ведут секретарь и системный администратор."))
            raise _not_found()
        school_id = min(ids)
    school = _first(School.objects.filter(pk__in=actor.member_school_ids), school_id)
    if school.pk not in ids:
        raise Forbidden(_("Книгу приказов ведут секретарь и системный администратор."))
    return school


def school_for_orders_keeper(actor: Actor, school_id=None) -> School:
    school = school_for_orders_reader(actor, school_id)
    if not rules.may_keep_orders(actor, school.pk):
        raise Forbidden(_("Приказы вносят секретарь и системный администратор."))
    return school


def order_for_reader(actor: Actor, order_id) -> Order:
    return _first(
        Order.objects.visible_to(actor).select_related("series", "signed_by", "created_by"), order_id
    )


def order_for_keeper(actor: Actor, order_id) -> Order:
    order = order_for_reader(actor, order_id)
    if not rules.may_keep_orders(actor, order.school_id):
        raise Forbidden(_("Приказы вносят секретарь и системный администратор."))
    return order


def order_file_for_reader(actor: Actor, file_id) -> OrderFile:
    return _first(OrderFile.objects.visible_to(actor), file_id)


def student_for_keeper(actor: Actor, school_id: int, student_id) -> Student:
    """A pupil of the school whose movement the actor records."""
    return _first(Student.objects.visible_to(actor).filter(school_id=school_id), student_id)


def personal_file_for_viewer(actor: Actor, file_id) -> PersonalFile:
    return _first(PersonalFile.objects.visible_to(actor).select_related("student"), file_id)


def pupil_class_ids(student_id: int) -> set[int]:
    return set(Enrollment.objects.filter(student_id=student_id).values_list("class_group_id", flat=True))


def personal_file_for_keeper(actor: Actor, file_id) -> PersonalFile:
    personal_file = personal_file_for_viewer(actor, file_id)
    if not rules.may_add_to_personal_file(
        actor, personal_file.school_id, pupil_class_ids(personal_file.student_id)
    ):
        raise Forbidden(
            _("Документы в личное дело вносят секретарь, системный администратор и классный руководитель.")
        )
    return personal_file


def document_for_viewer(actor: Actor, document_id) -> PersonalFileDocument:
    return _first(
        PersonalFileDocument.objects.visible_to(actor).select_related("personal_file__student"), document_id
    )


def student_for_file(actor: Actor, student_id) -> Student:
    """A pupil whose personal file the actor may see: the administration of the school, the class
    teacher of a class the pupil is or was in (office.scopes.personal_file_q, on the pupil).
    Anyone else, a subject teacher too, gets 404."""
    mine = Q(school_id__in=rules.personal_file_school_ids(actor))
    if actor.led_class_ids:
        mine |= Q(
            pk__in=Enrollment.objects.filter(class_group_id__in=actor.led_class_ids).values("student_id")
        )
    return _first(Student.objects.visible_to(actor).filter(mine), student_id)


def application_for_reader(actor: Actor, application_id):
    from zhurnal.office.models import EnrolmentApplication

    return _first(
        EnrolmentApplication.objects.visible_to(actor).select_related("student", "movement__order__series"),
        application_id,
    )


def application_for_keeper(actor: Actor, application_id):
    application = application_for_reader(actor, application_id)
    if not rules.may_keep_orders(actor, application.school_id):
        raise Forbidden(_("Заявления о зачислении ведут секретарь и системный администратор."))
    return application


def school_for_class_manager(actor: Actor, school_id=None) -> School:
    ids = rules.class_manager_school_ids(actor)
    if school_id in (None, ""):
        if not ids:
            raise Forbidden(_("Классы создаёт системный администратор."))
        school_id = min(ids)
    school = _first(School.objects.filter(pk__in=actor.member_school_ids), school_id)
    if school.pk not in ids:
        raise Forbidden(_("Классы создаёт системный администратор."))
    return school
