"""Whatever a user typed — subject, text, file name, announcement — shows escaped everywhere."""

import pytest

from tests.messaging.helpers import upload, write
from zhurnal.messaging.announcements import announcement_publish
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("x")</script><b>жирный</b>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;жирный&lt;/b&gt;"
# A file name cannot hold "/", so its markup is an image with a handler.
FILE_MARKUP = '<img src=x onerror="alert(1)">.pdf'
FILE_ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.pdf"


def test_markup_in_a_message_shows_escaped_on_every_page(cast, login):
    message = write(
        cast, "parent_a", "classteacher", subject=MARKUP, body=MARKUP, attachments=[upload(FILE_MARKUP)]
    )
    client = login(cast.user("classteacher"))
    for url in ("/messages/", f"/messages/{message.thread_id}/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<b>жирный" not in html, url
        assert ESCAPED in html or "&lt;script&gt;" in html, url
    thread_html = client.get(f"/messages/{message.thread_id}/").content.decode()
    assert FILE_ESCAPED in thread_html and "<img src=x" not in thread_html


def test_markup_in_a_message_comes_back_as_plain_text_in_the_api(cast, client):
    from zhurnal.accounts.tokens import token_issue

    message = write(cast, "parent_a", "classteacher", subject=MARKUP, body=MARKUP)
    headers = {"Authorization": f"Bearer {token_issue(user=cast.user('classteacher'))}"}
    listing = client.get("/api/v1/messages", headers=headers)
    assert listing["Content-Type"].startswith("application/json")
    assert listing.json()["items"][0]["subject"] == MARKUP
    detail = client.get(f"/api/v1/messages/{message.thread_id}", headers=headers).json()
    assert detail["messages"][0]["body"] == MARKUP


def test_markup_in_an_announcement_shows_escaped(cast, login):
    announcement_publish(actor=actor_for(cast.user("director")), audience="school", title=MARKUP, body=MARKUP)
    html = login(cast.user("parent_a")).get("/messages/announcements/").content.decode()
    assert "<script>alert" not in html and ESCAPED in html
