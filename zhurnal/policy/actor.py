"""The actor: a user together with what they hold — role grants, staff card, pupil card, children.

Built once per request, lazily (`request.actor`), in at most four small queries whatever the
school's size. Every rule in the policy reads these sets; nothing compares role strings elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import OuterRef, Subquery

from zhurnal.accounts.models import Role, RoleGrant, User
from zhurnal.people.models import Staff, Student, StudentGuardian

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
    # The staff and pupil cards come with the grants (actor_for annotates every grant row).
    @cached_property
    def staff_id(self) -> int | None:
        if not self.is_staff_member:
            return None
        return self.grants[0].staff_card_id

    @cached_property
    def student_id(self) -> int | None:
        if Role.STUDENT not in self.roles:
            return None
        return self.grants[0].student_card_id

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
        ids = set(self.children_ids)
        if self.student_id:
            ids.add(self.student_id)
        return frozenset(ids)


ANONYMOUS = Actor(user=None)


def actor_for(user) -> Actor:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    # One query: the grants with their school, class and authority (pages name them without a
    # query), and the user's staff and pupil cards as two subquery columns on every row.
    grants = (
        RoleGrant.objects.filter(user=user)
        .select_related("school", "class_group", "authority")
        .annotate(
            staff_card_id=Subquery(
                Staff.objects.filter(user_id=OuterRef("user_id")).order_by("pk").values("pk")[:1]
            ),
            student_card_id=Subquery(
                Student.objects.filter(user_id=OuterRef("user_id")).order_by("pk").values("pk")[:1]
            ),
        )
        .order_by("id")
    )
    return Actor(user=user, grants=list(grants))
