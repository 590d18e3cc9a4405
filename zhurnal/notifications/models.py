"""Notifications in the journal, the user's choices, and each e-mail sent (or held, or failed)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.core.models import ScopedManager
from zhurnal.notifications.kinds import Kind


class Notification(models.Model):
    """One thing one user is told about in the journal (the bell). Read when opened."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    school_id = models.BigIntegerField(_("школа"), null=True, blank=True)
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("заголовок"), max_length=300)
    body = models.TextField(_("текст"), blank=True)
    url = models.CharField(_("ссылка"), max_length=500, blank=True)
    # What it is about ("journal.mark", 17) and the pupil it concerns, when there is one.
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    student_id = models.BigIntegerField(null=True, blank=True)
    # Who caused it: staff may see whether their change was seen.
    actor_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    read_at = models.DateTimeField(_("прочитано"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("уведомление")
        verbose_name_plural = _("уведомления")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor_id"]),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """A user's choice for one kind; a kind without a row takes kinds.default_channels."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices)
    in_app = models.BooleanField(_("в журнале"), default=True)
    email = models.BooleanField(_("по почте"), default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("настройка уведомлений")
        verbose_name_plural = _("настройки уведомлений")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}"


class QuietHours(models.Model):
    """Hours (Moscow time) when no e-mail goes out; those due are held until the hours end."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiet_hours"
    )
    start = models.TimeField(_("с"))
    end = models.TimeField(_("до"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("тихие часы")
        verbose_name_plural = _("тихие часы")

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


class EmailDelivery(models.Model):
    """One e-mail: what, to whom, and how its sending went. Notifications and digests alike."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        HELD = "held", _("отложено (тихие часы)")
        SENT = "sent", _("отправлено")
        FAILED = "failed", _("не отправлено")

    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_deliveries"
    )
    school_id = models.BigIntegerField(null=True, blank=True)
    kind = models.CharField(_("вид"), max_length=16)
    address = models.EmailField(_("адрес"))
    subject = models.CharField(_("тема"), max_length=300)
    body = models.TextField(_("текст"))
    status = models.CharField(_("состояние"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    held_until = models.DateTimeField(_("отложено до"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    last_error = models.TextField(_("последняя ошибка"), blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("отправка письма")
        verbose_name_plural = _("отправки писем")
        indexes = [models.Index(fields=["status", "held_until"])]

    def __str__(self) -> str:
        return f"{self.address}: {self.subject}"


class DigestSent(models.Model):
    """The weekly digest about one pupil went to one parent: never twice for a week."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    student_id = models.BigIntegerField()
    week_start = models.DateField(_("неделя с"))
    delivery = models.ForeignKey(EmailDelivery, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("еженедельная сводка")
        verbose_name_plural = _("еженедельные сводки")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "student_id", "week_start"], name="digest_once_a_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}:{self.student_id}:{self.week_start}"
