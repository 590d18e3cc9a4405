"""Issue 12's acceptance in a browser: the class teacher imports a КТП of 34 items from XLSX on
the plan's page, the deputy approves it, and the journal grid shows the planned topics."""

import datetime as dt

import pytest

from tests import factories as f
from tests.browser.test_teacher_home import sign_in
from tests.cast import build_cast
from tests.planning.data import ktp_rows, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-pass-123"  # the factories' password
DAYS = [dt.date(2026, 11, 26), dt.date(2026, 11, 27), dt.date(2026, 11, 30)]


@pytest.fixture
def school(transactional_db):
    cast = build_cast()
    lessons = [f.LessonFactory(assignment=cast.math_a, date=day, slot=1, topic="") for day in DAYS]
    return cast, lessons


def test_an_approved_plan_shows_its_topics_in_the_journal_grid(live_server, browser, school, tmp_path):
    cast, lessons = school
    plan_url = f"{live_server.url}/planning/{cast.math_a.pk}/"
    path = tmp_path / "ktp.xlsx"
    path.write_bytes(xlsx(ktp_rows(34)))

    teacher = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900}).new_page()
    sign_in(teacher, live_server.url, "classteacher", PASSWORD)
    teacher.goto(plan_url)
    teacher.set_input_files("#import-file", str(path))
    teacher.click("#import button")
    assert "В файле 34 пунктов, 34 ч." in teacher.inner_text("main")
    teacher.click("text=Загрузить")
    teacher.wait_for_selector("#item-34")
    teacher.click("text=Отправить на согласование")
    teacher.wait_for_selector("text=План на согласовании")

    deputy = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900}).new_page()
    sign_in(deputy, live_server.url, "deputy", PASSWORD)
    deputy.goto(f"{live_server.url}/planning/review/")
    deputy.click(f"a[href='/planning/{cast.math_a.pk}/#decision']")
    deputy.click("#decision button[value=approve]")
    deputy.wait_for_selector("text=КТП утверждён.")

    teacher.goto(f"{live_server.url}/journal/{cast.math_a.pk}/")
    teacher.wait_for_selector("table.journal-grid")
    for number, lesson in enumerate(lessons, start=1):
        button = teacher.locator(f"#lesson-{lesson.pk} button")
        assert button.get_attribute("title").startswith(f"Тема {number}")
    teacher.click(f"#lesson-{lessons[1].pk} button")
    teacher.wait_for_selector("#lesson-plan:not([hidden])")
    assert teacher.inner_text("#lesson-plan") == "По КТП: №2 «Тема 2»"
    assert teacher.input_value("#lesson-topic") == "Тема 2"
