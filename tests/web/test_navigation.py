"""The layout: navigation by what the person may do, their school and name, messages."""

import pytest

pytestmark = pytest.mark.django_db


def labels(response) -> list[str]:
    return [item.label for item in response.context["nav_items"]]


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("teacher", ["Мои уроки", "Мои журналы", "Что не заполнено", "Сообщения", "Люди", "Форум"]),
        (
            "classteacher",
            [
                "Мои уроки",
                "Мои журналы",
                "Что не заполнено",
                "Мой класс",
                "Сообщения",
                "Люди",
                "Учётные записи",
                "Форум",
            ],
        ("teacher", ["Мои уроки", "Мои журналы", "Что не заполнено", "Сообщения", "Форум"]),
        (
            "classteacher",
            ["Мои уроки", "Мои журналы", "Что не заполнено", "Мой класс", "Подгруппы", "Сообщения", "Форум"],
        ),
        ("parent_a", ["Мои дети", "Сообщения", "Форум"]),
        ("pupil_a", ["Мой дневник", "Сообщения", "Форум"]),
        (
            "director",
            [
                "Сообщения",
                "Школа",
                "Классы",
                "Периоды",
                "Люди",
                "Учётные записи",
                "Приказы",
                "Классные руководители",
                "Периоды",
                "Администрирование",
                "Форум",
            ],
        ),
        (
            "sysadmin",
            ["Сообщения", "Школа", "Классы", "Люди", "Учётные записи", "Администрирование", "Форум"],
        ),
        ("deputy", ["Сообщения", "Школа", "Классы", "Периоды", "Люди", "Форум"]),
        ("secretary", ["Сообщения", "Школа", "Классы", "Люди", "Форум"]),
        ("director", ["Сообщения", "Школа", "Классы", "Периоды", "Архив", "Администрирование", "Форум"]),
        ("sysadmin", ["Сообщения", "Школа", "Классы", "Архив", "Администрирование", "Форум"]),
        ("deputy", ["Сообщения", "Школа", "Классы", "Периоды", "Архив", "Форум"]),
        ("director", ["Сообщения", "Школа", "Классы", "Периоды", "Администрирование", "Форум"]),
        ("sysadmin", ["Сообщения", "Школа", "Классы", "Администрирование", "Резервные копии", "Форум"]),
        ("deputy", ["Сообщения", "Школа", "Классы", "Периоды", "Форум"]),
        ("secretary", ["Сообщения", "Школа", "Классы", "Форум"]),
            [
                "Сообщения",
                "Школа",
                "Классы",
                "Приказы",
                "Классные руководители",
                "Администрирование",
                "Форум",
            ],
        ),
        ("deputy", ["Сообщения", "Школа", "Классы", "Приказы", "Периоды", "Форум"]),
        ("secretary", ["Сообщения", "Школа", "Классы", "Приказы", "Форум"]),
        ("authority", ["Школы"]),
        ("teacher", ["Мои уроки", "Мои журналы", "Что не заполнено", "Сообщения", "Отчёты", "Форум"]),
        (
            "classteacher",
            ["Мои уроки", "Мои журналы", "Что не заполнено", "Мой класс", "Сообщения", "Отчёты", "Форум"],
        ),
        ("parent_a", ["Мои дети", "Сообщения", "Форум"]),
        ("pupil_a", ["Мой дневник", "Сообщения", "Форум"]),
        ("director", ["Сообщения", "Школа", "Классы", "Периоды", "Отчёты", "Администрирование", "Форум"]),
        ("sysadmin", ["Сообщения", "Школа", "Классы", "Отчёты", "Администрирование", "Форум"]),
        ("deputy", ["Сообщения", "Школа", "Классы", "Периоды", "Отчёты", "Форум"]),
        ("secretary", ["Сообщения", "Школа", "Классы", "Форум"]),
        ("authority", ["Школы", "Отчёты"]),
    ],
)
def test_each_role_gets_its_own_menu(cast, page_as, member, expected):
    assert labels(page_as(member, "/")) == expected


def test_my_class_leads_to_the_class_teachers_class(cast, page_as):
    nav = page_as("classteacher", "/").context["nav_items"]
    my_class = next(item for item in nav if item.label == "Мой класс")
    assert my_class.url == f"/classes/{cast.class_a.pk}/"


def test_the_navbar_names_the_school_and_the_user(cast, page_as):
    html = page_as("teacher", "/").content.decode()
    assert "Школа А" in html
    assert cast.user("teacher").short_name in html
    assert "Школа Б" not in html


def test_sign_out_is_a_post_form_in_the_menu(cast, page_as):
    html = page_as("pupil_a", "/").content.decode()
    assert 'method="post" action="/accounts/logout/"' in html


def test_the_current_page_is_marked_active(cast, page_as):
    nav = page_as("director", "/classes/").context["nav_items"]
    assert [item.label for item in nav if item.active] == ["Классы"]


def test_pages_load_assets_from_the_server_and_no_inline_styles(cast, page_as):
    html = page_as("director", "/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert "style=" not in html
    assert "<style" not in html
    assert "https://" not in html
