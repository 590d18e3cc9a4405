"""Visibility of materials, portfolios, class resources and school documents (decision 0025).

- A material: its author; the school's teachers (and director, deputy) when shared or published;
  the pupils and parents of the classes it is published to; and whoever sees a lesson whose
  homework it is attached to (attaching gives it to the lesson's readers).
- A portfolio entry: a pupil's — the pupil, their parents, the class teacher of a class the pupil
  is enrolled in, the director and the deputy; a teacher's — the teacher, the director and the
  deputy; a project's — its supervisor, its members and their parents and class teachers, the
  director and the deputy. A published entry is seen by every member of its school.
- A class resource: the class's teachers, class teacher, pupils and parents, the administration.
- A school document: its keepers, and the roles named on it within the school.
"""

from django.db.models import Q, QuerySet

from zhurnal.core import scoping
from zhurnal.journal.models import Lesson
from zhurnal.materials.models import (
    ClassResource,
    DocumentReader,
    HomeworkMaterial,
    Material,
    MaterialFile,
    PortfolioEntry,
    PortfolioFile,
    Project,
    SchoolDocument,
)
from zhurnal.people.models import Enrollment
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.policy.scopes import family_class_ids, taught_assignments

NOTHING = Q(pk__in=[])


def _any(*conditions: Q | None) -> Q:
    result = NOTHING
    for condition in conditions:
        if condition is not None:
            result |= condition
    return result


# --- materials -----------------------------------------------------------------------------------


def material_q(actor: Actor) -> Q:
    shared = rules.shared_material_school_ids(actor)
    published = None
    if actor.own_student_ids:
        published = Q(
            visibility=Material.Visibility.CLASSES,
            pk__in=Material.classes.through.objects.filter(classgroup_id__in=family_class_ids(actor)).values(
                "material_id"
            ),
        )
    attached = Q(
        pk__in=HomeworkMaterial.objects.filter(
            lesson_id__in=Lesson.objects.visible_to(actor).values("pk")
        ).values("material_id")
    )
    return _any(
        Q(owner_id__in=actor.staff_ids) if actor.staff_ids else None,
        Q(school_id__in=shared) & ~Q(visibility=Material.Visibility.PRIVATE) if shared else None,
        published,
        attached if actor.is_authenticated else None,
    )


def _materials(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(material_q(actor))


def _material_files(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(material_id__in=Material.objects.filter(material_q(actor)).values("pk"))


def _homework_materials(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(lesson_id__in=Lesson.objects.visible_to(actor).values("pk"))


# --- portfolios ----------------------------------------------------------------------------------


def led_student_ids(actor: Actor) -> QuerySet | None:
    """Pupils ever enrolled in a class the actor leads (a class teacher follows their portfolios)."""
    if not actor.led_class_ids:
        return None
    return Enrollment.objects.filter(class_group_id__in=actor.led_class_ids).values("student_id")


def project_q(actor: Actor) -> Q:
    members = Project.members.through.objects
    led = led_student_ids(actor)
    return _any(
        Q(school_id__in=rules.portfolio_admin_school_ids(actor)),
        Q(supervisor_id__in=actor.staff_ids) if actor.staff_ids else None,
        Q(pk__in=members.filter(student_id__in=actor.own_student_ids).values("project_id"))
        if actor.own_student_ids
        else None,
        Q(pk__in=members.filter(student_id__in=led).values("project_id")) if led is not None else None,
    )


def portfolio_entry_q(actor: Actor) -> Q:
    admin = rules.portfolio_admin_school_ids(actor)
    led = led_student_ids(actor)
    return _any(
        Q(school_id__in=admin),
        Q(student_id__in=actor.own_student_ids) if actor.own_student_ids else None,
        Q(student_id__in=led) if led is not None else None,
        Q(teacher_id__in=actor.staff_ids) if actor.staff_ids else None,
        Q(project_id__in=Project.objects.filter(project_q(actor)).values("pk")),
        Q(published_at__isnull=False, school_id__in=actor.member_school_ids)
        if actor.member_school_ids
        else None,
    )


def _projects(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(project_q(actor))


def _entries(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(portfolio_entry_q(actor))


def _entry_files(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(entry_id__in=PortfolioEntry.objects.filter(portfolio_entry_q(actor)).values("pk"))


# --- the class's resources and the school's documents --------------------------------------------


def resource_class_q(actor: Actor) -> Q:
    """Classes (ClassGroup rows) whose resource catalogue the actor reads."""
    return _any(
        Q(school_id__in=rules.class_resource_admin_school_ids(actor)),
        Q(pk__in=actor.led_class_ids) if actor.led_class_ids else None,
        Q(pk__in=taught_assignments(actor).values("class_group_id")) if actor.staff_ids else None,
        Q(pk__in=family_class_ids(actor)) if actor.own_student_ids else None,
    )


def _resources(qs: QuerySet, actor: Actor) -> QuerySet:
    from zhurnal.schools.models import ClassGroup

    return qs.filter(class_group_id__in=ClassGroup.objects.filter(resource_class_q(actor)).values("pk"))


def document_q(actor: Actor) -> Q:
    readers = NOTHING
    for role, schools in rules.document_reader_schools(actor).items():
        readers |= Q(role=role, document__school_id__in=schools)
    return _any(
        Q(school_id__in=rules.document_keeper_school_ids(actor)),
        Q(pk__in=DocumentReader.objects.filter(readers).values("document_id"))
        if readers != NOTHING
        else None,
    )


def _documents(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(document_q(actor))


def register_all() -> None:
    scoping.register(Material, _materials)
    scoping.register(MaterialFile, _material_files)
    scoping.register(HomeworkMaterial, _homework_materials)
    scoping.register(Project, _projects)
    scoping.register(PortfolioEntry, _entries)
    scoping.register(PortfolioFile, _entry_files)
    scoping.register(ClassResource, _resources)
    scoping.register(SchoolDocument, _documents)
