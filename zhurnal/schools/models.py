"""Authority, school, calendar, classes, subjects and the curriculum. No people here.

Every school-scoped table carries `school_id` so that a region can be distributed by school.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.core.models import ScopedManager, TimeStampedModel


class Authority(TimeStampedModel):
    """An education authority (орган управления образованием) overseeing schools."""

    name = models.CharField(_("название"), max_length=300)
    region_code = models.CharField(_("код региона"), max_length=8, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("орган управления образованием")
        verbose_name_plural = _("органы управления образованием")

    def __str__(self) -> str:
        return self.name


EDIT_WINDOW_PARTS = ("marks", "attendance", "topic", "homework")


def validate_edit_window_covers(value: str) -> None:
    unknown = [part for part in value.split(",") if part.strip() and part.strip() not in EDIT_WINDOW_PARTS]
    if unknown:
        raise ValidationError(
            _("Неизвестная часть журнала: %(parts)s. Допустимы: marks, attendance, topic, homework.")
            % {"parts": ", ".join(unknown)}
        )


class YearMarkRule(models.TextChoices):
    MEAN = "mean", _("среднее отметок за периоды, округлённое по порогам")
    LAST = "last", _("отметка за последний период")
    TEACHER = "teacher", _("выставляет учитель (без предложения)")


class School(TimeStampedModel):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(_("полное название"), max_length=500)
    short_name = models.CharField(_("краткое название"), max_length=200)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    # The institution's current information (issue 10 item 8): a school is a legal entity, so its
    # ИНН has 10 digits and its ОГРН 13.
    inn = models.CharField(
        _("ИНН"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d{10}$", _("ИНН организации — 10 цифр."))],
    )
    ogrn = models.CharField(
        _("ОГРН"),
        max_length=13,
        blank=True,
        validators=[RegexValidator(r"^\d{13}$", _("ОГРН — 13 цифр."))],
    )
    phone = models.CharField(_("телефон"), max_length=30, blank=True)
    email = models.EmailField(_("эл. почта"), blank=True)
    # Journal rules, editable per school (DOMAIN.md §3, "(set)").
    edit_window_days = models.PositiveSmallIntegerField(_("дней на исправление после урока"), default=7)
    min_marks_for_period = models.PositiveSmallIntegerField(
        _("минимум отметок для отметки за период"), default=3
    )
    threshold_5 = models.DecimalField(_("порог «5»"), max_digits=3, decimal_places=2, default=Decimal("4.50"))
    threshold_4 = models.DecimalField(_("порог «4»"), max_digits=3, decimal_places=2, default=Decimal("3.50"))
    threshold_3 = models.DecimalField(_("порог «3»"), max_digits=3, decimal_places=2, default=Decimal("2.50"))
    # Teachers record absences, not presence: a lesson with a topic and no absence recorded means
    # everyone was there. Off, a lesson counts as taken only when attendance was marked for it.
    attendance_taken_by_topic = models.BooleanField(
        _("урок с темой и без пропусков считается с отмеченной посещаемостью"), default=True
    )
    # Health data is a special category (152-ФЗ art. 10, УЗ-3): kept only where the school says so.
    keeps_health_group = models.BooleanField(_("вести группу здоровья обучающихся"), default=False)
    # Two-factor login for the director, the system administrator and the deputy (issue 8 item
    # 12): on for every new school; the demo school turns it off so that visitors can try them.
    two_factor_required = models.BooleanField(
        _("двухфакторный вход обязателен для администрации"),
        default=True,
        help_text=_("Директор, заместитель по УВР и системный администратор входят с кодом из приложения."),
    )
    # What the edit window locks after `edit_window_days`: a comma-separated subset of
    # EDIT_WINDOW_PARTS (marks, attendance, the lesson's topic, its homework and files).
    edit_window_covers = models.CharField(
        _("срок исправления распространяется на"),
        max_length=60,
        default=",".join(EDIT_WINDOW_PARTS),
        blank=True,
        validators=[validate_edit_window_covers],
        help_text=_(
            "Через запятую: marks (отметки), attendance (посещаемость), topic (тема), homework (задание)."
        ),
    )
    year_mark_rule = models.CharField(
        _("правило годовой отметки"), max_length=10, choices=YearMarkRule.choices, default=YearMarkRule.MEAN
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("школа")
        verbose_name_plural = _("школы")

    def __str__(self) -> str:
        return self.short_name

    def edit_window_locks(self, part: str) -> bool:
        """Whether the edit window closes this part of the journal (marks, attendance, topic, homework)."""
        return part in {p.strip() for p in self.edit_window_covers.split(",")}


class SchoolScopedModel(TimeStampedModel):
    """Base for every row that belongs to one school."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager()

    class Meta:
        abstract = True


