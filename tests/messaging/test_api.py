"""`GET`/`POST /api/v1/messages` and `GET /api/v1/messages/{id}`."""

import pytest

from tests.messaging.helpers import reply, write
from zhurnal.messaging.models import Thread

pytestmark = pytest.mark.django_db


def test_a_parent_writes_to_the_class_teacher_through_the_api(cast, call_as):
    response = call_as(
        "parent_a",
        "/messages",
        method="post",
        body={"recipients": [cast.user("classteacher").pk], "subject": "Вопрос", "body": "Здравствуйте"},
    )
    assert response.status_code == 201
    thread = Thread.objects.get()
    assert response.json()["thread"] == thread.pk
    assert response.json()["body"] == "Здравствуйте"


def test_the_list_carries_unread_counts_that_fall_after_reading(cast, call_as):
    thread = write(cast, "parent_a", "classteacher").thread
    reply(cast, "classteacher", thread)
    reply(cast, "classteacher", thread, body="Ещё")
    listing = call_as("parent_a", "/messages").json()
    assert listing["count"] == 1 and listing["items"][0]["unread"] == 2
    detail = call_as("parent_a", f"/messages/{thread.pk}").json()
    assert [m["body"] for m in detail["messages"]] == ["Здравствуйте!", "Добрый день!", "Ещё"]
    assert call_as("parent_a", "/messages").json()["items"][0]["unread"] == 0


def test_a_recipient_not_allowed_is_400_naming_them(cast, call_as):
    parent_b = cast.user("parent_b")
    response = call_as(
        "parent_a",
        "/messages",
        method="post",
        body={"recipients": [parent_b.pk], "subject": "Т", "body": "Т"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "recipient_not_allowed"
    assert f"№{parent_b.pk}" in response.json()["detail"]
    assert response.json()["field"] == "recipients"
    assert not Thread.objects.exists()


def test_a_reply_in_a_conversation_not_theirs_is_404(cast, call_as):
    thread = write(cast, "parent_a", "classteacher").thread
    response = call_as("parent_b", "/messages", method="post", body={"thread": thread.pk, "body": "Т"})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert call_as("director", f"/messages/{thread.pk}").status_code == 404


def test_a_reply_through_the_api_lands_in_the_thread(cast, call_as):
    thread = write(cast, "parent_a", "classteacher").thread
    response = call_as(
        "classteacher", "/messages", method="post", body={"thread": thread.pk, "body": "Ответ"}
    )
    assert response.status_code == 201 and response.json()["thread"] == thread.pk
    assert thread.messages.count() == 2


def test_a_missing_subject_is_400_naming_the_field(cast, call_as):
    response = call_as(
        "parent_a",
        "/messages",
        method="post",
        body={"recipients": [cast.user("classteacher").pk], "body": "Т"},
    )
    assert response.status_code == 400 and response.json()["field"] == "subject"


def _read_times(payload_participants) -> dict[int, object]:
    return {p["id"]: p["last_read_at"] for p in payload_participants}


def test_a_parent_does_not_get_read_receipts_through_the_api(cast, call_as):
    """The site shows "прочитано" to staff only; the API must not hand parents the same fact."""
    thread = write(cast, "parent_a", "classteacher").thread
    reply(cast, "classteacher", thread)
    call_as("classteacher", f"/messages/{thread.pk}")  # the class teacher has read everything
    detail = call_as("parent_a", f"/messages/{thread.pk}").json()
    assert set(_read_times(detail["participants"]).values()) == {None}
    listing = call_as("parent_a", "/messages").json()
    assert set(_read_times(listing["items"][0]["participants"]).values()) == {None}


def test_a_pupil_does_not_get_read_receipts_through_the_api(cast, call_as):
    thread = write(cast, "pupil_a", "classteacher").thread
    call_as("classteacher", f"/messages/{thread.pk}")
    detail = call_as("pupil_a", f"/messages/{thread.pk}").json()
    assert set(_read_times(detail["participants"]).values()) == {None}


def test_staff_get_read_receipts_through_the_api(cast, call_as):
    thread = write(cast, "classteacher", "parent_a").thread
    parent = cast.user("parent_a").pk
    unread = _read_times(call_as("classteacher", f"/messages/{thread.pk}").json()["participants"])
    assert unread[parent] is None
    call_as("parent_a", f"/messages/{thread.pk}")
    detail = _read_times(call_as("classteacher", f"/messages/{thread.pk}").json()["participants"])
    assert detail[parent] is not None
    listing = call_as("classteacher", "/messages").json()
    assert _read_times(listing["items"][0]["participants"])[parent] is not None


@pytest.mark.parametrize("recipient", [0, -3, 2**63, 10**30])
def test_an_impossible_recipient_id_is_400_naming_the_field(cast, call_as, recipient):
    response = call_as(
        "parent_a",
        "/messages",
        method="post",
        body={"recipients": [recipient], "subject": "Т", "body": "Т"},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "recipients"
    assert not Thread.objects.exists()
