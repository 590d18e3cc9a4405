"""Each role gets exactly its reports, and the authority's outputs name no person."""

import csv
import io

import openpyxl
import pdfplumber
import pytest

from tests.reports.helpers import run_json
from zhurnal.people.models import Staff, Student
from zhurnal.reports import registry, renderers, running

pytestmark = pytest.mark.django_db

TEACHING = {
    "progress",
    "attendance",
    "marks-count",
    "journal-filling",
    "teacher-forecast",
    "curriculum-delivery",
}
CLASS = {"class-results", "class-teacher", "parent-letter", "final-marks-summary"}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("director", TEACHING | CLASS | {"user-activity", "authority-summary"}),
        ("deputy", TEACHING | CLASS | {"authority-summary"}),
        ("classteacher", TEACHING | CLASS),
        ("english", TEACHING),
        ("parent", {"parent-letter"}),
        ("authority", {"authority-summary"}),
    ],
)
def test_each_role_gets_exactly_its_reports(hand, actor, who, expected):
    assert {r.code for r in registry.runnable_by(actor(who))} == expected


def test_a_parent_gets_403_for_a_teaching_report_and_the_diary_offers_the_letter(hand, client):
    client.force_login(hand.users["parent"], backend="zhurnal.accounts.backends.UserBackend")
    assert client.get("/reports/progress/").status_code == 403
    pupil = hand.pupils["антонов"]
    page = client.get(f"/diary/{pupil.pk}/marks/?period={hand.period.pk}").content.decode()
    link = f"/reports/parent-letter/download/pdf/?student={pupil.pk}&amp;period={hand.period.pk}"
    assert link in page
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_class_teacher_cannot_ask_for_another_class(hand, client):
    client.force_login(hand.users["classteacher"], backend="zhurnal.accounts.backends.UserBackend")
    assert client.get(f"/reports/progress/?class={hand.class_b.pk}").status_code == 404
    assert client.get(f"/reports/progress/?class={hand.class_a.pk}").status_code == 200


def test_the_authority_summary_holds_no_name_of_any_person_in_any_format(hand, actor, settings):
    settings.ZHURNAL_TODAY = "2026-12-01"
    authority = actor("authority")
    report = running.report_for_runner(authority, "authority-summary")
    result = running.run(authority, report, {})
    cells: list[str] = []
    data = renderers.to_json(result)
    cells += [str(v) for t in data["tables"] for row in t["rows"] for v in row.values()]
    cells += [data["school"], data["period"], data["title"]]
    cells += [
        c
        for line in csv.reader(io.StringIO(renderers.to_csv(result).decode("utf-8-sig")), delimiter=";")
        for c in line
    ]
    book = openpyxl.load_workbook(io.BytesIO(renderers.to_xlsx(result)))
    cells += [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    with pdfplumber.open(io.BytesIO(renderers.to_pdf(result))) as pdf:
        cells += [p.extract_text() for p in pdf.pages]
    text = "\n".join(cells)
    assert "Школа № 7" in text
    people = list(Student.objects.values_list("last_name", "first_name", "middle_name")) + list(
        Staff.objects.values_list("last_name", "first_name", "middle_name")
    )
    for last, _first, middle in people:
        assert last not in text, last
        assert middle not in text, middle
    assert run_json(authority, "authority-summary")["tables"][0]["rows"]
