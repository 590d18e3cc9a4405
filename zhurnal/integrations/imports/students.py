"""Pupils with their class and their parents: one row a pupil.

Matched by СНИЛС when the row has one, else by ФИО + birth date. A new pupil is created
(people.services.records.student_create), enrolled in the row's class from «Зачислен с» (the
year's first day when empty), and their mother and father (when named) are found or created and
linked. A known pupil gets the row's non-empty fields that differ (student_update) and whatever
enrolment or parent link is missing; a row that changes nothing is skipped.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.core import clock
from zhurnal.core.audit import audit_record_many, snapshot
from zhurnal.core.errors import Forbidden
from zhurnal.core.tabular import Column, Row
from zhurnal.integrations.imports.base import (
    CHANGE,
    CREATE,
    SKIP,
    Errors,
    Importer,
    Planned,
    class_key,
    classes_by_name,
    person_key,
    split_full_name,
    working_year,
)
from zhurnal.integrations.imports.lookups import Guardians, Pupils, file_guardian_key, snils_checked
from zhurnal.people.models import Enrollment, Guardian, Student, StudentGuardian
from zhurnal.people.services.records import GUARDIAN_FIELDS, STUDENT_FIELDS, student_update
from zhurnal.policy import fields as visibility
from zhurnal.policy.actor import Actor

SEX = {"м": "m", "муж": "m", "мужской": "m", "m": "m", "ж": "f", "жен": "f", "женский": "f", "f": "f"}
PARENTS = (("mother", StudentGuardian.Relation.MOTHER), ("father", StudentGuardian.Relation.FATHER))
BATCH = 500
NAME_MAX = Student._meta.get_field("last_name").max_length


class StudentsImport(Importer):
    kind = "students"
    title = gettext_lazy("Обучающиеся (с классом и родителями)")
    columns = (
        Column("last_name", "Фамилия", ("surname",), required=True),
        Column("first_name", "Имя", ("name",), required=True),
        Column("middle_name", "Отчество", ("patronymic",)),
        Column("birth_date", "Дата рождения", ("birthdate", "дата рожд.", "birth date"), required=True),
        Column("class", "Класс", ("class_name", "class_group"), required=True),
        Column("sex", "Пол", ("gender",)),
        Column("snils", "СНИЛС"),
        Column("address", "Адрес"),
        Column("enrolled_from", "Зачислен с", ("enrolled_on", "дата зачисления")),
        Column("mother_name", "Мать (ФИО)", ("mother", "мать")),
        Column("mother_phone", "Телефон матери", ("mother_phone",)),
        Column("mother_email", "Эл. почта матери", ("mother_email",)),
        Column("father_name", "Отец (ФИО)", ("father", "отец")),
        Column("father_phone", "Телефон отца", ("father_phone",)),
        Column("father_email", "Эл. почта отца", ("father_email",)),
    )
    examples = (
        (
            "Иванова",
            "Мария",
            "Петровна",
            "01.03.2019",
            "1А",
            "ж",
            "112-233-445 95",
            "",
            "",
            "Иванова Ольга Сергеевна",
            "+7 900 123-45-67",
            "ivanova@example.ru",
            "Иванов Пётр Андреевич",
            "+7 900 765-43-21",
            "",
        ),
    )

    def load(self) -> None:
        self.today = clock.today()
        self.year = working_year(self.school)
        self.classes = classes_by_name(self.school, self.year)
        self.pupils = Pupils(self.school, self.year.start if self.year else self.today)
        self.guardians = Guardians(self.school)
        self.file_guardians: dict[tuple, int] = {}  # a parent of the file → the line first naming them

    def check_row(self, row: Row, errors: Errors) -> Planned | None:
        before = len(errors.items)
        last = self.required(row, "last_name", errors, _("не указана фамилия"))
        first = self.required(row, "first_name", errors, _("не указано имя"))
        middle = row["middle_name"]
        for key in ("last_name", "first_name", "middle_name"):
            self.length(row, key, NAME_MAX, errors)
        self.length(row, "address", 500, errors)
        birth_date = self.date(row, "birth_date", errors)
        if not row["birth_date"]:
            errors.add(row, self.column("birth_date"), _("не указана дата рождения"))
        elif birth_date and not (birth_date.year >= 1990 and birth_date < self.today):
            errors.add(row, self.column("birth_date"), _("дата рождения вне разумных пределов"))
        class_group = None
        if row["class"]:
            class_group = self.classes.get(class_key(row["class"]))
            if class_group is None:
                errors.add(
                    row,
                    self.column("class"),
                    _("нет класса «%(name)s» в учебном году %(year)s")
                    % {"name": row["class"], "year": self.year.name if self.year else "—"},
                )
        else:
            errors.add(row, self.column("class"), _("не указан класс"))
        sex = ""
        if row["sex"]:
            sex = SEX.get(row["sex"].casefold().rstrip("."), "")
            if not sex:
                errors.add(row, self.column("sex"), _("пол пишется «м» или «ж»"))
        snils = ""
        if row["snils"]:
            try:
                snils = snils_checked(row["snils"])
            except ValueError as error:
                errors.add(row, self.column("snils"), str(error))
        start = self.date(row, "enrolled_from", errors)
        if (
            class_group is not None
            and start is not None
            and not (class_group.year.start <= start <= class_group.year.end)
        ):
            errors.add(row, self.column("enrolled_from"), _("дата вне учебного года класса"))
        parents = self._parents(row, errors)
        if len(errors.items) > before:
            return None
        key = ("snils", snils) if snils else ("name", *person_key(last, first, middle), birth_date)
        if not self.first_seen(row, key, "snils" if snils else "last_name", errors):
            return None
        pupil, conflict = self.pupils.find(snils, last, first, middle, birth_date)
        if conflict:
            errors.add(row, self.column("snils"), conflict)
            return None
        label = f"{' '.join(p for p in (last, first, middle) if p)}, {birth_date:%d.%m.%Y}, {class_group}"
        data = {
            "last_name": last,
            "first_name": first,
            "middle_name": middle,
            "birth_date": birth_date.isoformat(),
        }
        for name, value in (("sex", sex), ("snils", snils), ("address", row["address"])):
            if value:
                data[name] = value
        start = start or class_group.year.start
        item = Planned(line=row.line, action=CREATE, label=label, payload={"data": data})
        changes = item.changes
        if pupil is not None:
            item.payload["pupil_id"] = pupil.pk
            update = {}
            for name in ("sex", "snils", "address", "middle_name"):
                value = data.get(name, "")
                if value and value != (getattr(pupil, name) or ""):
                    update[name] = value
                    changes.append(str(Student._meta.get_field(name).verbose_name))
            item.payload["update"] = update
            enrolments = self.pupils.enrolments.get(pupil.pk, [])
            here = [e for e in enrolments if e.class_group_id == class_group.pk]
            elsewhere = [e for e in enrolments if e.class_group_id != class_group.pk]
            if elsewhere and not here:
                errors.add(
                    row,
                    self.column("class"),
                    _("обучающийся зачислен в %(cls)s: перевод в другой класс оформляется приказом")
                    % {"cls": elsewhere[0].class_group},
                )
                return None
            if not here:
                item.payload["enrol"] = (class_group.pk, start.isoformat())
                changes.append(_("зачисление в %(cls)s") % {"cls": class_group})
        else:
            item.payload["enrol"] = (class_group.pk, start.isoformat())
        links = []
        for parent in parents:
            found = self.guardians.find(
                parent["key"], parent["phone"], parent["email"], pupil.pk if pupil else None
            )
            if found is not None and pupil is not None and (pupil.pk, found.pk) in self.guardians.linked:
                continue
            parent["guardian_id"] = found.pk if found else None
            links.append(parent)
            if pupil is not None:
                changes.append(_("родитель %(name)s") % {"name": parent["data"]["last_name"]})
        item.payload["parents"] = links
        if pupil is not None:
            item.action = CHANGE if changes else SKIP
        return item

    def _parents(self, row: Row, errors: Errors) -> list[dict]:
        found = []
        for prefix, relation in PARENTS:
            name_cell = row[f"{prefix}_name"]
            phone, email = row[f"{prefix}_phone"], row[f"{prefix}_email"]
            if not name_cell:
                if phone or email:
                    errors.add(row, self.column(f"{prefix}_name"), _("не указаны ФИО родителя"))
                continue
            parts = split_full_name(name_cell)
            if parts is None:
                errors.add(row, self.column(f"{prefix}_name"), _("нужны фамилия и имя (и отчество)"))
                continue
            if any(len(part) > NAME_MAX for part in parts):
                errors.add(
                    row, self.column(f"{prefix}_name"), _("длиннее %(max)s знаков") % {"max": NAME_MAX}
                )
                continue
            if len(phone) > 30:
                errors.add(row, self.column(f"{prefix}_phone"), _("длиннее %(max)s знаков") % {"max": 30})
                continue
            if email and ("@" not in email or " " in email or len(email) > 254):
                errors.add(row, self.column(f"{prefix}_email"), _("эл. почта указана неверно"))
                continue
            key = person_key(*parts)
            found.append(
                {
                    "key": key,
                    "file_key": file_guardian_key(key, phone, email),
                    "phone": phone,
                    "email": email,
                    "relation": relation,
                    "data": {
                        "last_name": parts[0],
                        "first_name": parts[1],
                        "middle_name": parts[2],
                        "phone": phone,
                        "email": email,
                    },
                }
            )
        return found

    # --- apply ------------------------------------------------------------------------------------
    # A bulk path (decision 0029): the rows and audit entries people.services.records writes for
    # student_create, guardian_create and guardian_link, and office's enrollment_create, in a few
    # INSERTs each — through the services one by one, 1,000 pupils took ~30 s. The checks those
    # services make were made for every row when the file was read (same limits, same СНИЛС
    # check); the policy is asked once, with the services' own predicates. Changes of existing
    # pupils (few) go through student_update itself.

    def apply(self, actor: Actor, plan, progress=None) -> None:
        if not visibility.may_create_student(actor, self.school.pk):
            raise Forbidden(_("Вносить обучающихся может системный администратор школы."))
        writes = plan.writes
        total = len(writes)
        audit: list[dict] = []
        fields = [f for f in STUDENT_FIELDS if f != "health_group" or self.school.keeps_health_group]
        pupils: dict[int, Student] = {}  # line → the pupil
        new = []
        for item in writes:
            if "pupil_id" not in item.payload:
                data = dict(item.payload["data"])
                data["birth_date"] = dt.date.fromisoformat(data["birth_date"])
                new.append((item, Student(school=self.school, **data)))
        Student.objects.bulk_create([pupil for _, pupil in new], batch_size=BATCH)
        for item, pupil in new:
            pupils[item.line] = pupil
            audit.append({"action": "student.create", "obj": pupil, "after": snapshot(pupil, fields)})
        known = Student.objects.in_bulk([i.payload["pupil_id"] for i in writes if "pupil_id" in i.payload])
        for item in writes:
            if "pupil_id" in item.payload:
                self.current = item
                pupil = known[item.payload["pupil_id"]]
                if item.payload.get("update"):
                    pupil.school = self.school
                    pupil = student_update(actor=actor, student=pupil, data=item.payload["update"])
                pupils[item.line] = pupil
        self.current = None
        _progress(progress, total * 4 // 10)
        enrolments = []
        for item in writes:
            if item.payload.get("enrol"):
                class_id, start = item.payload["enrol"]
                enrolments.append(
                    Enrollment(
                        school_id=self.school.pk,
                        student=pupils[item.line],
                        class_group_id=class_id,
                        start=dt.date.fromisoformat(start),
                    )
                )
        Enrollment.objects.bulk_create(enrolments, batch_size=BATCH)
        names = {pk: str(c) for pk, c in ((c.pk, c) for c in self.classes.values())}
        for enrolment in enrolments:
            audit.append(
                {
                    "action": "enrollment.create",
                    "obj": enrolment,
                    "object_repr": f"{enrolment.student} → {names.get(enrolment.class_group_id, '')} "
                    f"({enrolment.start}–…)",
                    "after": {
                        "student": enrolment.student.pk,
                        "class_group": enrolment.class_group_id,
                        "start": str(enrolment.start),
                        "end": "",
                    },
                }
            )
        _progress(progress, total * 6 // 10)
        made: dict[tuple, Guardian] = {}
        cards: list[Guardian] = []
        wanted: list[tuple[Student, Guardian | int, str]] = []
        for item in writes:
            for parent in item.payload["parents"]:
                guardian = parent["guardian_id"]
                if guardian is None:
                    guardian = made.get(parent["file_key"]) if parent["file_key"] else None
                    if guardian is None:
                        guardian = Guardian(school_id=self.school.pk, **parent["data"])
                        cards.append(guardian)
                        if parent["file_key"]:
                            made[parent["file_key"]] = guardian
                wanted.append((pupils[item.line], guardian, parent["relation"]))
        Guardian.objects.bulk_create(cards, batch_size=BATCH)
        for guardian in cards:
            audit.append(
                {"action": "guardian.create", "obj": guardian, "after": snapshot(guardian, GUARDIAN_FIELDS)}
            )
        links = [
            StudentGuardian(
                school_id=self.school.pk,
                student=pupil,
                guardian_id=guardian if isinstance(guardian, int) else guardian.pk,
                relation=relation,
                is_legal_representative=True,
            )
            for pupil, guardian, relation in wanted
        ]
        StudentGuardian.objects.bulk_create(links, batch_size=BATCH)
        for link in links:
            audit.append(
                {
                    "action": "guardian.link",
                    "obj": link,
                    "object_repr": f"{link.student} — {link.guardian_id}",
                    "after": {
                        "student": link.student.pk,
                        "guardian": link.guardian_id,
                        "relation": link.relation,
                        "is_legal_representative": True,
                        "created": True,
                    },
                }
            )
        audit_record_many(actor=actor, entries=audit)
        _progress(progress, total)


def _progress(progress, done: int) -> None:
    if progress is not None:
        progress(done)
