"""What an actor may do: one predicate per kind of action. Views, the API and services ask here."""

from zhurnal.accounts.models import Role
from zhurnal.policy.actor import ADMIN_SITE_ROLES, Actor


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
