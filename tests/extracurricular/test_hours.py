"""Hours delivered against the programme and the plan, on a hand-worked example.

The chess course: 34 h by the programme; its plan 1 + 2 + 1 = 4 h. Group 1 holds sessions on
2, 9 and 16 November and has one still to come on 30 November; today is 25 November. So the
group has delivered 3 h of 34 (3 of the plan's 4); Group 2, with one session on 3 November and
none since, has delivered 1 h. One session is one academic hour.
"""

import datetime as dt

import pytest

from tests.extracurricular.data import chess, chess_group
from zhurnal.extracurricular import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(cast, actor_of):
    teacher = actor_of("teacher")
    group = chess_group(cast)
    for day in (2, 9, 16, 30):
        services.session_create(actor=teacher, group_id=group.pk, date=dt.date(2026, 11, day))
    second = services.group_create(actor=actor_of("deputy"), course_id=chess(cast).pk, name="Группа 2")
    services.session_create(actor=teacher, group_id=second.pk, date=dt.date(2026, 11, 3))
    return group, second


def test_the_deputy_sees_hours_delivered_against_the_programme_and_the_plan(cast, actor_of, held):
    (row,) = selectors.course_list(actor_of("deputy")).rows
    assert (row.course.hours, row.plan_hours) == (34, 4)
    assert [(g.name, g.held, g.members) for g in row.groups] == [("Группа 1", 3, 2), ("Группа 2", 1, 0)]


def test_the_group_journal_counts_only_sessions_already_held(cast, actor_of, held):
    group, _second = held
    journal = selectors.group_journal(actor_of("teacher"), group)
    assert (journal.held, journal.plan_hours, len(journal.sessions)) == (3, 4, 4)


def test_the_course_list_page_shows_the_figures(cast, login, held):
    html = login(cast.user("deputy")).get("/extracurricular/").content.decode()
    assert "3 из 34 ч, 2 уч." in html
    assert "1 из 34 ч, 0 уч." in html


def test_the_course_page_warns_when_the_plan_and_the_programme_differ(cast, login, held):
    html = login(cast.user("teacher")).get(f"/extracurricular/courses/{chess(cast).pk}/").content.decode()
    assert "В плане 4 ч, а по программе 34 ч." in html


def test_the_printed_journal_is_a_pdf_with_the_pupils_and_the_figure(cast, login, held):
    import io

    import pdfplumber

    group, _second = held
    response = login(cast.user("teacher")).get(f"/extracurricular/groups/{group.pk}/print/")
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Журнал внеурочной деятельности" in text
    assert "Проведено 3 из 34 ч (в плане 4 ч)" in text
    assert cast.pupil_a.full_name in text and cast.pupil_b.full_name in text
