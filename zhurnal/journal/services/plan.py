"""The approved КТП feeds the journal: each lesson of the assignment delivers one hour of an item.

The rule (decision 0024), run whenever it may change the answer — a version approved, a lesson
created without a topic, made by the timetable, cancelled, restored or moved to another slot:

- Lessons of the assignment are taken in order of date, slot (ad-hoc lessons last) and id.
- A cancelled lesson delivers nothing: its item is released and what it copied from it cleared.
- A lesson *follows the plan* when it has no topic yet, or when its topic is still its item's
  and its date is today or later. Following lessons take the approved version's items in
  order, an item of h hours feeding h lessons, so a cancelled or added lesson shifts the rest.
- Every other lesson is *fixed*: a lesson already given with the plan's topic keeps its item
  (history is not rewritten), and a lesson whose teacher typed a topic of their own *departs*
  from the plan — it keeps its item as well, and the journal shows the departure. A fixed
  lesson's hour of its item is not handed to another lesson.
- When a lesson's item changes, its topic, lesson type and homework are rewritten only where
  they are empty or still the old item's: what the teacher typed is never overwritten.

System work done inside the caller's transaction; each changed lesson gets a new version and an
audit row `lesson.plan_feed`, so an open grid sees the change as a conflict, not a lost update.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import F
from django.utils import timezone

from zhurnal.core import clock
from zhurnal.core.audit import audit_record, snapshot
from zhurnal.journal.models import Lesson, LessonType
from zhurnal.planning.models import PlanItem, PlanVersion

FED_FIELDS = ["topic", "lesson_type", "homework", "plan_item", "version"]


def approved_version(assignment_id: int) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(plan__assignment_id=assignment_id, status=PlanVersion.Status.APPROVED)
        .order_by("-number")
        .first()
    )


def plan_targets(lessons: list[Lesson], items: list[PlanItem], today) -> dict[int, PlanItem | None]:
    """Which item each lesson (by id) delivers under the rule above. Pure: no queries."""
    by_number = {item.number: item for item in items}
    in_version = {item.pk for item in items}
    targets: dict[int, PlanItem | None] = {}
    held: Counter[int] = Counter()
    following: list[Lesson] = []
    for lesson in lessons:
        current = lesson.plan_item
        if lesson.status == Lesson.Status.CANCELLED:
            targets[lesson.pk] = None
            continue
        still_the_plans = current is not None and lesson.topic == current.topic
        if not lesson.topic or (still_the_plans and lesson.date >= today):
            following.append(lesson)
            continue
        kept = None
        if current is not None:
            # A new approved version: the fixed lesson keeps the item of the same number.
            kept = current if current.pk in in_version else by_number.get(current.number)
        if kept is not None:
            held[kept.pk] += 1
        targets[lesson.pk] = kept
    hours = [item for item in items for _ in range(max(0, item.hours - held[item.pk]))]
    for index, lesson in enumerate(following):
        targets[lesson.pk] = hours[index] if index < len(hours) else None
    return targets


def lessons_follow_plan(*, assignment_id: int, actor=None) -> int:
    """Re-link the assignment's lessons to its approved plan; returns how many lessons changed.
    Without an approved version nothing changes (one query)."""
    version = approved_version(assignment_id)
    if version is None:
        return 0
    items = list(version.items.order_by("number"))
    lessons = list(
        Lesson.objects.filter(assignment_id=assignment_id)
        .select_related("plan_item", "lesson_type")
        .order_by("date", F("slot").asc(nulls_last=True), "pk")
    )
    if not lessons:
        return 0
    types = {
        name.lower(): pk
        for pk, name in LessonType.objects.filter(school_id=version.school_id, is_active=True).values_list(
            "pk", "name"
        )
    }
    targets = plan_targets(lessons, items, clock.today())
    changed = []
    for lesson in lessons:
        target = targets[lesson.pk]
        old = lesson.plan_item
        if target is not None and old is not None and target.pk == old.pk:
            continue
        if target is None and old is None:
            continue
        before = snapshot(lesson, FED_FIELDS)
        _refill(lesson, old, target, types)
        lesson.version += 1
        changed.append(lesson)
        audit_record(
            actor=actor,
            action="lesson.plan_feed",
            obj=lesson,
            before=before,
            after=snapshot(lesson, FED_FIELDS),
        )
    Lesson.objects.bulk_update(
        changed, ["topic", "lesson_type", "homework", "plan_item", "version", "updated_at"]
    )
    return len(changed)


def _refill(lesson: Lesson, old: PlanItem | None, new: PlanItem | None, types: dict[str, int]) -> None:
    """Copy the new item's topic, type and homework where the lesson's are empty or the old item's."""
    if not lesson.topic or (old is not None and lesson.topic == old.topic):
        lesson.topic = new.topic if new is not None else ""
    if not lesson.homework or (old is not None and lesson.homework == old.homework):
        lesson.homework = new.homework if new is not None else ""
    old_type = types.get((old.lesson_type or "").lower()) if old is not None else None
    if lesson.lesson_type_id is None or lesson.lesson_type_id == old_type:
        lesson.lesson_type_id = types.get((new.lesson_type or "").lower()) if new is not None else None
    lesson.plan_item = new
    lesson.updated_at = timezone.now()


def on_plan_approved(sender, *, assignment_id: int, actor=None, **kwargs) -> None:
    """planning.signals.plan_approved: the new version feeds the lessons before the approval commits."""
    lessons_follow_plan(assignment_id=assignment_id, actor=actor)
