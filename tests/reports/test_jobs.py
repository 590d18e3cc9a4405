"""Long reports as background jobs: started from the page, progress polled, the file kept under
«Мои отчёты» for the configured days and then deleted by the scheduler's job."""

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from tests.querycount import assert_max_queries
from zhurnal.core import jobs
from zhurnal.core.models import AuditEvent, BackgroundJob
from zhurnal.ops import scheduler

pytestmark = pytest.mark.django_db


@pytest.fixture
def authority_client(hand, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ZHURNAL_TODAY = "2026-12-01"
    client.force_login(hand.users["authority"], backend="zhurnal.accounts.backends.UserBackend")
    return client


def test_a_long_report_runs_as_a_job_whose_file_is_listed_under_my_reports(
    hand, authority_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = authority_client.post("/reports/authority-summary/jobs/", {"format": "xlsx"})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/jobs/{job.pk}/"
    assert AuditEvent.objects.filter(action="report.job_start", object_id=job.pk).exists()
    # The test settings run tasks at once (after commit), so the job is done by now.
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.owner_id) == ("done", 3, 3, hand.users["authority"].pk)
    assert (job.expires_at - job.created_at).total_seconds() == pytest.approx(7 * 24 * 3600, abs=5)
    partial = authority_client.get(f"/reports/jobs/{job.pk}/progress/").content.decode()
    assert f"/reports/jobs/{job.pk}/file/" in partial and "hx-trigger" not in partial
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(authority_client.get(f"/reports/jobs/{job.pk}/file/").streaming_content))
    )
    assert book.worksheets[0]["A7"].value == "Школа № 7"
    assert job.result_name in authority_client.get("/reports/mine/").content.decode()


def test_a_running_job_is_polled_and_shows_its_progress(hand, authority_client):
    job = jobs.job_start(
        kind="report", owner_id=hand.users["authority"].pk, keep=dt.timedelta(days=7), total=4
    )
    jobs.job_progress(job.pk, done=2, message="Собираю данные")
    partial = authority_client.get(f"/reports/jobs/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in partial and "Собираю данные" in partial and "w-50" in partial


def test_someone_elses_job_is_not_found(hand, authority_client):
    job = jobs.job_start(kind="report", owner_id=hand.users["deputy"].pk, keep=dt.timedelta(days=7))
    for path in ("", "progress/", "file/"):
        assert authority_client.get(f"/reports/jobs/{job.pk}/{path}").status_code == 404


def test_the_scheduler_deletes_expired_jobs_and_their_files(
    hand, authority_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        authority_client.post("/reports/authority-summary/jobs/", {"format": "csv"})
    job = BackgroundJob.objects.get()
    storage, name = job.result_file.storage, job.result_file.name
    assert storage.exists(name)
    fresh = jobs.job_start(kind="report", owner_id=1, keep=dt.timedelta(days=7))
    assert jobs.jobs_expire(timezone.now() + dt.timedelta(days=7, minutes=1)) == 2
    assert not storage.exists(name) and not BackgroundJob.objects.filter(pk__in=[job.pk, fresh.pk]).exists()
    assert "background_jobs_expire" in {j.name for j in scheduler.JOBS}


def test_my_reports_runs_a_fixed_number_of_queries(hand, authority_client):
    for _ in range(3):
        jobs.job_start(kind="report", owner_id=hand.users["authority"].pk, keep=dt.timedelta(days=7))
    authority_client.get("/reports/mine/")
    with assert_max_queries(12):
        assert authority_client.get("/reports/mine/").status_code == 200


def test_bad_input_to_a_long_report_is_refused_at_once_and_starts_nothing(hand, authority_client):
    response = authority_client.post("/reports/authority-summary/jobs/", {"format": "xlsx", "school": "abc"})
    assert response.status_code == 400 and "Школа" in response.content.decode()
    assert not BackgroundJob.objects.exists()
