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
    Row(
        route="directories:rules",
        url=lambda cast: f"/directories/rules/?school={cast.school_a.pk}",
        expect=KEEPERS,
    ),
    Row(
        route="directories:rules",
        url=lambda cast: f"/directories/rules/?school={cast.school_a.pk}",
        method="POST",
        body=lambda cast: {
            "edit_window_days": "10",
            "edit_window_covers": "marks",
            "min_marks_for_period": "3",
            "threshold_5": "4.5",
            "threshold_4": "3.5",
            "threshold_3": "2.5",
            "year_mark_rule": "mean",
        },
        expect=KEEPERS_POST,
        audited=True,
    ),
    Row(
        route="directories:directory",
        url=lambda cast: f"/directories/curriculum/?school={cast.school_a.pk}",
        expect=KEEPERS,
    ),
    Row(
        route="directories:directory",
        url=lambda cast: f"/directories/work-types/?school={cast.school_a.pk}",
        method="POST",
        body=lambda cast: {"action": "deactivate", "entry": cast.mark_a.work_type_id},
        expect=KEEPERS_POST,
        audited=True,
        note="Deactivating a used work type: kept on old marks, not offered for new ones.",
    ),
]
