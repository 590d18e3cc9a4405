"""Printed records, their verification stamps, the archive with its retention table and the
destruction acts. Above the journal: it reads the journal and writes only these tables.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.core.models import ScopedManager, TimeStampedModel
from zhurnal.schools.models import ClassGroup, School, SchoolScopedModel


class DocumentKind(models.TextChoices):
    """The kinds of document the archive keeps; each has a row in the retention table."""

    CLASS_JOURNAL = "class_journal", _("Классный журнал")
    FINAL_MARKS_SUMMARY = "final_marks_summary", _("Сводная ведомость итоговых отметок")
    REPORT = "report", _("Отчёт (итоговый)")
    ORDERS_MAIN = "orders_main", _("Книга приказов по основной деятельности")
    ORDERS_MOVEMENT = "orders_movement", _("Приказы по движению обучающихся")
    ALPHABETICAL_BOOK = "alphabetical_book", _("Алфавитная книга записи обучающихся")
    PERSONAL_FILE = "personal_file", _("Личное дело обучающегося")


class Signer(SchoolScopedModel):
    """Who signs the school's printed journal (DOMAIN.md §2: by default the deputy for УВР)."""

    position = models.CharField(_("должность"), max_length=200)
    full_name = models.CharField(_("ФИО"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=1)

    class Meta:
        verbose_name = _("подписант печатного журнала")
        verbose_name_plural = _("подписанты печатного журнала")
        ordering = ["school", "order", "id"]

    def __str__(self) -> str:
        return f"{self.position} {self.full_name}".strip()


class VerificationStamp(SchoolScopedModel):
    """A generated document's verification code, reserved before it is drawn (it is printed on
    it) and registered with the document's SHA-256 and the journal's state once it is made."""

    code = models.CharField(_("код проверки"), max_length=16, unique=True)
    kind = models.CharField(_("вид документа"), max_length=32, blank=True)
    title = models.CharField(_("документ"), max_length=300, blank=True)
    class_group = models.ForeignKey(
        ClassGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    period = models.CharField(_("период"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("размер"), null=True, blank=True)
    # The journal's state when the document was made: counts and the latest change time.
    state = models.JSONField(_("состояние журнала"), default=dict, blank=True)
    meta = models.JSONField(default=dict, blank=True)
    # A printed record made on the page is drawn by a task; its maker downloads it from here.
    file = models.FileField(_("файл"), upload_to="printed/", max_length=300, blank=True)
    error = models.CharField(_("ошибка"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(_("зарегистрирован"), null=True, blank=True)

    class Meta:
        verbose_name = _("код проверки документа")
        verbose_name_plural = _("коды проверки документов")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code


class RetentionRule(TimeStampedModel):
    """How long a kind of document is kept (DOMAIN.md §2). The rows without a school are the
    shipped defaults; a school's system administrator overrides them with rows of the school."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("вид документа"), max_length=32, choices=DocumentKind.choices)
    # None: kept permanently.
    years = models.PositiveSmallIntegerField(_("срок хранения, лет"), null=True, blank=True)
    legal_note = models.CharField(_("основание"), max_length=500, blank=True)
    start_event = models.CharField(_("начало отсчёта"), max_length=300, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("срок хранения")
        verbose_name_plural = _("сроки хранения")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "kind"],
                condition=models.Q(school__isnull=False),
                name="retention_rule_school",
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(school__isnull=True), name="retention_rule_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.years or '∞'}"


class ArchivedDocument(SchoolScopedModel):
    """A signed-off document kept until its retention ends; then destroyed by an act, never
    deleted: the row stays, the file goes."""

    stamp = models.OneToOneField(VerificationStamp, on_delete=models.PROTECT, related_name="archived")
    kind = models.CharField(_("вид документа"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("документ"), max_length=300)
    class_group = models.ForeignKey(
        ClassGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    period = models.CharField(_("период"), max_length=100, blank=True)
    period_end = models.DateField(_("окончание периода"))
    file = models.FileField(_("файл"), upload_to="archive/", max_length=300, blank=True)
    size = models.PositiveIntegerField(_("размер"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_off_name = models.CharField(_("подписал"), max_length=300)
    signed_off_at = models.DateTimeField(_("подписан"))
    # None: kept permanently.
    retention_until = models.DateField(_("хранить до"), null=True, blank=True)
    retention_note = models.CharField(_("основание"), max_length=500, blank=True)
    destroyed_at = models.DateTimeField(_("уничтожен"), null=True, blank=True)

    class Meta:
        verbose_name = _("документ архива")
        verbose_name_plural = _("архив документов")
        ordering = ["-signed_off_at"]
        indexes = [models.Index(fields=["school", "retention_until"])]

    def __str__(self) -> str:
        return self.title


class DestructionRecord(SchoolScopedModel):
    """The act of destroying an archived document past its retention (DOMAIN.md §7)."""

    number = models.PositiveIntegerField(_("номер акта"))
    document = models.OneToOneField(ArchivedDocument, on_delete=models.PROTECT, related_name="destruction")
    title = models.CharField(_("документ"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    retention_until = models.DateField(_("срок хранения истёк"))
    reason = models.CharField(_("основание"), max_length=500)
    destroyed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    destroyed_by_name = models.CharField(_("уничтожил"), max_length=300)

    class Meta:
        verbose_name = _("акт об уничтожении")
        verbose_name_plural = _("акты об уничтожении")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["school", "number"], name="destruction_record_number")]

    def __str__(self) -> str:
        return f"№ {self.number}: {self.title}"
