"""Permission matrix rows for the diary's pages and API (tests/matrix.py).

Pupil A's diary: her parent, herself, the staff who teach or lead her (the class teacher, the
English teacher of her subgroup) and the director and deputy read it. The system administrator
and the secretary see her record but read no journals (403). Parent B, the outsider and the
authority cannot see her at all (404, as for a missing pupil).
"""

from tests.matrix import Row, statuses

DIARY = statuses(200, anonymous=302, sysadmin=403, secretary=403, parent_b=404, outsider=404, authority=404)
DIARY_API = {**DIARY, "anonymous": 401}

ROWS: list[Row] = [
    Row(
        route="diary:index",
        url=lambda cast: "/diary/",
        expect=statuses(302, anonymous=302),
        note="a parent goes to the first child, a pupil to herself, anyone else to the home page",
    ),
    Row(route="diary:week", url=lambda cast: f"/diary/{cast.pupil_a.pk}/", expect=DIARY),
    Row(route="diary:marks", url=lambda cast: f"/diary/{cast.pupil_a.pk}/marks/", expect=DIARY),
    Row(route="diary:extract", url=lambda cast: f"/diary/{cast.pupil_a.pk}/extract/", expect=DIARY),
    Row(
        route="api:student_diary",
        url=lambda cast: f"/api/v1/students/{cast.pupil_a.pk}/diary",
        expect=DIARY_API,
    ),
    Row(
        route="api:student_marks",
        url=lambda cast: f"/api/v1/students/{cast.pupil_a.pk}/marks",
        expect=DIARY_API,
    ),
]
