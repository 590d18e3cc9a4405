"""Control characters are refused at the edge with a 400 naming the field, and nothing is stored
(issue 8 item 9). Each case sends a NUL where a real client could, on SQLite and PostgreSQL."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories as f
from tests.community.data import section_of
from zhurnal.accounts.models import ActivityEvent
from zhurnal.accounts.tokens import token_issue
from zhurnal.community.models import ForumTopic
from zhurnal.core.control_chars import has_control_characters
from zhurnal.journal.models import Lesson, Mark
from zhurnal.messaging.models import Message, Thread

pytestmark = pytest.mark.django_db

NUL = "\x00"


@pytest.fixture
def call_as(cast, client):
    """Call the API by a bearer token of a member of the cast."""

    def _call(name: str, path: str, *, method: str, body: dict):
        headers = {"Authorization": f"Bearer {token_issue(user=cast.user(name))}"}
        return getattr(client, method)(
            f"/api/v1{path}", body, content_type="application/json", headers=headers
        )

    return _call


def assert_api_refusal(response, field: str) -> None:
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "control_characters"
    assert body["field"] == field
    assert f"«{field}»" in body["detail"]


def test_tab_newline_and_carriage_return_are_text_and_the_rest_of_c0_and_del_are_not():
    assert not has_control_characters("строка\tдва\r\nтри")
    for char in ("\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"):
        assert has_control_characters(f"a{char}b"), repr(char)


def test_a_nul_in_the_login_name_of_the_token_endpoint_is_400_not_500(client, cast):
    response = client.post(
        "/api/v1/auth/token",
        {"username": f"teacher{NUL}", "password": "x"},
        content_type="application/json",
    )
    assert_api_refusal(response, "username")
    assert not ActivityEvent.objects.filter(kind="login_failed").exists()


def test_a_nul_in_the_login_form_gets_a_russian_page_naming_the_field(client, cast):
    response = client.post("/accounts/login/", {"username": f"teacher{NUL}", "password": "x"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Некорректный запрос" in html
    assert "Поле «Логин» (username)" in html
    assert "_auth_user_id" not in client.session


def test_a_nul_in_a_mark_comment_stores_no_mark(call_as, cast):
    work_type = f.WorkTypeFactory(school=cast.school_a, name="Работа на уроке", short_name="Р", weight=1)
    before = Mark.objects.count()
    response = call_as(
        "classteacher",
        "/marks",
        method="post",
        body={
            "lesson": cast.lesson_a.pk,
            "student": cast.pupil_a.pk,
            "value": "5",
            "work_type": work_type.pk,
            "comment": f"молодец{NUL}",
        },
    )
    assert_api_refusal(response, "comment")
    assert Mark.objects.count() == before


def test_a_nul_in_a_lesson_topic_leaves_the_topic_alone(call_as, cast):
    topic = cast.lesson_a.topic
    response = call_as(
        "classteacher", f"/lessons/{cast.lesson_a.pk}", method="patch", body={"topic": f"Сложение{NUL}"}
    )
    assert_api_refusal(response, "topic")
    assert Lesson.objects.get(pk=cast.lesson_a.pk).topic == topic


def test_a_nested_json_field_is_named_by_its_path(call_as, cast):
    response = call_as(
        "teacher", "/messages", method="post", body={"recipients": [1], "x": {"y": [f"{NUL}"]}}
    )
    assert_api_refusal(response, "x.y.0")


@pytest.mark.parametrize("field", ["subject", "body"])
def test_a_nul_in_a_message_subject_or_body_sends_nothing(cast, login, field):
    data = {"recipients": [cast.user("classteacher").pk], "subject": "Пропуск", "body": "Сын болеет."}
    data[field] += NUL
    response = login(cast.user("parent_a")).post("/messages/new/", data)
    assert response.status_code == 400
    assert f"({field})" in response.content.decode()
    assert not Thread.objects.exists() and not Message.objects.exists()


def test_a_nul_in_a_forum_title_opens_no_topic(cast, login):
    section = section_of(cast, cast.class_a)
    response = login(cast.user("parent_a")).post(
        f"/community/forum/{section.pk}/new/", {"title": f"Чат{NUL}", "body": "Текст"}
    )
    assert response.status_code == 400
    assert "Поле «Заголовок» (title)" in response.content.decode()
    assert not ForumTopic.objects.filter(section=section).exists()


def test_a_nul_in_the_query_string_is_refused_too(cast, login):
    response = login(cast.user("director")).get("/classes/", {"q": f"2{NUL}"})
    assert response.status_code == 400
    assert "Поле «Поиск» (q)" in response.content.decode()


def test_a_file_part_of_a_multipart_body_is_not_text_and_passes(cast, login):
    upload = SimpleUploadedFile("справка.pdf", b"%PDF-1.4\x00\x01\x02 binary", content_type="application/pdf")
    data = {
        "recipients": [cast.user("classteacher").pk],
        "subject": "Справка",
        "body": "Во вложении.",
        "attachments": upload,
    }
    response = login(cast.user("parent_a")).post("/messages/new/", data)
    assert response.status_code == 302
    assert Thread.objects.filter(subject="Справка").exists()
