"""The actor: a user together with what they hold — role grants, staff card, pupil card, children.

Built once per request, lazily (`request.actor`), in one query whatever the school's size (and
one more for a parent's children, when a rule asks). Every rule in the policy reads these sets; nothing compares role strings elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection

from zhurnal.accounts.models import Role, RoleGrant, User
from zhurnal.core.rawsql import ModelColumns, fetch
from zhurnal.people.models import StudentGuardian
from zhurnal.schools.models import Authority, ClassGroup, School

# Roles that read every record of their school (DESIGN.md §1).
SCHOOL_WIDE_JOURNAL_READERS = frozenset({Role.DIRECTOR, Role.DEPUTY})
SCHOOL_ADMINISTRATION = frozenset({Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.SECRETARY})
STUDENT_RECORD_KEEPERS = frozenset({Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.SECRETARY})
STAFF_ROLES = frozenset(
    {Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.SECRETARY, Role.CLASS_TEACHER, Role.TEACHER}
)
ADMIN_SITE_ROLES = frozenset({Role.DIRECTOR, Role.SYSADMIN})


@dataclass
class Actor:
    user: User | None
    grants: list[RoleGrant] = field(default_factory=list)

    # --- who -----------------------------------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return self.user is not None and self.user.is_authenticated

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_staff_member(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @property
    def primary_role(self) -> str:
        """The role shown in the activity log: the widest one the actor holds."""
        for role in Role.values:
            if role in self.roles:
                return role
        return ""

    # --- where ----------------------------------------------------------------------------
    def school_ids(self, *roles: str) -> frozenset[int]:
        """Schools where the actor holds any of `roles` (any role at all when none are named)."""
        return frozenset(g.school_id for g in self.grants if g.school_id and (not roles or g.role in roles))

    @cached_property
    def member_school_ids(self) -> frozenset[int]:
        return self.school_ids()

    @property
    def primary_school_id(self) -> int | None:
        ids = sorted(self.member_school_ids)
        return ids[0] if ids else None

    @cached_property
    def authority_ids(self) -> frozenset[int]:
        return frozenset(g.authority_id for g in self.grants if g.role == Role.AUTHORITY and g.authority_id)

    @cached_property
    def led_class_ids(self) -> frozenset[int]:
        """Classes the actor leads as class teacher."""
        return frozenset(g.class_group_id for g in self.grants if g.role == Role.CLASS_TEACHER)

    def school_ids_for_admin(self) -> frozenset[int]:
        return self.school_ids(*ADMIN_SITE_ROLES)

    # --- whose cards ------------------------------------------------------------------------
    # A person has one login and a card per school (people.Staff/Student unique per user and
    # school). Every grant row carries the user's staff and pupil cards *in the grant's school*
    # (actor_for reads them in the same query), so a teacher of two schools has two staff cards.
    @cached_property
    def staff_cards(self) -> dict[int, int]:
        """school id → the actor's staff card there, for schools where they hold a staff role."""
        return {
            g.school_id: g.staff_card_id for g in self.grants if g.role in STAFF_ROLES and g.staff_card_id
        }

    @cached_property
    def staff_ids(self) -> frozenset[int]:
        """The actor's staff cards, one per school where they hold a staff role."""
        return frozenset(self.staff_cards.values())

    def staff_id_in(self, school_id: int | None) -> int | None:
        """The actor's staff card in one school (None outside it)."""
        return self.staff_cards.get(school_id)

    @cached_property
    def student_ids(self) -> frozenset[int]:
        """The actor's own pupil cards, one per school where they hold the pupil role."""
        return frozenset(
            g.student_card_id for g in self.grants if g.role == Role.STUDENT and g.student_card_id
        )

    @cached_property
    def children_ids(self) -> frozenset[int]:
        if Role.PARENT not in self.roles:
            return frozenset()
        return frozenset(
            StudentGuardian.objects.filter(guardian__user=self.user).values_list("student_id", flat=True)
        )

    @property
    def own_student_ids(self) -> frozenset[int]:
        """The pupils whose own records this actor may read as family: children or self."""
        return self.children_ids | self.student_ids


ANONYMOUS = Actor(user=None)


_GRANT = ModelColumns(RoleGrant, "g")
_GRANT_SCHOOL = ModelColumns(School, "s")
_GRANT_CLASS = ModelColumns(ClassGroup, "c")
_GRANT_AUTHORITY = ModelColumns(Authority, "a")


def grant_columns(connection) -> str:
    """The columns of one grant row: the grant, its school, class and authority, and the user's
    staff and pupil cards in the grant's school (read as `grants_from_rows` builds them)."""
    return f"""{_GRANT.select(connection)}, {_GRANT_SCHOOL.select(connection)},
           {_GRANT_CLASS.select(connection)}, {_GRANT_AUTHORITY.select(connection)},
           (SELECT st.id FROM people_staff st WHERE st.user_id = g.user_id AND st.school_id = g.school_id),
           (SELECT pu.id FROM people_student pu WHERE pu.user_id = g.user_id AND pu.school_id = g.school_id)"""


GRANT_JOINS = """LEFT JOIN schools_school s ON s.id = g.school_id
    LEFT JOIN schools_classgroup c ON c.id = g.class_group_id
    LEFT JOIN schools_authority a ON a.id = g.authority_id"""

GRANT_WIDTH = len(_GRANT) + len(_GRANT_SCHOOL) + len(_GRANT_CLASS) + len(_GRANT_AUTHORITY) + 2


def _grants_sql(connection) -> str:
    return f"""
    SELECT {grant_columns(connection)}
    FROM accounts_rolegrant g
    {GRANT_JOINS}
    WHERE g.user_id = %s
    ORDER BY g.id
    """


def grants_from_rows(rows, start: int = 0) -> list[RoleGrant]:
    """The grants of rows holding `grant_columns` from `start` (a row without a grant is skipped)."""
    grants = []
    school_field = RoleGrant._meta.get_field("school")
    class_field = RoleGrant._meta.get_field("class_group")
    authority_field = RoleGrant._meta.get_field("authority")
    at_school = start + len(_GRANT)
    at_class = at_school + len(_GRANT_SCHOOL)
    at_authority = at_class + len(_GRANT_CLASS)
    at_cards = at_authority + len(_GRANT_AUTHORITY)
    for row in rows:
        grant = _GRANT.build(row, start)
        if grant is None:
            continue
        school_field.set_cached_value(grant, _GRANT_SCHOOL.build(row, at_school))
        class_field.set_cached_value(grant, _GRANT_CLASS.build(row, at_class))
        authority_field.set_cached_value(grant, _GRANT_AUTHORITY.build(row, at_authority))
        grant.staff_card_id, grant.student_card_id = row[at_cards], row[at_cards + 1]
        grants.append(grant)
    return grants


def actor_for(user) -> Actor:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    loaded = getattr(user, "loaded_actor", None)
    if loaded is not None:
        # The session's read brought the grants and children along (policy.sessions). Used
        # once: an actor built again later in the request reads the grants as they are then.
        del user.loaded_actor
        grants, children = loaded
        actor = Actor(user=user, grants=grants)
        actor.__dict__["children_ids"] = frozenset(children) if Role.PARENT in actor.roles else frozenset()
        return actor
    # One query, on every signed-in request: the grants with their school, class and authority
    # (pages name them without a query), and the user's staff and pupil cards in the grant's school
    # (at most one each: unique per user and school) as two subquery columns on every row. Plain SQL (core.rawsql): the ORM took a millisecond to build it.
    return Actor(user=user, grants=grants_from_rows(fetch(_grants_sql(connection), [user.pk])))
