"""The printed journal and the summary sheet as PDF, read back with pdfplumber."""

import datetime as dt
import io

import pdfplumber
import pytest
from django.core.management import call_command

from tests import factories as f
from tests.archive.data import small_class
from zhurnal.archive import printing, services
from zhurnal.archive.models import Signer, VerificationStamp
from zhurnal.archive.selectors.journal_print import MAX_COLUMNS, printed_journal

pytestmark = pytest.mark.django_db


def _pages(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _with_lessons(c):
    code = f.AttendanceCodeFactory(school=c.school, code="Н")
    work = f.WorkTypeFactory(school=c.school)
    first = f.LessonFactory(
        assignment=c.math_assignment,
        date=dt.date(2026, 9, 7),
        topic="Сложение в пределах 100",
        homework="с. 12 № 3",
    )
    f.MarkFactory(lesson=first, student=c.pupils["Антонов"], value="5", work_type=work)
    f.AttendanceFactory(lesson=first, student=c.pupils["Власов"], code=code)
    f.LessonFactory(assignment=c.math_assignment, date=dt.date(2026, 10, 20), topic="Вычитание")
    return first


def test_the_printed_journal_has_title_grid_lessons_attendance_summary_and_closing_pages():
    c = small_class()
    _with_lessons(c)
    made = services.make_printed_journal(c.class_group)
    pages = _pages(made.content)
    assert made.pages == len(pages)
    assert "МКОУ «Школа № 7»" in pages[0] and "Классный журнал" in pages[0] and "2/2027" not in pages[0][:0]
    assert "2А класс" in pages[0] and "2026/2027 учебный год" in pages[0]
    grid = next(p for p in pages if "Математика" in p and "сентябрь 2026" in p)
    assert "Антонов Иван 5" in grid  # the mark on 07.09
    assert "Власов Иван н" in grid  # absent on 07.09
    facing = next(p for p in pages if "Сложение в пределах 100" in p)
    assert "с. 12 № 3" in facing and "Учитель: Петрова Анна Ивановна" in facing
    october = next(p for p in pages if "Математика" in p and "октябрь 2026" in p)
    assert "20 I Год" in october  # the quarter and year marks follow the last lesson's date
    assert any("Сведения о пропущенных уроках" in p for p in pages)
    assert any("Сводная ведомость итоговых отметок" in p for p in pages[2:])
    closing = pages[-1]
    n = len(pages)
    assert f"и прошнуровано {n} страниц" in closing or f"и прошнурованы {n} страниц" in closing
    assert "Заместитель директора по УВР" in closing and "М. П." in closing


def test_every_page_carries_its_number_and_the_verification_code():
    c = small_class()
    _with_lessons(c)
    made = services.make_printed_journal(c.class_group)
    code = made.stamp.code
    printed = f"{code[:5]}-{code[5:]}"
    for number, text in enumerate(_pages(made.content), start=1):
        assert f"Код проверки: {printed}" in text
        assert f"https://zhurnal.example.ru/verify/{printed}" in text
        assert text.rstrip().endswith(str(number)), f"page {number} is not numbered"


def test_the_closing_page_names_the_signers_the_school_configured():
    c = small_class()
    Signer.objects.create(school=c.school, position="Директор", full_name="Иванова И. И.", order=1)
    Signer.objects.create(
        school=c.school, position="Заместитель директора по УВР", full_name="Петров П. П.", order=2
    )
    closing = _pages(services.make_printed_journal(c.class_group).content)[-1]
    assert "Директор" in closing and "Иванова И. И." in closing and "Петров П. П." in closing


def test_a_month_wider_than_a_page_is_split_across_pages():
    c = small_class()
    day = dt.date(2026, 9, 1)
    for i in range(MAX_COLUMNS + 6):
        f.LessonFactory(assignment=c.math_assignment, date=day + dt.timedelta(days=i % 28), slot=1 + i // 28)
    journal = printed_journal(c.school, c.class_group, c.year)
    september = [p for p in journal.sections[0].pages if p.month == "сентябрь 2026"]
    assert [(p.part, p.parts) for p in september] == [(1, 2), (2, 2)]
    assert len(september[0].columns) == MAX_COLUMNS
    assert len(september[0].lessons) == MAX_COLUMNS  # the facing page lists the same lessons


def test_the_russian_plural_of_pages():
    forms = ("страница", "страницы", "страниц")
    assert [printing.plural(n, *forms) for n in (1, 2, 5, 11, 12, 21, 22, 25, 111, 262)] == [
        "страница", "страницы", "страниц", "страниц", "страниц", "страница", "страницы", "страниц", "страниц",
        "страницы",
    ]  # fmt: skip


def test_the_summary_sheet_alone_holds_the_marks_and_totals():
    c = small_class()
    made = services.make_summary_sheet(c.class_group)
    text = "\n".join(_pages(made.content))
    assert "Сводная ведомость итоговых отметок" in text and "Математика" in text
    assert "Антонов Иван 5" in text
    assert "% успеваемости 60.0" in text or "% успеваемости 60,0" in text


def test_the_print_command_writes_the_file_and_registers_its_code(tmp_path, settings):
    c = small_class()
    settings.ZHURNAL_TODAY = "2026-12-01"
    out = tmp_path / "2a.pdf"
    call_command("print", "journal", "--class", "2а", "--school", str(c.school.pk), "--output", str(out))
    stamp = VerificationStamp.objects.get(kind="class_journal")
    assert out.read_bytes()[:5] == b"%PDF-"
    assert stamp.class_group_id == c.class_group.pk and stamp.size == out.stat().st_size


def _sheet_texts(made) -> list[str]:
    code = f"{made.stamp.code[:5]}-{made.stamp.code[5:]}"
    return [text.replace(code, "CODE") for text in _pages(made.content)]


def test_the_journal_drawn_in_parallel_parts_is_the_one_drawn_whole(monkeypatch):
    c = small_class()
    _with_lessons(c)
    monkeypatch.setattr(printing.drawing, "processes", lambda: 1)
    whole = services.make_printed_journal(c.class_group)
    monkeypatch.setattr(printing, "PARALLEL_MIN_SHEETS", 0)
    monkeypatch.setattr(printing.drawing, "processes", lambda: 2)
    parts = printing.journal_parts(printed_journal(c.school, c.class_group, c.year), 2)
    assert len(parts) == 2 and parts[0].with_front and parts[1].with_back
    assert parts[1].first_page == parts[0].sheets + 1
    split = services.make_printed_journal(c.class_group)
    assert split.pages == whole.pages
    assert _sheet_texts(split) == _sheet_texts(whole)


def test_a_part_whose_first_page_was_mispredicted_is_numbered_again(monkeypatch):
    c = small_class()
    _with_lessons(c)
    monkeypatch.setattr(printing, "PARALLEL_MIN_SHEETS", 0)
    real_parts = printing.journal_parts

    def off_by_three(journal, count):
        parts = real_parts(journal, 2)
        parts[1].first_page += 3  # as if a sheet of the first part had run over three pages
        return parts

    monkeypatch.setattr(printing, "journal_parts", off_by_three)
    made = services.make_printed_journal(c.class_group)
    for number, text in enumerate(_pages(made.content), start=1):
        assert text.rstrip().endswith(str(number)), f"page {number} is not numbered"
