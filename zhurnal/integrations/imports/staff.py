"""Staff with their positions and roles: one row a person.

Matched by e-mail when the row has one, else by ФИО (the staff card keeps neither СНИЛС nor a
birth date). A new person is created with a login for their roles
(people.services.staff.staff_create); a known one gets the row's non-empty fields that differ
(staff_update) and the roles they lack (role_grant).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.accounts.models import Role, RoleGrant
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
    normal,
    person_key,
    working_year,
)
from zhurnal.integrations.imports.lookups import StaffCards
from zhurnal.people.models import Staff
from zhurnal.people.services.staff import role_grant, staff_create, staff_update
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup

ROLE_NAMES = {
    **{normal(str(label)): value for value, label in Role.choices if value in rules.GRANTABLE_ROLES},
    "учитель-предметник": Role.TEACHER,
    "педагог": Role.TEACHER,
    "классный руководитель": Role.CLASS_TEACHER,
    "заместитель директора": Role.DEPUTY,
    "зам. директора": Role.DEPUTY,
    "завуч": Role.DEPUTY,
    "администратор": Role.SYSADMIN,
}
FIELDS = ("position", "email", "phone")


class StaffImport(Importer):
    kind = "staff"
    title = gettext_lazy("Сотрудники (должности и роли)")
    columns = (
        Column("last_name", "Фамилия", ("surname",), required=True),
        Column("first_name", "Имя", ("name",), required=True),
        Column("middle_name", "Отчество", ("patronymic",)),
        Column("position", "Должность"),
        Column("email", "Эл. почта", ("email", "e-mail")),
        Column("phone", "Телефон"),
        Column("roles", "Роли", ("роль",)),
        Column("class", "Классное руководство", ("класс",)),
    )
    examples = (
        ("Смирнова", "Елена", "Викторовна", "учитель математики", "smirnova@example.ru", "", "учитель", ""),
        (
            "Козлов",
            "Андрей",
            "Павлович",
            "учитель начальных классов",
            "",
            "",
            "учитель, классный руководитель",
            "1А",
        ),
    )

    def load(self) -> None:
        self.staff = StaffCards(self.school)
        self.classes = classes_by_name(self.school, working_year(self.school))
        self.grants = set(
            RoleGrant.objects.filter(school=self.school).values_list("user_id", "role", "class_group_id")
        )

    def check_row(self, row: Row, errors: Errors) -> Planned | None:
        before = len(errors.items)
        last = self.required(row, "last_name", errors, _("не указана фамилия"))
        first = self.required(row, "first_name", errors, _("не указано имя"))
        for key in ("last_name", "first_name", "middle_name"):
            self.length(row, key, 100, errors)
        self.length(row, "position", 200, errors)
        self.length(row, "phone", 30, errors)
        email = row["email"]
        if email and ("@" not in email or " " in email or len(email) > 254):
            errors.add(row, self.column("email"), _("эл. почта указана неверно"))
        roles = []
        for part in row["roles"].replace(";", ",").split(","):
            if not part.strip():
                continue
            role = ROLE_NAMES.get(normal(part))
            if role is None:
                errors.add(
                    row, self.column("roles"), _("неизвестная роль «%(role)s»") % {"role": part.strip()}
                )
            elif role not in roles:
                roles.append(role)
        class_group: ClassGroup | None = None
        if row["class"]:
            class_group = self.classes.get(class_key(row["class"]))
            if class_group is None:
                errors.add(row, self.column("class"), _("нет класса «%(name)s»") % {"name": row["class"]})
            elif Role.CLASS_TEACHER not in roles:
                roles.append(Role.CLASS_TEACHER)
        elif Role.CLASS_TEACHER in roles:
            errors.add(row, self.column("class"), _("классному руководителю нужен класс"))
        if len(errors.items) > before:
            return None
        name = person_key(last, first, row["middle_name"])
        key = ("email", email.casefold()) if email else ("name", *name)
        if not self.first_seen(row, key, "email" if email else "last_name", errors):
            return None
        data = {"last_name": last, "first_name": first, "middle_name": row["middle_name"]}
        data.update({field: row[field] for field in FIELDS})
        label = " ".join(p for p in (last, first, row["middle_name"]) if p)
        role_labels = [str(Role(role).label) for role in roles]
        payload = {"data": data, "roles": roles, "class_id": class_group.pk if class_group else None}
        found = self.staff.find(name, email)
        if found is None:
            return Planned(line=row.line, action=CREATE, label=label, changes=role_labels, payload=payload)
        payload["staff_id"] = found.pk
        update = {f: data[f] for f in FIELDS if data[f] and data[f] != getattr(found, f)}
        changes = [str(Staff._meta.get_field(f).verbose_name) for f in update]
        missing = [
            role
            for role in roles
            if (found.user_id, role, payload["class_id"] if role == Role.CLASS_TEACHER else None)
            not in self.grants
        ]
        if missing and found.user_id is None:
            errors.add(
                row,
                self.column("roles"),
                _("у сотрудника нет учётной записи: роли назначаются на его странице после выдачи логина"),
            )
            return None
        changes += [str(Role(role).label) for role in missing]
        payload.update(update=update, missing=missing)
        return Planned(
            line=row.line, action=CHANGE if changes else SKIP, label=label, changes=changes, payload=payload
        )

    def apply_item(self, actor: Actor, item: Planned) -> None:
        payload = item.payload
        class_group = ClassGroup.objects.get(pk=payload["class_id"]) if payload["class_id"] else None
        if "staff_id" not in payload:
            staff_create(
                actor=actor,
                school=self.school,
                data=payload["data"],
                roles=payload["roles"],
                class_group=class_group,
            )
            return
        staff = Staff.objects.select_related("user").get(pk=payload["staff_id"])
        if payload["update"]:
            staff = staff_update(actor=actor, staff=staff, data=payload["update"])
        for role in payload["missing"]:
            role_grant(
                actor=actor,
                user=staff.user,
                school_id=self.school.pk,
                role=role,
                class_group=class_group if role == Role.CLASS_TEACHER else None,
            )
