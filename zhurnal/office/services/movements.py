"""Movement of pupils by orders: enrolment, transfer between classes, leaving (for another school
or not), graduation, and the year-end promotion of the whole school.

Each movement takes effect on its date: the enrolment in force ends the day before and the new
one (if any) starts on the date. So the journals and the diary, which show a pupil only within
their enrolment dates, move them on that day, and marks given before stay in the old class's
journal, read-only there (journal.access.student_of_lesson refuses a pupil off the roster).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhurnal.core.audit import audit_record
from zhurnal.core.errors import InvalidInput
from zhurnal.office import access
from zhurnal.office.models import Movement, Order, OrderSeries, PersonalFile
from zhurnal.office.services.orders import office_settings
from zhurnal.people.models import Enrollment, Student, enrolled_between_q
from zhurnal.people.selectors import overlap_message, overlapping_enrollment
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import AcademicYear, ClassGroup

K = Movement.Kind
SINGLE_KINDS = (K.ENROLMENT, K.TRANSFER, K.LEFT_TO_SCHOOL, K.LEFT, K.GRADUATED)
PROMOTION_KINDS = (K.PROMOTED, K.PROMOTED_ON_CONDITION, K.KEPT_DOWN)
DAY = dt.timedelta(days=1)


def _order(actor: Actor, order_id) -> Order:
    order = access.order_for_keeper(actor, order_id)
    if order.series.purpose != OrderSeries.Purpose.MOVEMENT:
        raise InvalidInput(
            _("Движение обучающихся оформляется приказом серии «по движению обучающихся»."), field="order"
        )
    return order


def _class(school_id: int, class_id, field: str = "to_class") -> ClassGroup:
    try:
        found = (
            ClassGroup.objects.filter(school_id=school_id, pk=int(class_id)).select_related("year").first()
        )
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise InvalidInput(_("Выберите класс этой школы."), field=field)
    return found


def enrollment_in_force(student_id: int, day: dt.date) -> Enrollment | None:
    return (
        Enrollment.objects.filter(enrolled_between_q(day, day), student_id=student_id)
        .select_related("class_group")
        .first()
    )


def _enrol(student: Student, class_group: ClassGroup, start: dt.date, end=None) -> Enrollment:
    """A new enrolment, refused with the other class named if it overlaps one (issue 8 item 4);
    the database refuses it too, should two requests race past the check."""
    existing = overlapping_enrollment(student.pk, start, end)
    if existing is not None:
        raise InvalidInput(f"{student.full_name}: {overlap_message(existing)}", field="date", code="overlap")
    try:
        with transaction.atomic():
            return Enrollment.objects.create(
                school_id=student.school_id, student=student, class_group=class_group, start=start, end=end
            )
    except IntegrityError:
        raise InvalidInput(
            _("%(name)s: периоды зачислений пересекаются.") % {"name": student.full_name},
            field="date",
            code="overlap",
        ) from None


def enrollment_create(*, actor: Actor, student_id, class_id, start, end=None) -> Enrollment:
    """An enrolment without an order (corrections by the system administrator); refused when it
    overlaps another of the pupil's."""
    school = access.school_for_orders_keeper(actor, None)
    student = access.student_for_keeper(actor, school.pk, student_id)
    class_group = _class(student.school_id, class_id, "class_group")
    with transaction.atomic():
        enrollment = _enrol(student, class_group, start, end)
        audit_record(
            actor=actor,
            action="enrollment.create",
            obj=enrollment,
            after={
                "student": student.pk,
                "class_group": class_group.pk,
                "start": str(start),
                "end": str(end or ""),
            },
        )
    return enrollment


def _end(enrollment: Enrollment, date: dt.date, student: Student) -> None:
    if enrollment.start >= date:
        raise InvalidInput(
            _("%(name)s зачислен(а) в %(cls)s с %(d)s: движение возможно только с более поздней даты.")
            % {"name": student.full_name, "cls": enrollment.class_group, "d": f"{enrollment.start:%d.%m.%Y}"},
            field="date",
        )
    enrollment.end = date - DAY
    enrollment.save(update_fields=["end", "updated_at"])


def _close_file(student_id: int, date: dt.date, movement: Movement) -> None:
    PersonalFile.objects.filter(student_id=student_id, closed_on__isnull=True).update(
        closed_on=date, closing_movement=movement
    )


