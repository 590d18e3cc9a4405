"""Existing people of a school, indexed by the keys the imports match on, each loaded in one query.

Pupils: СНИЛС when the row has one, else ФИО + birth date. Guardians: ФИО + phone, or ФИО +
e-mail, or ФИО among the parents already linked to the pupil. Staff: e-mail, else ФИО.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext as _

from zhurnal.core.errors import InvalidInput
from zhurnal.integrations.imports.base import digits, normal, person_key
from zhurnal.people.models import Enrollment, Guardian, Staff, Student, StudentGuardian, enrolled_between_q
from zhurnal.people.services.records import _check_snils
from zhurnal.schools.models import School


def snils_checked(value: str) -> str:
    """The СНИЛС written the one way the cards keep it (123-456-789 01); ValueError with the
    people service's own reason when it is not a valid number."""
    probe = Student(snils=value)
    try:
        _check_snils(probe)
    except InvalidInput as error:
        raise ValueError(error.message.split(": ", 1)[-1]) from None
    return probe.snils


class Pupils:
    def __init__(self, school: School, on: dt.date) -> None:
        self.by_snils: dict[str, Student] = {}
        self.by_name: dict[tuple, Student] = {}
        self.by_pk: dict[int, Student] = {}
        for pupil in Student.objects.filter(school=school).only(
            "pk",
            "school_id",
            "last_name",
            "first_name",
            "middle_name",
            "birth_date",
            "snils",
            "sex",
            "address",
        ):
            self.by_pk[pupil.pk] = pupil
            if pupil.snils:
                self.by_snils[digits(pupil.snils)] = pupil
            self.by_name[
                self.name_key(pupil.last_name, pupil.first_name, pupil.middle_name, pupil.birth_date)
            ] = pupil
        # Every enrolment that is in force on the day or begins after it: a pupil is «in a
        # class» for the import if one of these names it.
        self.enrolments: dict[int, list[Enrollment]] = defaultdict(list)
        for enrolment in (
            Enrollment.objects.filter(school=school)
            .filter(enrolled_between_q(on, dt.date.max))
            .select_related("class_group")
        ):
            self.enrolments[enrolment.student_id].append(enrolment)

    @staticmethod
    def name_key(last: str, first: str, middle: str, birth_date) -> tuple:
        return (*person_key(last, first, middle), birth_date)

    def find(self, snils: str, last: str, first: str, middle: str, birth_date) -> tuple[Student | None, str]:
        """The existing pupil the row names, and a reason when the row's two keys disagree."""
        by_name = self.by_name.get(self.name_key(last, first, middle, birth_date))
        if snils:
            by_snils = self.by_snils.get(digits(snils))
            if by_snils is not None:
                if (
                    by_name is not None
                    and by_name.pk != by_snils.pk
                    or by_name is None
                    and (
                        self.name_key(
                            by_snils.last_name, by_snils.first_name, by_snils.middle_name, by_snils.birth_date
                        )
                        != self.name_key(last, first, middle, birth_date)
                    )
                ):
                    return None, _("этот СНИЛС уже у обучающегося %(name)s, %(born)s") % {
                        "name": by_snils.full_name,
                        "born": f"{by_snils.birth_date:%d.%m.%Y}" if by_snils.birth_date else "—",
                    }
                return by_snils, ""
            if by_name is not None and by_name.snils and digits(by_name.snils) != digits(snils):
                return None, _(
                    "обучающийся с такими ФИО и датой рождения уже есть, но с другим СНИЛС (%(snils)s)"
                ) % {"snils": by_name.snils}
        return by_name, ""


class Guardians:
    def __init__(self, school: School) -> None:
        self.by_phone: dict[tuple, Guardian] = {}
        self.by_email: dict[tuple, Guardian] = {}
        self.of_pupil: dict[int, dict[tuple, Guardian]] = defaultdict(dict)
        self.linked: set[tuple[int, int]] = set()
        cards = {}
        for guardian in Guardian.objects.filter(school=school).only(
            "pk", "school_id", "last_name", "first_name", "middle_name", "phone", "email", "address"
        ):
            cards[guardian.pk] = guardian
            name = person_key(guardian.last_name, guardian.first_name, guardian.middle_name)
            if guardian.phone:
                self.by_phone[(*name, digits(guardian.phone))] = guardian
            if guardian.email:
                self.by_email[(*name, guardian.email.casefold())] = guardian
        for student_id, guardian_id in StudentGuardian.objects.filter(school=school).values_list(
            "student_id", "guardian_id"
        ):
            guardian = cards.get(guardian_id)
            if guardian is not None:
                self.linked.add((student_id, guardian_id))
                self.of_pupil[student_id][
                    person_key(guardian.last_name, guardian.first_name, guardian.middle_name)
                ] = guardian

    def find(self, name: tuple, phone: str, email: str, student_id: int | None) -> Guardian | None:
        if phone and (found := self.by_phone.get((*name, digits(phone)))):
            return found
        if email and (found := self.by_email.get((*name, email.casefold()))):
            return found
        if student_id is not None:
            return self.of_pupil.get(student_id, {}).get(name)
        return None


def file_guardian_key(name: tuple, phone: str, email: str) -> tuple | None:
    """Two rows of one file name the same parent when ФИО and the phone (or e-mail) agree."""
    if phone:
        return (*name, "phone", digits(phone))
    if email:
        return (*name, "email", email.casefold())
    return None


class StaffCards:
    def __init__(self, school: School) -> None:
        self.by_email: dict[str, Staff] = {}
        self.by_name: dict[tuple, list[Staff]] = defaultdict(list)
        for staff in Staff.objects.filter(school=school).select_related("user"):
            if staff.email:
                self.by_email[staff.email.casefold()] = staff
            self.by_name[person_key(staff.last_name, staff.first_name, staff.middle_name)].append(staff)

    def find(self, name: tuple, email: str) -> Staff | None:
        if email and (found := self.by_email.get(email.casefold())):
            return found
        same = self.by_name.get(name, [])
        return same[0] if len(same) == 1 else None

    def named(self, value: str) -> tuple[Staff | None, str]:
        """A teacher named in a cell: by e-mail, or by ФИО (full or «Фамилия И. О.» when unique)."""
        value = value.strip()
        if "@" in value:
            found = self.by_email.get(value.casefold())
            return (found, "") if found else (None, _("нет сотрудника с эл. почтой «%(v)s»") % {"v": value})
        wanted = normal(value.replace(".", ". ")).split()
        matches = []
        for cards in self.by_name.values():
            for staff in cards:
                full = [normal(staff.last_name), normal(staff.first_name), normal(staff.middle_name)]
                if wanted == [p for p in full if p] or (
                    len(wanted) >= 2
                    and wanted[0] == full[0]
                    and all(
                        part.rstrip(".") == (full[i + 1][:1] if part.endswith(".") else full[i + 1])
                        for i, part in enumerate(wanted[1:3])
                        if i + 1 < len(full)
                    )
                ):
                    matches.append(staff)
        if len(matches) == 1:
            return matches[0], ""
        if not matches:
            return None, _("нет сотрудника «%(v)s»") % {"v": value}
        return None, _("сотрудников «%(v)s» несколько: укажите эл. почту") % {"v": value}
