"""Message attachments: the shared upload checks (core.uploads) with messaging's limits.

Limits come from settings with these defaults: MESSAGING_ATTACHMENT_MAX_BYTES (5 MB),
MESSAGING_ATTACHMENTS_PER_MESSAGE (3), MESSAGING_ATTACHMENT_EXTENSIONS (every type core.uploads
knows). Files go under `messages/<school>/<yyyy>/<mm>/<random>.<ext>`.
"""

from __future__ import annotations

from django.conf import settings

from zhurnal.core import uploads
from zhurnal.core.uploads import CheckedFile


def rules() -> uploads.UploadRules:
    return uploads.UploadRules(
        max_bytes=int(getattr(settings, "MESSAGING_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)),
        max_count=int(getattr(settings, "MESSAGING_ATTACHMENTS_PER_MESSAGE", 3)),
        extensions=tuple(getattr(settings, "MESSAGING_ATTACHMENT_EXTENSIONS", tuple(uploads.TYPES))),
        field="attachments",
    )


def max_bytes() -> int:
    return rules().max_bytes


def max_count() -> int:
    return rules().max_count


def allowed_extensions() -> tuple[str, ...]:
    return rules().extensions


def check_files(files) -> list[CheckedFile]:
    """Check every file before anything is saved; the first bad one refuses the whole message."""
    return uploads.check_files(files, rules())


def store(checked: CheckedFile, school_id: int) -> str:
    return uploads.store(checked, "messages", school_id)
