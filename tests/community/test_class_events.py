"""The class events journal: the class teacher records, families of the class read."""

import datetime as dt

import pytest

from tests.community.data import class_a_event
from zhurnal.community.models import ClassEvent
from zhurnal.core.models import AuditEvent

pytestmark = pytest.mark.django_db

EVENT = {
    "date": "2026-12-10",
    "time": "15:00",
    "title": "Новогодний утренник",
    "kind": "holiday",
    "place": "Актовый зал",
}


def events_url(cast) -> str:
    return f"/community/class/{cast.class_a.pk}/events/"


def test_a_class_teacher_records_edits_and_deletes_an_event_and_each_step_is_audited(cast, login):
    client = login(cast.user("classteacher"))
    assert client.post(events_url(cast), EVENT).status_code == 302
    event = ClassEvent.objects.get(title="Новогодний утренник")
    assert event.time == dt.time(15, 0) and event.created_by == cast.user("classteacher")

    edit = {**EVENT, "place": "Спортзал"}
    assert client.post(f"{events_url(cast)}{event.pk}/edit/", edit).status_code == 302
    event.refresh_from_db()
    assert event.place == "Спортзал"

    assert client.post(f"{events_url(cast)}{event.pk}/delete/").status_code == 302
    event.refresh_from_db()
    assert event.deleted_at is not None
    assert list(
        AuditEvent.objects.filter(object_type="community.classevent", object_id=event.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["class_event.create", "class_event.update", "class_event.delete"]
    update = AuditEvent.objects.get(action="class_event.update", object_id=event.pk)
    assert update.before["place"] == "Актовый зал" and update.after["place"] == "Спортзал"


def test_a_deleted_event_is_gone_from_the_list(cast, login):
    event = class_a_event(cast)
    login(cast.user("classteacher")).post(f"{events_url(cast)}{event.pk}/delete/")
    page = login(cast.user("parent_a")).get(events_url(cast)).context["page"]
    assert page.upcoming == [] and page.past == []


def test_parents_and_pupils_of_the_class_see_upcoming_events_first_and_past_ones_below(cast, login):
    class_a_event(cast, date=dt.date(2026, 10, 1), title="Осенний поход")
    class_a_event(cast, date=dt.date(2026, 12, 20), title="Ёлка")
    class_a_event(cast, date=dt.date(2026, 11, 30), title="Собрание", kind="parents_meeting")
    class_a_event(cast, date=dt.date(2026, 9, 1), title="Линейка")
    for member in ("parent_a", "pupil_a"):
        response = login(cast.user(member)).get(events_url(cast))
        page = response.context["page"]
        assert [e.title for e in page.upcoming] == ["Собрание", "Ёлка"]
        assert [e.title for e in page.past] == ["Осенний поход", "Линейка"]
        html = response.content.decode()
        assert html.index("Собрание") < html.index("Осенний поход")
        assert 'id="new-event"' not in html


def test_a_parent_of_another_class_gets_404(cast, login):
    class_a_event(cast)
    assert login(cast.user("parent_b")).get(events_url(cast)).status_code == 404


def test_a_parent_cannot_record_an_event(cast, login):
    assert login(cast.user("parent_a")).post(events_url(cast), EVENT).status_code == 403
    assert not ClassEvent.objects.exists()


def test_the_administration_corrects_an_event_but_does_not_delete_it(cast, login):
    event = class_a_event(cast)
    client = login(cast.user("deputy"))
    assert (
        client.post(f"{events_url(cast)}{event.pk}/edit/", {**EVENT, "title": "Исправлено"}).status_code
        == 302
    )
    assert client.post(f"{events_url(cast)}{event.pk}/delete/").status_code == 403
    event.refresh_from_db()
    assert event.title == "Исправлено" and event.deleted_at is None


def test_an_event_without_a_date_is_refused_naming_the_field_and_nothing_is_saved(cast, login):
    response = login(cast.user("classteacher")).post(events_url(cast), {**EVENT, "date": "завтра"})
    assert response.status_code == 400
    assert "Дата:" in response.content.decode()
    assert not ClassEvent.objects.exists()


def test_an_unknown_kind_is_refused_naming_the_field(cast, login):
    response = login(cast.user("classteacher")).post(events_url(cast), {**EVENT, "kind": "party"})
    assert response.status_code == 400
    assert "Вид:" in response.content.decode()
    assert not ClassEvent.objects.exists()
