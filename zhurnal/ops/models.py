"""Operations' own rows: the state of each periodic job of the scheduler (zhurnal.ops.scheduler).

Global, not school-scoped: a job covers every school. No user lists these rows (only the
`zhurnal scheduler --status` command reads them), so the model has no visibility rule and a plain
manager rather than a scoped one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """One periodic job: when it last started and finished, how it ended, and who holds it now.

    A runner claims the job by moving `lease_until` into the future with one conditional UPDATE;
    while the lease holds, no other process or server starts it (docs/decisions/0007).
    """

    name = models.CharField(_("задание"), max_length=64, unique=True)
    last_started_at = models.DateTimeField(_("последний запуск"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("последнее завершение"), null=True, blank=True)
    last_ok = models.BooleanField(_("успешно"), null=True, blank=True)
    last_message = models.TextField(_("результат"), blank=True)
    lease_until = models.DateTimeField(_("занято до"), null=True, blank=True)

    class Meta:
        verbose_name = _("периодическое задание")
        verbose_name_plural = _("периодические задания")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
