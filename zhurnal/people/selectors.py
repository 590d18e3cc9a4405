"""Reads about people that several pages and the API share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils.translation import gettext as _

from zhurnal.accounts.models import CredentialIssue, Role, User
from zhurnal.core import clock
from zhurnal.people.models import Enrollment, Guardian, Staff, Student, StudentGuardian, enrolled_between_q
from zhurnal.policy import rules
from zhurnal.schools.models import ClassGroup


def class_teachers(class_ids: list[int]) -> dict[int, Staff]:
    """Class id → its class teacher's staff card (ids and names), in one query for all the classes.

    A class teacher's name is known to the class's school; callers pass classes the actor sees.
    """
    if not class_ids:
        return {}
    # One teacher may lead several classes; the join gives one row per led class. A login may have
    # a staff card in several schools (decision 0018): the card of the grant's school is the one.
    staff = Staff.objects.filter(
        user__grants__role=Role.CLASS_TEACHER,
        user__grants__class_group_id__in=class_ids,
        user__grants__school_id=F("school_id"),
    ).values_list("user__grants__class_group_id", "pk", "user_id", "last_name", "first_name", "middle_name")
    result: dict[int, Staff] = {}
    for class_id, pk, user_id, last, first, middle in staff.order_by("pk"):
        card = Staff(pk=pk, user_id=user_id, last_name=last, first_name=first, middle_name=middle)
        result.setdefault(class_id, card)
    return result


# --- credentials ------------------------------------------------------------------------------


@dataclass
class CredentialRow:
    """One person of a class's credentials page: their card, login and latest issue."""

    kind: str  # "students" or "guardians", as in the card's URL
    card: Student | Guardian
    note: str = ""
    issue: CredentialIssue | None = None

    @property
    def user(self) -> User | None:
        return self.card.user


def class_credentials(actor, class_group) -> list[CredentialRow]:
    """The class's pupils today and their parents, with logins and latest issues: three queries."""
    today = clock.today()
    roster = list(
        Student.objects.visible_to(actor)
        .filter(
            pk__in=Enrollment.objects.filter(
                enrolled_between_q(today, today), class_group=class_group
            ).values("student_id")
        )
        .select_related("user")
    )
    links = list(
        StudentGuardian.objects.filter(student__in=roster)
        .select_related("guardian__user", "student")
        .order_by("guardian__last_name", "guardian__first_name", "guardian_id")
    )
    rows = [CredentialRow(kind="students", card=pupil) for pupil in roster]
    seen: dict[int, CredentialRow] = {}
    for link in links:
        row = seen.get(link.guardian_id)
        if row is None:
            row = seen[link.guardian_id] = CredentialRow(kind="guardians", card=link.guardian)
            rows.append(row)
        row.note = ", ".join(filter(None, [row.note, link.student.short_name]))
    user_ids = [row.card.user_id for row in rows if row.card.user_id]
    latest: dict[int, CredentialIssue] = {}
    for issue in CredentialIssue.objects.filter(user_id__in=user_ids).order_by("issued_at", "pk"):
        latest[issue.user_id] = issue
    for row in rows:
        row.issue = latest.get(row.card.user_id)
    return rows


def credential_issues(actor, *, limit: int = 200) -> list[CredentialIssue]:
    """The issuance log, newest first: who issued a login to whom and when, and its first use."""
    return list(
        CredentialIssue.objects.visible_to(actor)
        .select_related("user", "issued_by", "school")
        .order_by("-issued_at", "-pk")[:limit]
    )


def credential_classes(actor) -> list:
    """Classes whose logins the actor keeps: led ones, or every current class of an administrator's
    school."""
    today = clock.today()
    admin = rules.credential_admin_school_ids(actor)
    qs = ClassGroup.objects.visible_to(actor).filter(
        Q(pk__in=actor.led_class_ids) | Q(school_id__in=admin),
        year__start__lte=today,
        year__end__gte=today,
    )
    return list(qs.order_by("grade", "letter"))


def overlapping_enrollment(student_id: int, start, end, *, exclude_pk: int | None = None):
    """The student's enrolment that overlaps `start`–`end` (an open end: until further notice),
    or None. The database refuses such a pair too (people migration 0002); this names it."""
    far = end if end is not None else dt.date.max
    qs = Enrollment.objects.filter(enrolled_between_q(start, far), student_id=student_id)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.select_related("class_group").order_by("start").first()


def overlap_message(existing) -> str:
    return _(
        "Обучающийся уже зачислен в класс %(cls)s с %(start)s%(end)s: периоды зачислений пересекаются."
    ) % {
        "cls": existing.class_group,
        "start": f"{existing.start:%d.%m.%Y}",
        "end": _(" по %(d)s") % {"d": f"{existing.end:%d.%m.%Y}"} if existing.end else "",
    }
