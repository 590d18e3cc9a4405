"""What the writes of this app share: field checks with Russian messages, the upload rules."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from zhurnal.core.errors import InvalidInput
from zhurnal.core.uploads import UploadRules


def upload_rules(field: str = "files", max_count: int | None = None) -> UploadRules:
    return UploadRules(
        max_bytes=int(getattr(settings, "MATERIAL_FILE_MAX_BYTES", 20 * 1024 * 1024)),
        max_count=max_count or int(getattr(settings, "MATERIAL_FILES_PER_ITEM", 10)),
        field=field,
    )


def text(fields: dict, name: str, label, limit: int, *, required: bool = False) -> str:
    value = (fields.get(name) or "").strip()
    if required and not value:
        raise InvalidInput(_("Заполните поле «%(f)s».") % {"f": label}, field=name)
    if len(value) > limit:
        raise InvalidInput(_("Поле «%(f)s» длиннее %(n)s знаков.") % {"f": label, "n": limit}, field=name)
    return value


def link(fields: dict, name: str = "url") -> str:
    value = (fields.get(name) or "").strip()
    if not value:
        return ""
    if len(value) > 500:
        raise InvalidInput(_("Ссылка длиннее 500 знаков."), field=name)
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise InvalidInput(
            _("Ссылка должна быть адресом в интернете, начинающимся с http:// или https://."), field=name
        ) from None
    return value


def choice(fields: dict, name: str, choices, label) -> str:
    value = fields.get(name) or ""
    if value not in choices.values:
        raise InvalidInput(_("Выберите «%(f)s» из списка.") % {"f": label}, field=name)
    return value


def changed_fields(before: dict, after: dict) -> list[str]:
    return [name for name in after if before.get(name) != after[name]]
