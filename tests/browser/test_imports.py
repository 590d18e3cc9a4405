"""The imports page in a browser: the system administrator downloads the students' template,
uploads a file with a bad row and sees it named, uploads the fixed file, confirms the preview and
sees the pupils loaded; the pages pass axe."""

import pytest
from django.core.management import call_command

from tests.browser.a11y import assert_no_axe_violations
from tests.browser.test_credentials_chain import new_page
from tests.browser.test_teacher_home import sign_in
from tests.integrations.imports_data import csv_file
from zhurnal.people.models import Student

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "Фамилия;Имя;Отчество;Дата рождения;Класс;Мать (ФИО);Телефон матери"


@pytest.fixture
def demo_school(transactional_db):
    call_command("demo", today="2026-11-25", verbosity=0)


def test_the_administrator_loads_pupils_from_a_windows_1251_file(live_server, browser, demo_school, tmp_path):
    page = new_page(browser)
    sign_in(page, live_server.url, "admin")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(live_server.url + "/integrations/imports/")
    assert_no_axe_violations(page, context="imports page")
    with page.expect_download() as template:
        page.get_by_role("link", name="Шаблон XLSX: Обучающиеся (с классом и родителями)").click()
    assert template.value.suggested_filename == "zhurnal-students.xlsx"

    bad = tmp_path / "pupils.csv"
    bad.write_bytes(
        csv_file(
            [HEADER, "Орлов;Иван;;01.03.2018;2А;Орлова Анна;+7 900", ";Ольга;;04.05.2017;3А;;"],
            encoding="cp1251",
        )
    )
    page.select_option("#import-kind", "students")
    page.set_input_files("#import-file", str(bad))
    page.get_by_role("button", name="Проверить файл").click()
    errors = page.locator("table", has_text="Что не так")
    errors.wait_for()
    assert "не указана фамилия" in errors.inner_text()
    assert not Student.objects.filter(last_name="Орлов").exists()

    good = tmp_path / "pupils-fixed.csv"
    good.write_bytes(
        csv_file(
            [
                HEADER,
                "Орлов;Иван;;01.03.2018;2А;Орлова Анна;+7 900",
                "Орлова;Ольга;;04.05.2017;3А;Орлова Анна;+7 900",
            ],
            encoding="cp1251",
        )
    )
    page.select_option("#import-kind", "students")
    page.set_input_files("#import-file", str(good))
    page.get_by_role("button", name="Проверить файл").click()
    page.get_by_role("button", name="Подтвердить и загрузить").wait_for()
    assert "создать: 2" in page.content()
    assert_no_axe_violations(page, context="import preview")
    page.get_by_role("button", name="Подтвердить и загрузить").click()
    page.get_by_text("Загружено.").wait_for()
    assert Student.objects.filter(last_name__in=["Орлов", "Орлова"]).count() == 2
