"""Checking and storing uploaded files: homework files, message attachments.

The type is decided by the extension AND the first bytes (images, PDF, office files); the
content type we store comes from our own table, never from the client. Files are stored under a
random name in a folder the caller names: a user's file name is never part of a path.
"""

from __future__ import annotations

import os
import uuid
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass

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
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    "odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    "txt": ("text/plain; charset=utf-8", None),
    "csv": ("text/csv; charset=utf-8", None),
}
ATTACHMENT_EXTENSIONS = tuple(TYPES)
# Tables for the spreadsheet imports; not offered as attachments (UploadRules' default).
TYPES["csv"] = ("text/csv", None)


# Office files are ZIP archives; the leading bytes say only that. An archive is taken for the
# document its name claims when it holds the package's table of contents and the main part of that
# kind of document (ECMA-376 part 2; ODF's `mimetype`), and nothing that runs.
ZIP_PARTS: dict[str, tuple[str, ...]] = {
    "docx": ("[Content_Types].xml", "word/document.xml"),
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    "pptx": ("[Content_Types].xml", "ppt/presentation.xml"),
    "odt": ("mimetype", "content.xml"),
}
EXECUTABLE_EXTENSIONS = frozenset(
    [
        "exe",
        "dll",
        "com",
        "scr",
        "pif",
        "bat",
        "cmd",
        "msi",
        "msp",
        "ps1",
        "psm1",
        "vbs",
        "vbe",
        "js",
        "jse",
        "wsf",
        "wsh",
        "hta",
        "jar",
        "sh",
        "lnk",
        "cpl",
        "sys",
    ]
)
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa")
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_UNPACKED = 200 * 1024 * 1024  # a tiny file that unpacks to gigabytes is not a document


@dataclass(frozen=True)
class UploadRules:
    max_bytes: int = 5 * 1024 * 1024
    max_count: int = 3
    extensions: tuple[str, ...] = ATTACHMENT_EXTENSIONS
    field: str = "attachments"


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


def _refuse(name: str, reason: str, field: str) -> InvalidInput:
    return InvalidInput(
        _("Файл «%(name)s»: %(reason)s") % {"name": name, "reason": reason},
        field=field,
        code="bad_attachment",
    )


def check_files(files, rules: UploadRules) -> list[CheckedFile]:
    """Check every file before anything is saved; the first bad one refuses them all."""
    files = [f for f in files or () if f is not None]
    if len(files) > rules.max_count:
        raise InvalidInput(
            _("Можно приложить не больше %(n)s файлов.") % {"n": rules.max_count},
            field=rules.field,
            code="too_many_attachments",
        )
    return [_check(f, rules) for f in files]


def _check(upload, rules: UploadRules) -> CheckedFile:
    name = clean_name(getattr(upload, "name", ""))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = rules.extensions
    field = rules.field
    if extension not in allowed or extension not in TYPES:
        raise _refuse(
            name,
            _("такой тип файла не принимается. Можно: %(types)s.") % {"types": ", ".join(allowed)},
            field,
        )
    size = upload.size
    if size > rules.max_bytes:
        raise _refuse(
            name, _("файл больше %(mb)s МБ.") % {"mb": round(rules.max_bytes / (1024 * 1024), 1)}, field
        )
    if size == 0:
        raise _refuse(name, _("файл пустой."), field)
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    content_type, signatures = TYPES[extension]
    if signatures is None:
        if b"\x00" in head:
            raise _refuse(name, _("это не текстовый файл."), field)
    elif not any(head.startswith(sig) for sig in signatures):
        raise _refuse(name, _("содержимое не похоже на файл .%(ext)s.") % {"ext": extension}, field)
    if extension in ZIP_PARTS:
        problem = _package_problem(upload, extension)
        upload.seek(0)
        if problem:
            raise _refuse(name, problem, field)
    return CheckedFile(
        upload=upload, original_name=name, extension=extension, size=size, content_type=content_type
    )


def _package_problem(upload, extension: str) -> str | None:
    """Why the ZIP in `upload` is not a .`extension` document, or None when it is one."""
    not_it = _("содержимое не похоже на файл .%(ext)s.") % {"ext": extension}
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_ZIP_UNPACKED:
                return not_it
            names = {m.filename for m in members}
            if any(part not in names for part in ZIP_PARTS[extension]):
                return not_it
            for member in members:
                if member.is_dir():
                    continue
                base = member.filename.rsplit("/", 1)[-1].lower()
                if base == "vbaproject.bin":
                    return _("внутри документа есть макросы.")
                if "." in base and base.rsplit(".", 1)[-1] in EXECUTABLE_EXTENSIONS:
                    return _("внутри документа есть программа (%(part)s).") % {"part": member.filename}
                with archive.open(member) as part:
                    if part.read(4).startswith(EXECUTABLE_MAGIC):
                        return _("внутри документа есть программа (%(part)s).") % {"part": member.filename}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError):
        return not_it
    return None


@contextmanager
def storing(folder: str, school_id: int):
    """Store checked files for rows written in the block: yields `save(checked) -> name`. When
    the block fails (its transaction rolled back), every file it stored is removed again, so no
    file outlives its row. Put the transaction inside the block."""
    stored: list[str] = []

    def save(checked: CheckedFile) -> str:
        name = store(checked, folder, school_id)
        stored.append(name)
        return name

    try:
        yield save
    except BaseException:
        for name in stored:  # nothing half-written: no orphan files without rows
            default_storage.delete(name)
        raise


def store(checked: CheckedFile, folder: str, school_id: int) -> str:
    """Save the file in the storage under `<folder>/<school>/<yyyy>/<mm>/` and return its name there."""
    today = clock.today()
    path = f"{folder}/{school_id}/{today:%Y}/{today:%m}/{uuid.uuid4().hex}.{checked.extension}"
    return default_storage.save(path, checked.upload)
