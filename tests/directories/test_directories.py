"""The school's card and directories kept on the app's pages (issue 10 item 8): the policy,
Russian messages naming the field, audit rows with before and after, nothing half-saved."""

import datetime as dt

import pytest

from tests import factories as f
from tests.people.test_query_counts import measure
from zhurnal.core.audit import AuditEvent
from zhurnal.core.errors import Forbidden, InvalidInput, NotFound
from zhurnal.directories.services import (
    directory_entry_create,
    directory_entry_delete,
    directory_entry_update,
    school_card_update,
)
from zhurnal.journal.models import AttendanceCode, WorkType
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import BellSlot, StudyPeriod

pytestmark = pytest.mark.django_db


def as_(cast, name):
    return actor_for(cast.user(name))


def signed_in(client, cast, name):
    client.force_login(cast.user(name), backend="zhurnal.accounts.backends.UserBackend")
    return client


CARD = {"name": "Муниципальное общеобразовательное учреждение «Школа А»", "short_name": "Школа А"}


def test_the_system_administrator_fills_in_the_school_card_with_an_audit_row(cast):
    school_card_update(
        actor=as_(cast, "sysadmin"),
        school_id=cast.school_a.pk,
        data={**CARD, "inn": "6901234567", "ogrn": "1026900000000", "phone": "+7 4822 00-00-00"},
    )

    cast.school_a.refresh_from_db()
    assert (cast.school_a.inn, cast.school_a.ogrn) == ("6901234567", "1026900000000")
    event = AuditEvent.objects.get(action="school.card")
    assert event.before["inn"] == "" and event.after["inn"] == "6901234567"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"inn": "12345"}, "inn", "ИНН организации — 10 цифр"),
        ({"ogrn": "12ab"}, "ogrn", "ОГРН — 13 цифр"),
        ({"short_name": ""}, "short_name", "«краткое название»"),
        ({"email": "не-почта"}, "email", "«эл. почта»"),
    ],
)
def test_a_bad_school_card_is_refused_naming_the_field_and_nothing_changes(cast, changes, field, words):
    before = cast.school_a.short_name

    with pytest.raises(InvalidInput) as refused:
        school_card_update(actor=as_(cast, "sysadmin"), school_id=cast.school_a.pk, data={**CARD, **changes})

    assert refused.value.field == field
    assert words in refused.value.message
    cast.school_a.refresh_from_db()
    assert cast.school_a.short_name == before and cast.school_a.inn == ""


def test_the_deputy_may_not_keep_directories_and_an_outsider_does_not_find_the_school(cast):
    with pytest.raises(Forbidden):
        school_card_update(actor=as_(cast, "deputy"), school_id=cast.school_a.pk, data=CARD)
    with pytest.raises(NotFound):
        school_card_update(actor=as_(cast, "outsider"), school_id=cast.school_a.pk, data=CARD)


def test_a_new_work_weight_is_audited_with_before_and_after(cast):
    work_type = cast.mark_a.work_type

    directory_entry_update(
        actor=as_(cast, "director"),
        slug="work-types",
        entry_id=work_type.pk,
        data={"name": work_type.name, "short_name": work_type.short_name, "weight": "3"},
    )

    work_type.refresh_from_db()
    assert work_type.weight == 3
    event = AuditEvent.objects.get(action="directory.work-types.update")
    assert event.before["weight"] != 3 and event.after["weight"] == 3


def test_a_weight_that_is_not_a_number_is_refused_naming_the_weight(cast):
    with pytest.raises(InvalidInput) as refused:
        directory_entry_create(
            actor=as_(cast, "sysadmin"),
            slug="work-types",
            school_id=cast.school_a.pk,
            data={"name": "Диктант", "short_name": "Дк", "weight": "два"},
        )

    assert refused.value.field == "weight"
    assert "«вес»" in refused.value.message
    assert not WorkType.objects.filter(name="Диктант").exists()


def test_a_second_attendance_code_of_the_same_letter_is_refused(cast):
    data = {"code": "ОП", "name": "опоздание", "is_late": "1"}
    directory_entry_create(
        actor=as_(cast, "sysadmin"), slug="attendance-codes", school_id=cast.school_a.pk, data=data
    )

    with pytest.raises(InvalidInput) as refused:
        directory_entry_create(
            actor=as_(cast, "sysadmin"), slug="attendance-codes", school_id=cast.school_a.pk, data=data
        )

    assert refused.value.field == "code"
    code = AttendanceCode.objects.get(school=cast.school_a, code="ОП")
    assert code.is_late and not code.is_absence  # an unticked box is False


