"""Every format holds the figures of the JSON: read back with openpyxl, csv and pdfplumber."""

import csv
import datetime as dt
import io

import openpyxl
import pdfplumber
import pytest

from tests.reports.helpers import row_where

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy_client(hand, client):
    client.force_login(hand.users["deputy"], backend="zhurnal.accounts.backends.UserBackend")
    return client


def _get(client, hand, fmt):
    response = client.get(f"/reports/progress/download/{fmt}/?period={hand.period.pk}")
    assert response.status_code == 200, response.content[:300]
    return response


def test_xlsx_holds_real_numbers_a_header_and_a_frozen_header_row(hand, deputy_client):
    data = _get(deputy_client, hand, "json").json()
    math = row_where(data, class_name="2А", subject="Математика")
    book = openpyxl.load_workbook(io.BytesIO(_get(deputy_client, hand, "xlsx").content))
    sheet = book.worksheets[0]
    assert sheet["B2"].value == "МКОУ «Школа № 7»"
    assert sheet["B3"].value.startswith("2 четверть")
    assert isinstance(sheet["B4"].value, dt.datetime)
    assert sheet.freeze_panes == "A7"
    header = [c.value for c in sheet[6]]
    keys = [c["key"] for c in data["tables"][0]["columns"]]
    rows = [dict(zip(keys, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=7)]
    sheet_math = next(r for r in rows if (r["class_name"], r["subject"]) == ("2А", "Математика"))
    assert header[0] == "Класс"
    for key in ("total", "n5", "n", "success", "quality", "sou", "average"):
        assert sheet_math[key] == math[key], key
    assert isinstance(sheet_math["sou"], float) and isinstance(sheet_math["n"], int)
    assert sheet.column_dimensions["B"].width == 30


def test_csv_is_utf8_with_a_bom_semicolons_and_decimal_commas(hand, deputy_client):
    body = _get(deputy_client, hand, "csv").content
    assert body.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    math = next(line for line in lines if line[:2] == ["2А", "Математика"])
    # total 6; n5..n2 1 1 1 1; н/а 1; осв. 1; N 5; 60,0 40,0 44,6 3,50
    assert math[4:9] == ["6", "1", "1", "1", "1"]
    assert math[14:] == ["5", "60.0".replace(".", ","), "40,0", "44,6", "3,50"]


def test_pdf_is_a4_landscape_with_the_school_date_and_page_numbers_on_every_page(hand, deputy_client):
    body = _get(deputy_client, hand, "pdf").content
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (842, 595)  # A4 landscape, points
        text = "\n".join(p.extract_text() for p in pdf.pages)
        for p in pdf.pages:
            page_text = p.extract_text()
            assert "МКОУ «Школа № 7»" in page_text
            assert "Страница" in page_text and "Сформирован" in page_text
    math_line = next(line for line in text.splitlines() if line.startswith("2А Математика"))
    assert "44,6" in math_line and "60,0" in math_line and "3,50" in math_line


def test_the_api_answers_json_and_files_with_every_parameter_defaulted(hand, client):
    from zhurnal.accounts.tokens import token_issue

    headers = {"Authorization": f"Bearer {token_issue(user=hand.users['deputy'])}"}
    listing = client.get("/api/v1/reports", headers=headers).json()
    assert {"code": "progress", "group": "progress"}.items() <= listing[0].items()
    assert listing[0]["formats"] == ["json", "csv", "xlsx", "pdf"]
    response = client.get("/api/v1/reports/progress?format=xlsx", headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = client.get("/api/v1/reports/attendance?date_from=вчера", headers=headers)
    assert bad.status_code == 400 and "«С»" in bad.json()["detail"]
    assert client.get("/api/v1/reports/no-such-report", headers=headers).status_code == 404
