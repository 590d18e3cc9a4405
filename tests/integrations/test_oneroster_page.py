"""The OneRoster export page: the system administrator asks for their school's package, the job
writes it with its progress, and only its owner downloads the ZIP (issue 11 items 2 and 5)."""

import csv
import io
import zipfile

import pytest

from tests import factories as f
from tests.querycount import assert_max_queries
from zhurnal.accounts.models import Role, SecurityEvent
from zhurnal.core.models import AuditEvent, BackgroundJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """The page's transaction commits, so the task runs (at once, under the test settings)."""

    def post(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def test_the_system_administrator_exports_the_school_and_downloads_the_package(cast, login, run_on_commit):
    client = login(cast.user("sysadmin"))
    page = client.get("/integrations/oneroster/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{cast.school_a.pk}">{cast.school_a.short_name}</option>' in html
    assert cast.school_b.short_name not in html  # not their school
    assert 'value="all"' not in html  # the database holds two schools: no region package for them

    answer = run_on_commit(client, "/integrations/oneroster/export/", {"school": cast.school_a.pk})
    assert answer.status_code == 302
    job = BackgroundJob.objects.get(kind="oneroster")
    # The test settings run tasks at once: the job is done, every step counted.
    assert (job.status, job.done, job.total) == ("done", 19, 19)
    assert AuditEvent.objects.filter(action="oneroster.export_start", object_id=job.pk).exists()
    html = client.get("/integrations/oneroster/").content.decode()
    assert f"/integrations/oneroster/{job.pk}/download/" in html

    download = client.get(f"/integrations/oneroster/{job.pk}/download/")
    assert download.status_code == 200
    package = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert "manifest.csv" in package.namelist() and "results.csv" in package.namelist()
    users = {row["sourcedId"] for row in csv.DictReader(io.StringIO(package.read("users.csv").decode()))}
    assert any(sid.endswith(f"-student-{cast.pupil_a.pk}") for sid in users)
    assert not any(sid.endswith(f"-student-{cast.pupil_other.pk}") for sid in users)  # school B's
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.DATA_EXPORTED, detail__what="oneroster"
    ).exists()


def test_another_schools_package_and_another_users_file_are_404(cast, login):
    client = login(cast.user("sysadmin"))
    assert client.post("/integrations/oneroster/export/", {"school": cast.school_b.pk}).status_code == 404
    assert client.post("/integrations/oneroster/export/", {"school": "all"}).status_code == 404
    assert client.post("/integrations/oneroster/export/", {"school": "x"}).status_code == 404
    assert not BackgroundJob.objects.exists()
    client.post("/integrations/oneroster/export/", {"school": cast.school_a.pk})
    job = BackgroundJob.objects.get()
    other = f.UserFactory(is_superuser=True)
    assert login(other).get(f"/integrations/oneroster/{job.pk}/download/").status_code == 404


def test_the_system_administrator_of_the_only_school_may_also_export_the_whole_database(login, run_on_commit):
    school = f.SchoolFactory(short_name="МКОУ НШДС № 12")
    user = f.UserFactory()
    f.RoleGrantFactory(user=user, role=Role.SYSADMIN, school=school)
    client = login(user)
    assert 'value="all"' in client.get("/integrations/oneroster/").content.decode()
    assert run_on_commit(client, "/integrations/oneroster/export/", {"school": "all"}).status_code == 302
    job = BackgroundJob.objects.get()
    assert job.status == "done" and job.params == {"school": None}


def test_a_failed_export_says_why_on_the_page(cast, login, monkeypatch, run_on_commit):
    from zhurnal.integrations.oneroster import export

    def broken(*args, **kwargs):
        raise OSError("диск заполнен")

    monkeypatch.setattr(export, "build", broken)
    client = login(cast.user("sysadmin"))
    run_on_commit(client, "/integrations/oneroster/export/", {"school": cast.school_a.pk})
    job = BackgroundJob.objects.get()
    assert job.status == "failed"
    assert "Выгрузка не удалась: диск заполнен" in client.get("/integrations/oneroster/").content.decode()


def test_the_page_reads_a_fixed_number_of_queries_however_many_exports(cast, login):
    client = login(cast.user("sysadmin"))
    client.post("/integrations/oneroster/export/", {"school": cast.school_a.pk})
    with assert_max_queries(9):
        client.get("/integrations/oneroster/")
    for _ in range(5):
        client.post("/integrations/oneroster/export/", {"school": cast.school_a.pk})
    with assert_max_queries(9):  # the same, with six exports listed
        client.get("/integrations/oneroster/")


def test_starting_an_export_and_downloading_it_read_a_fixed_number_of_queries(cast, login, run_on_commit):
    client = login(cast.user("sysadmin"))
    with assert_max_queries(12):
        client.post("/integrations/oneroster/export/", {"school": cast.school_a.pk})
    run_on_commit(client, "/integrations/oneroster/export/", {"school": cast.school_a.pk})
    job = BackgroundJob.objects.filter(status="done").get()
    with assert_max_queries(9):
        client.get(f"/integrations/oneroster/{job.pk}/download/")
