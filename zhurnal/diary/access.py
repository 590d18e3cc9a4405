"""Whose diary a person may open (STYLE.md 5).

The pupil must be in the actor's student scope (`Student.objects.visible_to`): a parent's
children, the pupil themself, the staff who teach or lead them, the administration. Anyone else
gets 404, as for a missing pupil. Staff who see the pupil's record but read no journals (the
system administrator, the secretary) get 403: the diary is the journal seen from the family.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.errors import Forbidden, NotFound
from zhurnal.people.models import Enrollment, Student, enrolled_between_q
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor


@dataclass
class Pupil:
    id: int
    last_name: str
    first_name: str
    middle_name: str
    school_id: int
    school_name: str
    class_name: str  # the class covering today, else the latest; "" when never enrolled

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def short_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class DiaryAccess:
    pupil: Pupil
    # The family's pupils for the switcher (a parent's children), the pupil among them.
    family: list[Pupil] = field(default_factory=list)


def _current_class_subquery(field_name: str):
    today = clock.today()
    mine = Enrollment.objects.filter(student=OuterRef("pk"))
    covering = mine.filter(enrolled_between_q(today, today))
    latest = mine.order_by("-start", "-pk")
    return (
        Subquery(covering.order_by("-start", "-pk").values(field_name)[:1]),
        Subquery(latest.values(field_name)[:1]),
    )


def diary_for_viewer(actor: Actor, student_id: int) -> DiaryAccess:
    """The pupil whose diary is asked for, and the actor's own family for the switcher: one query."""
    if not isinstance(student_id, int):
        raise NotFound(_("Не найдено."))
    family_ids = actor.own_student_ids
    cov_grade, last_grade = _current_class_subquery("class_group__grade")
    cov_letter, last_letter = _current_class_subquery("class_group__letter")
    rows = (
        Student.objects.visible_to(actor)
        .filter(Q(pk=student_id) | Q(pk__in=family_ids))
        .annotate(cov_grade=cov_grade, cov_letter=cov_letter, last_grade=last_grade, last_letter=last_letter)
        .order_by("last_name", "first_name", "pk")
        .values(
            "id",
            "last_name",
            "first_name",
            "middle_name",
            "school_id",
            "school__name",
            "cov_grade",
            "cov_letter",
            "last_grade",
            "last_letter",
        )
    )
    pupils = []
    for row in rows:
        grade, letter = (
            (row["cov_grade"], row["cov_letter"])
            if row["cov_grade"] is not None
            else (row["last_grade"], row["last_letter"])
        )
        pupils.append(
            Pupil(
                id=row["id"],
                last_name=row["last_name"],
                first_name=row["first_name"],
                middle_name=row["middle_name"],
                school_id=row["school_id"],
                school_name=row["school__name"],
                class_name=f"{grade}{letter}" if grade is not None else "",
            )
        )
    pupil = next((p for p in pupils if p.id == student_id), None)
    if pupil is None:
        raise NotFound(_("Не найдено."))
    if not rules.may_open_diaries(actor):
        raise Forbidden(_("Дневник обучающегося вам недоступен."), code="forbidden")
    family = [p for p in pupils if p.id in family_ids] if pupil.id in family_ids else []
    return DiaryAccess(pupil=pupil, family=family if len(family) > 1 else [])
