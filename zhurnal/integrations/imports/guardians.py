"""Parents (legal representatives) of pupils already in the school: one row a parent and pupil.

The pupil is found by СНИЛС or ФИО + birth date (an unknown pupil is an error); the parent by
ФИО + phone, ФИО + e-mail, or ФИО among the pupil's parents. A new parent is created and linked
(people.services.records.guardian_create); a known one gets the missing link (guardian_link) and
the row's non-empty contacts that differ (guardian_update).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.core import clock
from zhurnal.core.tabular import Column, Row
from zhurnal.integrations.imports.base import (
    CHANGE,
    CREATE,
    NO,
    SKIP,
    YES,
    Errors,
    Importer,
    Planned,
    person_key,
)
from zhurnal.integrations.imports.lookups import Guardians, Pupils, file_guardian_key
from zhurnal.people.models import Guardian, Student, StudentGuardian
from zhurnal.people.services.records import guardian_create, guardian_link, guardian_update
from zhurnal.policy.actor import Actor

RELATIONS = {
    "мать": StudentGuardian.Relation.MOTHER,
    "mother": StudentGuardian.Relation.MOTHER,
    "отец": StudentGuardian.Relation.FATHER,
    "father": StudentGuardian.Relation.FATHER,
    "иной": StudentGuardian.Relation.OTHER,
    "иной законный представитель": StudentGuardian.Relation.OTHER,
    "опекун": StudentGuardian.Relation.OTHER,
    "other": StudentGuardian.Relation.OTHER,
}
NAME_MAX = Guardian._meta.get_field("last_name").max_length


class GuardiansImport(Importer):
    kind = "guardians"
    title = gettext_lazy("Родители (законные представители) обучающихся")
    columns = (
        Column("student_last_name", "Фамилия обучающегося", required=True),
        Column("student_first_name", "Имя обучающегося", required=True),
        Column("student_middle_name", "Отчество обучающегося"),
        Column("student_birth_date", "Дата рождения обучающегося", required=True),
        Column("student_snils", "СНИЛС обучающегося"),
        Column("last_name", "Фамилия", required=True),
        Column("first_name", "Имя", required=True),
        Column("middle_name", "Отчество"),
        Column("relation", "Кем приходится", required=True),
        Column("phone", "Телефон"),
        Column("email", "Эл. почта", ("email", "e-mail")),
        Column("address", "Адрес"),
        Column("legal", "Законный представитель"),
    )
    examples = (
        (
            "Иванова",
            "Мария",
            "Петровна",
            "01.03.2019",
            "",
            "Иванова",
            "Ольга",
            "Сергеевна",
            "мать",
            "+7 900 123-45-67",
            "ivanova@example.ru",
            "",
            "да",
        ),
    )

    def load(self) -> None:
        self.pupils = Pupils(self.school, clock.today())
        self.guardians = Guardians(self.school)

    def check_row(self, row: Row, errors: Errors) -> Planned | None:
        before = len(errors.items)
        s_last = self.required(row, "student_last_name", errors, _("не указана фамилия обучающегося"))
        s_first = self.required(row, "student_first_name", errors, _("не указано имя обучающегося"))
        born = self.date(row, "student_birth_date", errors)
        if not row["student_birth_date"]:
            errors.add(row, self.column("student_birth_date"), _("не указана дата рождения обучающегося"))
        last = self.required(row, "last_name", errors, _("не указана фамилия"))
        first = self.required(row, "first_name", errors, _("не указано имя"))
        for key in ("last_name", "first_name", "middle_name"):
            self.length(row, key, NAME_MAX, errors)
        self.length(row, "phone", 30, errors)
        self.length(row, "address", 500, errors)
        email = row["email"]
        if email and ("@" not in email or " " in email or len(email) > 254):
            errors.add(row, self.column("email"), _("эл. почта указана неверно"))
        relation = RELATIONS.get(" ".join(row["relation"].casefold().split()))
        if row["relation"] and relation is None:
            errors.add(row, self.column("relation"), _("пишется «мать», «отец» или «иной»"))
        elif not row["relation"]:
            errors.add(row, self.column("relation"), _("не указано, кем приходится"))
        legal = row["legal"].casefold()
        if legal not in YES | NO:
            errors.add(row, self.column("legal"), _("пишется «да» или «нет»"))
        pupil = None
        if s_last and s_first and born:
            pupil, conflict = self.pupils.find(
                row["student_snils"], s_last, s_first, row["student_middle_name"], born
            )
            if conflict:
                errors.add(row, self.column("student_snils"), conflict)
            elif pupil is None:
                errors.add(row, self.column("student_last_name"), _("нет такого обучающегося в школе"))
        if len(errors.items) > before:
            return None
        name = person_key(last, first, row["middle_name"])
        if not self.first_seen(row, (pupil.pk, *name), "last_name", errors):
            return None
        data = {
            "last_name": last,
            "first_name": first,
            "middle_name": row["middle_name"],
            "phone": row["phone"],
            "email": email,
            "address": row["address"],
        }
        link = {"relation": relation, "is_legal_representative": "on" if legal in YES else "off"}
        label = f"{last} {first} {row['middle_name']}".strip() + f" — {pupil.full_name}"
        found = self.guardians.find(name, row["phone"], email, pupil.pk)
        item = Planned(line=row.line, action=CREATE, label=label, payload={"data": data, "link": link})
        item.payload["file_key"] = file_guardian_key(name, row["phone"], email)
        item.payload["pupil_id"] = pupil.pk
        if found is None:
            return item
        item.payload["guardian_id"] = found.pk
        update = {}
        for field in ("phone", "email", "address"):
            if data[field] and data[field] != getattr(found, field):
                update[field] = data[field]
                item.changes.append(str(Guardian._meta.get_field(field).verbose_name))
        item.payload["update"] = update
        if (pupil.pk, found.pk) not in self.guardians.linked:
            item.changes.append(_("связь с %(name)s") % {"name": pupil.short_name})
        item.action = CHANGE if item.changes else SKIP
        return item

    def apply(self, actor: Actor, plan, progress=None) -> None:
        self.made: dict[tuple, Guardian] = {}
        super().apply(actor, plan, progress)

    def apply_item(self, actor: Actor, item: Planned) -> None:
        payload = item.payload
        pupil = Student.objects.select_related("school").get(pk=payload["pupil_id"])
        guardian_id = payload.get("guardian_id")
        made = self.made.get(payload["file_key"]) if payload["file_key"] else None
        if guardian_id is None and made is None:
            guardian = guardian_create(
                actor=actor, student=pupil, data={**payload["data"], **payload["link"]}
            )
            if payload["file_key"]:
                self.made[payload["file_key"]] = guardian
            return
        guardian = made or Guardian.objects.get(pk=guardian_id)
        if payload.get("update"):
            guardian = guardian_update(actor=actor, guardian=guardian, data=payload["update"])
        if not StudentGuardian.objects.filter(student=pupil, guardian=guardian).exists():
            guardian_link(actor=actor, student=pupil, guardian=guardian, data=payload["link"])