class GradeRangeMixin(models.Model):
    """Rows that apply to a range of grade levels (periods per level, grade-1 holidays)."""

    grade_from = models.PositiveSmallIntegerField(_("с класса"), default=1)
    grade_to = models.PositiveSmallIntegerField(_("по класс"), default=11)

    class Meta:
        abstract = True

    def applies_to_grade(self, grade: int) -> bool:
        return self.grade_from <= grade <= self.grade_to

    def clean(self):
        super().clean()
        if self.grade_from > self.grade_to:
            raise ValidationError({"grade_to": _("«По класс» не может быть меньше «с класса».")})


class AcademicYear(SchoolScopedModel):
    name = models.CharField(_("название"), max_length=20, help_text="2026/2027")
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))

    class Meta:
        verbose_name = _("учебный год")
        verbose_name_plural = _("учебные годы")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="academic_year_unique_name"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="academic_year_dates"),
        ]

    def __str__(self) -> str:
        return self.name


class StudyPeriod(SchoolScopedModel, GradeRangeMixin):
    class Kind(models.TextChoices):
        QUARTER = "quarter", _("четверть")
        HALF_YEAR = "half", _("полугодие")
        TRIMESTER = "trimester", _("триместр")
        YEAR = "year", _("год")

    year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("номер"))
    name = models.CharField(_("название"), max_length=60)
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))
    closed = models.BooleanField(_("закрыт"), default=False)
    closed_at = models.DateTimeField(_("закрыт в"), null=True, blank=True)

    class Meta:
        verbose_name = _("учебный период")
        verbose_name_plural = _("учебные периоды")
        ordering = ["year", "grade_from", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="study_period_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.grade_from}–{self.grade_to})"


class Holiday(SchoolScopedModel, GradeRangeMixin):
    """Holidays and non-working days; a grade range makes the grade-1 February week."""

    year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="holidays")
    name = models.CharField(_("название"), max_length=100)
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))

    class Meta:
        verbose_name = _("каникулы или выходной")
        verbose_name_plural = _("каникулы и выходные")
        ordering = ["start"]

    def __str__(self) -> str:
        return f"{self.name}: {self.start:%d.%m}–{self.end:%d.%m}"


class BellSchedule(SchoolScopedModel):
    """A bell schedule (e.g. the grade-1 35-minute one); its slots are BellSlot rows."""

    name = models.CharField(_("название"), max_length=100)
    # Deactivated instead of deleted once used: no longer offered for new entries, kept on old ones.
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("расписание звонков")
        verbose_name_plural = _("расписания звонков")

    def __str__(self) -> str:
        return self.name


class BellSlot(SchoolScopedModel):
    schedule = models.ForeignKey(BellSchedule, on_delete=models.CASCADE, related_name="slots")
    number = models.PositiveSmallIntegerField(_("урок №"))
    starts = models.TimeField(_("начало"))
    ends = models.TimeField(_("окончание"))

    class Meta:
        verbose_name = _("звонок")
        verbose_name_plural = _("звонки")
        ordering = ["schedule", "number"]
        constraints = [models.UniqueConstraint(fields=["schedule", "number"], name="bell_slot_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.starts:%H:%M}–{self.ends:%H:%M}"


class ClassGroup(SchoolScopedModel):
    """A class (grade level + letter) in one academic year. Its class teacher is a role grant."""

    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="classes")
    grade = models.PositiveSmallIntegerField(_("параллель"))
    letter = models.CharField(_("литера"), max_length=4)
    bell_schedule = models.ForeignKey(
        BellSchedule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("класс")
        verbose_name_plural = _("классы")
        ordering = ["grade", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "grade", "letter"], name="class_group_unique"),
            models.CheckConstraint(condition=models.Q(grade__gte=1, grade__lte=11), name="class_group_grade"),
        ]

    def __str__(self) -> str:
        return f"{self.grade}{self.letter}"

    @property
    def name(self) -> str:
        return str(self)


