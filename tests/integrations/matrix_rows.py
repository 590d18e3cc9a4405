"""Permission matrix rows for the backups page (STYLE.md 10).

An archive holds the whole database, both schools of the cast, so nobody in the cast keeps the
backups: the system administrator of school A is an outsider to school B's data and gets 404 like
everyone else. tests/integrations/test_backups_page.py shows the owner's 200 on a database of one
school, where its system administrator keeps the backups.
"""

import datetime as dt

from tests.integrations.data import finished_backup
from tests.matrix import Row, statuses

NOTE = "the cast holds two schools: no one keeps every school's archive"

ROWS: list[Row] = [
    Row(
        route="integrations:backups",
        url=lambda cast: "/integrations/backups/",
        expect=statuses(404, anonymous=302),
        note=NOTE,
    ),
    Row(
        route="integrations:backup_make",
        url=lambda cast: "/integrations/backups/make/",
        method="POST",
        body=lambda cast: {},
        expect=statuses(404, anonymous=302),
        audited=True,
        note=NOTE,
    ),
    Row(
        route="integrations:backup_download",
        url=lambda cast: f"/integrations/backups/{finished_backup().pk}/download/",
        expect=statuses(404, anonymous=302),
        note=NOTE,
    ),
]


# Spreadsheet imports: the system administrator and the director of school A load its data; a
# kept preview and its result are their uploader's alone (everyone else: 404, as if missing).
def _preview(cast):
    from tests.integrations.imports_data import preview_job

    return preview_job(cast.user("sysadmin"), cast.school_a)


def _finished(cast):
    from tests.integrations.imports_data import finished_job

    return finished_job(cast.user("sysadmin"), cast.school_a)


ROWS += [
    Row(
        route="integrations:imports",
        url=lambda cast: "/integrations/imports/",
        expect=statuses(404, anonymous=302, sysadmin=200, director=200),
    ),
    Row(
        route="integrations:import_template",
        url=lambda cast: "/integrations/imports/templates/students.xlsx",
        expect=statuses(404, anonymous=302, sysadmin=200, director=200),
    ),
    Row(
        route="integrations:import_job",
        url=lambda cast: f"/integrations/imports/{_preview(cast).pk}/",
        expect=statuses(404, anonymous=302, sysadmin=200),
        note="the preview is its uploader's",
    ),
    Row(
        route="integrations:import_confirm",
        url=lambda cast: f"/integrations/imports/{_preview(cast).pk}/confirm/",
        method="POST",
        body=lambda cast: {},
        expect=statuses(404, anonymous=302, sysadmin=302),
        audited=True,
    ),
    Row(
        route="integrations:import_result",
        url=lambda cast: f"/integrations/imports/{_finished(cast).pk}/result/",
        expect=statuses(404, anonymous=302, sysadmin=200),
    ),
]


def _finished_export(cast):
    """A OneRoster package of school A, made by its system administrator."""
    from django.core.files.base import ContentFile

    from zhurnal.core import clock
    from zhurnal.core.models import BackgroundJob

    job = BackgroundJob.objects.create(
        kind="oneroster",
        owner_id=cast.user("sysadmin").pk,
        school_id=cast.school_a.pk,
        params={"school": cast.school_a.pk},
        status=BackgroundJob.Status.DONE,
        result_name="oneroster.zip",
        result_type="application/zip",
        expires_at=clock.now() + dt.timedelta(days=7),
    )
    job.result_file.save("matrix/oneroster.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return job


ROWS += [
    Row(
        route="integrations:oneroster",
        url=lambda cast: "/integrations/oneroster/",
        expect=statuses(404, anonymous=302, sysadmin=200),
        note="a school's system administrator exports their school",
    ),
    Row(
        route="integrations:oneroster_start",
        url=lambda cast: "/integrations/oneroster/export/",
        method="POST",
        body=lambda cast: {"school": cast.school_a.pk},
        expect=statuses(404, anonymous=302, sysadmin=302),
        audited=True,
    ),
    Row(
        route="integrations:oneroster_file",
        url=lambda cast: f"/integrations/oneroster/{_finished_export(cast).pk}/download/",
        expect=statuses(404, anonymous=302, sysadmin=200),
        note="only the one who made the export downloads it",
    ),
]
