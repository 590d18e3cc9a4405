"""Hard-coded Russian, Kabardian and Balkar names with correct gender agreement.

No Faker: a seed must give the same people on every machine. A surname is stored as its male
form; the female form follows the Russian pattern (-ов/-ев/-ин → +а, -ский → -ская).
Male first names carry their patronymic forms, so children's patronymics come from the father.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

KABARDIAN = "kab"
BALKAR = "balk"
RUSSIAN = "rus"

# Male surname forms.
SURNAMES = {
    KABARDIAN: [
        "Кодзоков",
        "Шогенов",
        "Тхагапсоев",
        "Кумыков",
        "Тхамоков",
        "Хажметов",
        "Шхагошев",
        "Карданов",
        "Мисаков",
        "Бжахов",
        "Кушхов",
        "Нагоев",
        "Хатуев",
        "Балкаров",
        "Шибзухов",
        "Кармоков",
        "Жиляев",
        "Тлупов",
        "Абазов",
        "Хашхожев",
        "Мамхегов",
        "Кажаров",
        "Блиев",
        "Гергоков",
    ],
    BALKAR: [
        "Гуртуев",
        "Байзуллаев",
        "Эльмурзаев",
        "Гузеев",
        "Атабиев",
        "Мокаев",
        "Теммоев",
        "Отаров",
        "Кулиев",
        "Этезов",
        "Хаджиев",
        "Малкаров",
        "Будаев",
        "Джаппуев",
        "Тебердиев",
        "Уянаев",
    ],
    RUSSIAN: [
        "Иванов",
        "Смирнов",
        "Кузнецов",
        "Попов",
        "Васильев",
        "Соколов",
        "Морозов",
        "Волков",
        "Лебедев",
        "Козлов",
        "Новиков",
        "Фёдоров",
        "Ильин",
        "Калинин",
        "Белоусов",
        "Жуковский",
    ],
}

# (name, patronymic of a son, patronymic of a daughter)
MALE_NAMES = {
    KABARDIAN: [
        ("Алим", "Алимович", "Алимовна"),
        ("Руслан", "Русланович", "Руслановна"),
        ("Мурат", "Муратович", "Муратовна"),
        ("Аслан", "Асланович", "Аслановна"),
        ("Замир", "Замирович", "Замировна"),
        ("Азамат", "Азаматович", "Азаматовна"),
        ("Беслан", "Бесланович", "Беслановна"),
        ("Тимур", "Тимурович", "Тимуровна"),
        ("Хасан", "Хасанович", "Хасановна"),
        ("Анзор", "Анзорович", "Анзоровна"),
        ("Кантемир", "Кантемирович", "Кантемировна"),
        ("Астемир", "Астемирович", "Астемировна"),
        ("Ислам", "Исламович", "Исламовна"),
        ("Заур", "Заурович", "Зауровна"),
    ],
    BALKAR: [
        ("Исмаил", "Исмаилович", "Исмаиловна"),
        ("Ахмат", "Ахматович", "Ахматовна"),
        ("Магомед", "Магомедович", "Магомедовна"),
        ("Хызыр", "Хызырович", "Хызыровна"),
        ("Шамиль", "Шамилевич", "Шамилевна"),
        ("Ибрагим", "Ибрагимович", "Ибрагимовна"),
        ("Алий", "Алиевич", "Алиевна"),
        ("Мухтар", "Мухтарович", "Мухтаровна"),
        ("Кемал", "Кемалович", "Кемаловна"),
        ("Юсуп", "Юсупович", "Юсуповна"),
        ("Рустам", "Рустамович", "Рустамовна"),
        ("Осман", "Османович", "Османовна"),
    ],
    RUSSIAN: [
        ("Александр", "Александрович", "Александровна"),
        ("Сергей", "Сергеевич", "Сергеевна"),
        ("Андрей", "Андреевич", "Андреевна"),
        ("Дмитрий", "Дмитриевич", "Дмитриевна"),
        ("Николай", "Николаевич", "Николаевна"),
        ("Иван", "Иванович", "Ивановна"),
        ("Михаил", "Михайлович", "Михайловна"),
        ("Юрий", "Юрьевич", "Юрьевна"),
        ("Анатолий", "Анатольевич", "Анатольевна"),
        ("Илья", "Ильич", "Ильинична"),
        ("Никита", "Никитич", "Никитична"),
        ("Артём", "Артёмович", "Артёмовна"),
        ("Максим", "Максимович", "Максимовна"),
        ("Владимир", "Владимирович", "Владимировна"),
    ],
}

FEMALE_NAMES = {
    KABARDIAN: [
        "Амина",
        "Дана",
        "Залина",
        "Мадина",
        "Аида",
        "Жанна",
        "Марьям",
        "Лана",
        "Асият",
        "Сати",
        "Дисана",
        "Бэлла",
        "Карина",
        "Лаура",
    ],
    BALKAR: [
        "Фатима",
        "Зухра",
        "Аминат",
        "Халимат",
        "Лейла",
        "Марина",
        "Жамиля",
        "Сафият",
        "Салима",
        "Мариям",
        "Танзиля",
        "Алина",
    ],
    RUSSIAN: [
        "Анна",
        "Мария",
        "Елена",
        "Ольга",
        "Наталья",
        "Татьяна",
        "Екатерина",
        "Дарья",
        "Софья",
        "Полина",
        "Виктория",
        "Алиса",
        "Ксения",
        "Вера",
    ],
}


def female_surname(male: str) -> str:
    if male.endswith("ский"):
        return male[:-4] + "ская"
    return male + "а"


@dataclass(frozen=True)
class PersonName:
    last_name: str
    first_name: str
    middle_name: str
    sex: str  # "m" or "f"


@dataclass(frozen=True)
class Family:
    """A family: surname, the father's name (for the children's patronymic), its ethnicity."""

    ethnicity: str
    surname: str  # male form
    father: tuple[str, str, str]
    mother_first: str
    mother_father: tuple[str, str, str]  # the mother's own father, for her patronymic

    def child(self, rng: random.Random, sex: str) -> PersonName:
        if sex == "m":
            first = rng.choice(MALE_NAMES[self.ethnicity])[0]
            return PersonName(self.surname, first, self.father[1], "m")
        first = rng.choice(FEMALE_NAMES[self.ethnicity])
        return PersonName(female_surname(self.surname), first, self.father[2], "f")

    def father_name(self, rng: random.Random) -> PersonName:
        grandfather = rng.choice(MALE_NAMES[self.ethnicity])
        return PersonName(self.surname, self.father[0], grandfather[1], "m")

    def mother_name(self) -> PersonName:
        return PersonName(female_surname(self.surname), self.mother_first, self.mother_father[2], "f")


def ethnicity(rng: random.Random, weights: tuple[int, int, int] = (50, 25, 25)) -> str:
    return rng.choices([KABARDIAN, BALKAR, RUSSIAN], weights=weights)[0]


def family(rng: random.Random, eth: str) -> Family:
    return Family(
        ethnicity=eth,
        surname=rng.choice(SURNAMES[eth]),
        father=rng.choice(MALE_NAMES[eth]),
        mother_first=rng.choice(FEMALE_NAMES[eth]),
        mother_father=rng.choice(MALE_NAMES[eth]),
    )


def adult(rng: random.Random, eth: str, sex: str) -> PersonName:
    """A staff member's name."""
    father = rng.choice(MALE_NAMES[eth])
    surname = rng.choice(SURNAMES[eth])
    if sex == "m":
        return PersonName(surname, rng.choice(MALE_NAMES[eth])[0], father[1], "m")
    return PersonName(female_surname(surname), rng.choice(FEMALE_NAMES[eth]), father[2], "f")