def _snapshot(m: Movement) -> dict:
    return {
        "order": m.order_id,
        "student": m.student_id,
        "kind": m.kind,
        "date": m.date.isoformat(),
        "from_class": m.from_class_id,
        "to_class": m.to_class_id,
        "destination": m.destination,
        "debt": m.debt,
    }


def movement_record(
    *,
    actor: Actor,
    order_id,
    kind,
    student_id,
    date=None,
    to_class_id=None,
    destination="",
    note="",
) -> Movement:
    """One pupil's movement by an order: enrolment, transfer, leaving, graduation."""
    order = _order(actor, order_id)
    if kind not in SINGLE_KINDS:
        raise InvalidInput(_("Выберите вид движения из списка."), field="kind")
    date = date or order.date
    if not isinstance(date, dt.date):
        raise InvalidInput(_("Укажите дату, с которой действует движение."), field="date")
    student = access.student_for_keeper(actor, order.school_id, student_id)
    destination = (destination or "").strip()[:300]
    note = (note or "").strip()[:300]
    if kind == K.LEFT_TO_SCHOOL and not destination:
        raise InvalidInput(_("Укажите, в какую школу выбывает обучающийся."), field="destination")
    to_class = None
    if kind in (K.ENROLMENT, K.TRANSFER):
        if to_class_id in (None, ""):
            raise InvalidInput(_("Выберите класс."), field="to_class")
        to_class = _class(order.school_id, to_class_id)
    with transaction.atomic():
        current = (
            Enrollment.objects.select_for_update()
            .filter(
                pk__in=Enrollment.objects.filter(enrolled_between_q(date, date), student=student).values("pk")
            )
            .select_related("class_group")
            .first()
        )
        if kind == K.ENROLMENT:
            if current is not None:
                raise InvalidInput(
                    f"{student.full_name}: {overlap_message(current)}", field="date", code="overlap"
                )
        elif current is None:
            raise InvalidInput(
                _("%(name)s не зачислен(а) ни в один класс на %(d)s.")
                % {"name": student.full_name, "d": f"{date:%d.%m.%Y}"},
                field="date",
            )
        if kind == K.TRANSFER and current.class_group_id == to_class.pk:
            raise InvalidInput(_("Обучающийся уже учится в этом классе."), field="to_class")
        planned_end = current.end if current is not None else None
        if current is not None:
            _end(current, date, student)
        new = _enrol(student, to_class, date, planned_end) if to_class is not None else None
        movement = Movement.objects.create(
            school_id=order.school_id,
            order=order,
            student=student,
            kind=kind,
            date=date,
            from_class=current.class_group if current else None,
            to_class=to_class,
            destination=destination,
            note=note,
            ended_enrollment=current,
            new_enrollment=new,
        )
        if kind in Movement.LEAVING:
            _close_file(student.pk, date, movement)
        if kind == K.ENROLMENT:
            from zhurnal.office.services.files import open_file_for

            open_file_for(student, date)
        audit_record(actor=actor, action=f"movement.{kind}", obj=movement, after=_snapshot(movement))
    return movement


# --- the year-end promotion -------------------------------------------------------------------------


def year_of(school_id: int, day: dt.date) -> AcademicYear | None:
    """The academic year under way on `day` (or the last one begun before it: summer)."""
    return AcademicYear.objects.filter(school_id=school_id, start__lte=day).order_by("-start").first()


def next_year(year: AcademicYear, *, create: bool) -> AcademicYear | None:
    found = (
        AcademicYear.objects.filter(school_id=year.school_id, start__gt=year.end).order_by("start").first()
    )
    if found is not None or not create:
        return found
    first = year.end.year if year.end.month < 9 else year.end.year + 1
    return AcademicYear.objects.create(
        school_id=year.school_id,
        name=f"{first}/{first + 1}",
        start=dt.date(first, 9, 1),
        end=dt.date(first + 1, 5, 31),
    )


def promotion_pupils(year: AcademicYear) -> list[Enrollment]:
    """Every enrolment in the year's classes still in force on its last day, by class and name."""
    return list(
        Enrollment.objects.filter(enrolled_between_q(year.end, year.end), class_group__year=year)
        .select_related("class_group", "student")
        .order_by("class_group__grade", "class_group__letter", "student__last_name", "student__first_name")
    )


