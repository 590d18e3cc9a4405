"""The security event log page (issue 8 item 13): the system administrator and the director
read their school's events, filter them by dates, kind, user and subject, page through them and
export them as CSV and XLSX; nobody else reads it."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.querycount import count_queries
from zhurnal.accounts.models import SecurityEvent
from zhurnal.accounts.security import security_log

pytestmark = pytest.mark.django_db

URL = "/accounts/security-log/"


def at(day: str, hour: int = 10) -> dt.datetime:
    # Noon-ish Moscow time (UTC+3), well inside the day whatever the filter's time zone.
    return dt.datetime.fromisoformat(f"{day}T{hour:02}:00:00+03:00")


@pytest.fixture
def events(cast):
    """Four events of school A on three days and one of school B."""
    rows = [
        ("2026-11-20", "login", "teacher", cast.user("teacher")),
        ("2026-11-21", "login_failed", "teacher", cast.user("teacher")),
        ("2026-11-21", "record_viewed", "classteacher", cast.pupil_a),
        ("2026-11-23", "role_granted", "sysadmin", cast.user("parent_a")),
    ]
    made = []
    for day, kind, username, subject in rows:
        event = security_log(kind=kind, username=username, subject=subject, school_id=cast.school_a.pk)
        SecurityEvent.objects.filter(pk=event.pk).update(at=at(day))
        made.append(event)
    security_log(kind="login", username="outsider", school_id=cast.school_b.pk)
    return made


@pytest.fixture
def reader(cast, login):
    """Sign a member in for the page; their own sign-in's event is dropped from the log."""

    def _reader(name: str):
        client = login(cast.user(name))
        SecurityEvent.objects.filter(kind="login", username=name).delete()
        return client

    return _reader


def usernames(response) -> list[str]:
    return [event.username for event in response.context["page"].object_list]


def test_the_director_sees_their_schools_events_newest_first_and_not_another_schools(cast, reader, events):
    response = reader("director").get(URL)
    assert response.status_code == 200
    assert usernames(response) == ["sysadmin", "classteacher", "teacher", "teacher"]
    html = response.content.decode()
    assert "Журнал событий безопасности" in html and "просмотр персональных данных" in html
    assert cast.pupil_a.full_name in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"date_from": "2026-11-21", "date_to": "2026-11-21"}, ["classteacher", "teacher"]),
        ({"date_from": "2026-11-22"}, ["sysadmin"]),
        ({"date_to": "2026-11-20"}, ["teacher"]),
        ({"kind": "login_failed"}, ["teacher"]),
        ({"user": "CLASS"}, ["classteacher"]),
        ({"subject": "nobody-viewed-this"}, []),
    ],
)
def test_the_filters_narrow_the_list(cast, reader, events, query, expected):
    response = reader("sysadmin").get(URL, query)
    assert usernames(response) == expected


def test_the_subject_filter_finds_whose_record_was_viewed(cast, reader, events):
    response = reader("sysadmin").get(URL, {"subject": cast.pupil_a.last_name})
    assert usernames(response) == ["classteacher"]


def test_a_bad_date_is_named_in_russian(cast, reader, events):
    response = reader("director").get(URL, {"date_from": "2026-13-01"})
    assert response.status_code == 400
    assert "Дата «с» указана неверно." in response.content.decode()
    backwards = reader("director").get(URL, {"date_from": "2026-11-22", "date_to": "2026-11-21"})
    assert "Дата «по» раньше даты «с»." in backwards.content.decode()


def test_the_list_is_paged_by_fifty_and_the_pages_keep_the_filter(cast, reader):
    for _ in range(51):
        security_log(kind="login", username="teacher", school_id=cast.school_a.pk)
    security_log(kind="logout", username="teacher", school_id=cast.school_a.pk)
    client = reader("director")
    first = client.get(URL, {"kind": "login"})
    assert len(first.context["page"].object_list) == 50
    assert "kind=login&amp;page=2" in first.content.decode()
    second = client.get(URL, {"kind": "login", "page": 2})
    assert len(second.context["page"].object_list) == 1


def test_the_csv_export_holds_the_filtered_rows_in_russian(cast, reader, events):
    response = reader("director").get(f"{URL}export/", {"format": "csv", "kind": "record_viewed"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="security-log-')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Время", "Событие", "Пользователь", "Чья запись"]
    assert rows[1:] == [
        [
            "2026-11-21 10:00:00",
            "просмотр персональных данных",
            "classteacher",
            cast.pupil_a.full_name,
            "people.student",
            str(cast.pupil_a.pk),
            "",
            "",
        ]
    ]


def test_the_xlsx_export_opens_with_the_same_rows(cast, reader, events):
    response = reader("sysadmin").get(f"{URL}export/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Время"
    assert [row[2] for row in values[1:]] == ["sysadmin", "classteacher", "teacher", "teacher"]


def test_an_export_is_itself_logged(cast, reader, events):
    reader("director").get(f"{URL}export/", {"format": "csv"})
    event = SecurityEvent.objects.filter(kind="data_exported").get()
    assert event.username == "director" and event.detail["what"] == "security_log"


def test_an_unknown_export_format_is_refused_naming_the_field(cast, reader):
    response = reader("director").get(f"{URL}export/", {"format": "pdf"})
    assert response.status_code == 400
    assert "«format»" in response.content.decode() or "csv или xlsx" in response.content.decode()


@pytest.mark.parametrize(
    "member", ["deputy", "secretary", "classteacher", "teacher", "parent_a", "authority"]
)
def test_nobody_else_reads_the_log(cast, login, member):
    assert login(cast.user(member)).get(URL).status_code == 403
    assert login(cast.user(member)).get(f"{URL}export/?format=csv").status_code == 403


def test_the_page_takes_the_same_queries_with_many_more_events(cast, reader):
    client = reader("director")
    security_log(kind="login", username="teacher", subject=cast.user("teacher"))
    few, _ = count_queries(client.get, URL)
    for _ in range(120):
        security_log(kind="record_viewed", username="classteacher", subject=cast.pupil_a)
    many, response = count_queries(client.get, URL)
    assert response.status_code == 200
    assert many == few
