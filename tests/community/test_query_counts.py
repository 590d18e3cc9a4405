"""Each forum and events page runs a fixed number of queries however many topics, posts, events."""

import datetime as dt

import pytest

from tests.community.data import class_a_event, section_of, topic_in
from tests.querycount import assert_max_queries, count_queries
from zhurnal.community.models import ForumPost

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    count, response = count_queries(client.get, url)
    assert response.status_code == 200
    return count


def add_topics(cast, section, n: int) -> None:
    for i in range(n):
        topic_in(section, cast.user("parent_a" if i % 2 else "classteacher"), title=f"Тема {i}")


def add_posts(cast, topic, n: int) -> None:
    ForumPost.objects.bulk_create(
        ForumPost(school=cast.school_a, topic=topic, author=cast.user("teacher"), body=f"Ответ {i}")
        for i in range(n)
    )


def test_the_forum_index_does_not_grow_with_topics(cast, login):
    client = login(cast.user("director"))
    client.get("/community/forum/")  # sections are created on the first visit
    few = queries_for(client, "/community/forum/")
    add_topics(cast, section_of(cast, cast.class_a), 15)
    add_topics(cast, section_of(cast, cast.class_b), 15)
    with assert_max_queries(few, exact=True):
        client.get("/community/forum/")
    assert few <= 14  # 3 for the session and actor, 2 for the bell and unread badges


@pytest.mark.parametrize("member", ["classteacher", "parent_a"])
def test_a_section_page_does_not_grow_with_topics(cast, login, member):
    section = section_of(cast, cast.class_a)
    add_topics(cast, section, 2)
    client = login(cast.user(member))
    few = queries_for(client, f"/community/forum/{section.pk}/")
    add_topics(cast, section, 40)
    with assert_max_queries(few, exact=True):
        client.get(f"/community/forum/{section.pk}/")
    assert few <= 12


@pytest.mark.parametrize("member", ["classteacher", "parent_a"])
def test_a_topic_page_does_not_grow_with_posts(cast, login, member):
    topic = topic_in(section_of(cast, cast.class_a), cast.user("parent_a"))
    add_posts(cast, topic, 2)
    client = login(cast.user(member))
    few = queries_for(client, f"/community/forum/topic/{topic.pk}/")
    add_posts(cast, topic, 60)
    ForumPost.objects.filter(
        topic=topic, pk__in=ForumPost.objects.filter(topic=topic).values("pk")[:10]
    ).update(is_hidden=True, hidden_reason="Проверка", hidden_by=cast.user("director"))
    for page in ("1", "last"):
        with assert_max_queries(few, exact=True):
            client.get(f"/community/forum/topic/{topic.pk}/?page={page}")
    assert few <= 12


@pytest.mark.parametrize("member", ["classteacher", "parent_a", "director"])
def test_the_events_page_does_not_grow_with_events(cast, login, member):
    client = login(cast.user(member))
    url = f"/community/class/{cast.class_a.pk}/events/"
    class_a_event(cast)
    few = queries_for(client, url)
    for i in range(30):
        class_a_event(cast, date=dt.date(2026, 9, 1) + dt.timedelta(days=4 * i), title=f"Событие {i}")
    with assert_max_queries(few, exact=True):
        client.get(url)
    assert few <= 11


def test_the_event_edit_page_runs_a_fixed_number_of_queries(cast, login):
    event = class_a_event(cast)
    client = login(cast.user("classteacher"))
    with assert_max_queries(10):
        response = client.get(f"/community/class/{cast.class_a.pk}/events/{event.pk}/edit/")
    assert response.status_code == 200
