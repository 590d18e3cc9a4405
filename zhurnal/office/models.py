"""The school's registry: the orders book, movement of pupils by orders, personal files.

Every row carries `school_id`. Orders and movements are never deleted (the book is kept
permanently, movement orders for decades: DOMAIN.md §2); a pupil's personal file is closed, not
removed, when they leave.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.accounts.models import User
from zhurnal.people.models import Enrollment, Staff, Student
from zhurnal.schools.models import ClassGroup, SchoolScopedModel


class OfficeSettings(SchoolScopedModel):
    """The school's registry rules; a school without a row keeps the defaults."""

    last_grade = models.PositiveSmallIntegerField(
        _("последний класс школы"), default=4, help_text=_("Обучающиеся этого класса выпускаются.")
    )
    file_number_format = models.CharField(
        _("номер личного дела"),
        max_length=40,
        default="{letter}-{number}",
        help_text=_("{letter} — первая буква фамилии, {number} — порядковый номер по этой букве."),
    )

    class Meta:
        verbose_name = _("настройки делопроизводства школы")
        verbose_name_plural = _("настройки делопроизводства школ")
        constraints = [models.UniqueConstraint(fields=["school"], name="office_settings_one_per_school")]

    def __str__(self) -> str:
        return f"office settings of school {self.school_id}"


class OrderSeries(SchoolScopedModel):
    """A series of the orders book («ОД» main activity, «К» staff, «Д» pupils' movement)."""

    class Purpose(models.TextChoices):
        MAIN = "main", _("основная деятельность")
        STAFF = "staff", _("личный состав")
        MOVEMENT = "movement", _("движение обучающихся")

    code = models.CharField(_("индекс серии"), max_length=10)
    name = models.CharField(_("название"), max_length=200)
    purpose = models.CharField(_("назначение"), max_length=10, choices=Purpose.choices)

    class Meta:
        verbose_name = _("серия приказов")
        verbose_name_plural = _("серии приказов")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="order_series_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Order(SchoolScopedModel):
    """An order of the book: numbered per calendar year and series (239-ОД)."""

    series = models.ForeignKey(OrderSeries, on_delete=models.PROTECT, related_name="orders")
    year = models.PositiveSmallIntegerField(_("год"))
    number = models.PositiveIntegerField(_("номер"))
    date = models.DateField(_("дата"))
    title = models.CharField(_("заголовок"), max_length=300)
    text = models.TextField(_("текст"), blank=True)
    signed_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("подписал")
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("приказ")
        verbose_name_plural = _("книга приказов")
        ordering = ["-date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "series", "year", "number"], name="order_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"№ {self.full_number} от {self.date:%d.%m.%Y}"

    @property
    def full_number(self) -> str:
        return f"{self.number}-{self.series.code}"


class OrderFile(SchoolScopedModel):
    """A scan or document attached to an order. Served only through an access check."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("файл"), upload_to="orders/", max_length=300)
    name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveIntegerField(_("размер"))
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("файл приказа")
        verbose_name_plural = _("файлы приказов")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Movement(SchoolScopedModel):
    """One change of a pupil's enrolment, made by an order and in force from `date`: the old
    enrolment ends the day before, the new one (if any) starts on the date."""

    class Kind(models.TextChoices):
        ENROLMENT = "enrolment", _("зачисление")
        TRANSFER = "transfer", _("перевод в другой класс")
        PROMOTED = "promoted", _("перевод в следующий класс")
        PROMOTED_ON_CONDITION = "promoted_conditionally", _("условный перевод (академическая задолженность)")
        KEPT_DOWN = "kept_down", _("оставлен на повторное обучение")
        LEFT_TO_SCHOOL = "left_to_school", _("выбыл в другую школу")
        LEFT = "left", _("выбыл")
        GRADUATED = "graduated", _("выпуск")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="movements")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("вид"), max_length=24, choices=Kind.choices)
    date = models.DateField(_("с даты"))
    from_class = models.ForeignKey(
        ClassGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("из класса"),
    )
    to_class = models.ForeignKey(
        ClassGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("в класс"),
    )
    destination = models.CharField(_("куда выбыл"), max_length=300, blank=True)
    debt = models.CharField(_("академическая задолженность"), max_length=300, blank=True)
    note = models.CharField(_("основание"), max_length=300, blank=True)
    ended_enrollment = models.ForeignKey(
        Enrollment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    new_enrollment = models.ForeignKey(
        Enrollment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("движение обучающегося")
        verbose_name_plural = _("движение обучающихся")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["student", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.student_id} ({self.date})"

    LEAVING = (Kind.LEFT_TO_SCHOOL, Kind.LEFT, Kind.GRADUATED)


class PersonalFile(SchoolScopedModel):
    """A pupil's personal file (личное дело): opened at enrolment, closed and kept on leaving."""

    student = models.OneToOneField(Student, on_delete=models.PROTECT, related_name="personal_file")
    letter = models.CharField(_("буква"), max_length=2)
    sequence = models.PositiveIntegerField(_("порядковый номер"))
    number = models.CharField(_("номер"), max_length=40)
    opened_on = models.DateField(_("открыто"))
    closed_on = models.DateField(_("закрыто"), null=True, blank=True)
    closing_movement = models.ForeignKey(
        Movement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("личное дело")
        verbose_name_plural = _("личные дела")
        ordering = ["letter", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="personal_file_unique_number"),
            models.UniqueConstraint(fields=["school", "letter", "sequence"], name="personal_file_unique_seq"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number}"

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class PersonalFileDocument(SchoolScopedModel):
    """A document scanned into a personal file (PDF, JPEG, PNG)."""

    personal_file = models.ForeignKey(PersonalFile, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("документ"), max_length=200)
    file = models.FileField(_("файл"), upload_to="personal-files/", max_length=300)
    name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveIntegerField(_("размер"))
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("документ личного дела")
        verbose_name_plural = _("документы личных дел")
        ordering = ["personal_file", "id"]

    def __str__(self) -> str:
        return self.title
