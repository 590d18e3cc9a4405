"""Russian names in the admin: the accusative of each model's name and third-party apps' names.

Django writes «Добавить %s» and «Изменить %s» with the model's name in the nominative
(«Добавить пользователь»); Russian needs the accusative («Добавить пользователя»). A model's name
is a phrase («зачисление в класс»), so each is declined here by hand (decision 0012). A model not
in the table keeps its nominative name.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

ACCUSATIVE = {
    "accounts.user": _("пользователя"),
    "accounts.activityevent": _("событие активности"),
    "auth.group": _("группу"),
    "otp_static.staticdevice": _("набор резервных кодов"),
    "otp_static.statictoken": _("резервный код"),
    "otp_totp.totpdevice": _("приложение-аутентификатор"),
    "core.auditevent": _("запись аудита"),
    "django_tasks_database.dbtaskresult": _("результат задачи"),
    "journal.attendancecode": _("код посещаемости"),
    "journal.lessontype": _("тип урока"),
    "journal.worktype": _("вид работы"),
    "people.enrollment": _("зачисление в класс"),
    "people.guardian": _("родителя (законного представителя)"),
    "people.staff": _("сотрудника"),
    "people.student": _("обучающегося"),
    "people.studentguardian": _("связь обучающегося и родителя"),
    "people.subgroupmembership": _("состав подгруппы"),
    "people.teachingassignment": _("педагогическую нагрузку"),
    "people.timetableentry": _("урок в расписании"),
    "schools.academicyear": _("учебный год"),
    "schools.authority": _("орган управления образованием"),
    "schools.bellschedule": _("расписание звонков"),
    "schools.classgroup": _("класс"),
    "schools.curriculumplan": _("строку учебного плана"),
    "schools.holiday": _("каникулы или выходной"),
    "schools.school": _("школу"),
    "schools.studyperiod": _("учебный период"),
    "schools.subgroup": _("подгруппу"),
    "schools.subject": _("предмет"),
}

# Labels for our models' fields that have no Russian name of their own (a ForeignKey named
# `student` is labelled "Student" by Django). Given in the admin's forms, not the models, so that no
# migration is needed; a field's own verbose name wins.
FIELD_LABELS = {
    "assignment": _("педагогическая нагрузка"),
    "authority": _("орган управления образованием"),
    "bell_schedule": _("расписание звонков"),
    "class_group": _("класс"),
    "guardian": _("родитель (законный представитель)"),
    "school": _("школа"),
    "status": _("статус"),
    "student": _("обучающийся"),
    "subgroup": _("подгруппа"),
    "subject": _("предмет"),
    "teacher": _("учитель"),
    "user": _("учётная запись"),
    "year": _("учебный год"),
}


def field_label(db_field) -> str | None:
    """A Russian label for a field Django would label with its English name, else None."""
    if str(db_field.verbose_name) != db_field.name.replace("_", " "):
        return None
    label = FIELD_LABELS.get(db_field.name)
    return str(label)[:1].upper() + str(label)[1:] if label else None


# Sections and models of the third-party apps, which ship English (or capitalised) names.
APP_NAMES = {
    "otp_static": _("Двухфакторный вход: резервные коды"),
    "otp_totp": _("Двухфакторный вход: приложения"),
    "django_tasks_database": _("Фоновые задачи"),
}
MODEL_NAMES = {
    "otp_static.staticdevice": (_("набор резервных кодов"), _("наборы резервных кодов")),
    "otp_static.statictoken": (_("резервный код"), _("резервные коды")),
    "otp_totp.totpdevice": (_("приложение-аутентификатор"), _("приложения-аутентификаторы")),
    "django_tasks_database.dbtaskresult": (_("результат задачи"), _("результаты задач")),
}


def accusative(model) -> str:
    """The model's name as the object of «Добавить», «Изменить», «Выберите»."""
    return str(ACCUSATIVE.get(model._meta.label_lower, model._meta.verbose_name))


def name_third_party_apps() -> None:
    """Russian names for the sections and models of installed third-party apps.

    Only the names shown are changed (`verbose_name`, not the migration state in
    `_meta.original_attrs`), so no migration of theirs is asked for.
    """
    for label, name in APP_NAMES.items():
        if apps.is_installed(label) or label in apps.app_configs:
            apps.get_app_config(label).verbose_name = name
    for label, (singular, plural) in MODEL_NAMES.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural
