"""The deputy marks a report as final: its PDF, under a verification code, goes to the archive
with the retention term of reports (issue 9 item 7)."""

import io

import pdfplumber
import pytest

from zhurnal.archive.models import ArchivedDocument
from zhurnal.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_deputy_signs_a_report_off_into_the_archive_and_can_download_it(cast, login):
    client = login(cast.user("deputy"))
    page = client.get(f"/reports/progress/?school={cast.school_a.pk}").content.decode()
    assert "Отметить как итоговый и передать в архив" in page

    answer = client.post("/reports/progress/sign-off/", {"school": cast.school_a.pk})
    assert answer.status_code == 302 and answer["Location"] == "/archive/"
    document = ArchivedDocument.objects.get()
    assert (document.kind, document.school_id, document.signed_off_by) == (
        "report",
        cast.school_a.pk,
        cast.user("deputy"),
    )
    assert document.retention_until is not None
    assert AuditEvent.objects.filter(action="archive.sign_off", object_id=document.pk).exists()
    with document.file.open("rb") as fh:
        content = fh.read()
    text = pdfplumber.open(io.BytesIO(content)).pages[0].extract_text()
    assert "Код проверки" in text
    assert document.stamp.sha256 == document.sha256  # the archived bytes are the registered ones
    listing = client.get("/archive/").content.decode()
    assert document.title in listing


def test_who_runs_the_report_but_does_not_sign_documents_off_sees_no_button_and_gets_403(cast, login):
    client = login(cast.user("director"))
    assert (
        "передать в архив" not in client.get(f"/reports/progress/?school={cast.school_a.pk}").content.decode()
    )
    assert client.post("/reports/progress/sign-off/", {"school": cast.school_a.pk}).status_code == 403
    assert not ArchivedDocument.objects.exists()


def test_signing_off_runs_the_same_number_of_queries_however_many_marks(cast, login):
    from tests import factories as f
    from tests.querycount import count_queries

    client = login(cast.user("deputy"))
    client.post("/reports/progress/sign-off/", {"school": cast.school_a.pk})  # warm: the first code
    few, _ = count_queries(client.post, "/reports/progress/sign-off/", {"school": cast.school_a.pk})
    for _ in range(10):
        pupil = f.EnrollmentFactory(class_group=cast.class_a).student
        f.MarkFactory(lesson=cast.lesson_a, student=pupil, value="4", score=4)
    many, _ = count_queries(client.post, "/reports/progress/sign-off/", {"school": cast.school_a.pk})
    assert many == few
