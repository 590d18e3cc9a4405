"""Russian names as the journal writes them: «Фамилия Имя Отчество» and «Фамилия И. О.»."""


def full_name(last: str, first: str, middle: str = "") -> str:
    return " ".join(p for p in (last, first, middle) if p)


def short_name(last: str, first: str, middle: str = "") -> str:
    initials = "".join(f"{p[0]}." for p in (first, middle) if p)
    return f"{last} {initials}".strip()
