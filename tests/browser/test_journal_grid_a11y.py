"""The grid by keyboard only (no trap, focus kept, saves announced, axe-core clean on the whole page
with and without the editors open), and the focused cell kept clear of the name column at 200 % zoom.
(The deputy closing a period, and the teacher seeing it locked, is one sitting in test_supervision.py.)"""

import datetime as dt

import pytest
from django.core.management import call_command

from tests.browser.a11y import assert_no_axe_violations
from tests.browser.test_teacher_home import sign_in
from zhurnal.journal.models import Lesson, Mark
from zhurnal.schools.models import StudyPeriod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def todays_lesson(transactional_db):
    call_command("demo", today=TODAY.isoformat(), verbosity=0)
    lesson = (
        Lesson.objects.filter(
            assignment__teacher__user__username="teacher", date=TODAY, assignment__class_group__grade__gte=2
        )
        .order_by("slot")
        .first()
    )
    Mark.objects.filter(lesson=lesson).delete()
    lesson.attendance.all().delete()
    return lesson


def focused(page) -> str:
    return page.evaluate(
        "() => { const a = document.activeElement;"
        " return a.id || (a.classList.contains('cell') ? 'cell:' + a.dataset.l + ':' + a.dataset.row : a.tagName); }"
    )


def shown(page, selector: str) -> None:
    """Wait for a dialog's fade-in to end: mid-transition its colours are not the real ones."""
    page.wait_for_function(
        "s => { const d = document.querySelector(s); return getComputedStyle(d).opacity === '1'"
        " && !document.querySelector('.modal-backdrop:not(.show)'); }",
        arg=selector,
    )
    page.wait_for_timeout(400)


