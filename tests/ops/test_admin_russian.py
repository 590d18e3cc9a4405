"""The admin speaks Russian: section and model names, titles with the accusative, searchable
choices instead of raw ids, and pupils filtered by class."""

import re

import pytest
from django.urls import reverse

from tests import factories as f
from tests.querycount import assert_max_queries

pytestmark = pytest.mark.django_db


def headings(response) -> list[str]:
    return re.findall(r"<h1>([^<]*)</h1>", response.content.decode())


def test_every_section_and_model_of_the_index_is_named_in_russian(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()

    sections = re.findall(r"<caption>\s*<a[^>]*>([^<]*)</a>", html)
    assert {"Двухфакторный вход: приложения", "Фоновые задачи", "Аудит", "Люди"} <= set(sections)
    for english in ("Otp_Static", "Otp_Totp", "Tasks Database Backend", "Task Results", "Zhurnal core"):
        assert english not in html
    assert "Результаты задач" in html


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("admin:accounts_user_add", "Добавить пользователя"),
        ("admin:people_student_add", "Добавить обучающегося"),
        ("admin:people_teachingassignment_add", "Добавить педагогическую нагрузку"),
        ("admin:people_student_changelist", "Выберите обучающегося для изменения"),
        ("admin:core_auditevent_changelist", "Выберите запись аудита для просмотра"),
    ],
)
def test_titles_put_the_models_name_in_the_accusative(cast, login, url, title):
    response = login(cast.user("sysadmin")).get(reverse(url))

    assert headings(response) == [title]


def test_the_change_page_and_the_add_button_use_the_accusative(cast, login):
    client = login(cast.user("sysadmin"))

    change = client.get(reverse("admin:people_student_change", args=[cast.pupil_a.pk]))
    listing = client.get(reverse("admin:people_student_changelist"))

    assert headings(change) == ["Изменить обучающегося"]
    assert re.search(r'class="addlink">\s*Добавить обучающегося\s*</a>', listing.content.decode())


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("admin:people_student_add", "user"),
        ("admin:people_enrollment_add", "student"),
        ("admin:people_studentguardian_add", "guardian"),
    ],
)
def test_people_and_logins_are_chosen_by_searching_not_by_typing_an_id(cast, login, url, field):
    html = login(cast.user("sysadmin")).get(reverse(url)).content.decode()

    [select] = re.findall(rf'<select name="{field}"[^>]*>', html)
    assert "admin-autocomplete" in select
    assert "vForeignKeyRawIdAdminField" not in html


def test_the_search_offers_only_pupils_of_the_actors_school(cast, login):
    response = login(cast.user("sysadmin")).get(
        "/admin/autocomplete/",
        {"app_label": "people", "model_name": "enrollment", "field_name": "student", "term": ""},
    )

    offered = {int(r["id"]) for r in response.json()["results"]}
    assert cast.pupil_a.pk in offered and cast.pupil_b.pk in offered
    assert cast.pupil_other.pk not in offered


def test_pupils_are_filtered_by_their_class_today(cast, login):
    client = login(cast.user("sysadmin"))
    url = reverse("admin:people_student_changelist")

    in_a = client.get(url, {"class_group": cast.class_a.pk})
    listing = client.get(url).content.decode()

    assert {s.pk for s in in_a.context["cl"].result_list} == {cast.pupil_a.pk}
    assert "2А" in listing and "3Б" in listing
    # Another school's class is not offered.
    assert f"class_group={cast.class_other.pk}" not in listing


def test_the_class_filter_costs_the_same_however_many_pupils_and_classes(cast, login):
    client = login(cast.user("sysadmin"))
    url = reverse("admin:people_student_changelist") + f"?class_group={cast.class_a.pk}"
    client.get(url)
    with assert_max_queries(14) as first:
        client.get(url)
    for _ in range(10):
        f.EnrollmentFactory(class_group=cast.class_a)
    f.ClassGroupFactory(year=cast.class_a.year, grade=4, letter="В")
    with assert_max_queries(len(first.captured_queries), exact=True):
        client.get(url)


def test_fields_without_a_russian_name_get_a_russian_label(cast, login):
    html = login(cast.user("sysadmin")).get(reverse("admin:people_enrollment_add")).content.decode()

    labels = re.findall(r'<label[^>]*for="id_(\w+)"[^>]*>([^<]*)</label>', html)
    assert dict(labels)["student"].startswith("Обучающийся")
    assert dict(labels)["class_group"].startswith("Класс")
    assert "Student" not in html and "Class group" not in html


def test_change_list_columns_of_fields_without_a_russian_name_are_labelled_in_russian(cast, login):
    html = login(cast.user("sysadmin")).get(reverse("admin:people_staff_changelist")).content.decode()
    headers = re.findall(r'<th scope="col"[^>]*>.*?<a [^>]*>([^<]*)</a>', html, re.S) + re.findall(
        r'<th scope="col"[^>]*>\s*<div class="text"><span>([^<]*)</span>', html, re.S
    )
    assert "Учётная запись" in headers
    assert "User" not in headers
