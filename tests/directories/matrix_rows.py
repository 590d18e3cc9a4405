"""Permission matrix rows for the school's card and directories (issue 10 item 8): kept by the
system administrator and the director; the school's other members 403; the outsider 404."""

from tests.matrix import Row, statuses

KEEPERS = statuses(403, anonymous=302, director=200, sysadmin=200, outsider=404)
KEEPERS_POST = {**KEEPERS, "director": 302, "sysadmin": 302}

ROWS: list[Row] = [
    Row(
        route="directories:card", url=lambda cast: f"/directories/?school={cast.school_a.pk}", expect=KEEPERS
    ),
    Row(
        route="directories:card",
        url=lambda cast: f"/directories/?school={cast.school_a.pk}",
        method="POST",
        body=lambda cast: {"name": "МОУ «Школа А»", "short_name": "Школа А", "inn": "6901234567"},
        expect=KEEPERS_POST,
        audited=True,
    ),
    Row(
        route="directories:directory",
        url=lambda cast: f"/directories/work-types/?school={cast.school_a.pk}",
        expect=KEEPERS,
    ),
    Row(
        route="directories:directory",
        url=lambda cast: f"/directories/work-types/?school={cast.school_a.pk}",
        method="POST",
        body=lambda cast: {"name": "Диктант", "short_name": "Дк", "weight": "2"},
        expect=KEEPERS_POST,
        audited=True,
    ),
]
