"""The layout: navigation by what the person may do, their school and name, messages."""

import pytest

pytestmark = pytest.mark.django_db


def labels(response) -> list[str]:
    """The navbar's top level; a menu as «Name: child, child»."""
    return [
        f"{item.label}: {', '.join(child.label for child in item.children)}" if item.children else item.label
        for item in response.context["nav_items"]
    ]


BOOKS = "Книга приказов, Движение обучающихся, Заявления о приёме, Алфавитная книга"
MY_CLASS = "Мой класс: Список класса, Заполнение журналов, Подгруппы, Логины и пароли, Ресурсы класса"
TEACHING_MATERIALS = (
    "Материалы: Мои КТП, Мои материалы, Материалы школы, Портфолио, Ресурсы классов, Документы школы"
)
FAMILY_MATERIALS = "Материалы: Портфолио, Ресурсы классов, Документы школы"
HEAD_MATERIALS = "Материалы школы, Портфолио, Ресурсы классов, Документы школы"


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (
            "teacher",
            [
                "Мои уроки",
                "Мои журналы",
                "Что не заполнено",
                "Сообщения",
                "Отчёты",
                TEACHING_MATERIALS,
                "Форум",
            ],
        ),
        (
            "classteacher",
            [
                "Мои уроки",
                "Мои журналы",
                "Что не заполнено",
                MY_CLASS,
                "Сообщения",
                "Отчёты",
                TEACHING_MATERIALS,
                "Форум",
            ],
        ),
        ("parent_a", ["Мои дети", "Внеурочная деятельность", "Сообщения", FAMILY_MATERIALS, "Форум"]),
        ("pupil_a", ["Мой дневник", "Внеурочная деятельность", "Сообщения", FAMILY_MATERIALS, "Форум"]),
        (
            "director",
            [
                "Сообщения",
                f"Школа: Обзор школы, Классы, Классные руководители, Нагрузка и расписание, Межклассные группы, Заполнение журналов, Периоды, КТП на согласовании, {HEAD_MATERIALS}, Внеурочная деятельность",
                "Отчёты",
                f"Делопроизводство: Люди, {BOOKS}, Учётные записи, Архив документов",
                "Система: Загрузка из таблиц, Сведения о школе и справочники, Справочники и настройки",
                "Форум",
            ],
        ),
        (
            "sysadmin",
            [
                "Сообщения",
                "Школа: Обзор школы, Классы, Классные руководители, Нагрузка и расписание, Межклассные группы, Портфолио, Ресурсы классов, Документы школы",
                "Отчёты",
                f"Делопроизводство: Люди, {BOOKS}, Учётные записи, Архив документов",
                "Система: Резервные копии, Выгрузка OneRoster, Загрузка из таблиц, Сведения о школе и справочники, Справочники и настройки",
                "Форум",
            ],
        ),
        (
            "deputy",
            [
                "Сообщения",
                f"Школа: Обзор школы, Классы, Нагрузка и расписание, Межклассные группы, Заполнение журналов, Периоды, КТП на согласовании, {HEAD_MATERIALS}, Внеурочная деятельность",
                "Отчёты",
                f"Делопроизводство: Люди, {BOOKS}, Архив документов",
                "Форум",
            ],
        ),
        (
            "secretary",
            [
                "Сообщения",
                "Школа: Обзор школы, Классы, Нагрузка и расписание, Портфолио, Документы школы",
                f"Делопроизводство: Люди, {BOOKS}",
                "Форум",
            ],
        ),
        ("authority", ["Отчёты", "Школы"]),
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
    assert [item.label for item in nav if item.active] == ["Школа"]
    (school,) = [item for item in nav if item.active]
    assert [child.label for child in school.children if child.active] == ["Классы"]


def test_pages_load_assets_from_the_server_and_no_inline_styles(cast, page_as):
    html = page_as("director", "/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert "style=" not in html
    assert "<style" not in html
    assert "https://" not in html


def test_two_teachers_of_one_school_share_one_working_out_of_the_bar(cast, rf, monkeypatch):
    """The entries are kept per set of roles held where: a second teacher of the same school gets
    them without `_items` running again, and with their own messages item."""
    from tests import factories as f
    from zhurnal.accounts.models import Role
    from zhurnal.policy.actor import actor_for
    from zhurnal.web import context_processors

    other = f.UserFactory(username="teacher_two")
    f.RoleGrantFactory(user=other, role=Role.TEACHER, school=cast.school_a)
    f.StaffFactory(school=cast.school_a, user=other)
    worked_out = []
    real_items = context_processors._items
    monkeypatch.setattr(context_processors, "_KEPT", {})
    monkeypatch.setattr(
        context_processors, "_items", lambda actor: worked_out.append(actor) or real_items(actor)
    )

    def bar(user):
        request = rf.get("/")
        request.user = user
        request.actor = actor_for(user)
        return context_processors.navigation(request)["nav_items"]

    first, second = bar(cast.user("teacher")), bar(other)

    assert len(worked_out) == 1
    assert [item.label for item in first] == [item.label for item in second]
    (messages_one,) = [item.label for item in first if item.label == "Сообщения"]
    (messages_two,) = [item.label for item in second if item.label == "Сообщения"]
    assert (messages_one.user_id, messages_two.user_id) == (cast.user("teacher").pk, other.pk)


def test_a_new_grant_changes_the_kept_bar(cast, page_as):
    from tests import factories as f
    from zhurnal.accounts.models import Role

    assert "Отчёты" in labels(page_as("teacher", "/"))
    assert not any(label.startswith("Делопроизводство") for label in labels(page_as("teacher", "/")))

    f.RoleGrantFactory(user=cast.user("teacher"), role=Role.SECRETARY, school=cast.school_a)

    assert any(label.startswith("Делопроизводство") for label in labels(page_as("teacher", "/")))


@pytest.mark.parametrize("member", ["teacher", "classteacher", "director", "sysadmin", "parent_a"])
def test_the_bar_is_printed_as_markup_not_as_escaped_text(cast, page_as, member):
    page = page_as(member, "/")
    html = page.content.decode()
    assert "&lt;li" not in html
    for item in page.context["nav_items"]:
        assert f'href="{item.url}"' in html, item.label
