"""Writes of the school's card and directories (issue 10 item 8): the policy, one transaction,
the audit row with before and after. A change of a rule holds for what is entered afterwards:
marks already given keep their values, and the journal reads weights and codes when it counts."""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound
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


def directory_of(slug: str) -> Directory:
    found = DIRECTORIES.get(slug)
    if found is None:
        raise NotFound(_("Не найдено."))
    return found


def _prepared(directory: Directory, school_id: int, data: dict) -> dict:
    """Form strings as the model wants them: a checkbox absent is False; a choice of another row
    must be one of the school's."""
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
            apply(entry, _prepared(directory, entry.school_id, data), directory.fields)
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
            raise InvalidInput(
                _("«%(e)s» уже используется в журнале или расписании, удалить нельзя.") % {"e": entry},
                field=directory.fields[0],
            ) from None
