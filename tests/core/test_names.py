"""Names in the genitive, as after «от»: the forms below are written out by hand."""

import pytest

from zhurnal.core.names import full_name_genitive


@pytest.mark.parametrize(
    ("last", "first", "middle", "genitive"),
    [
        ("Соколова", "Виктория", "Михайловна", "Соколовой Виктории Михайловны"),
        ("Кабанов", "Пантелеймон", "Игоревич", "Кабанова Пантелеймона Игоревича"),
        ("Шевчук", "Олег", "Ильич", "Шевчука Олега Ильича"),
        ("Белых", "Анна", "Сергеевна", "Белых Анны Сергеевны"),  # a surname that never declines
        ("Шевчук", "Ольга", "Петровна", "Шевчук Ольги Петровны"),  # declines for men only
        ("Петров-Водкин", "Кузьма", "Сергеевич", "Петрова-Водкина Кузьмы Сергеевича"),
        ("Маслов", "Дорофей", "", "Маслова Дорофея"),
    ],
)
def test_a_full_name_is_put_in_the_genitive(last, first, middle, genitive):
    assert full_name_genitive(last, first, middle) == genitive


def test_an_empty_name_stays_empty():
    assert full_name_genitive("", "", "") == ""
