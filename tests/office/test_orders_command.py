"""`zhurnal orders register`: the year's register as PDF or XLSX."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.office.data import main_order, movement_order

pytestmark = pytest.mark.django_db


def test_the_register_command_writes_the_years_orders_with_their_numbers(cast, tmp_path):
    main_order(cast)
    movement_order(cast)
    target = tmp_path / "orders.xlsx"
    call_command(
        "orders",
        "register",
        "--year",
        "2026",
        "--school",
        str(cast.school_a.pk),
        "--output",
        str(target),
        stdout=io.StringIO(),
    )
    sheet = load_workbook(target).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert numbers == ["1-Д", "239-ОД"]

    pdf = tmp_path / "orders.pdf"
    call_command(
        "orders",
        "register",
        "--year",
        "2026",
        "--school",
        str(cast.school_a.pk),
        "--output",
        str(pdf),
        stdout=io.StringIO(),
    )
    assert pdf.read_bytes().startswith(b"%PDF")


def test_the_register_command_refuses_an_unknown_format(cast, tmp_path):
    with pytest.raises(CommandError):
        call_command("orders", "register", "--year", "2026", "--output", str(tmp_path / "x.doc"))
