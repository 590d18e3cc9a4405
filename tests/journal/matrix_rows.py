"""Permission matrix rows for the journal's pages."""

from tests.matrix import Row, statuses
from zhurnal.schools.models import StudyPeriod


def _period_url(cast):
    period = StudyPeriod.objects.filter(school=cast.school_a).first()
    return f"/journal/periods/{period.pk}/"


PDF = b"%PDF-1.4\n%%EOF\n"


def _file_url(cast, suffix=""):
    from django.core.files.base import ContentFile

    from zhurnal.journal.models import LessonFile

    stored = LessonFile.objects.create(
        school=cast.school_a,
        lesson=cast.lesson_a,
        file=ContentFile(PDF, name="matrix.pdf"),
        name="matrix.pdf",
        size=len(PDF),
        content_type="application/pdf",
        uploaded_by=cast.math_a.teacher,
    )
    return f"/journal/files/{stored.pk}/{suffix}"


def _upload_body(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"files": [SimpleUploadedFile("matrix.pdf", PDF, "application/pdf")]}


ROWS = [
    Row(
        route="journal:files_add",
        method="POST",
        url=lambda c: f"/journal/lessons/{c.lesson_a.pk}/files/",
        body=_upload_body,
        # Readers of the lesson who may not write get 403; the class's families too (they see it).
        expect=statuses(
            404,
            anonymous=302,
            classteacher=302,
            director=403,
            deputy=403,
            parent_a=403,
            pupil_a=403,
        ),
        audited=True,
    ),
    Row(
        route="journal:file_download",
        url=_file_url,
        expect=statuses(
            404, anonymous=302, classteacher=200, director=200, deputy=200, parent_a=200, pupil_a=200
        ),
    ),
    Row(
        route="journal:file_remove",
        method="POST",
        url=lambda c: _file_url(c, "delete/"),
        expect=statuses(
            404, anonymous=302, classteacher=302, director=403, deputy=403, parent_a=403, pupil_a=403
        ),
        audited=True,
    ),
    Row(
        route="journal:grid",
        url=lambda c: f"/journal/{c.math_a.pk}/",
        expect=statuses(404, anonymous=302, director=200, deputy=200, classteacher=200),
    ),
    Row(
        route="journal:day",
        url=lambda c: "/journal/day/",
        expect=statuses(200, anonymous=302, parent_a=403, parent_b=403, pupil_a=403, authority=403),
    ),
    Row(
        route="journal:periods",
        url=lambda c: "/journal/periods/",
        expect=statuses(403, anonymous=302, director=200, deputy=200),
    ),
    Row(
        route="journal:period_toggle",
        method="POST",
        url=_period_url,
        body=lambda c: {"action": "reopen", "reason": "Ошибка в отметках"},
        expect=statuses(403, anonymous=302, director=302, deputy=302, outsider=404),
        audited=True,
    ),
    Row(
        route="journal:period_close",
        url=lambda c: f"{_period_url(c)}close/",
        expect=statuses(403, anonymous=302, director=200, deputy=200, outsider=404),
        note="the confirmation: what closing locks",
    ),
    Row(
        route="journal:period_close",
        method="POST",
        url=lambda c: f"{_period_url(c)}close/",
        body=lambda c: {"reason": "Досрочно: карантин"},
        expect=statuses(403, anonymous=302, director=302, deputy=302, outsider=404),
        audited=True,
    ),
    Row(
        route="journal:unlock",
        method="POST",
        url=lambda c: f"/journal/{c.math_a.pk}/unlock/",
        body=lambda c: {"date_from": "2026-11-01", "date_to": "2026-11-30", "reason": "Исправление ошибки"},
        expect=statuses(404, anonymous=302, director=302, deputy=302, classteacher=403),
        audited=True,
    ),
]
