from django.utils.translation import gettext as _

from zhurnal.core.errors import Conflict


def cell_key(lesson_id: int, student_id: int) -> str:
    return f"cell:{lesson_id}:{student_id}"


def check_version(current: int, expected: int | None, *, data=None) -> None:
    """Optimistic locking: a stale version means someone else changed the record meanwhile."""
    if expected is not None and int(expected) != current:
        raise Conflict(
            _("Запись уже изменил другой пользователь. Обновите данные и повторите."),
            code="version_conflict",
            data=data,
        )
