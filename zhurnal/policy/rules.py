"""What an actor may do: one predicate per kind of action. Views, the API and services ask here."""

from zhurnal.accounts.models import Role
from zhurnal.policy.actor import ADMIN_SITE_ROLES, SCHOOL_WIDE_JOURNAL_READERS, STAFF_ROLES, Actor


def may_use_admin_site(actor: Actor) -> bool:
    """The Django admin holds the system administrator's directories and parameters."""
    return actor.is_authenticated and (actor.user.is_superuser or actor.has_role(*ADMIN_SITE_ROLES))


def may_see_staff_area(actor: Actor) -> bool:
    return actor.is_staff_member


def may_see_school_overview(actor: Actor) -> bool:
    return actor.has_role(Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.SECRETARY)


def may_see_contacts(actor: Actor) -> bool:
    """Phones and e-mails of parents and staff: staff only (152-ФЗ minimisation)."""
    return actor.is_staff_member


def may_teach(actor: Actor) -> bool:
    """Teachers (and class teachers) have lessons and journals of their own."""
    return actor.has_role(Role.TEACHER, Role.CLASS_TEACHER)


def may_lead_class(actor: Actor) -> bool:
    return bool(actor.led_class_ids)


def may_follow_children(actor: Actor) -> bool:
    """A parent follows their children's diaries."""
    return actor.has_role(Role.PARENT)


def may_read_own_diary(actor: Actor) -> bool:
    return actor.has_role(Role.STUDENT)


def may_see_authority_overview(actor: Actor) -> bool:
    """The education authority reads aggregate figures of the schools it oversees."""
    return bool(actor.authority_ids)


def may_read_school_journals(actor: Actor) -> bool:
    """Director and deputy read every journal of their school (completeness control)."""
    return actor.has_role(*SCHOOL_WIDE_JOURNAL_READERS)


def school_overview_ids(actor: Actor) -> frozenset[int]:
    """The schools whose overview (aggregate figures, classes) the actor may see."""
    return actor.school_ids(Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.SECRETARY)


PERIOD_KEEPER_ROLES = (Role.DEPUTY, Role.DIRECTOR)


def period_keeper_school_ids(actor: Actor) -> frozenset[int]:
    """Where the actor closes and reopens periods, unlocks journals and names substitutes."""
    return frozenset(actor.school_ids(*PERIOD_KEEPER_ROLES))


def may_keep_periods(actor: Actor, school_id: int | None = None) -> bool:
    """Close and reopen study periods, unlock journals, assign substitutes: the deputy director
    (and director) — of the given school, or of any school when none is given (the navbar)."""
    schools = period_keeper_school_ids(actor)
    return bool(schools) if school_id is None else school_id in schools


def substitute_teachers(school_id: int):
    """Who may be named to conduct another teacher's lesson: the school's teachers."""
    from zhurnal.people.models import Staff

    return Staff.objects.filter(school_id=school_id, user__grants__role=Role.TEACHER).distinct()


# --- community: the school forum and the class events journal -----------------------------------

# The administration that moderates every forum section of its school and keeps every class's
# events journal: director, deputy, system administrator.
COMMUNITY_ADMIN_ROLES = (Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN)
FORUM_POST_EDIT_MINUTES = 30


def may_use_forum(actor: Actor) -> bool:
    """Members of a school have its forum (pupils see sections only where the school allows)."""
    return bool(actor.member_school_ids)


def forum_member_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose forum the actor belongs to whatever the school's settings: staff and parents."""
    return actor.school_ids(*STAFF_ROLES, Role.PARENT)


def forum_pupil_school_ids(actor: Actor) -> frozenset[int]:
    """Schools where the actor is a pupil: their forum is open to them only if the school allows."""
    return actor.school_ids(Role.STUDENT)


def community_admin_school_ids(actor: Actor) -> frozenset[int]:
    """Schools whose every forum section the actor moderates and every class's events they keep."""
    return actor.school_ids(*COMMUNITY_ADMIN_ROLES)


def may_moderate_forum_section(actor: Actor, section) -> bool:
    """The administration in any section of its school; a class teacher in their class's section."""
    return section.school_id in community_admin_school_ids(actor) or (
        section.class_group_id is not None and section.class_group_id in actor.led_class_ids
    )


def may_edit_forum_post(actor: Actor, post, now) -> bool:
    """Authors correct their own visible post within 30 minutes of writing it."""
    return (
        actor.user is not None
        and post.author_id == actor.user.pk
        and not post.is_hidden
        and (now - post.created_at).total_seconds() <= FORUM_POST_EDIT_MINUTES * 60
    )


def may_keep_class_events(actor: Actor, class_group) -> bool:
    """The class teacher records and deletes their class's events."""
    return class_group.pk in actor.led_class_ids


def may_edit_class_event(actor: Actor, class_group) -> bool:
    """The class teacher, and the administration of the school, correct a class's events."""
    return may_keep_class_events(actor, class_group) or class_group.school_id in community_admin_school_ids(
        actor
    )


def may_open_diaries(actor: Actor) -> bool:
    """Whose diary a person may open is the student scope; this says who reads diaries at all:
    families, and the staff who read journals (teachers, class teachers, director, deputy)."""
    return actor.has_role(
        Role.PARENT, Role.STUDENT, Role.TEACHER, Role.CLASS_TEACHER, *SCHOOL_WIDE_JOURNAL_READERS
    )
