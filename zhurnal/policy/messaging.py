"""Who may write to whom, and who may announce to whom (issue 4, messages and announcements).

The rule is a union of recipient groups, each a `Q` on `User` built from `pk__in` subqueries, so
the allowed list is one query whatever the school's size:

- a parent, for each child, and a pupil, for themself: the class teacher of the current class,
  the subject teachers who teach it (or the pupil's subgroup), and the administration (director,
  deputy) of the child's school. Never another parent, never another pupil.
- staff: the staff of their school; the pupils they teach or lead and those pupils' parents; the
  administration (director, deputy): every pupil and parent of their school.

Views, the API and the services ask here; nothing compares role strings elsewhere.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhurnal.accounts.models import Role, RoleGrant, User
from zhurnal.core import clock
from zhurnal.people.models import (
    Enrollment,
    Staff,
    Student,
    StudentGuardian,
    SubgroupMembership,
    TeachingAssignment,
    enrolled_between_q,
)
from zhurnal.policy.actor import STAFF_ROLES, Actor
from zhurnal.policy.scopes import family_assignment_q, taught_assignments

# The administration a family writes to, and the staff who may write to any family of the school.
MESSAGING_ADMINISTRATION = (Role.DIRECTOR, Role.DEPUTY)

# Recipient groups, in the order the picker shows them.
CLASS_TEACHER = "class_teacher"
TEACHERS = "teachers"
ADMINISTRATION = "administration"
COLLEAGUES = "colleagues"
PARENTS = "parents"
STUDENTS = "students"
GROUP_ORDER = (CLASS_TEACHER, TEACHERS, ADMINISTRATION, COLLEAGUES, PARENTS, STUDENTS)

# Announcement audiences (the model's choices carry the same codes).
AUDIENCE_SCHOOL = "school"
AUDIENCE_CLASS = "class"
AUDIENCE_GRADE_PARENTS = "grade_parents"


def current_enrollments() -> QuerySet:
    today = clock.today()
    return Enrollment.objects.filter(enrolled_between_q(today, today))


def current_family_class_ids(actor: Actor) -> QuerySet:
    """The classes the actor's children (or the pupil themself) are in today."""
    return current_enrollments().filter(student_id__in=actor.own_student_ids).values("class_group_id")


def may_message(actor: Actor) -> bool:
    """Staff and families have messages and announcements; the authority does not."""
    # By the roles held, with no query: the navigation asks this on every page.
    return actor.is_authenticated and (actor.is_staff_member or actor.has_role(Role.PARENT, Role.STUDENT))


def _staff_users(staff: QuerySet) -> QuerySet:
    return staff.filter(user__isnull=False).order_by().values("user_id")


def _union(parts: list[QuerySet]) -> QuerySet:
    """One subquery of ids from several: each part is read through its own index. The same sets
    joined by OR (`pk__in=a | pk__in=b`) made PostgreSQL read every user, pupil and parent of the
    region and test each against the parts (docs/performance/region-50.md)."""
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


def recipient_id_groups(actor: Actor) -> list[tuple[str, QuerySet]]:
    """The groups of users the actor may write to, each as a subquery of user ids."""
    groups: list[tuple[str, QuerySet]] = []
    if not actor.is_authenticated:
        return groups
    if actor.own_student_ids:
        classes = current_family_class_ids(actor)
        class_teachers = RoleGrant.objects.filter(role=Role.CLASS_TEACHER, class_group_id__in=classes)
        groups.append((CLASS_TEACHER, class_teachers.order_by().values("user_id")))
        family = family_assignment_q(actor)
        if family is not None:
            teachers = Staff.objects.filter(
                pk__in=TeachingAssignment.objects.filter(family, class_group_id__in=classes).values(
                    "teacher_id"
                )
            )
            groups.append((TEACHERS, _staff_users(teachers)))
        schools = Student.objects.filter(pk__in=actor.own_student_ids).values("school_id")
        administration = RoleGrant.objects.filter(role__in=MESSAGING_ADMINISTRATION, school_id__in=schools)
        groups.append((ADMINISTRATION, administration.order_by().values("user_id")))
    staff_schools = actor.school_ids(*STAFF_ROLES)
    if staff_schools:
        colleagues = RoleGrant.objects.filter(role__in=STAFF_ROLES, school_id__in=staff_schools)
        groups.append((COLLEAGUES, colleagues.order_by().values("user_id")))
        pupils = _pupils_of_staff(actor)
        guardians = StudentGuardian.objects.filter(student_id__in=pupils.values("pk"))
        groups.append(
            (PARENTS, guardians.filter(guardian__user__isnull=False).order_by().values("guardian__user_id"))
        )
        groups.append((STUDENTS, pupils.filter(user__isnull=False).order_by().values("user_id")))
    return groups


