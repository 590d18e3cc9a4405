import hashlib
import json

from django.utils.translation import gettext as _

from zhurnal.core.errors import Conflict, PreconditionRequired


def cell_key(lesson_id: int, student_id: int) -> str:
    return f"cell:{lesson_id}:{student_id}"


def check_version(current: int, expected: int | None, *, data=None) -> None:
    """Optimistic locking: a stale version means someone else changed the record meanwhile.

    A change of an existing record must say which version it is based on (If-Match); without
    it two clients would overwrite each other silently, so it is refused with the current one."""
    if expected is None:
        raise PreconditionRequired(
            _("Укажите версию записи, которую вы изменяете (заголовок If-Match)."),
            field="If-Match",
            data=data or {"version": current},
        )
    if int(expected) != current:
        raise Conflict(
            _("Запись уже изменил другой пользователь. Обновите данные и повторите."),
            code="version_conflict",
            data=data,
        )


def body_digest(**fields) -> str:
    """The request a client sent with an Idempotency-Key, as one hash (the IETF draft's rule: a
    key reused for another body is refused, not answered with the first record)."""
    canonical = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