class Subgroup(SchoolScopedModel):
    """Part of a class taught separately (a native-language or foreign-language group)."""

    class_group = models.ForeignKey(ClassGroup, on_delete=models.CASCADE, related_name="subgroups")
    name = models.CharField(_("название"), max_length=100)

    class Meta:
        verbose_name = _("подгруппа")
        verbose_name_plural = _("подгруппы")
        ordering = ["class_group", "name"]

    def __str__(self) -> str:
        return f"{self.class_group} · {self.name}"


class StudyGroup(SchoolScopedModel):
    """A group drawn from several classes of the school and year for an ordinary subject (an
    ОРКСЭ module chosen by the parents, an elective, a language group of 5А and 5Б). It has its
    own journal: a teaching assignment names it instead of a class (decision 0036). Its grade
    picks the study periods and the grading mode, as a class's does."""

    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="study_groups")
    name = models.CharField(_("название"), max_length=100)
    grade = models.PositiveSmallIntegerField(_("параллель"))
    subject = models.ForeignKey(
        "Subject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("предмет"),
    )

    class Meta:
        verbose_name = _("межклассная группа")
        verbose_name_plural = _("межклассные группы")
        ordering = ["grade", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "name"], name="study_group_unique_name"),
            models.CheckConstraint(condition=models.Q(grade__gte=1, grade__lte=11), name="study_group_grade"),
        ]

    def __str__(self) -> str:
        return self.name


class Subject(SchoolScopedModel):
    name = models.CharField(_("название"), max_length=200)
    short_name = models.CharField(_("краткое название"), max_length=40, blank=True)
    # Deactivated instead of deleted once used: no longer offered for new entries, kept on old ones.
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("предмет")
        verbose_name_plural = _("предметы")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="subject_unique_name")]

    def __str__(self) -> str:
        return self.name


class Room(SchoolScopedModel):
    """A room of the school's directory: what the timetable offers and accepts once the school
    keeps the directory (a school that has none yet writes the room as text)."""

    name = models.CharField(_("кабинет"), max_length=20)
    capacity = models.PositiveSmallIntegerField(_("мест"), null=True, blank=True)
    # Deactivated instead of deleted once used: no longer offered for new entries, kept on old ones.
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("кабинет")
        verbose_name_plural = _("кабинеты")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="room_unique_name")]

    def __str__(self) -> str:
        return self.name


class GradingMode(models.TextChoices):
    MARKS = "marks", _("отметки 2–5")
    PASS_FAIL = "pass_fail", _("зачёт / незачёт")
    NONE = "none", _("без отметок")


class CurriculumPlan(SchoolScopedModel):
    """One line of the curriculum: grade level × subject → hours per week and grading mode."""

    year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="curriculum")
    grade = models.PositiveSmallIntegerField(_("параллель"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    hours_per_week = models.DecimalField(_("часов в неделю"), max_digits=4, decimal_places=1)
    grading_mode = models.CharField(
        _("оценивание"), max_length=16, choices=GradingMode.choices, default=GradingMode.MARKS
    )

    class Meta:
        verbose_name = _("строка учебного плана")
        verbose_name_plural = _("учебный план")
        ordering = ["year", "grade", "subject__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "grade", "subject"], name="curriculum_unique_line"),
        ]

    def __str__(self) -> str:
        return f"{self.grade}: {self.subject} — {self.hours_per_week} ч"

    def clean(self) -> None:
        # Grade 1 is taught without marks (СП 2.4.3648-20 п. 3.4.16, DOMAIN.md §3).
        if self.grade == 1 and self.grading_mode != GradingMode.NONE:
            raise ValidationError(
                {"grading_mode": _("В 1 классе обучение безотметочное: выберите «без отметок».")}
            )
