"""Messaging pages and API calls run a fixed number of queries, however much correspondence."""

import pytest

from tests.messaging.helpers import PNG, reply, upload, write
from tests.querycount import count_queries
from zhurnal.messaging.announcements import announcement_publish
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db

BUDGET = 25


def correspondence(cast, n: int):
    """n more conversations of parent A with the class teacher, each with replies and files."""
    thread = None
    for i in range(n):
        message = write(
            cast,
            "parent_a",
            "classteacher",
            subject=f"Тема {i}",
            attachments=[upload("a.pdf"), upload("b.png", PNG)],
        )
        thread = message.thread
        reply(cast, "classteacher", thread)
        reply(cast, "parent_a", thread)
        announcement_publish(
            actor=actor_for(cast.user("classteacher")),
            audience="class",
            class_group=cast.class_a,
            title=f"О{i}",
            body="Т",
        )
    return thread


def measure(client, cast, name, url, **kwargs):
    client.force_login(cast.user(name), backend="zhurnal.accounts.backends.UserBackend")
    client.get(url, **kwargs)  # the first visit marks things read; measure the steady state
    count, response = count_queries(client.get, url, **kwargs)
    assert response.status_code == 200, (name, url, response.status_code)
    return count


@pytest.mark.parametrize("name", ["parent_a", "classteacher", "director"])
@pytest.mark.parametrize("path", ["/messages/", "/messages/new/", "/messages/announcements/"])
def test_a_list_page_takes_the_same_queries_with_more_correspondence(cast, client, name, path):
    correspondence(cast, 1)
    before = measure(client, cast, name, path)
    correspondence(cast, 6)
    after = measure(client, cast, name, path)
    assert after == before and after <= BUDGET


def test_a_conversation_takes_the_same_queries_with_more_messages_and_files(cast, client):
    thread = correspondence(cast, 1)
    url = f"/messages/{thread.pk}/"
    before = measure(client, cast, "classteacher", url)
    for _ in range(6):
        reply(cast, "parent_a", thread)
    after = measure(client, cast, "classteacher", url)
    assert after == before and after <= BUDGET


def test_the_class_broadcast_form_takes_a_fixed_number_of_queries(cast, client):
    url = f"/messages/class/{cast.class_a.pk}/"
    before = measure(client, cast, "classteacher", url)
    correspondence(cast, 3)
    assert measure(client, cast, "classteacher", url) == before <= BUDGET


@pytest.mark.parametrize("path", ["/api/v1/messages", "thread"])
def test_the_api_takes_the_same_queries_with_more_correspondence(cast, client, path):
    from zhurnal.accounts.tokens import token_issue

    headers = {"Authorization": f"Bearer {token_issue(user=cast.user('parent_a'))}"}
    thread = correspondence(cast, 1)
    url = f"/api/v1/messages/{thread.pk}" if path == "thread" else path
    before = measure(client, cast, "parent_a", url, headers=headers)
    correspondence(cast, 5)
    for _ in range(5):
        reply(cast, "classteacher", thread)
    after = measure(client, cast, "parent_a", url, headers=headers)
    assert after == before and after <= BUDGET


def test_the_unread_badge_costs_one_query_per_page(cast, client):
    correspondence(cast, 2)
    client.force_login(cast.user("parent_a"), backend="zhurnal.accounts.backends.UserBackend")
    client.get("/messages/announcements/")  # marks the announcements read once
    with_badge, _ = count_queries(client.get, "/messages/announcements/")
    from zhurnal.messaging import nav

    original = nav.MessagesLabel.unread
    nav.MessagesLabel.unread = property(lambda self: 0)
    try:
        without_badge, _ = count_queries(client.get, "/messages/announcements/")
    finally:
        nav.MessagesLabel.unread = original
    assert with_badge - without_badge == 1
