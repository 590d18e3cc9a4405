"""Putting form data on a card and checking it, with the field named in Russian on refusal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zhurnal.core.errors import InvalidInput


def apply(instance, data: dict, fields) -> None:
    """Copy the named fields from `data` (strings from a form or JSON) onto `instance`, then
    check them with the model's own validation. Raises InvalidInput naming the first bad field."""
    for name in fields:
        if name not in data:
            continue
        field = instance._meta.get_field(name)
        value = data[name]
        if isinstance(value, str):
            value = value.strip()
        if value in ("", None) and field.null:
            value = None
        elif value is None:
            value = ""
        setattr(instance, field.attname, value)
    try:
        instance.full_clean(exclude=[f.name for f in instance._meta.fields if f.name not in fields])
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        label = instance._meta.get_field(name).verbose_name if name != "__all__" else ""
        message = " ".join(messages)
        raise InvalidInput(
            _("«%(field)s»: %(message)s") % {"field": label, "message": message} if label else message,
            field=name,
        ) from None
