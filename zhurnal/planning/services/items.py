"""Editing the plan's items: add, change, delete, split, merge, move up/down, reorder by drag.

Every change lands in the working version (a new draft when the approved one is the latest),
renumbers the items 1…n and writes an audit row on the plan.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record
from zhurnal.core.errors import InvalidInput
from zhurnal.planning import access
from zhurnal.planning.models import PlanItem, PlanVersion
from zhurnal.planning.services.common import (
    item_cleaned,
    item_snapshot,
    item_values,
    renumber,
    working_version,
)
from zhurnal.policy.actor import Actor


def _ordered(version: PlanVersion) -> list[PlanItem]:
    return list(version.items.order_by("number"))


def _in_working(actor: Actor, item_id) -> tuple[PlanItem, PlanVersion, list[PlanItem]]:
    """The item as it stands in the working version (an approved version's item maps by number
    to its copy in the new draft), the version, and its items in order."""
    item = access.item_for_writer(actor, item_id)
    version = working_version(actor, item.version.plan.assignment)
    items = _ordered(version)
    if item.version_id != version.pk:
        item = next((i for i in items if i.number == item.number), None)
        if item is None:
            raise InvalidInput(_("Пункт КТП не найден в черновике."), field="item")
    else:
        item = next(i for i in items if i.pk == item.pk)
    return item, version, items


def _audit(actor: Actor, version: PlanVersion, action: str, before=None, after=None) -> None:
    audit_record(actor=actor, action=action, obj=version.plan, before=before, after=after)


def plan_item_add(*, actor: Actor, assignment_id, data: dict, after_number: int | None = None) -> PlanItem:
    assignment = access.assignment_for_plan_writer(actor, assignment_id)
    fields = item_cleaned(data, assignment.year)
    with transaction.atomic():
        version = working_version(actor, assignment)
        items = _ordered(version)
        position = len(items)
        if after_number is not None:
            position = min(max(int(after_number), 0), len(items))
        item = PlanItem.objects.create(school_id=version.school_id, version=version, number=10000, **fields)
        items.insert(position, item)
        renumber(version, items)
        _audit(actor, version, "plan.item_add", after=item_snapshot(item))
    return item


def plan_item_update(*, actor: Actor, item_id, data: dict) -> PlanItem:
    with transaction.atomic():
        item, version, _items = _in_working(actor, item_id)
        fields = item_cleaned(data, version.plan.assignment.year)
        before = item_snapshot(item)
        for name, value in fields.items():
            setattr(item, name, value)
        item.save()
        _audit(actor, version, "plan.item_update", before=before, after=item_snapshot(item))
    return item


def plan_item_delete(*, actor: Actor, item_id) -> None:
    with transaction.atomic():
        item, version, items = _in_working(actor, item_id)
        before = item_snapshot(item)
        item.delete()
        renumber(version, [i for i in items if i.pk != item.pk])
        _audit(actor, version, "plan.item_delete", before=before)


def plan_item_split(*, actor: Actor, item_id) -> PlanItem:
    """Two items of one: the same topic, the hours shared (the first keeps the larger half; an
    item of one hour gives two of one hour), the homework with the second."""
    with transaction.atomic():
        item, version, items = _in_working(actor, item_id)
        before = item_snapshot(item)
        first_hours = max(1, (item.hours + 1) // 2)
        second = PlanItem(school_id=version.school_id, version=version, number=10000, **item_values(item))
        second.hours = max(1, item.hours - first_hours)
        item.hours = first_hours
        item.homework = ""
        item.save(update_fields=["hours", "homework", "updated_at"])
        second.save()
        items.insert(items.index(item) + 1, second)
        renumber(version, items)
        _audit(
            actor,
            version,
            "plan.item_split",
            before=before,
            after=[item_snapshot(item), item_snapshot(second)],
        )
    return second


def plan_item_merge(*, actor: Actor, item_id) -> PlanItem:
    """The item and the next one become one: topics and homework joined, hours added."""
    with transaction.atomic():
        item, version, items = _in_working(actor, item_id)
        index = items.index(item)
        if index + 1 >= len(items):
            raise InvalidInput(
                _("Это последний пункт: объединять не с чем."), field="item", code="nothing_to_merge"
            )
        following = items[index + 1]
        before = [item_snapshot(item), item_snapshot(following)]
        item.topic = f"{item.topic}. {following.topic}"[:500]
        item.hours += following.hours
        item.homework = "\n".join(h for h in (item.homework, following.homework) if h)[:2000]
        item.save(update_fields=["topic", "hours", "homework", "updated_at"])
        following.delete()
        renumber(version, [i for i in items if i.pk != following.pk])
        _audit(actor, version, "plan.item_merge", before=before, after=item_snapshot(item))
    return item


def plan_item_move(*, actor: Actor, item_id, step: int) -> PlanItem:
    """One place up (step −1) or down (+1); at either end it stays where it is."""
    with transaction.atomic():
        item, version, items = _in_working(actor, item_id)
        index = items.index(item)
        target = index + (1 if step > 0 else -1)
        if 0 <= target < len(items):
            before = item.number
            items[index], items[target] = items[target], items[index]
            renumber(version, items)
            _audit(actor, version, "plan.item_move", before={"number": before}, after={"number": item.number})
    return item


def plan_items_reorder(*, actor: Actor, assignment_id, order: list) -> None:
    """The order the teacher dragged the items into: every item of the draft, each once."""
    assignment = access.assignment_for_plan_writer(actor, assignment_id)
    with transaction.atomic():
        version = working_version(actor, assignment)
        items = _ordered(version)
        by_number = {i.number: i for i in items}
        try:
            numbers = [int(n) for n in order]
        except (TypeError, ValueError):
            numbers = []
        if sorted(numbers) != sorted(by_number):
            raise InvalidInput(_("Порядок должен перечислять каждый пункт КТП один раз."), field="order")
        renumber(version, [by_number[n] for n in numbers])
        _audit(actor, version, "plan.reorder", before={"order": sorted(numbers)}, after={"order": numbers})
