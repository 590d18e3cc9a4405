"""What every plan write shares: the plan and its working version, field checks, renumbering."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record
from zhurnal.core.errors import Conflict, InvalidInput
from zhurnal.core.tabular import parse_date
from zhurnal.people.models import TeachingAssignment
from zhurnal.planning.models import PlanEvent, PlanItem, PlanVersion, ThematicPlan
from zhurnal.policy.actor import Actor

ITEM_FIELDS = ("section", "topic", "hours", "lesson_type", "planned_date", "planned_week", "homework")
MAX_HOURS = 99
MAX_WEEK = 53


def plan_of(assignment: TeachingAssignment) -> ThematicPlan | None:
    return ThematicPlan.objects.filter(assignment=assignment).first()


def latest_version(plan: ThematicPlan) -> PlanVersion | None:
    return plan.versions.order_by("-number").first()


def event(actor: Actor, version: PlanVersion, action: str, comment: str = "") -> None:
    PlanEvent.objects.create(
        school_id=version.school_id, version=version, action=action, user=actor.user, comment=comment
    )


def working_version(actor: Actor, assignment: TeachingAssignment) -> PlanVersion:
    """The version the teacher edits: the draft (or returned one); a plan's first draft when
    there is no plan yet; a new draft copied from the approved version when that one is the
    latest (an approved version is frozen). A plan awaiting the deputy's decision is refused."""
    plan, created = ThematicPlan.objects.get_or_create(
        assignment=assignment, defaults={"school_id": assignment.school_id}
    )
    latest = None if created else latest_version(plan)
    if latest is None:
        version = PlanVersion.objects.create(school_id=plan.school_id, plan=plan, number=1)
        audit_record(actor=actor, action="plan.create", obj=plan, after={"version": 1})
        event(actor, version, PlanEvent.Action.CREATED)
        return version
    if latest.is_editable:
        return latest
    if latest.status == PlanVersion.Status.SUBMITTED:
        raise Conflict(
            _("КТП на согласовании: изменить его можно после решения заместителя директора."),
            code="plan_submitted",
        )
    version = PlanVersion.objects.create(school_id=plan.school_id, plan=plan, number=latest.number + 1)
    PlanItem.objects.bulk_create(
        PlanItem(school_id=plan.school_id, version=version, number=item.number, **item_values(item))
        for item in latest.items.all()
    )
    audit_record(
        actor=actor,
        action="plan.revise",
        obj=plan,
        before={"version": latest.number},
        after={"version": version.number},
    )
    event(actor, version, PlanEvent.Action.REVISED)
    return version


def item_values(item: PlanItem) -> dict:
    return {name: getattr(item, name) for name in ITEM_FIELDS}


def item_snapshot(item: PlanItem) -> dict:
    values = item_values(item)
    values["number"] = item.number
    if values["planned_date"] is not None:
        values["planned_date"] = values["planned_date"].isoformat()
    return values


def _text(data: dict, name: str, limit: int, label: str, *, required: bool = False) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        raise InvalidInput(_("Заполните поле «%(f)s».") % {"f": label}, field=name)
    if len(value) > limit:
        raise InvalidInput(_("Поле «%(f)s» длиннее %(n)s знаков.") % {"f": label, "n": limit}, field=name)
    return value


def _whole(value, name: str, label: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = None
    if number is None or not (low <= number <= high):
        raise InvalidInput(
            _("«%(f)s»: нужно целое число от %(a)s до %(b)s.") % {"f": label, "a": low, "b": high}, field=name
        )
    return number


def when_parsed(value: str, year) -> tuple[dt.date | None, int | None]:
    """A planned date (2025-09-01 or 01.09.2025, within the school year) or a week number."""
    value = (value or "").strip()
    if not value:
        return None, None
    if value.isdigit():
        week = int(value)
        if not (1 <= week <= MAX_WEEK):
            raise ValueError(_("номер недели должен быть от 1 до %(n)s") % {"n": MAX_WEEK})
        return None, week
    date = parse_date(value)
    if not (year.start <= date <= year.end):
        raise ValueError(_("дата %(d)s вне учебного года") % {"d": date.strftime("%d.%m.%Y")})
    return date, None


def item_cleaned(data: dict, year) -> dict:
    """An item's fields from a form or the API; InvalidInput naming the field otherwise."""
    cleaned = {
        "section": _text(data, "section", 300, _("Раздел")),
        "topic": _text(data, "topic", 500, _("Тема"), required=True),
        "lesson_type": _text(data, "lesson_type", 100, _("Тип урока")),
        "homework": _text(data, "homework", 2000, _("Домашнее задание")),
    }
    hours = data.get("hours")
    cleaned["hours"] = 1 if hours in (None, "") else _whole(hours, "hours", _("Часы"), 1, MAX_HOURS)
    try:
        cleaned["planned_date"], cleaned["planned_week"] = when_parsed(str(data.get("when") or ""), year)
    except ValueError as error:
        raise InvalidInput(_("«Дата или неделя»: %(e)s.") % {"e": error}, field="when") from None
    return cleaned


def renumber(version: PlanVersion, items: list[PlanItem]) -> None:
    """Number `items` 1…n in the given order. Two passes, so that the unique (version, number)
    index never sees two items with one number midway."""
    for index, item in enumerate(items, start=1):
        item.number = 10000 + index
    PlanItem.objects.bulk_update(items, ["number"])
    for index, item in enumerate(items, start=1):
        item.number = index
    PlanItem.objects.bulk_update(items, ["number"])