def promotion_run(*, actor: Actor, order_id, decisions: dict | None = None, date=None) -> list[Movement]:
    """Move the whole school into next year's classes by one order.

    `decisions` maps a pupil's id to {"kind": promoted | promoted_conditionally | kept_down,
    "debt": text}; a pupil not named is promoted. The pupils of the school's last grade who are
    promoted graduate instead. Next year (and its classes, same letters) is created if missing.
    """
    order = _order(actor, order_id)
    decisions = {int(k): v for k, v in (decisions or {}).items()}
    year = year_of(order.school_id, order.date)
    if year is None:
        raise InvalidInput(_("В школе нет учебного года на дату приказа."), field="order")
    last_grade = office_settings(order.school_id).last_grade
    with transaction.atomic():
        done = (
            Movement.objects.filter(
                school_id=order.school_id, kind__in=[*PROMOTION_KINDS, K.GRADUATED], from_class__year=year
            )
            .select_related("order__series")
            .first()
        )
        if done is not None and done.kind in PROMOTION_KINDS:
            raise InvalidInput(
                _("Перевод за %(year)s уже оформлен приказом %(order)s.")
                % {"year": year, "order": done.order},
                field="order",
                code="already_promoted",
            )
        target_year = next_year(year, create=True)
        date = date or target_year.start
        if not isinstance(date, dt.date) or not (year.end < date <= target_year.start):
            raise InvalidInput(
                _("Дата перевода — после окончания учебного года и не позже начала следующего."), field="date"
            )
        enrollments = promotion_pupils(year)
        unknown = set(decisions) - {e.student_id for e in enrollments}
        if unknown:
            raise InvalidInput(
                _("Обучающиеся %(ids)s не учатся в школе в конце года.")
                % {"ids": ", ".join(map(str, sorted(unknown)))},
                field="decisions",
            )
        classes = {
            (c.grade, c.letter): c
            for c in ClassGroup.objects.filter(school_id=order.school_id, year=target_year)
        }
        movements = []
        for enrollment in enrollments:
            movements.append(
                _promote(
                    enrollment,
                    decisions.get(enrollment.student_id) or {},
                    order,
                    date,
                    last_grade,
                    target_year,
                    classes,
                )
            )
        _close_files(movements)
        audit_record(
            actor=actor,
            action="movement.promotion",
            obj=order,
            after={
                "year": year.name,
                "to_year": target_year.name,
                "date": date.isoformat(),
                "counts": {
                    kind: sum(1 for m in movements if m.kind == kind) for kind in {m.kind for m in movements}
                },
                "movements": [m.pk for m in movements],
            },
        )
    return movements


def _promote(enrollment, decision, order, date, last_grade, target_year, classes) -> Movement:
    student, class_group = enrollment.student, enrollment.class_group
    kind = decision.get("kind") or K.PROMOTED
    debt = (decision.get("debt") or "").strip()[:300]
    if kind not in PROMOTION_KINDS:
        raise InvalidInput(
            _("%(name)s: выберите решение из списка.") % {"name": student.full_name}, field="decisions"
        )
    if kind == K.PROMOTED_ON_CONDITION and not debt:
        raise InvalidInput(
            _("%(name)s: для условного перевода укажите академическую задолженность.")
            % {"name": student.full_name},
            field="decisions",
        )
    graduating = class_group.grade >= last_grade and kind != K.KEPT_DOWN
    if graduating and kind == K.PROMOTED_ON_CONDITION:
        raise InvalidInput(
            _("%(name)s: из выпускного класса условный перевод невозможен.") % {"name": student.full_name},
            field="decisions",
        )
    enrollment.end = date - DAY
    enrollment.save(update_fields=["end", "updated_at"])
    new, to_class = None, None
    if graduating:
        kind = K.GRADUATED
    else:
        grade = class_group.grade if kind == K.KEPT_DOWN else class_group.grade + 1
        to_class = classes.get((grade, class_group.letter))
        if to_class is None:
            to_class = ClassGroup.objects.create(
                school_id=class_group.school_id,
                year=target_year,
                grade=grade,
                letter=class_group.letter,
                bell_schedule_id=class_group.bell_schedule_id,
            )
            classes[(grade, class_group.letter)] = to_class
        new = _enrol(student, to_class, date)
    return Movement.objects.create(
        school_id=order.school_id,
        order=order,
        student=student,
        kind=kind,
        date=date,
        from_class=class_group,
        to_class=to_class,
        debt=debt,
        ended_enrollment=enrollment,
        new_enrollment=new,
    )


def _close_files(movements: list[Movement]) -> None:
    for m in movements:
        if m.kind == K.GRADUATED:
            _close_file(m.student_id, m.date, m)
