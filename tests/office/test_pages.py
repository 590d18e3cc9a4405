"""The registry's pages as their users see them, and their fixed query counts."""

import datetime as dt

import pytest

from tests import factories as f
from tests.office.data import document, movement_order, pdf_upload
from tests.querycount import assert_max_queries, count_queries
from zhurnal.accounts.models import SecurityEvent
from zhurnal.office.models import Movement, Order
from zhurnal.office.services import movement_record

pytestmark = pytest.mark.django_db


def test_the_secretary_enters_an_order_and_the_book_lists_it_with_its_number(cast, login):
    client = login(cast.user("secretary"))
    response = client.post(
        "/office/orders/",
        {"series": "Д", "date": "2026-12-01", "title": "О переводе обучающегося", "files": pdf_upload()},
    )
    order = Order.objects.get()
    assert response.status_code == 302 and (order.number, order.year) == (1, 2026)
    assert order.files.count() == 1
    page = client.get("/office/orders/?year=2026").content.decode()
    assert "1-Д" in page and "О переводе обучающегося" in page


def test_an_order_without_a_title_is_refused_with_the_field_named(cast, login):
    client = login(cast.user("secretary"))
    response = client.post("/office/orders/", {"series": "ОД", "date": "2026-12-01", "title": " "})
    assert response.status_code == 400
    assert "Заполните поле «Заголовок»" in response.content.decode()
    assert not Order.objects.exists()


def test_orders_are_numbered_per_year_and_series(cast, login):
    client = login(cast.user("sysadmin"))
    for series, date in (
        ("ОД", "2026-12-01"),
        ("ОД", "2026-12-02"),
        ("Д", "2026-12-02"),
        ("ОД", "2027-01-10"),
    ):
        client.post("/office/orders/", {"series": series, "date": date, "title": "Приказ"})
    numbers = sorted(Order.objects.values_list("series__code", "year", "number"))
    assert numbers == [("Д", 2026, 1), ("ОД", 2026, 1), ("ОД", 2026, 2), ("ОД", 2027, 1)]


def test_the_alphabetical_book_shows_the_transferred_pupil_with_both_classes_and_the_order(
    actor_of, cast, login
):
    order = movement_order(cast, date=dt.date(2026, 12, 1))
    movement_record(
        actor=actor_of("secretary"),
        order_id=order.pk,
        kind=Movement.Kind.TRANSFER,
        student_id=cast.pupil_a.pk,
        to_class_id=cast.class_b.pk,
    )
    left = movement_order(cast, date=dt.date(2026, 12, 10))
    movement_record(
        actor=actor_of("secretary"),
        order_id=left.pk,
        kind=Movement.Kind.LEFT_TO_SCHOOL,
        student_id=cast.pupil_b.pk,
        destination="СОШ № 3 г. Нальчика",
    )
    page = login(cast.user("director")).get("/office/alphabet/").content.decode()
    assert f"{cast.pupil_a.full_name}</td><td>2А, 3Б</td>" in page
    assert "10.12.2026, выбыл в другую школу: СОШ № 3 г. Нальчика" in page
    assert "№ 2-Д от 10.12.2026" in page
    orders_page = login(cast.user("director")).get("/office/orders/?year=2026").content.decode()
    assert "1-Д" in orders_page and "2-Д" in orders_page


def test_the_printed_books_are_a_pdf_and_a_spreadsheet(cast, login):
    movement_order(cast)
    client = login(cast.user("deputy"))
    pdf = client.get("/office/orders/register/?year=2026&format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/office/alphabet/?format=xlsx")
    assert xlsx.content.startswith(b"PK")


def test_every_view_of_a_personal_file_or_its_document_writes_a_security_log_row(cast, login):
    doc = document(cast)
    client = login(cast.user("classteacher"))
    client.get(f"/office/pupils/{cast.pupil_a.pk}/file/")
    client.get(f"/office/documents/{doc.pk}/")
    rows = list(SecurityEvent.objects.filter(kind=SecurityEvent.Kind.FILE_VIEWED).order_by("id"))
    assert [(r.username, r.subject_id) for r in rows] == [("classteacher", cast.pupil_a.pk)] * 2
    assert rows[1].detail["document"] == doc.pk


def test_a_subject_teacher_cannot_open_a_pupils_file_and_nothing_is_logged(cast, login):
    doc = document(cast)
    client = login(cast.user("teacher"))
    assert client.get(f"/office/pupils/{cast.pupil_a.pk}/file/").status_code == 404
    assert client.get(f"/office/documents/{doc.pk}/").status_code == 404
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.FILE_VIEWED).exists()


