"""Base fields, the audit log and scoped querysets. `core` knows no domain.

`school_id` and `actor_id` are plain integers here on purpose: a foreign key would make the
bottom layer depend on `schools` and `accounts`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.core import scoping


class ScopedQuerySet(models.QuerySet):
    """A queryset that every list starts from: `Model.objects.visible_to(actor)`.

    The rule itself lives in the policy layer, which registers it per model (core.scoping).
    """

    def visible_to(self, actor):
        return scoping.apply(self, actor)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who changed what, when, from what to what, and why. Written by services, never signals."""

    created_at = models.DateTimeField(_("время"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(_("пользователь"), null=True, blank=True, db_index=True)
    actor_repr = models.CharField(_("кто"), max_length=200, blank=True)
    school_id = models.BigIntegerField(_("школа"), null=True, blank=True)
    action = models.CharField(_("действие"), max_length=64)
    object_type = models.CharField(_("тип объекта"), max_length=64)
    object_id = models.BigIntegerField(_("объект"), null=True, blank=True)
    object_repr = models.CharField(_("объект (текст)"), max_length=300, blank=True)
    before = models.JSONField(_("до"), null=True, blank=True)
    after = models.JSONField(_("после"), null=True, blank=True)
    reason = models.TextField(_("причина"), blank=True)
    # Groups rows shown together, e.g. every change of one journal cell ("cell:<lesson>:<student>").
    group_key = models.CharField(max_length=64, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)

    class Meta:
        verbose_name = _("запись аудита")
        verbose_name_plural = _("журнал аудита")
        indexes = [
            models.Index(fields=["school_id", "created_at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.object_repr}"


class BackgroundJob(models.Model):
    """A piece of background work someone waits for: a long report, later an export or a backup.

    Domain-free (decision 0015): who owns it and which school it is about are plain integers,
    `kind` and `params` say what it is to the app that started it, the result is one file kept
    until `expires_at`. Written only through zhurnal.core.jobs (job_start, job_progress,
    job_finish, job_fail, jobs_expire).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("выполняется")
        DONE = "done", _("готово")
        FAILED = "failed", _("ошибка")

    kind = models.CharField(_("вид"), max_length=64)
    title = models.CharField(_("название"), max_length=300, blank=True)
    owner_id = models.BigIntegerField(_("владелец"), db_index=True)
    school_id = models.BigIntegerField(_("школа"), null=True, blank=True)
    params = models.JSONField(_("параметры"), default=dict, blank=True)
    status = models.CharField(_("состояние"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("сделано"), default=0)
    total = models.PositiveIntegerField(_("всего"), null=True, blank=True)
    message = models.CharField(_("сообщение"), max_length=500, blank=True)
    result_file = models.FileField(_("файл"), upload_to="jobs/", max_length=300, blank=True)
    result_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    result_type = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    finished_at = models.DateTimeField(_("завершено"), null=True, blank=True)
    expires_at = models.DateTimeField(_("хранится до"), db_index=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("фоновое задание")
        verbose_name_plural = _("фоновые задания")
        indexes = [models.Index(fields=["owner_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
