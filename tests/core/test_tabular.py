"""The one reader of imported spreadsheets: formats, encodings, delimiters, headers and bad files."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from zhurnal.core.tabular import Column, TableError, parse_date, read_table, template_csv, template_xlsx

COLUMNS = (
    Column("last_name", "Фамилия", required=True),
    Column("first_name", "Имя", required=True),
    Column("birth_date", "Дата рождения", aliases=("дата рожд.",)),
)


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_windows_1251_csv_with_semicolons_and_russian_headers_is_read():
    data = "Фамилия;Имя;Дата рождения\r\nЁлкина;Анна;01.03.2019\r\n".encode("cp1251")
    table = read_table(data, COLUMNS)
    assert (table.encoding, table.delimiter) == ("cp1251", ";")
    assert table.rows[0].values == {"last_name": "Ёлкина", "first_name": "Анна", "birth_date": "01.03.2019"}
    assert table.rows[0].line == 2


def test_a_utf8_csv_with_a_bom_commas_and_english_keys_is_read():
    data = "\ufefflast_name,first_name,extra\nИванов,Пётр,x\n".encode()
    table = read_table(data, COLUMNS)
    assert (table.encoding, table.delimiter) == ("utf-8", ",")
    assert table.rows[0]["first_name"] == "Пётр"
    assert table.ignored_columns == ["extra"]


def test_xlsx_dates_and_whole_numbers_come_back_as_plain_strings_and_empty_rows_keep_line_numbers():
    data = xlsx(
        [
            ["Фамилия*", "ИМЯ", "Дата рожд."],
            ["Петров", 7.0, dt.datetime(2019, 3, 1)],
            [None, None],
            ["Сидоров", "Иван"],
        ]
    )
    table = read_table(data, COLUMNS)
    assert table.file_format == "xlsx"
    assert [row.line for row in table.rows] == [2, 4]
    assert table.rows[0].values == {"last_name": "Петров", "first_name": "7", "birth_date": "2019-03-01"}


def test_a_missing_required_column_is_named_before_any_row_is_read():
    with pytest.raises(TableError) as error:
        read_table("Фамилия;Отчество\nИванов;Иванович\n".encode(), COLUMNS)
    assert str(error.value) == "Строка 1, столбец «Имя»: нет обязательного столбца"
    assert error.value.data["errors"] == [
        {"line": 1, "column": "Имя", "message": "нет обязательного столбца"}
    ]


def test_an_empty_file_and_a_damaged_xlsx_are_refused_in_russian():
    with pytest.raises(TableError, match="файл пуст"):
        read_table(b"  \n", COLUMNS)
    with pytest.raises(TableError, match="XLSX не читается"):
        read_table(b"PK\x03\x04garbage", COLUMNS)


def test_a_control_character_in_a_cell_names_its_line_and_column():
    with pytest.raises(TableError) as error:
        read_table("Фамилия;Имя\nИванов;Ив\x00ан\n".encode(), COLUMNS)
    assert str(error.value) == "Строка 2, столбец «Имя»: недопустимый управляющий символ"


def test_dates_are_read_in_both_school_spellings_and_refused_otherwise():
    assert (
        parse_date("2019-03-01") == parse_date("01.03.2019") == parse_date("1.3.2019") == dt.date(2019, 3, 1)
    )
    with pytest.raises(ValueError, match="неверная дата «31.02.2019»"):
        parse_date("31.02.2019")


def test_the_templates_read_back_through_the_reader():
    examples = [["Иванов", "Иван", "2019-03-01"]]
    for data in (template_xlsx(COLUMNS, examples), template_csv(COLUMNS, examples)):
        table = read_table(data, COLUMNS)
        assert table.rows[0].values == {
            "last_name": "Иванов",
            "first_name": "Иван",
            "birth_date": "2019-03-01",
        }