def test_a_document_that_is_not_a_scan_is_refused(cast, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document(cast)
    client = login(cast.user("secretary"))
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        f"/office/pupils/{cast.pupil_a.pk}/file/", {"title": "Паспорт", "file": fake}, follow=True
    )
    assert "содержимое не похоже на файл .pdf" in response.content.decode()
    assert cast.pupil_a.personal_file.documents.count() == 1


def test_a_file_opened_at_enrolment_gets_the_next_number_under_the_surnames_letter(actor_of, cast):
    first = f.StudentFactory(school=cast.school_a, last_name="Иванов")
    second = f.StudentFactory(school=cast.school_a, last_name="Ильин")
    order = movement_order(cast)
    for pupil in (first, second):
        movement_record(
            actor=actor_of("sysadmin"),
            order_id=order.pk,
            kind=Movement.Kind.ENROLMENT,
            student_id=pupil.pk,
            to_class_id=cast.class_a.pk,
        )
    assert (first.personal_file.number, second.personal_file.number) == ("И-1", "И-2")


# --- query counts ------------------------------------------------------------------------------------


def _grow(cast, actor_of, n):
    secretary = actor_of("secretary")
    for i in range(n):
        pupil = f.StudentFactory(school=cast.school_a)
        order = movement_order(cast, date=dt.date(2026, 12, 1))
        movement_record(
            actor=secretary,
            order_id=order.pk,
            kind=Movement.Kind.ENROLMENT,
            student_id=pupil.pk,
            to_class_id=(cast.class_a if i % 2 else cast.class_b).pk,
        )


@pytest.mark.parametrize(
    "url",
    ["/office/orders/?year=2026", "/office/movements/", "/office/alphabet/", "/office/movements/promotion/"],
)
def test_the_registry_pages_do_not_grow_with_the_book(cast, actor_of, login, url, settings):
    settings.ZHURNAL_TODAY = "2026-12-03"
    client = login(cast.user("secretary"))
    _grow(cast, actor_of, 2)
    few, response = count_queries(client.get, url)
    assert response.status_code == 200
    _grow(cast, actor_of, 6)
    with assert_max_queries(few, exact=True):
        client.get(url)


def test_an_order_and_a_personal_file_page_do_not_grow_with_their_rows(cast, actor_of, login):
    client = login(cast.user("secretary"))
    order = movement_order(cast)
    document(cast)
    urls = [f"/office/orders/{order.pk}/", f"/office/pupils/{cast.pupil_a.pk}/file/"]
    few = [count_queries(client.get, u)[0] for u in urls]
    for _ in range(4):
        document(cast)
        client.post(f"/office/orders/{order.pk}/", {"files": pdf_upload()})
    for url, bound in zip(urls, few, strict=True):
        with assert_max_queries(bound, exact=True):
            client.get(url)


@pytest.mark.parametrize("path", ["/orders?year=2026", "/movements", "/enrolment-applications?year=2026"])
def test_the_registry_api_reads_do_not_grow_with_the_book(cast, actor_of, call_as, path, settings):
    settings.ZHURNAL_TODAY = "2026-12-03"
    _grow(cast, actor_of, 2)
    _applications(actor_of, 2)
    few, response = count_queries(call_as, "secretary", path)
    assert response.status_code == 200
    _grow(cast, actor_of, 6)
    _applications(actor_of, 6)
    count, response = count_queries(call_as, "secretary", path)
    assert response.status_code == 200 and count == few


def _applications(actor_of, n):
    from zhurnal.office.services import application_receive

    for i in range(n):
        application_receive(
            actor=actor_of("secretary"),
            category="other",
            received_on=dt.date(2026, 7, 10),
            child_last_name=f"Ребёнок{i}",
            child_first_name="Имя",
            child_birth_date=dt.date(2020, 1, 1),
            applicant_last_name="Родитель",
            applicant_first_name="Имя",
        )


def test_the_applications_pages_do_not_grow_with_applications(cast, actor_of, login):
    from zhurnal.office.models import EnrolmentApplication

    client = login(cast.user("secretary"))
    _applications(actor_of, 2)
    first = EnrolmentApplication.objects.order_by("pk").first()
    urls = ["/office/applications/?year=2026", f"/office/applications/{first.pk}/"]
    few = [count_queries(client.get, u)[0] for u in urls]
    _applications(actor_of, 8)
    for url, bound in zip(urls, few, strict=True):
        with assert_max_queries(bound, exact=True):
            client.get(url)
