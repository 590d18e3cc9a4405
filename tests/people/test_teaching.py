"""Teaching assignments and the timetable kept in the app (issue 10 item 7): services with the
policy, Russian messages naming the field, audit rows, and the journal's lessons following a
change of the timetable."""

import datetime as dt

import pytest

from tests import factories as f
from zhurnal.core.audit import AuditEvent
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound
from zhurnal.journal.models import Lesson
from zhurnal.journal.schedule import lessons_generate
from zhurnal.people.models import TeachingAssignment, TimetableEntry
from zhurnal.people.services.teaching import (
    teaching_assignment_create,
    teaching_assignment_end,
    teaching_assignment_update,
    timetable_entry_add,
    timetable_entry_end,
)
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 30)


@pytest.fixture
def on_monday(settings):
    settings.ZHURNAL_TODAY = MONDAY.isoformat()
    return MONDAY


def as_(cast, name):
    return actor_for(cast.user(name))


def new_english_for_3b(cast, who="sysadmin", **changes):
    fields = {
        "class_id": cast.class_b.pk,
        "subject_id": cast.english_a.subject_id,
        "teacher_id": cast.english_a.teacher_id,
        "hours_per_week": "3",
        **changes,
    }
    return teaching_assignment_create(actor=as_(cast, who), **fields)


# --- assignments ----------------------------------------------------------------------------------


def test_the_system_administrator_gives_a_teacher_a_class_with_its_hours_and_an_audit_row(cast):
    made = new_english_for_3b(cast)

    assert (made.class_group, made.teacher_id, str(made.hours_per_week)) == (
        cast.class_b,
        cast.english_a.teacher_id,
        "3.0",
    )
    assert made.year == cast.class_b.year
    event = AuditEvent.objects.get(action="teaching_assignment.create")
    assert event.object_id == made.pk and event.after["hours_per_week"] == "3.0"


def test_the_deputy_keeps_the_load_too_but_the_secretary_and_teachers_may_not(cast):
    assert new_english_for_3b(cast, "deputy").pk
    for name in ("secretary", "teacher", "classteacher"):
        with pytest.raises(Forbidden):
            new_english_for_3b(cast, name, hours_per_week="2")


def test_an_outsider_is_told_the_class_does_not_exist(cast):
    with pytest.raises(InvalidInput) as refused:
        new_english_for_3b(cast, "outsider")
    assert refused.value.field == "class_group"


def test_the_same_teacher_subject_and_class_twice_is_refused_naming_the_subject(cast):
    new_english_for_3b(cast)
    count = TeachingAssignment.objects.count()

    with pytest.raises(InvalidInput) as refused:
        new_english_for_3b(cast)

    assert refused.value.field == "subject"
    assert "уже есть" in refused.value.message
    assert TeachingAssignment.objects.count() == count


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"hours_per_week": "много"}, "hours_per_week", "«Часов в неделю»"),
        ({"hours_per_week": "41"}, "hours_per_week", "от 0 до 40"),
        ({"subject_id": "x"}, "subject", "«Предмет»"),
        ({"teacher_id": 999999}, "teacher", "«Учитель»"),
    ],
)
def test_bad_input_is_refused_in_russian_naming_the_field_and_nothing_is_made(cast, changes, field, words):
    count = TeachingAssignment.objects.count()

    with pytest.raises(InvalidInput) as refused:
        new_english_for_3b(cast, **changes)

    assert refused.value.field == field
    assert words in refused.value.message
    assert TeachingAssignment.objects.count() == count


def test_a_subgroup_of_another_class_is_refused(cast):
    with pytest.raises(InvalidInput) as refused:
        new_english_for_3b(cast, subgroup_id=cast.english_a.subgroup_id)
    assert refused.value.field == "subgroup"


def test_a_teacher_of_another_school_is_refused(cast):
    with pytest.raises(InvalidInput) as refused:
        new_english_for_3b(cast, teacher_id=cast.math_other.teacher_id)
    assert refused.value.field == "teacher"


