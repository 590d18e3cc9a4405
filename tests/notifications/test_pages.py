"""The bell, the list (opening one reads it, "read all"), the settings page, and "seen by"."""

import pytest

from tests.notifications.helpers import notification_for
from zhurnal.core.models import AuditEvent
from zhurnal.notifications.kinds import Kind
from zhurnal.notifications.models import Notification, NotificationPreference, QuietHours

pytestmark = pytest.mark.django_db


def test_the_bell_shows_the_unread_count_on_every_page(cast, login, client):
    for _ in range(3):
        notification_for(cast, "parent_a")
    notification_for(cast, "parent_a", read_at="2026-11-25T10:00:00+03:00")
    login(cast.user("parent_a"))
    response = client.get("/")
    assert response.context["bell"].unread == 3
    html = response.content.decode()
    assert 'href="/notifications/"' in html and 'data-unread="3"' in html
    assert "navbar-bell-badge" in html


def test_the_bell_has_no_badge_when_all_is_read(cast, login, client):
    login(cast.user("parent_b"))
    html = client.get("/").content.decode()
    assert 'data-unread="0"' in html and "navbar-bell-badge" not in html


def test_the_list_shows_ones_own_notifications_newest_first(cast, login, client):
    notification_for(cast, "parent_a", title="Первое")
    notification_for(cast, "parent_a", title="Второе")
    notification_for(cast, "parent_b", title="Чужое")
    login(cast.user("parent_a"))
    response = client.get("/notifications/")
    assert [n.title for n in response.context["notifications"]] == ["Второе", "Первое"]
    assert "Чужое" not in response.content.decode()


def test_a_title_with_markup_is_escaped(cast, login, client):
    notification_for(cast, "parent_a", title="<script>alert(1)</script>")
    login(cast.user("parent_a"))
    html = client.get("/notifications/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_opening_a_notification_reads_it_and_goes_to_its_page(cast, login, client):
    notification = notification_for(cast, "parent_a", url=f"/diary/{cast.pupil_a.pk}/")
    login(cast.user("parent_a"))
    response = client.get(f"/notifications/{notification.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/diary/{cast.pupil_a.pk}/"
    notification.refresh_from_db()
    first = notification.read_at
    assert first is not None
    client.get(f"/notifications/{notification.pk}/")
    notification.refresh_from_db()
    assert notification.read_at == first  # seen once: the first time stays


def test_a_link_to_another_site_is_never_followed(cast, login, client):
    notification = notification_for(cast, "parent_a", url="https://evil.example/")
    login(cast.user("parent_a"))
    assert client.get(f"/notifications/{notification.pk}/")["Location"] == "/"


def test_read_all_reads_only_ones_own(cast, login, client):
    notification_for(cast, "parent_a")
    notification_for(cast, "parent_a")
    other = notification_for(cast, "parent_b")
    login(cast.user("parent_a"))
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=cast.user("parent_a"), read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_the_settings_page_shows_the_defaults(cast, login, client):
    login(cast.user("parent_a"))
    form = client.get("/notifications/settings/").context["form"]
    assert form.initial["mark__email"] is True
    assert form.initial["homework__email"] is False
    assert form.initial["homework__in_app"] is True
    assert "digest__in_app" not in form.fields


def test_saving_settings_keeps_the_choices_quiet_hours_and_address_with_an_audit_row(cast, login, client):
    user = cast.user("parent_a")
    login(user)
    response = client.post(
        "/notifications/settings/",
        {
            "email": "mama@example.ru",
            "mark__in_app": "on",
            "absence__email": "on",
            "quiet_start": "22:00",
            "quiet_end": "07:00",
        },
    )
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=user, kind=Kind.MARK).email is False
    assert NotificationPreference.objects.get(user=user, kind=Kind.ABSENCE).in_app is False
    quiet = QuietHours.objects.get(user=user)
    assert f"{quiet.start:%H:%M}–{quiet.end:%H:%M}" == "22:00–07:00"
    user.refresh_from_db()
    assert user.email == "mama@example.ru"
    event = AuditEvent.objects.get(action="notifications.preferences_update")
    assert event.actor_id == user.pk and event.after["quiet_hours"] == ["22:00", "07:00"]
    assert event.before["preferences"]["mark"] == {"in_app": True, "email": True}


def test_half_of_the_quiet_hours_is_refused_by_name(cast, login, client):
    login(cast.user("parent_a"))
    response = client.post("/notifications/settings/", {"quiet_start": "22:00"})
    assert response.status_code == 200
    assert "Укажите и начало, и конец тихих часов." in response.content.decode()
    assert not QuietHours.objects.exists() and not AuditEvent.objects.exists()


def test_the_teacher_sees_when_the_parent_opened_the_mark(cast, login, client):
    notification_for(cast, "parent_a", read_at="2026-11-25T18:05:00+03:00")
    notification_for(cast, "pupil_a")
    login(cast.user("classteacher"))
    response = client.get(f"/notifications/seen/?mark={cast.mark_a.pk}")
    rows = {n.recipient.username: n.read_at for n in response.context["rows"]}
    assert set(rows) == {"parent_a", "pupil_a"}
    assert rows["pupil_a"] is None
    html = response.content.decode()
    assert "25 ноября, 18:05" in html and "ещё не открыл" in html


def test_a_teacher_sees_no_read_marks_of_notifications_they_did_not_cause(cast, login, client):
    notification_for(cast, "parent_a", actor_id=cast.user("director").pk)
    login(cast.user("classteacher"))
    assert client.get(f"/notifications/seen/?mark={cast.mark_a.pk}").context["rows"] == []
