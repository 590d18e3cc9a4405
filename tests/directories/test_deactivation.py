"""A used directory entry is deactivated instead of deleted (decision 0037): it is no longer
offered for new entries — the grid's menus leave it out, the API refuses it in Russian naming the
field — while the marks, codes and lessons entered with it keep it and stay readable."""

import pytest

from tests import factories as f
from zhurnal.core.audit import AuditEvent
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.directories.services import (
    directory_entry_deactivate,
    directory_entry_delete,
    directory_entry_reactivate,
)
from zhurnal.journal.models import Attendance, AttendanceCode, LessonType, Mark
from zhurnal.people.services.teaching import bell_schedule_of, teaching_assignment_create
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import BellSchedule

pytestmark = pytest.mark.django_db


def as_(cast, name):
    return actor_for(cast.user(name))


def _off(cast, slug, entry):
    return directory_entry_deactivate(actor=as_(cast, "sysadmin"), slug=slug, entry_id=entry.pk)


def _grid(call_as, cast):
    return call_as("classteacher", f"/journal?assignment={cast.math_a.pk}").json()


def test_a_used_work_type_cannot_be_deleted_and_the_refusal_says_to_deactivate_it(cast):
    with pytest.raises(InvalidInput) as refused:
        directory_entry_delete(
            actor=as_(cast, "sysadmin"), slug="work-types", entry_id=cast.mark_a.work_type_id
        )
    assert "отключите" in refused.value.message
    assert Mark.objects.filter(pk=cast.mark_a.pk).exists()


def test_a_deactivated_work_type_is_refused_for_a_new_mark_but_the_old_mark_keeps_it(cast, call_as):
    work_type = cast.mark_a.work_type
    _off(cast, "work-types", work_type)

    answer = call_as(
        "classteacher",
        "/marks",
        method="post",
        body={
            "lesson": cast.lesson_a.pk,
            "student": cast.pupil_a.pk,
            "value": "5",
            "work_type": work_type.pk,
        },
    )

    assert answer.status_code == 400
    assert (
        answer.json()["field"] == "work_type" and "отключено в справочнике школы" in answer.json()["detail"]
    )
    assert Mark.objects.filter(lesson=cast.lesson_a).count() == 1
    grid = _grid(call_as, cast)
    assert [m["work_type"] for m in grid["marks"]] == [work_type.pk]
    listed = {w["id"]: w for w in grid["work_types"]}
    assert listed[work_type.pk]["is_active"] is False and listed[work_type.pk]["name"] == work_type.name


def test_the_old_mark_with_a_deactivated_work_type_can_still_be_corrected(cast, call_as):
    _off(cast, "work-types", cast.mark_a.work_type)

    answer = call_as(
        "classteacher",
        f"/marks/{cast.mark_a.pk}",
        method="patch",
        body={"value": "3", "work_type": cast.mark_a.work_type_id},
        headers={"If-Match": str(cast.mark_a.version)},
    )

    assert answer.status_code == 200, answer.content
    assert Mark.objects.get(pk=cast.mark_a.pk).value == "3"


def test_a_deactivated_attendance_code_is_refused_for_a_new_cell_and_kept_on_the_old_one(cast, call_as):
    old = AttendanceCode.objects.create(school=cast.school_a, code="ОП", name="отсутствовал по приказу")
    Attendance.objects.create(school=cast.school_a, lesson=cast.lesson_a, student=cast.pupil_a, code=old)
    other_lesson = f.LessonFactory(assignment=cast.math_a, date=cast.lesson_a.date, slot=3)
    _off(cast, "attendance-codes", old)

    answer = call_as(
        "classteacher",
        f"/lessons/{other_lesson.pk}/attendance/{cast.pupil_a.pk}",
        method="put",
        body={"code": "ОП"},
    )

    assert answer.status_code == 400 and answer.json()["field"] == "code"
    assert not Attendance.objects.filter(lesson=other_lesson).exists()
    grid = _grid(call_as, cast)
    assert [a["code"] for a in grid["attendance"]] == ["ОП"]
    assert {c["code"]: c["is_active"] for c in grid["attendance_codes"]}["ОП"] is False


