"""Anyone holding a printed summary sheet checks it on /verify/<code>: the file itself matches,
a copy with one byte changed does not."""

import pytest

from tests.archive.data import small_class
from zhurnal.archive import services, verification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_anonymous_reader_checks_the_file_and_a_changed_copy(live_server, page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    c = small_class()
    made = services.make_summary_sheet(c.class_group)
    original = tmp_path / "original.pdf"
    original.write_bytes(made.content)
    changed = bytearray(made.content)
    changed[len(changed) // 2] ^= 0x01
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(bytes(changed))

    page.goto(f"{live_server.url}/verify/{verification.display(made.stamp.code)}")
    assert "соответствует журналу по состоянию на" in page.inner_text("main, body")
    page.set_input_files("#id_file", str(original))
    page.click("form button.btn-primary")
    assert "Файл совпадает" in page.inner_text("body")
    page.set_input_files("#id_file", str(copy))
    page.click("form button.btn-primary")
    assert "Файл не совпадает" in page.inner_text("body")
