"""Permission matrix rows for the registry: the orders book, movement, the alphabetical book and
personal files (tests/matrix.py).

The book is read by the administration (director, deputy, secretary, system administrator) and
kept by the secretary and the system administrator; other members of a school are refused (403),
those of no school (the authority) find nothing (404). Pupil A's personal file is seen by the
administration and 2А's class teacher; a subject teacher, families and outsiders get 404.
"""

import datetime as dt

from tests.matrix import Row, each, statuses
from tests.office.data import document, main_order, movement_order, order_file, pdf_upload

READERS = ("director", "deputy", "sysadmin", "secretary")
KEEPERS = ("sysadmin", "secretary")
NOT_KEEPING = ("director", "deputy")
FILE_VIEWERS = (*READERS, "classteacher")


def _book(ok: int, who=READERS, **more):
    return statuses(403, anonymous=302, authority=404, **each(who, ok), **more)


def _pupil_file(ok: int, who=FILE_VIEWERS, **more):
    return statuses(404, anonymous=302, **each(who, ok), **more)


ROWS: list[Row] = [
    Row(route="office:orders", url=lambda cast: "/office/orders/", expect=_book(200)),
    Row(
        route="office:orders",
        url=lambda cast: "/office/orders/",
        method="POST",
        body=lambda cast: {"series": "ОД", "date": "2026-11-20", "title": "Об организации питания"},
        expect=_book(302, KEEPERS, **each(NOT_KEEPING, 403)),
        audited=True,
        note="the secretary and the system administrator keep the book; the director and deputy read it",
    ),
    Row(
        route="office:orders_register",
        url=lambda cast: "/office/orders/register/?year=2026&format=xlsx",
        expect=_book(200),
    ),
    Row(
        route="office:order",
        url=lambda cast: f"/office/orders/{main_order(cast).pk}/",
        expect=statuses(404, anonymous=302, **each(READERS, 200)),
    ),
    Row(
        route="office:order",
        url=lambda cast: f"/office/orders/{main_order(cast).pk}/",
        method="POST",
        body=lambda cast: {"files": pdf_upload()},
        expect=statuses(404, anonymous=302, **each(KEEPERS, 302), **each(NOT_KEEPING, 403)),
        audited=True,
    ),
    Row(
        route="office:order_file",
        url=lambda cast: f"/office/orders/files/{order_file(cast).pk}/",
        expect=statuses(404, anonymous=302, **each(READERS, 200)),
    ),
    Row(route="office:movements", url=lambda cast: "/office/movements/", expect=_book(200)),
    Row(
        route="office:movements",
        url=lambda cast: "/office/movements/",
        method="POST",
        body=lambda cast: {
            "order": movement_order(cast).pk,
            "kind": "transfer",
            "student": cast.pupil_b.pk,
            "to_class": cast.class_a.pk,
        },
        expect=_book(302, KEEPERS, **each(NOT_KEEPING, 403)),
        audited=True,
    ),
    Row(
        route="office:promotion",
        url=lambda cast: "/office/movements/promotion/",
        expect=_book(200, KEEPERS),
    ),
    Row(
        route="office:promotion",
        url=lambda cast: "/office/movements/promotion/",
        method="POST",
        body=lambda cast: {"order": movement_order(cast, date=dt.date(2027, 5, 28)).pk},
        expect=_book(302, KEEPERS),
        audited=True,
    ),
    Row(route="office:alphabet", url=lambda cast: "/office/alphabet/", expect=_book(200)),
    Row(
        route="office:personal_file",
        url=lambda cast: f"/office/pupils/{cast.pupil_a.pk}/file/",
        expect=_pupil_file(200),
        note="a subject teacher of the pupil does not see the file",
    ),
    Row(
        route="office:personal_file",
        url=lambda cast: f"/office/pupils/{cast.pupil_a.pk}/file/",
        method="POST",
        body=lambda cast: {"action": "open"},
        expect=_pupil_file(302, ("sysadmin", "secretary", "classteacher"), **each(NOT_KEEPING, 403)),
        audited=True,
    ),
    Row(
        route="office:document",
        url=lambda cast: f"/office/documents/{document(cast).pk}/",
        expect=_pupil_file(200),
    ),
]

# The API: anonymous gets 401; the same rules as the pages otherwise (tests/api/matrix_rows.py).


def _api(ok: int, who=READERS, **more):
    return statuses(403, anonymous=401, authority=404, **each(who, ok), **more)


