"""GET /api/v1/notifications and POST /api/v1/notifications/{id}/read."""

import pytest

from tests.notifications.helpers import notification_for
from zhurnal.accounts.tokens import token_issue

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {token_issue(user=user)}"}


def test_the_list_is_the_callers_own_newest_first_with_the_unread_count(cast, client):
    first = notification_for(cast, "parent_a", title="Первое")
    second = notification_for(cast, "parent_a", title="Второе", read_at="2026-11-25T10:00:00+03:00")
    notification_for(cast, "parent_b")
    body = client.get("/api/v1/notifications", headers=bearer(cast.user("parent_a"))).json()
    assert [n["id"] for n in body["items"]] == [second.pk, first.pk]
    assert body["unread"] == 1
    assert body["items"][1] | {"created_at": None} == {
        "id": first.pk,
        "kind": "mark",
        "title": "Первое",
        "body": first.body,
        "url": "/",
        "student_id": cast.pupil_a.pk,
        "created_at": None,
        "read_at": None,
    }


def test_unread_only(cast, client):
    unread = notification_for(cast, "parent_a")
    notification_for(cast, "parent_a", read_at="2026-11-25T10:00:00+03:00")
    body = client.get("/api/v1/notifications?unread=1", headers=bearer(cast.user("parent_a"))).json()
    assert [n["id"] for n in body["items"]] == [unread.pk]


def test_reading_one_sets_its_read_time(cast, client):
    notification = notification_for(cast, "parent_a")
    response = client.post(
        f"/api/v1/notifications/{notification.pk}/read", headers=bearer(cast.user("parent_a"))
    )
    assert response.status_code == 200 and response.json()["read_at"] is not None
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_anothers_notification_is_not_found_even_for_the_teacher_who_caused_it(cast, client):
    notification = notification_for(cast, "parent_a")
    response = client.post(
        f"/api/v1/notifications/{notification.pk}/read", headers=bearer(cast.user("classteacher"))
    )
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    notification.refresh_from_db()
    assert notification.read_at is None
