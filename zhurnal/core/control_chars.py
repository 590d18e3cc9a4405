"""Control characters are refused at the edge, once, before any view (issue 8 item 9).

A NUL or another C0 control character (everything below U+0020 except tab, line feed and
carriage return; also DEL, U+007F) has no business in a login, a comment, a topic or a message:
SQLite stores it silently and PostgreSQL refuses it with a 500. The middleware looks at every
text input a view could read — the query string, form fields (urlencoded and multipart; the
file parts of a multipart body are files, not text, and are left alone) and JSON bodies — and
answers 400 naming the first bad field: JSON `{detail, code: "control_characters", field}` under
/api/, a Russian page elsewhere. Nothing reaches a view, so nothing is stored.

It checks in `process_view`, so the authentication middleware has run and the 400 page can be
drawn inside the site's layout; it is listed early so that its `process_view` runs before the
CSRF check's (which reads the form as well).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The page names a field by its label where the name is a common one; the API by its name.
FIELD_LABELS = {
    "username": gettext_lazy("Логин"),
    "password": gettext_lazy("Пароль"),
    "subject": gettext_lazy("Тема"),
    "title": gettext_lazy("Заголовок"),
    "body": gettext_lazy("Текст"),
    "comment": gettext_lazy("Комментарий"),
    "topic": gettext_lazy("Тема урока"),
    "homework": gettext_lazy("Домашнее задание"),
    "reason": gettext_lazy("Причина"),
    "q": gettext_lazy("Поиск"),
}

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CODE = "control_characters"


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def _walk_json(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field path, text) for every key and string in a parsed JSON document."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            yield child, str(key)
            yield from _walk_json(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_json(item, f"{path}.{index}" if path else str(index))


def _query_and_form(request: HttpRequest) -> Iterator[tuple[str, str]]:
    for key, values in request.GET.lists():
        yield key, key
        for value in values:
            yield key, value
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # request.POST holds the text parts only; request.FILES (left alone) holds the files.
        for key, values in request.POST.lists():
            yield key, key
            for value in values:
                yield key, value
    elif content_type == "application/json" or content_type.endswith("+json"):
        try:
            document = json.loads(request.body)
        except ValueError:
            return  # not JSON at all: the view's parser answers that
        yield from _walk_json(document, "")


def first_bad_field(request: HttpRequest) -> str | None:
    """The name of the first input holding a control character, or None."""
    try:
        for field, text in _query_and_form(request):
            if has_control_characters(text):
                return CONTROL_CHARACTERS.sub("?", field) or "body"
    except (RequestDataTooBig, TooManyFieldsSent):
        return None  # too big to look at: the view's own read refuses it the usual way
    return None


class ControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        field = first_bad_field(request)
        if field is None:
            return None
        message = _(
            "Поле «%(field)s» содержит управляющие символы (например, нулевой байт). "
            "Уберите их и повторите запрос."
        )
        detail = message % {"field": field}
        if request.path.startswith("/api/"):
            return JsonResponse(
                # The API's 400 shape (api/errors.py): `errors` names each bad field.
                {
                    "detail": detail,
                    "code": CODE,
                    "field": field,
                    "errors": [{"field": field, "message": detail}],
                },
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        label = FIELD_LABELS.get(field)
        if label is not None:
            detail = _(
                "Поле «%(label)s» (%(field)s) содержит управляющие символы (например, нулевой байт). "
                "Уберите их и повторите запрос."
            ) % {"label": label, "field": field}
        return render(request, "400.html", {"field": field, "detail": detail}, status=400)