def recipient_groups(actor: Actor) -> list[tuple[str, Q]]:
    """The groups of users the actor may write to, each as a condition on `User`."""
    return [(code, Q(pk__in=ids)) for code, ids in recipient_id_groups(actor)]


def _pupils_of_staff(actor: Actor) -> QuerySet:
    """Pupils a member of staff may write to (and whose parents they may write to)."""
    admin_schools = actor.school_ids(*MESSAGING_ADMINISTRATION)
    enrolled = current_enrollments().order_by()
    parts = []
    if admin_schools:
        parts.append(enrolled.filter(school_id__in=admin_schools).values("student_id"))
    if actor.led_class_ids:
        parts.append(enrolled.filter(class_group_id__in=actor.led_class_ids).values("student_id"))
    if actor.staff_ids:
        taught = taught_assignments(actor)
        whole_classes = taught.filter(subgroup__isnull=True).values("class_group_id")
        parts.append(enrolled.filter(class_group_id__in=whole_classes).values("student_id"))
        subgroups = taught.filter(subgroup__isnull=False).values("subgroup_id")
        parts.append(
            SubgroupMembership.objects.filter(subgroup_id__in=subgroups).order_by().values("student_id")
        )
    if not parts:
        return Student.objects.none()
    # Every such pupil is of the actor's own schools; saying so lets the planner read the pupils
    # of one school, not of the region, when there are many (a director's whole school).
    return Student.objects.filter(pk__in=_union(parts), school_id__in=actor.school_ids(*STAFF_ROLES))


def allowed_recipients(actor: Actor) -> QuerySet:
    """Every user the actor may start a conversation with (never themself), as one queryset."""
    groups = recipient_id_groups(actor)
    if not groups:
        return User.objects.none()
    ids = _union([ids for _code, ids in groups])
    return User.objects.filter(pk__in=ids, is_active=True).exclude(pk=actor.user.pk)


def may_broadcast_to_class(actor: Actor, class_group_id: int) -> bool:
    """A class teacher writes to all parents of their class at once."""
    return class_group_id in actor.led_class_ids


# --- announcements ---------------------------------------------------------------------------


def announcement_school_ids(actor: Actor) -> frozenset[int]:
    """Schools where the actor announces to everyone or to the parents of a grade."""
    return actor.school_ids(*MESSAGING_ADMINISTRATION)


def may_publish_announcements(actor: Actor) -> bool:
    return bool(announcement_school_ids(actor) or actor.led_class_ids)


def may_announce_to_class(actor: Actor, class_group) -> bool:
    return class_group.pk in actor.led_class_ids or class_group.school_id in announcement_school_ids(actor)


def may_see_announcement_readers(actor: Actor, announcement) -> bool:
    """The author and the administration of the school see who has read an announcement."""
    return announcement.author_id == actor.user.pk or announcement.school_id in announcement_school_ids(actor)


def may_see_read_receipts(actor: Actor) -> bool:
    """Staff see whether the other side has read their message ("прочитано")."""
    return actor.is_staff_member
