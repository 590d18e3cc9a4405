"""Who may see which rows: one rule per model, registered behind `Model.objects.visible_to`.

Each rule is a union of what every role the actor holds allows. Rules use `pk__in` subqueries
rather than joins, so a row is never duplicated and the query count stays fixed.
Layers above (the journal, messaging…) register their own models' rules in their `ready()`,
built from the helpers here.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhurnal.accounts.models import ActivityEvent, CredentialIssue, Role, RoleGrant, SecurityEvent, User
from zhurnal.core import scoping
from zhurnal.core.models import AuditEvent, BackgroundJob
from zhurnal.people.models import (
    Consent,
    Enrollment,
    Guardian,
    Staff,
    Student,
    StudentGuardian,
    StudyGroupMembership,
    SubgroupMembership,
    TeachingAssignment,
    TimetableEntry,
)
from zhurnal.policy.actor import (
    ADMIN_SITE_ROLES,
    SCHOOL_WIDE_JOURNAL_READERS,
    STAFF_ROLES,
    STUDENT_RECORD_KEEPERS,
    Actor,
)
from zhurnal.schools.models import (
    AcademicYear,
    Authority,
    BellSchedule,
    BellSlot,
    ClassGroup,
    CurriculumPlan,
    Holiday,
    Room,
    School,
    StudyGroup,
    StudyPeriod,
    Subgroup,
    Subject,
)

NOTHING = Q(pk__in=[])


def _any(*conditions: Q | None) -> Q:
    result = NOTHING
    for condition in conditions:
        if condition is not None:
            result |= condition
    return result


# --- building blocks, also used by the layers above --------------------------------------------


def taught_assignments(actor: Actor) -> QuerySet:
    """The actor's own teaching assignments."""
    if not actor.staff_ids:
        return TeachingAssignment.objects.none()
    return TeachingAssignment.objects.filter(teacher_id__in=actor.staff_ids)


def family_class_ids(actor: Actor) -> QuerySet:
    """Classes where the actor's children (or the pupil themself) are enrolled."""
    return Enrollment.objects.filter(student_id__in=actor.own_student_ids).values("class_group_id")


def led_pupils_groups(actor: Actor) -> QuerySet:
    """Study groups that ever had a pupil of a class the actor leads: the class teacher reads
    those groups' journals, for their own pupils only (`led_pupil_ids_in_group`)."""
    led_pupils = Enrollment.objects.filter(class_group_id__in=actor.led_class_ids).values("student_id")
    return StudyGroupMembership.objects.filter(student_id__in=led_pupils).values("group_id")


def journal_assignment_q(actor: Actor) -> Q:
    """Teaching assignments whose journal the actor may read (staff only, DESIGN.md §1)."""
    return _any(
        Q(school_id__in=actor.school_ids(*SCHOOL_WIDE_JOURNAL_READERS)),
        Q(class_group_id__in=actor.led_class_ids) if actor.led_class_ids else None,
        Q(study_group_id__in=led_pupils_groups(actor)) if actor.led_class_ids else None,
        Q(teacher_id__in=actor.staff_ids) if actor.staff_ids else None,
    )


def may_read_journal(actor: Actor, assignment: TeachingAssignment) -> bool:
    """`journal_assignment_q` for one assignment already loaded: the journal page reads its
    assignment with plain SQL and asks this. tests/policy/test_rule_twins.py keeps the two equal."""
    return (
        assignment.school_id in actor.school_ids(*SCHOOL_WIDE_JOURNAL_READERS)
        or assignment.class_group_id in actor.led_class_ids
        or assignment.teacher_id in actor.staff_ids
        or (
            assignment.study_group_id is not None
            and bool(actor.led_class_ids)
            and led_pupils_groups(actor).filter(group_id=assignment.study_group_id).exists()
        )
    )


def reads_group_journal_in_part(actor: Actor, assignment: TeachingAssignment) -> bool:
    """A class teacher reading a study group's journal only for their own pupils: neither its
    teacher nor a school-wide reader (decision 0036)."""
    return (
        assignment.study_group_id is not None
        and assignment.school_id not in actor.school_ids(*SCHOOL_WIDE_JOURNAL_READERS)
        and assignment.teacher_id not in actor.staff_ids
    )


def led_pupil_ids(actor: Actor) -> set[int]:
    """Pupils ever enrolled in the classes the actor leads (who a partial reader may see)."""
    if not actor.led_class_ids:
        return set()
    return set(
        Enrollment.objects.filter(class_group_id__in=actor.led_class_ids).values_list("student_id", flat=True)
    )


