"""Every PDF a report renders carries a verification code (decision 0016): «Код проверки» and
the URL on every page, the QR code of that URL, and /verify/<code> confirms the very bytes."""

import io
import re

import pdfplumber
import pytest
import segno
from django.core.files.uploadedfile import SimpleUploadedFile

from zhurnal.archive import verification
from zhurnal.archive.models import VerificationStamp
from zhurnal.reports import renderers, running

pytestmark = pytest.mark.django_db

CODE = re.compile(r"Код проверки: ([0-9A-Z]{5}-[0-9A-Z]{5})")


@pytest.fixture
def deputy_client(hand, client, settings):
    settings.SITE_URL = "https://zhurnal.example.ru"
    client.force_login(hand.users["deputy"], backend="zhurnal.accounts.backends.UserBackend")
    return client


def _pdf(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response.content


def test_every_page_of_a_report_pdf_carries_its_code_and_the_verification_url(hand, deputy_client):
    body = _pdf(deputy_client, f"/reports/progress/download/pdf/?period={hand.period.pk}")
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        texts = [page.extract_text() for page in pdf.pages]
    codes = {match for text in texts for match in CODE.findall(text)}
    assert len(codes) == 1 and all(CODE.search(text) for text in texts)
    (code,) = codes
    assert all(f"zhurnal.example.ru/verify/{code}" in text.replace("\n", "") for text in texts)
    stamp = VerificationStamp.objects.get(code=code.replace("-", ""))
    assert stamp.kind == "report" and stamp.title == "Итоги успеваемости за период"
    assert stamp.meta["report"] == "progress" and stamp.registered_at is not None


def test_the_pdf_draws_the_qr_code_of_the_verification_url(hand, actor):
    report = running.report_for_runner(actor("deputy"), "progress")
    result = running.run(actor("deputy"), report, {"period": str(hand.period.pk)})
    stamp = verification.reserve(hand.school.pk)
    html = renderers.pdf_html(result, stamp)
    expected = segno.make(stamp.url, error="m").svg_data_uri(scale=3)
    assert f'<img src="{expected}"' in html and "/verify/" in stamp.url
    assert f'<img src="{expected}"' not in renderers.pdf_html(result)


def test_verify_confirms_the_report_and_refuses_a_copy_with_one_byte_changed(hand, deputy_client, client):
    body = _pdf(deputy_client, f"/reports/attendance/download/pdf/?period={hand.period.pk}")
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        code = CODE.search(pdf.pages[0].extract_text()).group(1)
    client.logout()  # the verification page is public: whoever holds the paper checks it
    page = client.get(f"/verify/{code}/")
    assert page.status_code == 200 and "Посещаемость" in page.content.decode()
    same = client.post(f"/verify/{code}/", {"file": SimpleUploadedFile("r.pdf", body)})
    assert "Файл совпадает" in same.content.decode()
    changed = bytearray(body)
    changed[len(changed) // 2] ^= 0x01
    other = client.post(f"/verify/{code}/", {"file": SimpleUploadedFile("r.pdf", bytes(changed))})
    assert "Файл не совпадает" in other.content.decode()


def test_a_class_report_records_the_class_so_the_page_tells_what_changed_since(hand, deputy_client, client):
    body = _pdf(
        deputy_client,
        f"/reports/final-marks-summary/download/pdf/?class={hand.class_a.pk}",
    )
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        code = CODE.search(pdf.pages[0].extract_text()).group(1)
    stamp = VerificationStamp.objects.get(code=code.replace("-", ""))
    assert stamp.class_group == hand.class_a and stamp.state["lessons"] == 5  # 4 given, 1 cancelled
    assert "журнал не изменялся" in client.get(f"/verify/{code}/").content.decode()


def test_each_pdf_gets_its_own_code_and_other_formats_none(hand, deputy_client):
    url = f"/reports/progress/download/{{}}/?period={hand.period.pk}"
    _pdf(deputy_client, url.format("pdf"))
    _pdf(deputy_client, url.format("pdf"))
    _pdf(deputy_client, url.format("xlsx"))
    assert VerificationStamp.objects.filter(kind="report").count() == 2
