"""Permission matrix rows for the КТП pages (STYLE.md 10).

The rows use 2А's mathematics, the class teacher's assignment. Its plan is read by the class
teacher, the director, the deputy and the system administrator; the subject teacher teaches
other subjects or grades (no colleague's plan to copy), so to them, as to the secretary, the
families, the other school and the authority, it does not exist (404). Readers who are not its
teacher get 403 on a write; only the deputy and the director decide on a submitted plan.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import Row, each, statuses
from tests.planning.data import draft_a, item_a, ktp_rows, xlsx

READERS_A = ("director", "deputy", "sysadmin")
TEACHERS = ("classteacher", "teacher", "outsider")


def _plan(cast, action=""):
    return f"/planning/{cast.math_a.pk}/{action}"


def _write(route, url, body, note, owner=302, audited=True):
    return Row(
        route=route,
        url=url,
        method="POST",
        body=body,
        expect=statuses(404, anonymous=302, classteacher=owner, **each(READERS_A, 403)),
        audited=audited,
        note=note,
    )


def _item_body(cast):
    return {"topic": "Сложение", "hours": "2", "when": "3"}


def _file(cast):
    return {"file": SimpleUploadedFile("ktp.xlsx", xlsx(ktp_rows(3)))}


def _submitted(cast):
    draft_a(cast, status="submitted")
    return _plan(cast, "decide/")


ROWS: list[Row] = [
    Row(
        route="planning:index",
        url=lambda cast: "/planning/",
        expect=statuses(403, anonymous=302, **each(TEACHERS, 200), director=200, deputy=200),
        note="teachers keep their plans; the deputy and director come for the plans to approve",
    ),
    Row(
        route="planning:review",
        url=lambda cast: "/planning/review/",
        expect=statuses(403, anonymous=302, director=200, deputy=200),
    ),
    Row(
        route="planning:template",
        url=lambda cast: "/planning/template/xlsx/",
        expect=statuses(403, anonymous=302, **each(TEACHERS, 200)),
    ),
    Row(
        route="planning:plan",
        url=lambda cast: _plan(cast),
        expect=statuses(404, anonymous=302, classteacher=200, **each(READERS_A, 200)),
    ),
    _write(
        "planning:item_add", lambda cast: _plan(cast, "items/add/"), _item_body, "adds an item to the draft"
    ),
    _write(
        "planning:item_edit",
        lambda cast: f"/planning/items/{item_a(cast).pk}/edit/",
        _item_body,
        "changes an item of the draft",
    ),
    _write(
        "planning:item_action",
        lambda cast: f"/planning/items/{item_a(cast).pk}/split/",
        None,
        "splits an item (delete, merge, up and down go the same way)",
    ),
    _write(
        "planning:reorder",
        lambda cast: (draft_a(cast), _plan(cast, "reorder/"))[1],
        lambda cast: {"order": "2,1"},
        "the order after a drag",
    ),
    _write(
        "planning:import",
        lambda cast: _plan(cast, "import/"),
        _file,
        "the first step shows the file (a dry run: nothing written)",
        owner=200,
        audited=False,
    ),
    _write(
        "planning:copy",
        lambda cast: _plan(cast, "copy/"),
        lambda cast: {"source": "0"},
        "no plan to copy from: the page says so",
        audited=False,
    ),
    _write(
        "planning:submit",
        lambda cast: (draft_a(cast), _plan(cast, "submit/"))[1],
        None,
        "the teacher submits the draft",
    ),
    Row(
        route="planning:decide",
        url=_submitted,
        method="POST",
        body=lambda cast: {"decision": "approve"},
        expect=statuses(404, anonymous=302, director=302, deputy=302, sysadmin=403, classteacher=403),
        audited=True,
        note="the deputy (or the director) approves",
    ),
]