def test_a_deactivated_lesson_type_is_refused_for_a_lesson_that_did_not_have_it(cast, call_as):
    retired = LessonType.objects.create(school=cast.school_a, name="Урок-экскурсия")
    _off(cast, "lesson-types", retired)

    answer = call_as(
        "classteacher",
        f"/lessons/{cast.lesson_a.pk}",
        method="patch",
        body={"lesson_type": retired.pk},
        headers={"If-Match": str(cast.lesson_a.version)},
    )

    assert answer.status_code == 400 and answer.json()["field"] == "lesson_type"
    assert "«Тип урока»" in answer.json()["detail"]


def test_a_lesson_that_has_a_deactivated_type_keeps_it_through_a_change_of_topic(cast, call_as):
    retired = LessonType.objects.create(school=cast.school_a, name="Урок-экскурсия")
    cast.lesson_a.lesson_type = retired
    cast.lesson_a.save(update_fields=["lesson_type"])
    _off(cast, "lesson-types", retired)

    answer = call_as(
        "classteacher",
        f"/lessons/{cast.lesson_a.pk}",
        method="patch",
        body={"lesson_type": retired.pk, "topic": "Музей"},
        headers={"If-Match": str(cast.lesson_a.version)},
    )

    assert answer.status_code == 200, answer.content
    cast.lesson_a.refresh_from_db()
    assert (cast.lesson_a.lesson_type_id, cast.lesson_a.topic) == (retired.pk, "Музей")


def test_a_deactivated_subject_is_not_offered_for_a_new_teaching_assignment(cast, login):
    retired = f.SubjectFactory(school=cast.school_a, name="Черчение")
    _off(cast, "subjects", retired)

    with pytest.raises(InvalidInput) as refused:
        teaching_assignment_create(
            actor=as_(cast, "sysadmin"),
            class_id=cast.class_b.pk,
            subject_id=retired.pk,
            teacher_id=cast.math_a.teacher_id,
        )
    assert refused.value.field == "subject"
    page = login(cast.user("sysadmin")).get("/people/assignments/").content.decode()
    assert "Черчение" not in page and "Математика" in page


def test_a_class_without_its_own_bell_schedule_follows_the_first_one_in_use(cast):
    BellSchedule.objects.create(school=cast.school_a, name="Сокращённое")
    first = bell_schedule_of(cast.class_b)

    _off(cast, "bell-schedules", first)

    followed = bell_schedule_of(cast.class_b)
    assert followed.name == "Сокращённое" or (followed != first and followed.is_active)


def test_deactivation_and_reactivation_are_audited_and_only_the_keepers_do_them(cast):
    work_type = cast.mark_a.work_type
    with pytest.raises(Forbidden):
        directory_entry_deactivate(actor=as_(cast, "secretary"), slug="work-types", entry_id=work_type.pk)

    _off(cast, "work-types", work_type)
    directory_entry_reactivate(actor=as_(cast, "director"), slug="work-types", entry_id=work_type.pk)

    work_type.refresh_from_db()
    assert work_type.is_active
    rows = list(
        AuditEvent.objects.filter(action__startswith="directory.work-types.")
        .order_by("pk")
        .values_list("action", "before", "after")
    )
    assert rows == [
        ("directory.work-types.deactivate", {"is_active": True}, {"is_active": False}),
        ("directory.work-types.reactivate", {"is_active": False}, {"is_active": True}),
    ]


def test_periods_are_not_deactivated(cast):
    period = f.StudyPeriodFactory(year=cast.class_a.year)
    with pytest.raises(InvalidInput):
        directory_entry_deactivate(actor=as_(cast, "sysadmin"), slug="periods", entry_id=period.pk)


def test_the_directory_page_offers_to_switch_an_entry_off_and_marks_it_when_off(cast, login):
    work_type = cast.mark_a.work_type
    client = login(cast.user("sysadmin"))
    url = f"/directories/work-types/?school={cast.school_a.pk}"

    answer = client.post(url, {"action": "deactivate", "entry": work_type.pk})

    assert answer.status_code == 302
    page = client.get(url).content.decode()
    assert "отключена" in page and "включить" in page
    assert (
        login(cast.user("teacher")).post(url, {"action": "reactivate", "entry": work_type.pk}).status_code
        == 403
    )
    work_type.refresh_from_db()
    assert not work_type.is_active