def completeness_board_class_q(actor: Actor) -> Q:
    """Classes whose weekly completeness board the actor checks: the class teacher their own,
    the director and the deputy every class of their school (the school regulation)."""
    return _any(
        Q(school_id__in=actor.school_ids(*SCHOOL_WIDE_JOURNAL_READERS)),
        Q(pk__in=actor.led_class_ids) if actor.led_class_ids else None,
    )


def family_assignment_q(actor: Actor) -> Q | None:
    """Assignments that teach the actor's children (or the pupil): subject and teacher in the diary."""
    if not actor.own_student_ids:
        return None
    in_subgroup = SubgroupMembership.objects.filter(student_id__in=actor.own_student_ids).values(
        "subgroup_id"
    )
    in_group = StudyGroupMembership.objects.filter(student_id__in=actor.own_student_ids).values("group_id")
    return (
        Q(class_group_id__in=family_class_ids(actor))
        & (Q(subgroup__isnull=True) | Q(subgroup_id__in=in_subgroup))
    ) | Q(study_group_id__in=in_group)


def student_q(actor: Actor) -> Q:
    taught = taught_assignments(actor)
    whole_class_taught = taught.filter(subgroup__isnull=True).values("class_group_id")
    subgroup_taught = taught.filter(subgroup__isnull=False).values("subgroup_id")
    group_taught = taught.filter(study_group__isnull=False).values("study_group_id")
    return _any(
        Q(school_id__in=actor.school_ids(*STUDENT_RECORD_KEEPERS)),
        Q(pk__in=Enrollment.objects.filter(class_group_id__in=actor.led_class_ids).values("student_id"))
        if actor.led_class_ids
        else None,
        Q(pk__in=Enrollment.objects.filter(class_group_id__in=whole_class_taught).values("student_id"))
        | Q(pk__in=SubgroupMembership.objects.filter(subgroup_id__in=subgroup_taught).values("student_id"))
        | Q(pk__in=StudyGroupMembership.objects.filter(group_id__in=group_taught).values("student_id"))
        if actor.staff_ids
        else None,
        Q(pk__in=actor.own_student_ids) if actor.own_student_ids else None,
    )


def class_group_q(actor: Actor) -> Q:
    return _any(
        Q(school_id__in=actor.school_ids(*STUDENT_RECORD_KEEPERS)),
        Q(pk__in=actor.led_class_ids) if actor.led_class_ids else None,
        Q(pk__in=taught_assignments(actor).values("class_group_id")) if actor.staff_ids else None,
        Q(pk__in=family_class_ids(actor)) if actor.own_student_ids else None,
    )


def directory_q(actor: Actor) -> Q:
    """Directories and calendars: visible to anyone who belongs to the school, and to its authority."""
    return _any(
        Q(school_id__in=actor.member_school_ids),
        Q(school__authority_id__in=actor.authority_ids) if actor.authority_ids else None,
    )


# --- the rules --------------------------------------------------------------------------------


