"""Integrations' own rows: the archive of backups, the portal feed's watermark per school, and the
stable OneRoster identifiers of our records.

A backup holds the whole database and every uploaded file, every school's at once, so its record
is global, not school-scoped; its visibility rule (scopes.py) lets through only someone who keeps
every school the database holds (policy.rules.may_keep_backups).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.core.models import ScopedManager
from zhurnal.schools.models import School


class BackupRecord(models.Model):
    """One archive made by `zhurnal backup`, the nightly job or the backups page."""

    class Kind(models.TextChoices):
        DAILY = "daily", _("ежедневная")
        WEEKLY = "weekly", _("еженедельная")
        MONTHLY = "monthly", _("ежемесячная")
        MANUAL = "manual", _("вручную")

    class State(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("создаётся")
        DONE = "done", _("готова")
        FAILED = "failed", _("ошибка")

    class Check(models.TextChoices):
        UNCHECKED = "unchecked", _("не проверена")
        OK = "ok", _("цела")
        DAMAGED = "damaged", _("повреждена")
        MISSING = "missing", _("файл не найден")

    kind = models.CharField(_("вид"), max_length=8, choices=Kind.choices, default=Kind.MANUAL)
    state = models.CharField(_("состояние"), max_length=8, choices=State.choices, default=State.QUEUED)
    path = models.CharField(_("файл"), max_length=500, blank=True)
    size = models.BigIntegerField(_("размер, байт"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 архива"), max_length=64, blank=True)
    engine = models.CharField(_("СУБД"), max_length=16, blank=True)
    made_at = models.DateTimeField(_("снимок сделан"), null=True, blank=True, db_index=True)
    requested_at = models.DateTimeField(_("запрошена"), auto_now_add=True)
    requested_by_id = models.BigIntegerField(_("кто запросил"), null=True, blank=True)
    # Progress of a backup being made, for the page: parts done of parts known.
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.TextField(_("сообщение"), blank=True)
    check_status = models.CharField(
        _("проверка"), max_length=10, choices=Check.choices, default=Check.UNCHECKED
    )
    checked_at = models.DateTimeField(_("проверена"), null=True, blank=True)
    check_message = models.TextField(_("итог проверки"), blank=True)
    drill_at = models.DateTimeField(_("учебное восстановление"), null=True, blank=True)
    drill_ok = models.BooleanField(_("восстановление удалось"), null=True, blank=True)
    drill_message = models.TextField(_("итог восстановления"), blank=True)
    deleted_at = models.DateTimeField(_("удалена по сроку хранения"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("резервная копия")
        verbose_name_plural = _("резервные копии")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return self.path.rsplit("/", 1)[-1] or f"#{self.pk}"


class PortalWatermark(models.Model):
    """How far the state-portal feed of a school has gone: records changed up to `exported_to`
    were written; the next incremental feed starts there."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="+")
    exported_to = models.DateTimeField(_("выгружено по"))
    exported_at = models.DateTimeField(_("когда выгружено"), auto_now=True)

    class Meta:
        verbose_name = _("отметка выгрузки на портал")
        verbose_name_plural = _("отметки выгрузки на портал")

    def __str__(self) -> str:
        return f"{self.school_id}: {self.exported_to:%Y-%m-%d %H:%M}"


class SourcedId(models.Model):
    """The OneRoster `sourcedId` of one of our records, kept so it survives every export and a
    round trip through another database (an import stores the ids it read)."""

    kind = models.CharField(_("вид записи"), max_length=32)
    local_id = models.BigIntegerField(_("наша запись"))
    sourced_id = models.CharField(_("sourcedId"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("идентификатор OneRoster")
        verbose_name_plural = _("идентификаторы OneRoster")
        constraints = [models.UniqueConstraint(fields=["kind", "local_id"], name="sourcedid_one_per_record")]

    def __str__(self) -> str:
        return self.sourced_id