ROWS += [
    Row(route="api:orders", url=lambda cast: "/api/v1/orders?year=2026", expect=_api(200)),
    Row(
        route="api:order_create",
        url=lambda cast: "/api/v1/orders",
        method="POST",
        body=lambda cast: {"series": "К", "date": "2026-12-01", "title": "О приёме на работу"},
        expect=_api(201, KEEPERS, **each(NOT_KEEPING, 403)),
        audited=True,
    ),
    Row(route="api:movements", url=lambda cast: "/api/v1/movements", expect=_api(200)),
    Row(
        route="api:movement_create",
        url=lambda cast: "/api/v1/movements",
        method="POST",
        body=lambda cast: {
            "order": movement_order(cast).pk,
            "kind": "left",
            "student": cast.pupil_b.pk,
            "note": "Переезд",
        },
        expect=statuses(404, anonymous=401, **each(KEEPERS, 201), **each(NOT_KEEPING, 403)),
        audited=True,
        note="others do not see the order: 404",
    ),
]


def _application(cast):
    from zhurnal.office.models import EnrolmentApplication

    return EnrolmentApplication.objects.create(
        school=cast.school_a,
        number=1,
        year=2027,
        received_on=dt.date(2027, 4, 2),
        window="first",
        category="territory",
        child_last_name="Иванова",
        child_first_name="Алина",
        child_birth_date=dt.date(2020, 3, 3),
        applicant_last_name="Иванова",
        applicant_first_name="Марина",
    )


APPLICATION_BODY = {
    "category": "territory",
    "received_on": "2027-04-02",
    "child_last_name": "Петров",
    "child_first_name": "Илья",
    "child_birth_date": "2020-05-05",
    "applicant_last_name": "Петрова",
    "applicant_first_name": "Анна",
}

ROWS += [
    Row(route="office:applications", url=lambda cast: "/office/applications/?year=2027", expect=_book(200)),
    Row(
        route="office:applications",
        url=lambda cast: "/office/applications/",
        method="POST",
        body=lambda cast: APPLICATION_BODY,
        expect=_book(302, KEEPERS, **each(NOT_KEEPING, 403)),
        audited=True,
    ),
    Row(
        route="office:application",
        url=lambda cast: f"/office/applications/{_application(cast).pk}/",
        expect=statuses(404, anonymous=302, **each(READERS, 200)),
    ),
    Row(
        route="office:application",
        url=lambda cast: f"/office/applications/{_application(cast).pk}/",
        method="POST",
        body=lambda cast: {"action": "check"},
        expect=statuses(404, anonymous=302, **each(KEEPERS, 302), **each(NOT_KEEPING, 403)),
        audited=True,
    ),
    Row(
        route="api:enrolment_applications",
        url=lambda cast: "/api/v1/enrolment-applications",
        expect=_api(200),
    ),
    Row(
        route="api:enrolment_application_create",
        url=lambda cast: "/api/v1/enrolment-applications",
        method="POST",
        body=lambda cast: APPLICATION_BODY,
        expect=_api(201, KEEPERS, **each(NOT_KEEPING, 403)),
        audited=True,
    ),
]

CLASS_MANAGERS = ("sysadmin", "director")

ROWS += [
    Row(
        route="office:classes",
        url=lambda cast: "/office/classes/",
        expect=statuses(403, anonymous=302, authority=404, **each(CLASS_MANAGERS, 200)),
    ),
    Row(
        route="office:classes",
        url=lambda cast: "/office/classes/",
        method="POST",
        body=lambda cast: {"action": "create", "year": cast.class_a.year_id, "grade": 1, "letter": "В"},
        expect=statuses(403, anonymous=302, authority=404, **each(CLASS_MANAGERS, 302)),
        audited=True,
    ),
    Row(
        route="office:subgroups",
        url=lambda cast: f"/office/classes/{cast.class_a.pk}/subgroups/",
        # Those who see 2А but may not split it are refused; the others do not see it.
        expect=statuses(
            404,
            anonymous=302,
            **each(("classteacher", *CLASS_MANAGERS), 200),
            **each(("deputy", "secretary", "teacher", "parent_a", "pupil_a"), 403),
        ),
    ),
    Row(
        route="office:subgroups",
        url=lambda cast: f"/office/classes/{cast.class_a.pk}/subgroups/",
        method="POST",
        body=lambda cast: {"name": "Кабардинский язык", "members": [cast.pupil_a.pk]},
        expect=statuses(
            404,
            anonymous=302,
            **each(("classteacher", *CLASS_MANAGERS), 302),
            **each(("deputy", "secretary", "teacher", "parent_a", "pupil_a"), 403),
        ),
        audited=True,
    ),
]
