"""The school forum (sections, topics, posts) and the class events journal.

Every row carries `school_id` (SchoolScopedModel). Deletion is soft: a deleted topic or event
keeps its row (and its audit trail) but no page shows it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.accounts.models import User
from zhurnal.schools.models import ClassGroup, SchoolScopedModel


class SchoolForumSettings(SchoolScopedModel):
    """The school's forum rules; a school without a row keeps the defaults."""

    allow_students = models.BooleanField(_("обучающиеся могут читать и писать на форуме"), default=False)

    class Meta:
        verbose_name = _("настройки форума школы")
        verbose_name_plural = _("настройки форума школ")
        constraints = [models.UniqueConstraint(fields=["school"], name="forum_settings_one_per_school")]

    def __str__(self) -> str:
        return f"forum settings of school {self.school_id}"


class ForumSection(SchoolScopedModel):
    """The school's section (no class) or one class's section."""

    class_group = models.ForeignKey(
        ClassGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("раздел форума")
        verbose_name_plural = _("разделы форума")
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=models.Q(class_group__isnull=True),
                name="forum_one_school_section",
            ),
            models.UniqueConstraint(
                fields=["class_group"],
                condition=models.Q(class_group__isnull=False),
                name="forum_one_section_per_class",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def is_school_wide(self) -> bool:
        return self.class_group_id is None

    @property
    def title(self) -> str:
        if self.class_group_id is None:
            return str(_("Общешкольный раздел"))
        return str(_("%(name)s класс")) % {"name": self.class_group}


class ForumTopic(SchoolScopedModel):
    section = models.ForeignKey(ForumSection, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("тема"), max_length=200)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    is_locked = models.BooleanField(_("закрыта для ответов"), default=False)
    last_post_at = models.DateTimeField(_("последнее сообщение"), db_index=True)
    deleted_at = models.DateTimeField(_("удалена"), null=True, blank=True)
    deleted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("тема форума")
        verbose_name_plural = _("темы форума")
        indexes = [models.Index(fields=["section", "last_post_at"])]

    def __str__(self) -> str:
        return self.title


class ForumPost(SchoolScopedModel):
    topic = models.ForeignKey(ForumTopic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("текст"))
    edited_at = models.DateTimeField(_("изменено автором"), null=True, blank=True)
    is_hidden = models.BooleanField(_("скрыто модератором"), default=False)
    hidden_reason = models.CharField(_("причина скрытия"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    hidden_at = models.DateTimeField(_("скрыто"), null=True, blank=True)

    class Meta:
        verbose_name = _("сообщение форума")
        verbose_name_plural = _("сообщения форума")
        indexes = [models.Index(fields=["topic", "created_at"])]

    def __str__(self) -> str:
        return f"post {self.pk} in topic {self.topic_id}"


class ClassEvent(SchoolScopedModel):
    """A record of the class events journal (журнал классных мероприятий)."""

    class Kind(models.TextChoices):
        CLASS_HOUR = "class_hour", _("классный час")
        EXCURSION = "excursion", _("экскурсия")
        PARENTS_MEETING = "parents_meeting", _("родительское собрание")
        HOLIDAY = "holiday", _("праздник")
        OTHER = "other", _("другое")

    class_group = models.ForeignKey(ClassGroup, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("дата"))
    time = models.TimeField(_("время"), null=True, blank=True)
    title = models.CharField(_("название"), max_length=200)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    place = models.CharField(_("место"), max_length=200, blank=True)
    description = models.TextField(_("описание"), blank=True)
    participants = models.CharField(_("участники"), max_length=500, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    deleted_at = models.DateTimeField(_("удалено"), null=True, blank=True)
    deleted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("классное мероприятие")
        verbose_name_plural = _("журнал классных мероприятий")
        indexes = [models.Index(fields=["class_group", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.title}"
