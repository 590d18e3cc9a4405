"""What an actor may do: one predicate per kind of action. Views, the API and services ask here."""

from zhurnal.accounts.models import Role
from zhurnal.policy.actor import ADMIN_SITE_ROLES, SCHOOL_WIDE_JOURNAL_READERS, Actor


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


def never_writes_journal(actor: Actor) -> bool:
    """Pupils and parents never write to the journal, whatever else they hold."""
    return not actor.has_role(Role.TEACHER, Role.CLASS_TEACHER)


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


def may_manage_periods(actor: Actor) -> bool:
    """Close and reopen study periods and unlock journals: the deputy director (and director)."""
    return actor.has_role(Role.DEPUTY, Role.DIRECTOR)
