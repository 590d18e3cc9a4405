"""Writes of the school's card and directories (issue 10 item 8): the policy, one transaction,
the audit row with before and after. A change of a rule holds for what is entered afterwards:
marks already given keep their values, and the journal reads weights and codes when it counts."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound
from zhurnal.core.inactive import refuse_inactive
from zhurnal.directories.specs import DIRECTORIES, Directory
from zhurnal.people.services._validate import apply
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import School, StudyPeriod

SCHOOL_CARD_FIELDS = ("name", "short_name", "address", "inn", "ogrn", "phone", "email")


def _keeper(actor: Actor, school_id: int) -> None:
    if school_id not in rules.directory_keeper_school_ids(actor):
        if school_id in actor.member_school_ids:
            raise Forbidden(_("Справочники школы ведёт системный администратор."))
        raise NotFound(_("Не найдено."))


def _snapshot(obj: models.Model, fields) -> dict:
    out = {}
    for name in fields:
        f = obj._meta.get_field(name)
        value = getattr(obj, f.attname)
        out[name] = value if isinstance(value, (int, bool, type(None))) else str(value)
    return out


def school_card_update(*, actor: Actor, school_id: int, data: dict) -> School:
    """The institution's current information: names, address, ИНН, ОГРН, contacts."""
    _keeper(actor, school_id)
    with transaction.atomic():
        school = School.objects.select_for_update().get(pk=school_id)
        before = _snapshot(school, SCHOOL_CARD_FIELDS)
        apply(school, {k: v for k, v in data.items() if k in SCHOOL_CARD_FIELDS}, SCHOOL_CARD_FIELDS)
        school.save(update_fields=[*SCHOOL_CARD_FIELDS, "updated_at"])
        audit_record(
            actor=actor,
            action="school.card",
            obj=school,
            school_id=school.pk,
            before=before,
            after=_snapshot(school, SCHOOL_CARD_FIELDS),
        )
    return school


# The journal's rules the school sets (DOMAIN.md §3 "(set)", decision 0009): each holds for
# what is entered and counted after the change, as the journal reads them live.
RULE_FIELDS = (
    "edit_window_days",
    "edit_window_covers",
    "min_marks_for_period",
    "threshold_5",
    "threshold_4",
    "threshold_3",
    "year_mark_rule",
    "attendance_taken_by_topic",
    "keeps_health_group",
)
RULE_FLAGS = ("attendance_taken_by_topic", "keeps_health_group")


