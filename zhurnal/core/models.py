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
