"""/verify/<code>: what the paper is, whether an uploaded copy is the one made, what changed."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories as f
from tests.archive.data import small_class
from tests.querycount import assert_max_queries
from zhurnal.archive import services, verification

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet():
    c = small_class()
    return c, services.make_summary_sheet(c.class_group)


def _url(made):
    return f"/verify/{verification.display(made.stamp.code)}"


def test_the_page_describes_the_document_to_anyone(client, sheet):
    c, made = sheet
    response = client.get(_url(made))
    html = response.content.decode()
    assert response.status_code == 200
    assert "соответствует журналу по состоянию на" in html
    assert "Сводная ведомость итоговых отметок" in html and "2А" in html and "2026/2027" in html
    assert hashlib.sha256(made.content).hexdigest() in html


def test_the_page_confirms_the_file_and_rejects_a_copy_with_one_byte_changed(client, sheet):
    _c, made = sheet
    same = client.post(_url(made), {"file": SimpleUploadedFile("a.pdf", made.content)})
    assert "Файл совпадает" in same.content.decode()
    changed = bytearray(made.content)
    changed[len(changed) // 2] ^= 0x01
    other = client.post(_url(made), {"file": SimpleUploadedFile("b.pdf", bytes(changed))})
    assert "Файл не совпадает" in other.content.decode()
    assert "Файл совпадает" not in other.content.decode()


def test_the_code_is_read_as_people_type_it(client, sheet):
    _c, made = sheet
    typed = made.stamp.code.lower()
    assert client.get(f"/verify/{typed}/").status_code == 200


def test_an_unknown_code_is_not_found(client, sheet):
    assert client.get("/verify/00000-00000").status_code == 404


def test_the_page_says_what_changed_in_the_journal_since(client, sheet):
    c, made = sheet
    before = client.get(_url(made)).content.decode()
    assert "журнал не изменялся" in before
    f.MarkFactory(lesson=f.LessonFactory(assignment=c.math_assignment), student=c.pupils["Антонов"])
    after = client.get(_url(made)).content.decode()
    assert "вносились изменения" in after
    assert made.stamp.state["marks"] == 0 and verification.journal_state(c.class_group)["marks"] == 1


def test_a_code_is_registered_once(sheet):
    _c, made = sheet
    stamp = verification.Stamp(made.stamp.pk, made.stamp.code, "", "")
    with pytest.raises(ValueError):
        verification.register(stamp, content=b"x", kind="report", title="Другой")


def test_the_page_runs_the_same_queries_however_large_the_journal(client, sheet):
    c, made = sheet
    with assert_max_queries(12) as small:
        client.get(_url(made))
    for _i in range(20):
        pupil = f.EnrollmentFactory(class_group=c.class_group).student
        f.MarkFactory(lesson=f.LessonFactory(assignment=c.math_assignment), student=pupil)
    with assert_max_queries(len(small.captured_queries), exact=True):
        client.get(_url(made))
