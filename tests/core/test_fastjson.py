import json
import re
from decimal import Decimal

import pytest
from django.utils.html import json_script as django_json_script
from django.utils.translation import gettext_lazy

from zhurnal.core import fastjson

PAYLOAD = {
    "topic": "</script><script>alert('x')</script> & «Дроби»",
    "students": [{"id": 1, "full_name": "Иванов Иван", "average": Decimal("4.50"), "late": None}],
    "flags": [True, False],
    "label": gettext_lazy("Журнал"),
    "line": "a\u2028b",
}


def _inner(html: str) -> str:
    return re.fullmatch(r'<script id="grid" type="application/json">(.*)</script>', html, re.S).group(1)


def test_the_script_element_holds_the_same_data_as_djangos():
    ours = _inner(fastjson.script_element(PAYLOAD, "grid").decode())
    theirs = _inner(django_json_script(PAYLOAD, "grid"))

    assert json.loads(ours) == json.loads(theirs)
    assert json.loads(ours)["students"][0]["average"] == "4.50"


def test_nothing_in_the_data_can_close_the_script_element():
    inner = _inner(fastjson.script_element(PAYLOAD, "grid").decode())

    assert "<" not in inner and ">" not in inner and "&" not in inner


def test_the_element_id_is_escaped():
    assert fastjson.script_element({}, 'a"b').startswith(b'<script id="a&quot;b"')


def test_an_unknown_type_is_refused_not_guessed():
    with pytest.raises(TypeError):
        fastjson.dumps({"x": object()})
