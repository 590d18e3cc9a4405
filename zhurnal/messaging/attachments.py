"""Checking and storing message attachments.

Limits come from settings (with these defaults): MESSAGING_ATTACHMENT_MAX_BYTES (5 MB),
MESSAGING_ATTACHMENTS_PER_MESSAGE (3), MESSAGING_ATTACHMENT_EXTENSIONS. The type is decided by
the extension AND the first bytes (images, PDF, office files); the content type we store comes
from our own table, never from the client. Files go to the default storage under
`messages/<school>/<yyyy>/<mm>/<random>.<ext>`: the user's file name is never part of the path.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from zhurnal.core import clock
from zhurnal.core.errors import InvalidInput

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
ZIP = b"PK\x03\x04"  # .docx / .xlsx / .odt
# extension → (content type, accepted leading bytes; None: text, checked for NUL bytes)
TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "doc": ("application/msword", (OLE,)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    "xls": ("application/vnd.ms-excel", (OLE,)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    "odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    "txt": ("text/plain; charset=utf-8", None),
}


def max_bytes() -> int:
    return int(getattr(settings, "MESSAGING_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))


def max_count() -> int:
    return int(getattr(settings, "MESSAGING_ATTACHMENTS_PER_MESSAGE", 3))


def allowed_extensions() -> tuple[str, ...]:
    return tuple(getattr(settings, "MESSAGING_ATTACHMENT_EXTENSIONS", tuple(TYPES)))


@dataclass(frozen=True)
class CheckedFile:
    upload: object  # a Django UploadedFile (or any File)
    original_name: str
    extension: str
    size: int
    content_type: str


def clean_name(name: str) -> str:
    """The file's own name without any folder a browser or a client may have put before it."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    return base[-255:] or _("файл")


def _refuse(name: str, reason: str) -> InvalidInput:
    return InvalidInput(
        _("Файл «%(name)s»: %(reason)s") % {"name": name, "reason": reason},
        field="attachments",
        code="bad_attachment",
    )


def check_files(files) -> list[CheckedFile]:
    """Check every file before anything is saved; the first bad one refuses the whole message."""
    files = [f for f in files or () if f is not None]
    if len(files) > max_count():
        raise InvalidInput(
            _("Можно приложить не больше %(n)s файлов к одному сообщению.") % {"n": max_count()},
            field="attachments",
            code="too_many_attachments",
        )
    return [_check(f) for f in files]


def _check(upload) -> CheckedFile:
    name = clean_name(getattr(upload, "name", ""))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = allowed_extensions()
    if extension not in allowed or extension not in TYPES:
        raise _refuse(
            name, _("такой тип файла не принимается. Можно: %(types)s.") % {"types": ", ".join(allowed)}
        )
    size = upload.size
    if size > max_bytes():
        raise _refuse(name, _("файл больше %(mb)s МБ.") % {"mb": round(max_bytes() / (1024 * 1024), 1)})
    if size == 0:
        raise _refuse(name, _("файл пустой."))
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    content_type, signatures = TYPES[extension]
    if signatures is None:
        if b"\x00" in head:
            raise _refuse(name, _("это не текстовый файл."))
    elif not any(head.startswith(sig) for sig in signatures):
        raise _refuse(name, _("содержимое не похоже на файл .%(ext)s.") % {"ext": extension})
    return CheckedFile(
        upload=upload, original_name=name, extension=extension, size=size, content_type=content_type
    )


def store(checked: CheckedFile, school_id: int) -> str:
    """Save the file in the storage and return its name there."""
    today = clock.today()
    path = f"messages/{school_id}/{today:%Y}/{today:%m}/{uuid.uuid4().hex}.{checked.extension}"
    return default_storage.save(path, checked.upload)