def test_handing_a_journal_to_another_teacher_is_audited_with_before_and_after(cast):
    new_teacher = f.StaffFactory(school=cast.school_a)

    teaching_assignment_update(
        actor=as_(cast, "sysadmin"),
        assignment_id=cast.math_a.pk,
        teacher_id=new_teacher.pk,
        hours_per_week="4",
    )

    cast.math_a.refresh_from_db()
    assert cast.math_a.teacher_id == new_teacher.pk
    event = AuditEvent.objects.get(action="teaching_assignment.update")
    assert event.before["teacher"] != event.after["teacher"] == new_teacher.pk


# --- the timetable ------------------------------------------------------------------------------


def test_a_lesson_put_in_the_timetable_appears_in_the_journal_for_the_coming_fortnight(
    cast, on_monday, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = timetable_entry_add(
            actor=as_(cast, "sysadmin"), assignment_id=cast.math_b.pk, weekday=2, slot=5, room="12"
        )

    made = Lesson.objects.filter(assignment=cast.math_b, slot=5, date__gte=MONDAY).order_by("date")
    # Tuesdays from today to the scheduler's horizon, 14.12
    assert [lesson.date for lesson in made] == [dt.date(2026, 12, 1), dt.date(2026, 12, 8)]
    assert entry.valid_from == MONDAY
    assert AuditEvent.objects.filter(action="timetable.add", object_id=entry.pk).exists()


def test_the_scheduler_picks_up_a_new_entry_on_its_own(cast, on_monday):
    timetable_entry_add(actor=as_(cast, "sysadmin"), assignment_id=cast.math_b.pk, weekday=2, slot=5)

    made = lessons_generate(school_id=cast.school_a.pk, start=MONDAY, end=MONDAY + dt.timedelta(days=6))

    assert made >= 1
    assert Lesson.objects.filter(assignment=cast.math_b, slot=5, date=dt.date(2026, 12, 1)).exists()


def test_a_slot_the_class_already_has_is_refused_naming_the_slot(cast, on_monday):
    timetable_entry_add(actor=as_(cast, "sysadmin"), assignment_id=cast.math_a.pk, weekday=1, slot=5)
    other = f.TeachingAssignmentFactory(class_group=cast.class_a)

    with pytest.raises(InvalidInput) as refused:
        timetable_entry_add(actor=as_(cast, "sysadmin"), assignment_id=other.pk, weekday=1, slot=5)

    assert refused.value.field == "slot"
    assert "у класса 2А на этом уроке уже" in refused.value.message


def test_two_subgroups_share_a_slot(cast, on_monday):
    second = f.SubgroupFactory(class_group=cast.class_a, name="Английский язык, гр. 2")
    other = f.TeachingAssignmentFactory(
        class_group=cast.class_a, subgroup=second, subject=cast.english_a.subject
    )

    timetable_entry_add(actor=as_(cast, "sysadmin"), assignment_id=cast.english_a.pk, weekday=1, slot=6)
    timetable_entry_add(actor=as_(cast, "sysadmin"), assignment_id=other.pk, weekday=1, slot=6)

    assert TimetableEntry.objects.filter(weekday=1, slot=6).count() == 2


def test_a_teacher_in_two_places_at_once_is_refused(cast, on_monday):
    timetable_entry_add(actor=as_(cast, "sysadmin"), assignment_id=cast.math_b.pk, weekday=1, slot=5)

    with pytest.raises(InvalidInput) as refused:
        timetable_entry_add(actor=as_(cast, "sysadmin"), assignment_id=cast.english_a.pk, weekday=1, slot=5)

    assert refused.value.field == "slot"
    assert "в это время ведёт" in refused.value.message


def test_a_taken_room_is_refused_naming_the_room(cast, on_monday):
    timetable_entry_add(
        actor=as_(cast, "sysadmin"), assignment_id=cast.math_b.pk, weekday=1, slot=5, room="21"
    )

    with pytest.raises(InvalidInput) as refused:
        timetable_entry_add(
            actor=as_(cast, "sysadmin"), assignment_id=cast.math_a.pk, weekday=1, slot=5, room="21"
        )

    assert refused.value.field == "room"


def test_a_slot_outside_the_bell_schedule_is_refused(cast, on_monday):
    schedule = cast.math_a.timetable.first().bell_schedule
    for number in (1, 2, 3):
        f.BellSlotFactory(schedule=schedule, number=number)

    with pytest.raises(InvalidInput) as refused:
        timetable_entry_add(actor=as_(cast, "sysadmin"), assignment_id=cast.math_a.pk, weekday=1, slot=4)

    assert refused.value.field == "slot"
    assert "нет урока 4" in refused.value.message


def test_the_secretary_may_not_change_the_timetable_and_an_outsider_does_not_find_it(cast):
    with pytest.raises(Forbidden):
        timetable_entry_add(actor=as_(cast, "secretary"), assignment_id=cast.math_b.pk, weekday=1, slot=5)
    with pytest.raises(NotFound):
        timetable_entry_add(actor=as_(cast, "outsider"), assignment_id=cast.math_b.pk, weekday=1, slot=5)


def test_taking_a_lesson_off_the_timetable_keeps_the_past_and_removes_the_untouched_coming_lessons(
    cast, on_monday, django_capture_on_commit_callbacks
):
    entry = cast.math_b.timetable.get()  # Wednesdays, lesson 3, since the factory's date
    entry.valid_from = dt.date(2026, 9, 1)
    entry.save()
    lessons_generate(school_id=cast.school_a.pk, start=MONDAY, end=MONDAY + dt.timedelta(days=14))
    coming = list(Lesson.objects.filter(assignment=cast.math_b, slot=3, date__gte=MONDAY).order_by("date"))
    assert len(coming) == 2
    f.MarkFactory(lesson=coming[0], student=cast.pupil_b)  # something entered: it must stay

    with django_capture_on_commit_callbacks(execute=True):
        ended = timetable_entry_end(actor=as_(cast, "sysadmin"), entry_id=entry.pk)

    assert ended.valid_to == MONDAY - dt.timedelta(days=1)
    left = Lesson.objects.filter(assignment=cast.math_b, slot=3, date__gte=MONDAY)
    assert list(left) == [coming[0]]
    assert AuditEvent.objects.filter(action="timetable.end", object_id=entry.pk).exists()


def test_ending_an_assignment_ends_its_timetable_and_its_coming_lessons(
    cast, on_monday, django_capture_on_commit_callbacks
):
    entry = cast.math_b.timetable.get()
    entry.valid_from = dt.date(2026, 9, 1)
    entry.save()
    lessons_generate(school_id=cast.school_a.pk, start=MONDAY, end=MONDAY + dt.timedelta(days=14))

    with django_capture_on_commit_callbacks(execute=True):
        teaching_assignment_end(actor=as_(cast, "deputy"), assignment_id=cast.math_b.pk, on="2026-12-04")

    entry.refresh_from_db()
    assert entry.valid_to == dt.date(2026, 12, 4)
    assert list(
        Lesson.objects.filter(assignment=cast.math_b, date__gte=MONDAY).values_list("date", flat=True)
    ) == [dt.date(2026, 12, 2)]
    with pytest.raises(InvalidInput):
        timetable_entry_add(actor=as_(cast, "deputy"), assignment_id=cast.math_b.pk, weekday=1, slot=5)


def test_the_coming_lessons_follow_a_journal_handed_to_another_teacher(
    cast, on_monday, django_capture_on_commit_callbacks
):
    entry = cast.math_b.timetable.get()
    entry.valid_from = dt.date(2026, 9, 1)
    entry.save()
    lessons_generate(school_id=cast.school_a.pk, start=MONDAY, end=MONDAY + dt.timedelta(days=14))
    new_teacher = f.StaffFactory(school=cast.school_a)

    with django_capture_on_commit_callbacks(execute=True):
        teaching_assignment_update(
            actor=as_(cast, "sysadmin"), assignment_id=cast.math_b.pk, teacher_id=new_teacher.pk
        )

    coming = Lesson.objects.filter(assignment=cast.math_b, date__gte=MONDAY)
    assert set(coming.values_list("teacher_id", flat=True)) == {new_teacher.pk}
