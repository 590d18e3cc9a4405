"""The ways in: «Мероприятия класса» on the home page, «Форум» in the menu."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_class_teacher_finds_their_class_events_on_the_class_panel(cast, login):
    html = login(cast.user("classteacher")).get("/").content.decode()
    assert f'href="/community/class/{cast.class_a.pk}/events/"' in html


def test_a_parent_finds_the_class_events_on_each_childs_card(cast, login):
    html = login(cast.user("parent_a")).get("/").content.decode()
    assert f'href="/community/class/{cast.class_a.pk}/events/"' in html
    assert f'href="/community/class/{cast.class_b.pk}/events/"' not in html


def test_members_of_a_school_have_the_forum_in_the_menu_and_the_authority_does_not(cast, login):
    labels = [item.label for item in login(cast.user("pupil_a")).get("/").context["nav_items"]]
    assert "Форум" in labels
    labels = [item.label for item in login(cast.user("authority")).get("/").context["nav_items"]]
    assert "Форум" not in labels
