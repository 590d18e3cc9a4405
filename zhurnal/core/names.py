"""Russian names as the journal writes them: «Фамилия Имя Отчество» and «Фамилия И. О.»."""

from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case, Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker

_maker = PetrovichDeclinationMaker()
_detector = PetrovichGenderDetector()


def full_name(last: str, first: str, middle: str = "") -> str:
    return " ".join(p for p in (last, first, middle) if p)


def short_name(last: str, first: str, middle: str = "") -> str:
    initials = "".join(f"{p[0]}." for p in (first, middle) if p)
    return f"{last} {initials}".strip()


def full_name_genitive(last: str, first: str, middle: str = "") -> str:
    """«Фамилия Имя Отчество» in the genitive, as after «от»: «от Соколовой Виктории Михайловны».

    The rules are petrovich's (pytrovich, decision 0012); the gender comes from the patronymic
    and the first name. A name the rules do not know stays as written.
    """
    if not (last or first or middle):
        return ""
    gender = _gender(first, middle)
    parts = []
    for part, value in (
        (NamePart.LASTNAME, last),
        (NamePart.FIRSTNAME, first),
        (NamePart.MIDDLENAME, middle),
    ):
        if value:
            parts.append(_genitive(part, gender, value))
    return " ".join(parts)


def _gender(first: str, middle: str):
    try:
        return _detector.detect(firstname=first or None, middlename=middle or None)
    except Exception:  # a name outside the rules: decline as either
        return Gender.ANDROGYNOUS


def _genitive(part, gender, value: str) -> str:
    # A double surname (Петров-Водкин) is declined part by part.
    try:
        return "-".join(_maker.make(part, gender, Case.GENITIVE, piece) for piece in value.split("-"))
    except Exception:
        return value
