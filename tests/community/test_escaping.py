"""Whatever a user typed is shown escaped: topic titles, post bodies, event titles."""

import pytest

from tests.community.data import class_a_event, section_of, topic_in

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("x")</script><b>жирный</b>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;жирный&lt;/b&gt;"


def test_markup_in_a_topic_title_and_a_post_body_is_escaped(cast, login):
    section = section_of(cast, cast.class_a)
    topic = topic_in(section, cast.user("parent_a"), title=MARKUP, body=MARKUP)
    client = login(cast.user("classteacher"))
    for url in (f"/community/forum/{section.pk}/", f"/community/forum/topic/{topic.pk}/"):
        html = client.get(url).content.decode()
        assert ESCAPED in html
        assert "<script>alert" not in html and "<b>жирный" not in html


def test_markup_in_a_hidden_posts_reason_is_escaped_for_moderators(cast, login, actor_of):
    from zhurnal.community.services import forum_post_hide

    topic = topic_in(section_of(cast, cast.class_a), cast.user("parent_a"))
    forum_post_hide(actor=actor_of("director"), post_id=topic.posts.get().pk, reason=MARKUP)
    html = login(cast.user("director")).get(f"/community/forum/topic/{topic.pk}/").content.decode()
    assert ESCAPED in html and "<script>alert" not in html


def test_markup_in_an_event_title_place_and_description_is_escaped(cast, login):
    event = class_a_event(cast, title=MARKUP, place=MARKUP, description=MARKUP)
    for url in (
        f"/community/class/{cast.class_a.pk}/events/",
        f"/community/class/{cast.class_a.pk}/events/{event.pk}/edit/",
    ):
        html = login(cast.user("classteacher")).get(url).content.decode()
        assert "<script>alert" not in html and "<b>жирный" not in html
    assert (
        ESCAPED
        in login(cast.user("parent_a")).get(f"/community/class/{cast.class_a.pk}/events/").content.decode()
    )
