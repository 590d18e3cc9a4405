"""The kinds of notification and what a user gets when they have chosen nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MARK = "mark", _("Новые и изменённые отметки")
    ABSENCE = "absence", _("Пропуски уроков")
    HOMEWORK = "homework", _("Домашние задания")
    PERIOD_MARKS = "period_marks", _("Отметки за период")
    MESSAGE = "message", _("Личные сообщения")
    ANNOUNCEMENT = "announcement", _("Объявления")
    DIGEST = "digest", _("Еженедельная сводка по каждому ребёнку")
    UNLOCK = "unlock", _("Разрешения на исправление журнала (учителю)")


# Every kind is shown in the journal. E-mail goes out for what a parent must not miss (marks,
# absences, period marks, messages, announcements); homework comes every day for every lesson,
# so by e-mail it waits for the weekly digest unless the user turns it on.
DEFAULT_EMAIL = frozenset(
    {Kind.MARK, Kind.ABSENCE, Kind.PERIOD_MARKS, Kind.MESSAGE, Kind.ANNOUNCEMENT, Kind.DIGEST}
)
# The weekly digest is an e-mail only: it has no place in the bell.
EMAIL_ONLY = frozenset({Kind.DIGEST})


def default_channels(kind: str) -> tuple[bool, bool]:
    """(in_app, email) for a kind the user has not set."""
    return kind not in EMAIL_ONLY, kind in DEFAULT_EMAIL
