"""With the buffer on, a page's activity row is not written by its request but by the next flush,
with the request's own time; logins are written at once all the same; a clean shutdown writes
what waits; a failed flush keeps the rows for the next."""

import pytest
from django.test import override_settings
from django.utils import timezone

from zhurnal.accounts import activity
from zhurnal.accounts.models import ActivityEvent

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"

# Long enough that the writer thread never wakes during a test: the test flushes itself.
buffered = override_settings(ZHURNAL_ACTIVITY_FLUSH_SECONDS=3600)


@pytest.fixture(autouse=True)
def empty_buffer():
    activity.buffer.flush()
    yield
    activity.buffer._rows.clear()


@buffered
def test_a_page_request_writes_no_row_itself_and_the_flush_writes_it_with_the_requests_time(
    cast, client, login
):
    login(cast.user("director"))
    before = timezone.now()
    client.get("/classes/")
    requested = timezone.now()

    assert not ActivityEvent.objects.filter(kind="page").exists()
    assert activity.buffer.flush() == 1

    event = ActivityEvent.objects.get(kind="page")
    assert event.route == "web:class_list"
    assert event.user_id == cast.user("director").pk
    assert before <= event.at <= requested


@buffered
def test_logins_are_written_at_once_even_with_the_buffer_on(cast, client):
    client.post("/accounts/login/", {"username": "teacher", "password": PASSWORD})

    assert ActivityEvent.objects.filter(kind="login", username="teacher").exists()


@buffered
def test_a_clean_shutdown_writes_the_rows_still_waiting(cast, client, login):
    login(cast.user("director"))
    client.get("/classes/")
    client.get("/school/")
    assert activity.buffer.pending() == 2

    activity.flush_on_exit()

    assert ActivityEvent.objects.filter(kind="page").count() == 2
    assert activity.buffer.pending() == 0


@buffered
def test_a_failed_flush_keeps_the_rows_for_the_next_one(cast, client, login, monkeypatch):
    login(cast.user("director"))
    client.get("/classes/")

    def database_away(*args, **kwargs):
        raise RuntimeError("database away")

    monkeypatch.setattr(activity.rawsql, "insert_many", database_away)
    with pytest.raises(RuntimeError):
        activity.buffer.flush()
    monkeypatch.undo()

    assert activity.buffer.pending() == 1
    assert activity.buffer.flush() == 1
    assert ActivityEvent.objects.filter(kind="page").count() == 1


@buffered
def test_a_gunicorn_worker_that_stops_cleanly_writes_the_waiting_rows(cast, client, login):
    from zhurnal.ops import gunicorn_config

    login(cast.user("director"))
    client.get("/classes/")

    gunicorn_config.worker_exit(server=None, worker=None)

    assert ActivityEvent.objects.filter(kind="page").count() == 1
