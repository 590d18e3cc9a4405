"""One access function per protected thing: an outsider gets NotFound (404, the same as a missing
row), a reader who may not do the thing gets Forbidden (403)."""

from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.materials.models import ClassResource, Material, PortfolioEntry, Project, SchoolDocument
from zhurnal.materials.scopes import resource_class_q
from zhurnal.people.models import Staff, Student
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup


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


# --- materials -----------------------------------------------------------------------------------


def material_for_reader(actor: Actor, material_id) -> Material:
    return _first(
        Material.objects.visible_to(actor).select_related("owner", "subject", "plan_item"), material_id
    )


def material_for_editor(actor: Actor, material_id) -> Material:
    material = material_for_reader(actor, material_id)
    if not rules.may_edit_material(actor, material):
        raise Forbidden(_("Изменять материал может только его автор."))
    return material


# --- portfolios ----------------------------------------------------------------------------------


def pupil_for_portfolio(actor: Actor, student_id) -> Student:
    """A pupil whose portfolio the actor opens: their own, their child, a pupil of their class,
    any pupil of the school for the director and deputy."""
    from zhurnal.materials.scopes import led_student_ids

    student = _first(Student.objects.visible_to(actor), student_id)
    if student.pk in actor.own_student_ids or student.school_id in rules.portfolio_admin_school_ids(actor):
        return student
    led = led_student_ids(actor)
    if led is not None and Student.objects.filter(pk=student.pk, pk__in=led).exists():
        return student
    raise _not_found()


def pupil_for_portfolio_writer(actor: Actor, student_id) -> Student:
    student = pupil_for_portfolio(actor, student_id)
    if not rules.may_add_to_pupil_portfolio(actor, student, clock.today()):
        raise Forbidden(_("В портфолио ученика добавляют сам ученик, его родители и классный руководитель."))
    return student


def teacher_for_portfolio(actor: Actor, staff_id) -> Staff:
    """A teacher's personal portfolio: the teacher, and the director and deputy of the school."""
    staff = _first(Staff.objects.visible_to(actor), staff_id)
    if staff.pk in actor.staff_ids or staff.school_id in rules.portfolio_admin_school_ids(actor):
        return staff
    raise _not_found()


def teacher_for_portfolio_writer(actor: Actor, staff_id) -> Staff:
    staff = teacher_for_portfolio(actor, staff_id)
    if not rules.may_keep_teacher_portfolio(actor, staff):
        raise Forbidden(_("Своё портфолио ведёт сам учитель."))
    return staff


def project_for_reader(actor: Actor, project_id) -> Project:
    return _first(Project.objects.visible_to(actor).select_related("supervisor"), project_id)


def project_for_writer(actor: Actor, project_id) -> Project:
    project = project_for_reader(actor, project_id)
    if not rules.may_add_to_project(actor, project):
        raise Forbidden(_("В портфолио проекта добавляет его руководитель."))
    return project


def entry_for_reader(actor: Actor, entry_id) -> PortfolioEntry:
    entries = PortfolioEntry.objects.visible_to(actor).select_related("student", "teacher", "project")
    return _first(entries, entry_id)


def may_change_entry(actor: Actor, entry: PortfolioEntry) -> bool:
    """Whoever may add to the entry's portfolio may remove from it."""
    if entry.student_id is not None:
        return rules.may_add_to_pupil_portfolio(actor, entry.student, clock.today())
    if entry.teacher_id is not None:
        return rules.may_keep_teacher_portfolio(actor, entry.teacher)
    return rules.may_add_to_project(actor, entry.project)


def may_publish_entry(actor: Actor, entry: PortfolioEntry) -> bool:
    if entry.student_id is not None:
        return rules.may_publish_pupil_entry(actor, entry.student, clock.today())
    if entry.teacher_id is not None:
        return rules.may_keep_teacher_portfolio(actor, entry.teacher)
    return rules.may_publish_project_entry(actor, entry.project)


def entry_for_writer(actor: Actor, entry_id) -> PortfolioEntry:
    entry = entry_for_reader(actor, entry_id)
    if not may_change_entry(actor, entry):
        raise Forbidden(_("Удалять записи из этого портфолио вы не можете."))
    return entry


def entry_for_publisher(actor: Actor, entry_id) -> PortfolioEntry:
    entry = entry_for_reader(actor, entry_id)
    if not may_publish_entry(actor, entry):
        raise Forbidden(_("Публикует запись классный руководитель, администрация или руководитель проекта."))
    return entry


# --- the class's resources and the school's documents --------------------------------------------


def class_for_resources(actor: Actor, class_id) -> ClassGroup:
    classes = (
        ClassGroup.objects.visible_to(actor).filter(resource_class_q(actor)).select_related("school", "year")
    )
    return _first(classes, class_id)


def class_for_resource_keeper(actor: Actor, class_id) -> ClassGroup:
    class_group = class_for_resources(actor, class_id)
    if not rules.may_keep_class_resources(actor, class_group):
        raise Forbidden(_("Ресурсы класса ведёт классный руководитель."))
    return class_group


def resource_for_reader(actor: Actor, resource_id) -> ClassResource:
    return _first(ClassResource.objects.visible_to(actor).select_related("class_group"), resource_id)


def resource_for_keeper(actor: Actor, resource_id) -> ClassResource:
    resource = resource_for_reader(actor, resource_id)
    if not rules.may_keep_class_resources(actor, resource.class_group):
        raise Forbidden(_("Ресурсы класса ведёт классный руководитель."))
    return resource


def document_for_reader(actor: Actor, document_id) -> SchoolDocument:
    return _first(SchoolDocument.objects.visible_to(actor), document_id)


def document_for_keeper(actor: Actor, document_id) -> SchoolDocument:
    document = document_for_reader(actor, document_id)
    if not rules.may_keep_documents(actor, document.school_id):
        raise Forbidden(_("Документы школы ведёт администрация."))
    return document
