"""The imports page: upload, preview (kept for its uploader, for an hour), confirm, progress and
result; templates to download; a bad file shown row by row."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories as f
from tests.integrations.imports_data import csv_file, preview_job
from tests.querycount import count_queries
from zhurnal.accounts.models import Role
from zhurnal.core.models import AuditEvent, BackgroundJob
from zhurnal.core.tabular import read_table
from zhurnal.integrations.imports import KINDS
from zhurnal.people.models import Student

pytestmark = pytest.mark.django_db

HEADER = "Фамилия;Имя;Отчество;Дата рождения;Класс"


@pytest.fixture
def school():
    school = f.SchoolFactory()
    year = f.AcademicYearFactory(school=school)
    f.ClassGroupFactory(year=year, grade=2, letter="А")
    return school


@pytest.fixture
def admin(school):
    user = f.UserFactory()
    f.RoleGrantFactory(user=user, role=Role.SYSADMIN, school=school)
    return user


def _upload(client, lines, kind="students", name="pupils.csv", encoding="cp1251"):
    return client.post(
        "/integrations/imports/",
        {"kind": kind, "file": SimpleUploadedFile(name, csv_file(lines, encoding=encoding))},
    )


def test_an_upload_is_previewed_then_confirmed_then_loaded(
    admin, school, login, django_capture_on_commit_callbacks
):
    client = login(admin)
    answer = _upload(client, [HEADER, "Кузнецов;Илья;;01.02.2018;2А", "Попова;Анна;;02.03.2018;2А"])
    assert answer.status_code == 302
    preview = client.get(answer["Location"])
    html = preview.content.decode()
    assert "создать: 2" in html and "Кузнецов Илья, 01.02.2018, 2А" in html
    assert "Подтвердить и загрузить" in html
    assert not Student.objects.exists()
    job = BackgroundJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/integrations/imports/{job.pk}/confirm/").status_code == 302
    assert Student.objects.count() == 2
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE
    assert job.message == "Создано 2, изменено 0, без изменений 0."
    done = client.get(f"/integrations/imports/{job.pk}/").content.decode()
    assert "Загружено." in done and f"/integrations/imports/{job.pk}/result/" in done
    result = b"".join(client.get(f"/integrations/imports/{job.pk}/result/").streaming_content).decode(
        "utf-8-sig"
    )
    assert "2;создано;Кузнецов Илья, 01.02.2018, 2А" in result
    assert {"import.upload", "import.confirm", "import.apply"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def test_a_confirmed_preview_cannot_be_confirmed_again(
    admin, school, login, django_capture_on_commit_callbacks
):
    client = login(admin)
    job = preview_job(admin, school)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/integrations/imports/{job.pk}/confirm/")
    again = client.post(f"/integrations/imports/{job.pk}/confirm/", follow=True)
    assert "Эта загрузка уже подтверждена." in again.content.decode()


def test_a_bad_file_is_shown_row_by_row_and_nothing_is_kept(admin, school, login):
    answer = _upload(login(admin), [HEADER, ";Илья;;01.02.2018;2А", "Попова;Анна;;02.13.2018;5Я"])
    assert answer.status_code == 400
    html = answer.content.decode()
    assert (
        "Ничего не загружено: в файле 3 ошибок." in html or "Ничего не загружено: в файле 3 ошибки." in html
    )
    assert "<td>2</td><td>Фамилия</td><td>не указана фамилия</td>" in html
    assert "<td>3</td><td>Класс</td><td>нет класса «5Я» в учебном году 2026/2027</td>" in html
    assert not BackgroundJob.objects.exists()


def test_a_file_that_is_not_a_table_is_refused(admin, school, login):
    answer = login(admin).post(
        "/integrations/imports/", {"kind": "students", "file": SimpleUploadedFile("pupils.pdf", b"%PDF-1.4")}
    )
    assert answer.status_code == 400
    assert "такой тип файла не принимается" in answer.content.decode()


def test_someone_elses_preview_is_missing_and_an_expired_one_is_refused(admin, school, login):
    job = preview_job(admin, school)
    other = f.UserFactory()
    f.RoleGrantFactory(user=other, role=Role.SYSADMIN, school=school)
    assert login(other).get(f"/integrations/imports/{job.pk}/").status_code == 404
    assert login(other).post(f"/integrations/imports/{job.pk}/confirm/").status_code == 404
    BackgroundJob.objects.filter(pk=job.pk).update(expires_at=job.created_at - dt.timedelta(seconds=1))
    assert login(admin).get(f"/integrations/imports/{job.pk}/").status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_every_kind_has_a_template_that_reads_back_with_its_own_columns(admin, school, login, fmt):
    client = login(admin)
    for kind, importer in KINDS.items():
        answer = client.get(f"/integrations/imports/templates/{kind}.{fmt}")
        assert answer.status_code == 200
        table = read_table(answer.content, importer.columns)
        assert table.headers == [column.title for column in importer.columns]
        assert len(table.rows) == len(importer.examples)


def test_the_preview_page_runs_the_same_queries_for_3_rows_and_for_270(admin, school, login):
    client = login(admin)
    small = preview_job(admin, school, ["Класс", "5А", "5Б", "5В"])
    large = preview_job(
        admin,
        school,
        [
            "Класс",
            *(f"{grade}{letter}" for grade in range(1, 11) for letter in "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"),
        ],
    )
    assert len(large.params["rows"]) == 270
    client.get(f"/integrations/imports/{small.pk}/")  # warm the session and caches
    few, _ = count_queries(client.get, f"/integrations/imports/{small.pk}/")
    many, _ = count_queries(client.get, f"/integrations/imports/{large.pk}/")
    assert few == many
    assert many <= 12


def test_the_start_page_lists_every_kind_with_its_templates(admin, school, login):
    html = login(admin).get("/integrations/imports/").content.decode()
    for kind in KINDS:
        assert f"/integrations/imports/templates/{kind}.xlsx" in html
        assert f"/integrations/imports/templates/{kind}.csv" in html
    assert "Фамилия*" in html


def test_the_system_menu_leads_the_system_administrator_to_the_imports(admin, school, login):
    assert "/integrations/imports/" in login(admin).get("/").content.decode()
