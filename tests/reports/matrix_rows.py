"""Permission matrix rows for the reports pages and API (tests/matrix.py).

The reports page lists, for anyone signed in, what they may run (it may be nothing). A
teaching report of school A (`progress`, asked for school A by id) is run by the director, the
deputy, the class teacher and the subject teacher (over their own journals); the system
administrator, the secretary, the family and the authority may not run it (403); the outsider
teaches in school B and does not see school A at all (404).
"""

import datetime as dt

from tests.matrix import Row, statuses
from zhurnal.core import jobs


def _directors_job(cast) -> int:
    """A finished job of the director's: only she reaches it; anyone else gets 404."""
    job = jobs.job_start(
        kind="report", owner_id=cast.user("director").pk, keep=dt.timedelta(days=7), title="t"
    )
    jobs.job_finish(job.pk, content=b"a;b\r\n", name="t.csv", content_type="text/csv")
    return job.pk


OWN_JOB = statuses(404, anonymous=302, director=200)

TEACHING = statuses(
    200,
    anonymous=302,
    sysadmin=403,
    secretary=403,
    parent_a=403,
    parent_b=403,
    pupil_a=403,
    outsider=404,
    authority=403,
)
TEACHING_API = {**TEACHING, "anonymous": 401}

# Pupil A's letter to parents: her family, her class teacher, the director and deputy. Staff who
# make no letters get 403; parent B and the outsider (a class teacher elsewhere) do not see her.
LETTER = statuses(
    200,
    anonymous=302,
    sysadmin=403,
    secretary=403,
    teacher=403,
    parent_b=404,
    outsider=404,
    authority=403,
)
# Aggregates without names: the authority, and the director and deputy for their own school.
AUTHORITY = statuses(403, anonymous=302, director=200, deputy=200, authority=200)

# The summary sheet of final marks of 2А: its class teacher and the school's administration
# (not a subject teacher); the outsider does not see the class at all.
CLASS_SUMMARY = statuses(403, anonymous=302, director=200, deputy=200, classteacher=200, outsider=404)

ROWS: list[Row] = [
    Row(route="reports:index", url=lambda cast: "/reports/", expect=statuses(200, anonymous=302)),
    Row(
        route="reports:report",
        url=lambda cast: f"/reports/progress/?school={cast.school_a.pk}",
        expect=TEACHING,
    ),
    Row(
        route="reports:download",
        url=lambda cast: f"/reports/attendance/download/xlsx/?school={cast.school_a.pk}",
        expect=TEACHING,
    ),
    Row(
        route="reports:download",
        url=lambda cast: f"/reports/parent-letter/download/pdf/?student={cast.pupil_a.pk}",
        expect=LETTER,
        note="the diary's download link",
    ),
    Row(route="reports:report", url=lambda cast: "/reports/authority-summary/", expect=AUTHORITY),
    Row(
        route="reports:job_start",
        method="POST",
        url=lambda cast: "/reports/authority-summary/jobs/",
        body=lambda cast: {"format": "csv"},
        expect=statuses(403, anonymous=302, director=302, deputy=302, authority=302),
        audited=True,
    ),
    Row(route="reports:mine", url=lambda cast: "/reports/mine/", expect=statuses(200, anonymous=302)),
    Row(route="reports:job", url=lambda cast: f"/reports/jobs/{_directors_job(cast)}/", expect=OWN_JOB),
    Row(
        route="reports:job_progress",
        url=lambda cast: f"/reports/jobs/{_directors_job(cast)}/progress/",
        expect=OWN_JOB,
    ),
    Row(
        route="reports:job_file",
        url=lambda cast: f"/reports/jobs/{_directors_job(cast)}/file/",
        expect=OWN_JOB,
    ),
    Row(route="api:reports", url=lambda cast: "/api/v1/reports", expect=statuses(200, anonymous=401)),
    Row(
        route="api:report",
        url=lambda cast: f"/api/v1/reports/progress?school={cast.school_a.pk}&format=json",
        expect=TEACHING_API,
    ),
    Row(
        route="api:report",
        url=lambda cast: f"/api/v1/reports/parent-letter?student={cast.pupil_a.pk}&format=json",
        expect={**LETTER, "anonymous": 401},
    ),
    Row(
        route="reports:report",
        url=lambda cast: f"/reports/final-marks-summary/?class={cast.class_a.pk}",
        expect=CLASS_SUMMARY,
        note="the class's summary sheet",
    ),
    Row(
        route="api:report",
        url=lambda cast: f"/api/v1/reports/final-marks-summary?class={cast.class_a.pk}&format=json",
        expect={**CLASS_SUMMARY, "anonymous": 401},
    ),
]

# The deputy marks a report final and it goes to the archive; whoever runs the report but does
# not sign documents off gets 403, like the report's own refusals.
ROWS.append(
    Row(
        route="reports:sign_off",
        method="POST",
        url=lambda cast: "/reports/progress/sign-off/",
        body=lambda cast: {"school": cast.school_a.pk},
        expect={**TEACHING, "deputy": 302, "director": 403, "classteacher": 403, "teacher": 403},
        audited=True,
    )
)
