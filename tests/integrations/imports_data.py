"""Spreadsheet imports for the tests: files as a secretary would type them, and kept previews."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from zhurnal.core import jobs
from zhurnal.integrations.services.imports import import_upload
from zhurnal.policy.actor import actor_for


def csv_file(lines: list[str], *, encoding: str = "utf-8", delimiter: str = ";") -> bytes:
    """Lines written with `;` in the test, sent with the delimiter and encoding asked for."""
    text = "\r\n".join(line.replace(";", delimiter) for line in lines) + "\r\n"
    return text.encode(encoding)


def preview_job(user, school, lines=("Класс", "7В"), kind="classes"):
    """A preview kept for `user` (a class to create, by default)."""
    upload = SimpleUploadedFile("classes.csv", csv_file(list(lines)))
    return import_upload(actor=actor_for(user), school=school, kind=kind, upload=upload)


def finished_job(user, school):
    job = preview_job(user, school)
    return jobs.job_finish(job.pk, content=b"done", name="import-result.csv", content_type="text/csv")
