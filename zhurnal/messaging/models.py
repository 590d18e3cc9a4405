"""Conversations (threads of messages with attachments) and announcements.

Every row carries `school_id` (tenancy). A thread's unread state is per participant:
`last_read_at`; a message is unread for a participant when it came after that moment and is
not their own. `Thread.last_message_at` is kept with every message, so "which threads have
something new" is one indexed comparison.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.accounts.models import User
from zhurnal.schools.models import ClassGroup, SchoolScopedModel


class Thread(SchoolScopedModel):
    subject = models.CharField(_("тема"), max_length=200)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    last_message_at = models.DateTimeField(_("последнее сообщение"), db_index=True)

    class Meta:
        verbose_name = _("переписка")
        verbose_name_plural = _("переписки")
        ordering = ["-last_message_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class ThreadParticipant(SchoolScopedModel):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="thread_memberships")
    last_read_at = models.DateTimeField(_("прочитано в"), null=True, blank=True)

    class Meta:
        verbose_name = _("участник переписки")
        verbose_name_plural = _("участники переписки")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="thread_participant_unique"),
        ]
        indexes = [models.Index(fields=["user", "thread"])]

    def __str__(self) -> str:
        return f"{self.user_id} в {self.thread_id}"


class Message(SchoolScopedModel):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("текст"))

    class Meta:
        verbose_name = _("сообщение")
        verbose_name_plural = _("сообщения")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self) -> str:
        return f"{self.thread_id}: {self.body[:40]}"


class Attachment(SchoolScopedModel):
    """A file of a message. Served only through a view that checks the reader is a participant."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("файл"), max_length=300)
    original_name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveIntegerField(_("размер, байт"))
    content_type = models.CharField(_("тип"), max_length=100)

    class Meta:
        verbose_name = _("вложение")
        verbose_name_plural = _("вложения")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class Announcement(SchoolScopedModel):
    class Audience(models.TextChoices):
        SCHOOL = "school", _("вся школа")
        CLASS = "class", _("класс")
        GRADE_PARENTS = "grade_parents", _("родители параллели")

    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    audience = models.CharField(_("кому"), max_length=16, choices=Audience.choices)
    class_group = models.ForeignKey(
        ClassGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    grade = models.PositiveSmallIntegerField(_("параллель"), null=True, blank=True)
    title = models.CharField(_("заголовок"), max_length=200)
    body = models.TextField(_("текст"))
    published_at = models.DateTimeField(_("опубликовано"), db_index=True)

    class Meta:
        verbose_name = _("объявление")
        verbose_name_plural = _("объявления")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="announcement_audience",
                condition=models.Q(audience="school", class_group__isnull=True, grade__isnull=True)
                | models.Q(audience="class", class_group__isnull=False, grade__isnull=True)
                | models.Q(audience="grade_parents", class_group__isnull=True, grade__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AnnouncementRead(SchoolScopedModel):
    """Who has seen an announcement, and when (staff see it under the announcement)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("прочтение объявления")
        verbose_name_plural = _("прочтения объявлений")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="announcement_read_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.announcement_id}"