def test_a_keyboard_only_teacher_leaves_the_grid_comes_back_and_enters_a_mark(
    live_server, page, todays_lesson
):
    lesson = todays_lesson
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "teacher")
    page.goto(f"{live_server.url}/journal/{lesson.assignment_id}/")  # opens on today's column
    page.wait_for_selector("table.journal-grid")
    start = focused(page)
    assert start == f"cell:{lesson.pk}:0", errors
    assert_no_axe_violations(page, "the journal page")

    page.keyboard.press("Escape")
    assert focused(page) == "period-select"
    page.keyboard.press("Tab")
    assert focused(page) == start  # one Tab stop back into the grid, at the same cell
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "period-select"
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowUp")  # up to the lesson's date…
    assert page.evaluate("() => document.activeElement.dataset.lesson") == str(lesson.pk)
    page.keyboard.press("ArrowDown")  # …and back
    assert focused(page) == start

    page.keyboard.press("5")
    page.wait_for_function("() => /Сохранено/.test(document.getElementById('journal-status').textContent)")
    assert page.get_attribute("#journal-status", "aria-live") == "polite"
    page.keyboard.press("Tab")
    assert not focused(page).startswith("cell:")  # Tab leaves the grid

    # The cell editor: saving returns focus to the cell; axe-core finds nothing in the grid or editor.
    page.locator(f'td.cell[data-l="{lesson.pk}"][data-row="1"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#cell-editor.show")
    shown(page, "#cell-editor")
    assert_no_axe_violations(page, "the journal page with the cell editor open")
    new_mark = page.locator("#cell-editor .mark-form").last
    new_mark.locator("input").first.fill("4")
    new_mark.locator("button[type=submit]").click()
    page.wait_for_function("() => document.activeElement.classList.contains('cell')")
    assert focused(page) == f"cell:{lesson.pk}:1"

    # The lesson editor gives focus back to the lesson's date it was opened from.
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_selector("#lesson-editor.show")
    shown(page, "#lesson-editor")
    assert_no_axe_violations(page, "the journal page with the lesson editor open")
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.activeElement.classList.contains('journal-lesson-btn')")
    assert page.evaluate("() => document.activeElement.dataset.lesson") == str(lesson.pk)

    page.reload()
    page.wait_for_selector("table.journal-grid")
    assert "5" in page.locator(f'td.cell[data-l="{lesson.pk}"][data-row="0"]').inner_text()
    assert Mark.objects.filter(lesson=lesson).count() == 2
    assert_no_axe_violations(page, "the journal page after reload")


def test_a_grade_one_journal_shows_no_average_nor_suggested_mark(live_server, page, todays_lesson):
    from zhurnal.people.models import TeachingAssignment

    first = TeachingAssignment.objects.filter(teacher__user__username="teacher", class_group__grade=1).first()
    sign_in(page, live_server.url, "teacher")
    page.goto(f"{live_server.url}/journal/{first.pk}/")
    page.locator("table.journal-grid").wait_for()
    assert not page.locator("table.journal-grid th", has_text="Прогн.").is_visible()
    assert not page.locator("table.journal-grid th", has_text="Ср.").is_visible()
    assert page.locator("table.journal-grid th", has_text="Год").is_visible()


def test_the_cell_editor_links_each_mark_to_who_in_the_family_saw_it(live_server, page, todays_lesson):
    from tests import factories as f
    from zhurnal.journal.models import WorkType
    from zhurnal.people.models import Student

    sign_in(page, live_server.url, "teacher")
    grid = f"{live_server.url}/journal/{todays_lesson.assignment_id}/"
    page.goto(grid)
    first = page.locator(f'td.cell[data-l="{todays_lesson.pk}"]:not(.out)').first
    pupil = Student.objects.get(pk=int(first.get_attribute("data-s")))
    work_type = WorkType.objects.filter(school=todays_lesson.school).first()
    mark = f.MarkFactory(lesson=todays_lesson, student=pupil, value="4", score=4, work_type=work_type)
    page.goto(grid)
    cell = page.locator(f'td.cell[data-l="{todays_lesson.pk}"][data-s="{pupil.pk}"]')
    cell.click()
    page.keyboard.press("Enter")
    link = page.locator(f'a[href="/notifications/seen/?mark={mark.pk}"]')
    link.wait_for()
    link.click()
    page.wait_for_url(f"**/notifications/seen/?mark={mark.pk}")
    assert pupil.last_name in page.content()


def test_at_200_percent_zoom_the_focused_cell_is_never_hidden_under_the_name_column(
    live_server, browser, todays_lesson
):
    # 200 % zoom of a 1280 × 900 window: half the CSS pixels, each drawn twice as large.
    context = browser.new_context(
        locale="ru-RU", viewport={"width": 640, "height": 450}, device_scale_factor=2
    )
    page = context.new_page()
    # The first quarter is over: its journal is wider than the window and opens on its last lesson.
    first_quarter = (
        StudyPeriod.objects.filter(
            school_id=todays_lesson.school_id, end__lt=TODAY, grade_from__lte=2, grade_to__gte=2
        )
        .exclude(kind=StudyPeriod.Kind.YEAR)
        .earliest("start")
    )
    sign_in(page, live_server.url, "teacher")
    page.goto(f"{live_server.url}/journal/{todays_lesson.assignment_id}/?period={first_quarter.pk}")
    page.wait_for_selector("table.journal-grid")
    assert page.evaluate("() => window.devicePixelRatio") == 2
    assert page.evaluate(
        "() => { const g = document.getElementById('journal'); return g.scrollWidth > g.clientWidth; }"
    )
    uncovered = """() => {
        const cell = document.activeElement;
        const name = cell.closest('tr').querySelector('.journal-name');
        return [cell.getBoundingClientRect().left, name.getBoundingClientRect().right, cell.dataset.col];
    }"""
    columns = set()
    # Walk left from today's column to the first lesson and back: the grid scrolls under the
    # sticky names, and every cell the focus lands on must stay fully clear of them.
    for key in ["ArrowLeft"] * 14 + ["ArrowRight"] * 6:
        page.keyboard.press(key)
        left, name_right, column = page.evaluate(uncovered)
        assert left >= name_right - 0.5, (
            f"column {column}: cell at {left}px under the names ending at {name_right}px"
        )
        columns.add(column)
    assert len(columns) > 5  # the walk really moved across the grid
    context.close()
