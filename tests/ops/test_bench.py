"""The benchmark command runs end to end and reports its figures and budgets (its timings are
not checked here: speed is measured by `make bench`, never by tests)."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_bench_reports_queries_medians_ratio_and_budgets():
    out = io.StringIO()

    call_command("bench", runs=3, generate_students=0, stdout=out)

    text = out.getvalue()
    assert "класс 30 обучающихся, 60 уроков" in text
    for label in ("Пол: один SQL-запрос", "Страница журнала", "API: GET /journal", "Сохранение отметки"):
        assert re.search(
            rf"{re.escape(label)}[^\n]*?\s+запросов\s+\d+\s+медиана\s+[\d.]+ мс\s+p95\s+[\d.]+ мс", text
        ), label
    assert re.search(r"Страница / пол: [\d.]+×", text)
    assert re.search(r"Бюджеты \(\w+\): (соблюдены\.|ПРЕВЫШЕНЫ: .+)", text)
