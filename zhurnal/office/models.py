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

    # Intake windows (Приказ № 458), as month-day: the first for children with priority or living
    # in the school's territory, the second for everyone else (and the first group, after it).
    first_window_from = models.CharField(_("первый этап приёма с (ММ-ДД)"), max_length=5, default="04-01")
    first_window_to = models.CharField(_("первый этап приёма по (ММ-ДД)"), max_length=5, default="06-30")
    second_window_from = models.CharField(_("второй этап приёма с (ММ-ДД)"), max_length=5, default="07-06")
    second_window_to = models.CharField(_("второй этап приёма по (ММ-ДД)"), max_length=5, default="09-05")

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


class EnrolmentApplication(SchoolScopedModel):
    """An application for enrolment (Приказ № 458): received → documents checked → enrolled (by
    an order, making the pupil's records, personal file and enrolment) or refused with a reason."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("принято")
        CHECKED = "checked", _("документы проверены")
        ENROLLED = "enrolled", _("зачислен")
        REFUSED = "refused", _("отказано")

    class Category(models.TextChoices):
        PRIORITY = "priority", _("право преимущественного или первоочередного приёма")
        TERRITORY = "territory", _("проживает на закреплённой территории")
        OTHER = "other", _("не проживает на закреплённой территории")

    class Window(models.TextChoices):
        FIRST = "first", _("первый этап (1 апреля — 30 июня)")
        SECOND = "second", _("второй этап (6 июля — 5 сентября)")

    number = models.PositiveIntegerField(_("регистрационный номер"))
    year = models.PositiveSmallIntegerField(_("год приёма"))
    received_on = models.DateField(_("дата подачи"))
    window = models.CharField(_("этап приёма"), max_length=10, choices=Window.choices)
    category = models.CharField(_("категория"), max_length=10, choices=Category.choices)
    grade = models.PositiveSmallIntegerField(_("в класс (параллель)"), default=1)
    status = models.CharField(_("статус"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    refusal_reason = models.CharField(_("причина отказа"), max_length=500, blank=True)
    # The child and the applicant, as written in the application.
    child_last_name = models.CharField(_("фамилия ребёнка"), max_length=100)
    child_first_name = models.CharField(_("имя ребёнка"), max_length=100)
    child_middle_name = models.CharField(_("отчество ребёнка"), max_length=100, blank=True)
    child_birth_date = models.DateField(_("дата рождения ребёнка"))
    child_sex = models.CharField(_("пол"), max_length=1, choices=Student.Sex.choices, blank=True)
    address = models.CharField(_("адрес проживания"), max_length=500, blank=True)
    applicant_last_name = models.CharField(_("фамилия заявителя"), max_length=100)
    applicant_first_name = models.CharField(_("имя заявителя"), max_length=100)
    applicant_middle_name = models.CharField(_("отчество заявителя"), max_length=100, blank=True)
    applicant_relation = models.CharField(_("кем приходится"), max_length=10, default="mother")
    applicant_phone = models.CharField(_("телефон"), max_length=30, blank=True)
    applicant_email = models.EmailField(_("эл. почта"), blank=True)
    # The outcome.
    student = models.ForeignKey(Student, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("решение принято"), null=True, blank=True)

    class Meta:
        verbose_name = _("заявление о зачислении")
        verbose_name_plural = _("заявления о зачислении")
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "number"], name="enrolment_application_number"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number}/{self.year}: {self.child_last_name} {self.child_first_name}"

    @property
    def child_name(self) -> str:
        from zhurnal.core import names

        return names.full_name(self.child_last_name, self.child_first_name, self.child_middle_name)