def _students(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(student_q(actor))


def _class_groups(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(class_group_q(actor))


def _enrollments(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(student__in=Student.objects.filter(student_q(actor)).values("pk"))


def _subgroup_memberships(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(student__in=Student.objects.filter(student_q(actor)).values("pk"))


def _study_group_memberships(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(student__in=Student.objects.filter(student_q(actor)).values("pk"))


def _assignments(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(
        _any(
            journal_assignment_q(actor),
            Q(school_id__in=actor.school_ids(Role.SYSADMIN, Role.SECRETARY)),
            family_assignment_q(actor),
        )
    )


def _timetable(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(assignment__in=_assignments(TeachingAssignment.objects.all(), actor).values("pk"))


def _staff(qs: QuerySet, actor: Actor) -> QuerySet:
    # Names and positions of a school's staff are known to its community (a diary names the
    # teacher); contacts are shown by pages only to staff.
    return qs.filter(school_id__in=actor.member_school_ids)


def _guardians(qs: QuerySet, actor: Actor) -> QuerySet:
    of_led_classes = StudentGuardian.objects.filter(
        student__in=Enrollment.objects.filter(class_group_id__in=actor.led_class_ids).values("student_id")
    ).values("guardian_id")
    return qs.filter(
        _any(
            Q(school_id__in=actor.school_ids(*STUDENT_RECORD_KEEPERS)),
            Q(pk__in=of_led_classes) if actor.led_class_ids else None,
            Q(user=actor.user) if Role.PARENT in actor.roles else None,
        )
    )


def _consents(qs: QuerySet, actor: Actor) -> QuerySet:
    """Consents are personal data: the school's record keepers, the pupil's class teacher, the
    pupil and their family (not the subject teachers)."""
    return qs.filter(
        _any(
            Q(school_id__in=actor.school_ids(*STUDENT_RECORD_KEEPERS)),
            Q(
                student_id__in=Enrollment.objects.filter(class_group_id__in=actor.led_class_ids).values(
                    "student_id"
                )
            )
            if actor.led_class_ids
            else None,
            Q(student_id__in=actor.own_student_ids) if actor.own_student_ids else None,
        )
    )


def _student_guardians(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(guardian__in=_guardians(Guardian.objects.all(), actor).values("pk"))


def _directories(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(directory_q(actor))


def _schools(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(_any(Q(pk__in=actor.member_school_ids), Q(authority_id__in=actor.authority_ids)))


def _authorities(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(pk__in=actor.authority_ids)


def _users(qs: QuerySet, actor: Actor) -> QuerySet:
    in_admin_schools = (
        RoleGrant.objects.filter(school_id__in=actor.school_ids_for_admin()).order_by().values("user_id")
    )
    if actor.user is None:
        return qs.filter(pk__in=in_admin_schools)
    # One set of ids by UNION, not `pk = me OR pk IN (…)`: PostgreSQL tests every user of the
    # region against an OR, and reads the school's grants by index for a UNION
    # (docs/performance/region-50.md).
    myself = User.objects.filter(pk=actor.user.pk).order_by().values("pk")
    return qs.filter(pk__in=myself.union(in_admin_schools))


def _grants(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(
        _any(Q(user=actor.user) if actor.user else None, Q(school_id__in=actor.school_ids_for_admin()))
    )


def _school_admin_logs(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(school_id__in=actor.school_ids(*ADMIN_SITE_ROLES))


def _credential_issues(qs: QuerySet, actor: Actor) -> QuerySet:
    """The issuance log: the administrators' schools, and the issues the actor made (a class
    teacher's for their class)."""
    return qs.filter(
        _any(
            Q(school_id__in=actor.school_ids(*ADMIN_SITE_ROLES)),
            Q(issued_by=actor.user) if actor.user else None,
        )
    )


def _security_log(qs: QuerySet, actor: Actor) -> QuerySet:
    """The security event log is read by the system administrator and the director, no one else."""
    return qs.filter(school_id__in=actor.school_ids(Role.SYSADMIN, Role.DIRECTOR))


def _audit(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(school_id__in=actor.school_ids(Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN))


def _background_jobs(qs: QuerySet, actor: Actor) -> QuerySet:
    """A background job and its file belong to the one who started it."""
    return qs.filter(owner_id=actor.user.pk) if actor.user is not None else qs.none()


def register_all() -> None:
    scoping.register(Authority, _authorities)
    scoping.register(School, _schools)
    for model in (
        AcademicYear,
        StudyPeriod,
        Holiday,
        BellSchedule,
        BellSlot,
        Room,
        Subject,
        CurriculumPlan,
        Subgroup,
        StudyGroup,
    ):
        scoping.register(model, _directories)
    scoping.register(ClassGroup, _class_groups)
    scoping.register(Student, _students)
    scoping.register(Enrollment, _enrollments)
    scoping.register(SubgroupMembership, _subgroup_memberships)
    scoping.register(StudyGroupMembership, _study_group_memberships)
    scoping.register(TeachingAssignment, _assignments)
    scoping.register(TimetableEntry, _timetable)
    scoping.register(Staff, _staff)
    scoping.register(Guardian, _guardians)
    scoping.register(StudentGuardian, _student_guardians)
    scoping.register(Consent, _consents)
    scoping.register(User, _users)
    scoping.register(RoleGrant, _grants)
    scoping.register(CredentialIssue, _credential_issues)
    scoping.register(ActivityEvent, _school_admin_logs)
    scoping.register(AuditEvent, _audit)
    scoping.register(SecurityEvent, _security_log)
    scoping.register(BackgroundJob, _background_jobs)


__all__ = [
    "STAFF_ROLES",
    "class_group_q",
    "completeness_board_class_q",
    "directory_q",
    "family_assignment_q",
    "journal_assignment_q",
    "led_pupil_ids",
    "led_pupils_groups",
    "reads_group_journal_in_part",
    "may_read_journal",
    "register_all",
    "student_q",
    "taught_assignments",
]
