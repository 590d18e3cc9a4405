"""Permission matrix rows for the pages in zhurnal/web (STYLE.md 10)."""

from tests.matrix import ADMINISTRATION, Row, each, statuses

ROWS: list[Row] = [
    Row(
        route="web:home",
        url=lambda cast: "/",
        expect=statuses(200, anonymous=302),
        note="everyone signed in has a home page with a section per role",
    ),
    Row(
        route="web:school",
        url=lambda cast: "/school/",
        expect=statuses(403, anonymous=302, **each(ADMINISTRATION, 200)),
        note="the administration's overview; others signed in are refused",
    ),
    Row(
        route="web:class_list",
        url=lambda cast: "/classes/",
        expect=statuses(200, anonymous=302),
        note="a scoped list: each sees only the classes visible to them (possibly none)",
    ),
    Row(
        route="web:class_detail",
        url=lambda cast: f"/classes/{cast.class_a.pk}/",
        expect=statuses(
            200,
            anonymous=302,
            parent_b=404,
            outsider=404,
            authority=404,
        ),
        note="2А: its staff, its pupil and parent; a class not visible looks missing",
    ),
    Row(
        route="web:assignments",
        url=lambda cast: "/assignments/",
        expect=statuses(403, anonymous=302, classteacher=200, teacher=200, outsider=200),
        note="«Мои журналы»: teachers only",
    ),
    Row(
        route="web:board",
        url=lambda cast: "/board/",
        expect=statuses(403, anonymous=302, director=200, deputy=200, classteacher=200, outsider=200),
        note="the weekly completeness board: class teachers (their class), director and deputy (school)",
    ),
    Row(
        route="web:board",
        url=lambda cast: f"/board/?class={cast.class_a.pk}",
        expect=statuses(403, anonymous=302, director=200, deputy=200, classteacher=200, outsider=404),
        note="one class's board: a class one does not check looks missing",
    ),
    Row(
        route="web:jsi18n",
        url=lambda cast: "/jsi18n/",
        expect=statuses(200),
        note="the scripts' translation catalogue: the same public file for everyone, signed in or not",
    ),
    Row(
        route="web:person_export",
        url=lambda cast: f"/people/students/{cast.pupil_a.pk}/export/",
        # A pupil's data export: the administrators of the pupil's school; those who see the
        # pupil may not (403); to everyone else the pupil does not exist (404).
        expect=statuses(
            403, anonymous=302, director=200, sysadmin=200, parent_b=404, outsider=404, authority=404
        ),
        note="audited (person.export) and logged (data_exported): tests/people/test_consents_and_export.py",
    ),
]