def school_rules_update(*, actor: Actor, school_id: int, data: dict) -> School:
    """The edit window (days and what it locks), the minimum marks for a period mark, the
    thresholds of the five-point scale, the year mark's rule, attendance by topic, the health
    group. Refused whole, naming the field, when one is wrong."""
    _keeper(actor, school_id)
    values = {name: data.get(name, "") for name in RULE_FIELDS if name not in RULE_FLAGS}
    for name in RULE_FLAGS:
        values[name] = data.get(name) not in ("", None, False, "0", "false", "off")
    for name in ("threshold_5", "threshold_4", "threshold_3"):
        if isinstance(values[name], str):  # 4,5 as a Russian writes it
            values[name] = values[name].replace(",", ".")
    covers = data.get("edit_window_covers", "")
    values["edit_window_covers"] = ",".join(covers) if isinstance(covers, (list, tuple)) else covers
    with transaction.atomic():
        school = School.objects.select_for_update().get(pk=school_id)
        before = _snapshot(school, RULE_FIELDS)
        apply(school, values, RULE_FIELDS)
        for name in ("threshold_5", "threshold_4", "threshold_3"):
            setattr(school, name, getattr(school, name).quantize(Decimal("0.01")))
        if school.edit_window_days > 365:
            raise InvalidInput(
                _("«%(f)s»: не больше 365.") % {"f": School._meta.get_field("edit_window_days").verbose_name},
                field="edit_window_days",
            )
        if not 2 <= school.threshold_3 < school.threshold_4 < school.threshold_5 <= 5:
            raise InvalidInput(
                _("Пороги шкалы: 2 ≤ порог «3» < порог «4» < порог «5» ≤ 5."), field="threshold_5"
            )
        after = _snapshot(school, RULE_FIELDS)
        changed = [name for name in RULE_FIELDS if before[name] != after[name]]
        if changed:
            school.save(update_fields=[*changed, "updated_at"])
            audit_record(
                actor=actor,
                action="school.rules",
                obj=school,
                school_id=school.pk,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
    return school


def directory_of(slug: str) -> Directory:
    found = DIRECTORIES.get(slug)
    if found is None:
        raise NotFound(_("Не найдено."))
    return found


def _prepared(directory: Directory, school_id: int, data: dict, entry=None) -> dict:
    """Form strings as the model wants them: a checkbox absent is False; a choice of another row
    must be one of the school's, and one still in use unless the entry already points at it."""
    out = {}
    for name in directory.fields:
        f = directory.field(name)
        value = data.get(name, "")
        if isinstance(f, models.BooleanField):
            out[name] = value not in ("", None, False, "0", "false", "off")
            continue
        if isinstance(f, models.ForeignKey):
            target = f.related_model.objects.filter(school_id=school_id, pk=_int_or_none(value)).first()
            if target is None:
                raise InvalidInput(
                    _("«%(f)s»: выберите из списка.") % {"f": directory.label(name)}, field=name
                )
            kept = getattr(entry, f.attname) if entry is not None else None
            refuse_inactive(target, field=name, label=directory.label(name), kept_id=kept)
            out[name] = target.pk
            continue
        out[name] = value
    return out


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _duplicate(directory: Directory) -> InvalidInput:
    first = directory.fields[0]
    return InvalidInput(
        _("«%(f)s»: такая запись в справочнике уже есть.") % {"f": directory.field(first).verbose_name},
        field=first,
    )


def directory_entry_create(*, actor: Actor, slug: str, school_id: int, data: dict) -> models.Model:
    directory = directory_of(slug)
    _keeper(actor, school_id)
    entry = directory.model(school_id=school_id)
    apply(entry, _prepared(directory, school_id, data), directory.fields)
    try:
        with transaction.atomic():
            entry.save()
            audit_record(
                actor=actor,
                action=f"directory.{slug}.create",
                obj=entry,
                school_id=school_id,
                after=_snapshot(entry, directory.fields),
            )
    except IntegrityError:
        raise _duplicate(directory) from None
    return entry


def _entry_for_keeper(actor: Actor, directory: Directory, entry_id) -> models.Model:
    entry = (
        directory.model.objects.visible_to(actor)
        .select_for_update()
        .filter(pk=_int_or_none(entry_id))
        .first()
    )
    if entry is None:
        raise NotFound(_("Не найдено."))
    _keeper(actor, entry.school_id)
    return entry


def directory_entry_update(*, actor: Actor, slug: str, entry_id, data: dict) -> models.Model:
    directory = directory_of(slug)
    try:
        with transaction.atomic():
            entry = _entry_for_keeper(actor, directory, entry_id)
            if isinstance(entry, StudyPeriod) and entry.closed:
                raise InvalidInput(
                    _("Период закрыт: сначала откройте его на странице «Периоды»."), field="start"
                )
            before = _snapshot(entry, directory.fields)
            apply(entry, _prepared(directory, entry.school_id, data, entry), directory.fields)
            entry.save()
            audit_record(
                actor=actor,
                action=f"directory.{slug}.update",
                obj=entry,
                school_id=entry.school_id,
                before=before,
                after=_snapshot(entry, directory.fields),
            )
    except IntegrityError:
        raise _duplicate(directory) from None
    return entry


def directory_entry_delete(*, actor: Actor, slug: str, entry_id) -> None:
    """Only an entry nothing refers to: a subject with lessons, a work type with marks stay."""
    directory = directory_of(slug)
    with transaction.atomic():
        entry = _entry_for_keeper(actor, directory, entry_id)
        if not directory.deletable:
            raise Forbidden(_("Записи этого справочника не удаляются."))
        before = _snapshot(entry, directory.fields)
        audit_record(
            actor=actor,
            action=f"directory.{slug}.delete",
            obj=entry,
            school_id=entry.school_id,
            before=before,
        )
        try:
            with transaction.atomic():
                entry.delete()
        except (ProtectedError, RestrictedError):
            message = (
                _(
                    "«%(e)s» уже используется в журнале или расписании, удалить нельзя: отключите запись — её не будет среди новых, а прежние записи её сохранят."
                )
                if directory.deactivatable
                else _("«%(e)s» уже используется в журнале или расписании, удалить нельзя.")
            )
            raise InvalidInput(message % {"e": entry}, field=directory.fields[0]) from None


def _active_set(*, actor: Actor, slug: str, entry_id, active: bool) -> models.Model:
    directory = directory_of(slug)
    if not directory.deactivatable:
        raise InvalidInput(_("Записи этого справочника не отключаются."), field="entry")
    with transaction.atomic():
        entry = _entry_for_keeper(actor, directory, entry_id)
        if entry.is_active == active:
            return entry
        entry.is_active = active
        entry.save(update_fields=["is_active", "updated_at"])
        audit_record(
            actor=actor,
            action=f"directory.{slug}.{'reactivate' if active else 'deactivate'}",
            obj=entry,
            school_id=entry.school_id,
            before={"is_active": not active},
            after={"is_active": active},
        )
    return entry


def directory_entry_deactivate(*, actor: Actor, slug: str, entry_id) -> models.Model:
    """Switch an entry off: it is no longer offered for new entries (journal forms, grid menus,
    the API refuses it), while marks, lessons and reports entered with it keep it."""
    return _active_set(actor=actor, slug=slug, entry_id=entry_id, active=False)


def directory_entry_reactivate(*, actor: Actor, slug: str, entry_id) -> models.Model:
    return _active_set(actor=actor, slug=slug, entry_id=entry_id, active=True)