def test_a_work_type_with_marks_is_not_deleted_and_an_unused_one_is(cast):
    used = cast.mark_a.work_type
    unused = f.WorkTypeFactory(school=cast.school_a, name="Зачёт")

    with pytest.raises(InvalidInput) as refused:
        directory_entry_delete(actor=as_(cast, "sysadmin"), slug="work-types", entry_id=used.pk)
    directory_entry_delete(actor=as_(cast, "sysadmin"), slug="work-types", entry_id=unused.pk)

    assert "уже используется" in refused.value.message
    assert WorkType.objects.filter(pk=used.pk).exists()
    assert not WorkType.objects.filter(pk=unused.pk).exists()
    assert AuditEvent.objects.filter(action="directory.work-types.delete").count() == 1


def test_a_bell_slot_must_belong_to_a_schedule_of_the_school(cast):
    other = f.BellScheduleFactory(school=cast.school_b)

    with pytest.raises(InvalidInput) as refused:
        directory_entry_create(
            actor=as_(cast, "sysadmin"),
            slug="bell-slots",
            school_id=cast.school_a.pk,
            data={"schedule": other.pk, "number": "1", "starts": "08:30", "ends": "09:10"},
        )

    assert refused.value.field == "schedule"
    assert not BellSlot.objects.exists()


def test_a_closed_period_is_not_changed_and_periods_are_never_deleted(cast):
    period = StudyPeriod.objects.filter(school=cast.school_a).first()
    period.closed = True
    period.save()
    data = {
        "year": period.year_id,
        "kind": period.kind,
        "number": period.number,
        "name": period.name,
        "start": "2026-09-02",
        "end": period.end.isoformat(),
        "grade_from": 1,
        "grade_to": 11,
    }

    with pytest.raises(InvalidInput):
        directory_entry_update(actor=as_(cast, "sysadmin"), slug="periods", entry_id=period.pk, data=data)
    with pytest.raises(Forbidden):
        directory_entry_delete(actor=as_(cast, "sysadmin"), slug="periods", entry_id=period.pk)

    period.refresh_from_db()
    assert period.start != dt.date(2026, 9, 2)


def test_a_holiday_with_the_grades_reversed_is_refused_naming_the_grade(cast):
    year = cast.class_a.year
    with pytest.raises(InvalidInput) as refused:
        directory_entry_create(
            actor=as_(cast, "sysadmin"),
            slug="holidays",
            school_id=cast.school_a.pk,
            data={
                "year": year.pk,
                "name": "Дополнительные",
                "start": "2027-02-15",
                "end": "2027-02-21",
                "grade_from": 4,
                "grade_to": 1,
            },
        )
    assert refused.value.field == "grade_to"


# --- pages --------------------------------------------------------------------------------------


def test_the_card_page_names_the_director_and_keeps_the_input_after_a_refusal(client, cast):
    client = signed_in(client, cast, "sysadmin")
    page = client.get("/directories/").content.decode()
    response = client.post("/directories/", {**CARD, "inn": "123"})

    assert cast.user("director").staff_cards.get().full_name in page
    assert response.status_code == 400
    assert "ИНН организации — 10 цифр" in response.content.decode()
    assert 'value="123"' in response.content.decode()


def test_the_directory_page_adds_an_entry_and_lists_it(client, cast):
    client = signed_in(client, cast, "sysadmin")

    response = client.post("/directories/lesson-types/", {"name": "Урок-экскурсия"})
    page = client.get("/directories/lesson-types/").content.decode()

    assert response.status_code == 302
    assert "Урок-экскурсия" in page


def test_an_unknown_directory_is_404(client, cast):
    assert signed_in(client, cast, "sysadmin").get("/directories/nothing/").status_code == 404


@pytest.mark.parametrize("slug", ["work-types", "bell-slots", "holidays", "subjects"])
def test_directory_pages_do_not_grow_with_the_data(client, cast, slug):
    small = measure(client, cast, "sysadmin", f"/directories/{slug}/")
    schedule = f.BellScheduleFactory(school=cast.school_a)
    for i in range(8):
        WorkType.objects.create(school=cast.school_a, name=f"Работа {i}", short_name=f"Р{i}")
        f.BellSlotFactory(schedule=schedule, number=i + 1)
        f.SubjectFactory(school=cast.school_a, name=f"Предмет {i}")
        f.HolidayFactory(year=cast.class_a.year, name=f"Каникулы {i}")
    large = measure(client, cast, "sysadmin", f"/directories/{slug}/")

    assert large == small and small <= 15, (small, large)
