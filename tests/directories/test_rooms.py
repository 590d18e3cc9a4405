"""The rooms' directory (issue 10 item 8): kept on the directories page, and once the school keeps
it the timetable takes only its rooms in use; a school without it still writes a room as text."""

import datetime as dt

import pytest

from zhurnal.core.audit import AuditEvent
from zhurnal.core.errors import InvalidInput
from zhurnal.directories.services import directory_entry_create, directory_entry_deactivate
from zhurnal.people.models import TimetableEntry
from zhurnal.people.services.teaching import timetable_entry_add
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import Room

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def on_monday(settings):
    settings.ZHURNAL_TODAY = MONDAY.isoformat()


def as_(cast, name):
    return actor_for(cast.user(name))


def _room(cast, name, capacity="30"):
    return directory_entry_create(
        actor=as_(cast, "sysadmin"),
        slug="rooms",
        school_id=cast.school_a.pk,
        data={"name": name, "capacity": capacity},
    )


def _put(cast, room, slot=5):
    return timetable_entry_add(
        actor=as_(cast, "sysadmin"), assignment_id=cast.math_a.pk, weekday=1, slot=slot, room=room
    )


def test_the_system_administrator_adds_a_room_with_an_audit_row(cast):
    room = _room(cast, "21")

    assert (room.name, room.capacity, room.school_id) == ("21", 30, cast.school_a.pk)
    assert AuditEvent.objects.filter(action="directory.rooms.create", object_id=str(room.pk)).exists()


def test_without_the_directory_a_room_is_written_as_text(cast):
    assert _put(cast, "Спортзал").room == "Спортзал"


def test_with_the_directory_a_room_not_in_it_is_refused_naming_the_room_and_nothing_is_saved(cast):
    _room(cast, "21")
    before = TimetableEntry.objects.count()

    with pytest.raises(InvalidInput) as refused:
        _put(cast, "22")

    assert refused.value.field == "room"
    assert "«22»" in refused.value.message
    assert TimetableEntry.objects.count() == before
    assert _put(cast, "21").room == "21"


def test_a_switched_off_room_is_refused_for_the_timetable_but_kept_where_it_was(cast):
    room = _room(cast, "21")
    _room(cast, "22")
    kept = _put(cast, "21", slot=5)
    directory_entry_deactivate(actor=as_(cast, "sysadmin"), slug="rooms", entry_id=room.pk)

    with pytest.raises(InvalidInput) as refused:
        _put(cast, "21", slot=6)

    assert refused.value.field == "room"
    kept.refresh_from_db()
    assert kept.room == "21"
    assert Room.objects.get(pk=room.pk).is_active is False


def test_the_timetable_page_offers_the_rooms_in_use_only(cast, client):
    room = _room(cast, "21")
    _room(cast, "Актовый зал")
    directory_entry_deactivate(actor=as_(cast, "sysadmin"), slug="rooms", entry_id=room.pk)
    client.force_login(cast.user("sysadmin"), backend="zhurnal.accounts.backends.UserBackend")

    page = client.get(f"/people/classes/{cast.class_a.pk}/timetable/").content.decode()

    assert '<option value="Актовый зал">' in page
    assert '<option value="21">' not in page


def test_the_directory_page_lists_the_rooms_for_the_keeper_only(cast, client):
    _room(cast, "Кабинет физики")
    client.force_login(cast.user("sysadmin"), backend="zhurnal.accounts.backends.UserBackend")
    assert "Кабинет физики" in client.get(f"/directories/rooms/?school={cast.school_a.pk}").content.decode()

    client.force_login(cast.user("teacher"), backend="zhurnal.accounts.backends.UserBackend")
    assert client.get(f"/directories/rooms/?school={cast.school_a.pk}").status_code == 403
