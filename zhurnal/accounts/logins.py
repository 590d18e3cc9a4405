"""How a login is made from a person's name: one rule for the whole region.

The surname transliterated by the rule of Russian passports (ICAO Doc 9303, Приказ МВД № 889),
a dot, the initials of the first name and patronymic: Иванов Иван Андреевич → `ivanov.ia`; when
that is taken, `ivanov.ia2`, `ivanov.ia3`… Logins are unique across the whole installation
(which is the region), so the same rule never gives two people one login.
"""

import re

import iuliia

from zhurnal.accounts.models import User

_NOT_LOGIN = re.compile(r"[^a-z0-9]+")


def _latin(text: str) -> str:
    return _NOT_LOGIN.sub("", iuliia.ICAO_DOC_9303.translate(text.strip()).lower())


def login_base(last_name: str, first_name: str, middle_name: str = "") -> str:
    surname = _latin(last_name) or "user"
    initials = "".join(_latin(part)[:1] for part in (first_name, middle_name) if part.strip())
    return f"{surname}.{initials}" if initials else surname


def login_make(last_name: str, first_name: str, middle_name: str = "") -> str:
    """The first free login for this name (`ivanov.ia`, then `ivanov.ia2`…)."""
    base = login_base(last_name, first_name, middle_name)
    taken = set(
        User.objects.filter(username__regex=rf"^{re.escape(base)}[0-9]*$").values_list("username", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"
