"""Who sees which forum sections, and pupils only where the school allows."""

import pytest

from tests.community.data import class_a_topic, section_of
from zhurnal.community.models import ForumTopic
from zhurnal.community.services import forum_post_create, forum_settings_update, forum_topic_create
from zhurnal.core.errors import NotFound

pytestmark = pytest.mark.django_db


def section_titles(client) -> list[str]:
    return [section.title for section in client.get("/community/forum/").context["index"].sections]


def test_a_parent_of_2a_sees_the_2a_section_and_the_school_section_not_3b(cast, login):
    titles = section_titles(login(cast.user("parent_a")))
    assert titles == ["Общешкольный раздел", "2А класс"]
    class_b_section = section_of(cast, cast.class_b)
    assert login(cast.user("parent_a")).get(f"/community/forum/{class_b_section.pk}/").status_code == 404


def test_the_administration_sees_every_class_section_of_its_school(cast, login):
    assert section_titles(login(cast.user("deputy"))) == ["Общешкольный раздел", "2А класс", "3Б класс"]


def test_a_subject_teacher_sees_the_sections_of_the_classes_they_teach(cast, login):
    assert section_titles(login(cast.user("teacher"))) == ["Общешкольный раздел", "2А класс", "3Б класс"]


def test_students_cannot_read_or_post_unless_the_school_allows(cast, login, actor_of):
    topic = class_a_topic(cast)
    client = login(cast.user("pupil_a"))
    assert section_titles(client) == []
    assert client.get(f"/community/forum/topic/{topic.pk}/").status_code == 404
    with pytest.raises(NotFound):
        forum_post_create(actor=actor_of("pupil_a"), topic_id=topic.pk, body="Привет")
    assert topic.posts.count() == 1


def test_students_post_once_the_administration_allows(cast, login, actor_of):
    forum_settings_update(actor=actor_of("director"), school_id=cast.school_a.pk, allow_students=True)
    topic = class_a_topic(cast)
    client = login(cast.user("pupil_a"))
    assert section_titles(client) == ["Общешкольный раздел", "2А класс"]
    response = client.post(f"/community/forum/topic/{topic.pk}/reply/", {"body": "Я тоже поеду"})
    assert response.status_code == 302
    assert topic.posts.filter(author=cast.user("pupil_a"), body="Я тоже поеду").exists()


def test_another_schools_teacher_cannot_find_a_topic_of_this_school(cast, login):
    topic = class_a_topic(cast)
    assert login(cast.user("outsider")).get(f"/community/forum/topic/{topic.pk}/").status_code == 404


def test_a_topic_with_an_empty_title_is_refused_naming_the_field_and_nothing_is_saved(cast, login):
    section = section_of(cast, cast.class_a)
    response = login(cast.user("parent_a")).post(
        f"/community/forum/{section.pk}/new/", {"title": "  ", "body": "Текст"}
    )
    assert response.status_code == 400
    assert "Укажите тему." in response.content.decode()
    assert not ForumTopic.objects.exists()


def test_a_new_topic_goes_to_the_top_of_its_section(cast, actor_of, login):
    section = section_of(cast, cast.class_a)
    forum_topic_create(actor=actor_of("parent_a"), section_id=section.pk, title="Первая", body="Текст")
    forum_topic_create(actor=actor_of("classteacher"), section_id=section.pk, title="Вторая", body="Текст")
    page = login(cast.user("teacher")).get(f"/community/forum/{section.pk}/").context["page"]
    assert [topic.title for topic in page.object_list] == ["Вторая", "Первая"]
