"""The consent registry and a person's data export (152-ФЗ)."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factories as f
from zhurnal.accounts.models import SecurityEvent
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.core.models import AuditEvent
from zhurnal.messaging.services import thread_start
from zhurnal.people.consents import has_consent
from zhurnal.people.models import Consent
from zhurnal.people.services.consents import consent_record, consent_withdraw
from zhurnal.policy.actor import actor_for
from zhurnal.web.personal_export import person_export

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%scan\n"


def test_a_consent_counts_from_the_day_given_until_the_day_withdrawn(cast):
    classteacher = actor_for(cast.user("classteacher"))
    guardian = cast.pupil_a.guardian_links.get().guardian
    consent = consent_record(
        actor=classteacher,
        student=cast.pupil_a,
        guardian=guardian,
        kind=Consent.Kind.PHOTOS,
        given_on="2026-09-01",
        scan=SimpleUploadedFile("согласие.pdf", PDF, content_type="application/pdf"),
    )
    assert not has_consent(cast.pupil_a, "photos", on=dt.date(2026, 8, 31))
    assert has_consent(cast.pupil_a, "photos", on=dt.date(2026, 9, 1))
    assert not has_consent(cast.pupil_a, "results", on=dt.date(2026, 9, 1))

    consent_withdraw(actor=classteacher, consent=consent, withdrawn_on="2026-11-01")

    assert has_consent(cast.pupil_a, "photos", on=dt.date(2026, 10, 31))
    assert not has_consent(cast.pupil_a, "photos", on=dt.date(2026, 11, 1))
    assert AuditEvent.objects.filter(action__startswith="consent.").count() == 2


def test_a_consent_refuses_a_bad_scan_a_future_date_and_a_stranger(cast):
    classteacher = actor_for(cast.user("classteacher"))
    fake = SimpleUploadedFile("скан.pdf", b"not a pdf", content_type="application/pdf")
    for kwargs, field in (
        ({"given_on": "2026-09-01", "scan": fake}, "scan"),
        ({"given_on": "2027-01-01"}, "given_on"),
        ({"given_on": "01.09.2026"}, "given_on"),
    ):
        with pytest.raises(InvalidInput) as refusal:
            consent_record(actor=classteacher, student=cast.pupil_a, kind="processing", **kwargs)
        assert refusal.value.field == field
    with pytest.raises(Forbidden):
        consent_record(
            actor=actor_for(cast.user("teacher")),
            student=cast.pupil_a,
            kind="processing",
            given_on="2026-09-01",
        )
    assert not Consent.objects.exists()


def test_opening_a_consent_scan_is_logged(cast, login):
    consent = consent_record(
        actor=actor_for(cast.user("sysadmin")),
        student=cast.pupil_a,
        kind="processing",
        given_on="2026-09-01",
        scan=SimpleUploadedFile("согласие.pdf", PDF),
    )
    response = login(cast.user("classteacher")).get(reverse("people:consent_scan", args=[consent.pk]))

    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert SecurityEvent.objects.filter(kind="file_viewed", subject_id=cast.pupil_a.pk).count() == 1


def test_the_export_holds_the_pupils_marks_attendance_and_consents_and_no_one_elses(cast):
    pupil = cast.pupil_a
    classmate = f.EnrollmentFactory(class_group=cast.class_a, student__last_name="Посторонняя").student
    # Surnames no factory-made person can share (a random guardian «Елисеева» held «Елисеев»).
    for other, surname in ((cast.pupil_b, "Чужакова"), (cast.pupil_other, "Иногородняя")):
        other.last_name = surname
        other.save(update_fields=["last_name"])
    f.MarkFactory(lesson=cast.lesson_a, student=classmate, value="2")
    f.AttendanceFactory(lesson=cast.lesson_a, student=pupil)
    f.AttendanceFactory(lesson=cast.lesson_a, student=classmate)
    consent_record(
        actor=actor_for(cast.user("sysadmin")), student=pupil, kind="results", given_on="2026-09-01"
    )
    consent_record(
        actor=actor_for(cast.user("sysadmin")), student=classmate, kind="photos", given_on="2026-09-01"
    )
    thread_start(
        actor=actor_for(cast.user("pupil_a")),
        recipients=[cast.user("classteacher").pk],
        subject="Вопрос",
        body="Можно пересдать?",
    )

    content = person_export(actor=actor_for(cast.user("sysadmin")), student=pupil)

    archive = zipfile.ZipFile(io.BytesIO(content))
    files = {name: archive.read(name) for name in archive.namelist()}
    assert "summary.pdf" in files and files["summary.pdf"].startswith(b"%PDF")
    data = {name[:-5]: json.loads(body) for name, body in files.items() if name.endswith(".json")}
    assert data["record"]["last_name"] == pupil.last_name
    assert [m["value"] for m in data["marks"]] == [cast.mark_a.value]
    assert len(data["attendance"]) == 1
    assert [c["kind"] for c in data["consents"]] == ["results"]
    assert [m["body"] for m in data["messages"]] == ["Можно пересдать?"]
    everything = b"".join(body for name, body in files.items() if name.endswith(".json")).decode()
    for other in (classmate.last_name, cast.pupil_b.last_name, cast.pupil_other.last_name):
        assert other not in everything
    assert SecurityEvent.objects.filter(kind="data_exported", subject_id=pupil.pk).exists()
    assert AuditEvent.objects.filter(action="person.export", object_id=pupil.pk).exists()


def test_only_the_system_administrator_exports(cast, login):
    url = reverse("web:person_export", args=[cast.pupil_a.pk])
    assert login(cast.user("classteacher")).get(url).status_code == 403
    assert login(cast.user("sysadmin")).get(url)["Content-Type"] == "application/zip"
