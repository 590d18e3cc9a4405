"""Staff, students, guardians, enrolments, teaching assignments and the timetable.

Personal data (ФИО, birth date, documents) lives only here; `accounts.User` is a login.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.accounts.models import User
from zhurnal.core import names
from zhurnal.schools.models import (
    AcademicYear,
    BellSchedule,
    ClassGroup,
    SchoolScopedModel,
    StudyGroup,
    Subgroup,
    Subject,
)


def one_card_per_school(model: str) -> models.UniqueConstraint:
    """One login, several schools (issue 10 item 2): a person's card is per school, so a user has
    at most one staff (pupil, guardian) card in each school and may have one in several."""
    return models.UniqueConstraint(
        fields=["user", "school"], condition=models.Q(user__isnull=False), name=f"{model}_one_card_per_school"
    )


class Person(SchoolScopedModel):
    last_name = models.CharField(_("фамилия"), max_length=100)
    first_name = models.CharField(_("имя"), max_length=100)
    middle_name = models.CharField(_("отчество"), max_length=100, blank=True)

    class Meta:
        abstract = True
        ordering = ["last_name", "first_name", "middle_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return names.full_name(self.last_name, self.first_name, self.middle_name)

    @property
    def short_name(self) -> str:
        return names.short_name(self.last_name, self.first_name, self.middle_name)


class Staff(Person):
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff_cards"
    )
    position = models.CharField(_("должность"), max_length=200, blank=True)
    email = models.EmailField(_("эл. почта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=30, blank=True)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="+", verbose_name=_("предметы"))
    work_start = models.DateField(_("работает с"), null=True, blank=True)
    work_end = models.DateField(_("работал по"), null=True, blank=True)

    class Meta(Person.Meta):
        verbose_name = _("сотрудник")
        verbose_name_plural = _("сотрудники")
        constraints = [one_card_per_school("staff")]


class DocumentType(models.TextChoices):
    BIRTH_CERTIFICATE = "birth_certificate", _("свидетельство о рождении")
    PASSPORT = "passport", _("паспорт гражданина РФ")
    FOREIGN = "foreign", _("документ иностранного гражданина")
    OTHER = "other", _("иной документ")


class HealthGroup(models.TextChoices):
    """The code only (I–V), never a diagnosis."""

    I = "1", "I"  # noqa: E741
    II = "2", "II"
    III = "3", "III"
    IV = "4", "IV"
    V = "5", "V"


class Student(Person):
    class Sex(models.TextChoices):
        MALE = "m", _("мужской")
        FEMALE = "f", _("женский")

    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="student_cards"
    )
    birth_date = models.DateField(_("дата рождения"), null=True, blank=True)
    sex = models.CharField(_("пол"), max_length=1, choices=Sex.choices, blank=True)
    snils = models.CharField(_("СНИЛС"), max_length=14, blank=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    # The identity document (свидетельство о рождении or паспорт): one per card, as the forms ask.
    document_type = models.CharField(_("документ"), max_length=20, choices=DocumentType.choices, blank=True)
    document_series = models.CharField(_("серия"), max_length=20, blank=True)
    document_number = models.CharField(_("номер"), max_length=30, blank=True)
    document_issued_by = models.CharField(_("кем выдан"), max_length=300, blank=True)
    document_issued_on = models.DateField(_("дата выдачи"), null=True, blank=True)
    health_group = models.CharField(
        _("группа здоровья"), max_length=3, choices=HealthGroup.choices, blank=True
    )

    class Meta(Person.Meta):
        verbose_name = _("обучающийся")
        verbose_name_plural = _("обучающиеся")
        constraints = [one_card_per_school("student")]


class Guardian(Person):
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="guardian_cards"
    )
    phone = models.CharField(_("телефон"), max_length=30, blank=True)
    email = models.EmailField(_("эл. почта"), blank=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)

    class Meta(Person.Meta):
        verbose_name = _("родитель (законный представитель)")
        verbose_name_plural = _("родители (законные представители)")
        constraints = [one_card_per_school("guardian")]


class StudentGuardian(SchoolScopedModel):
    class Relation(models.TextChoices):
        MOTHER = "mother", _("мать")
        FATHER = "father", _("отец")
        OTHER = "other", _("иной законный представитель")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardian_links")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="student_links")
    relation = models.CharField(_("кем приходится"), max_length=10, choices=Relation.choices)
    is_legal_representative = models.BooleanField(_("законный представитель"), default=True)

    class Meta:
        verbose_name = _("связь обучающегося и родителя")
        verbose_name_plural = _("связи обучающихся и родителей")
        constraints = [
            models.UniqueConstraint(fields=["student", "guardian"], name="student_guardian_unique"),
        ]


def enrolled_between_q(start, end, prefix: str = "") -> models.Q:
    """Enrolments (`start`/`end`, open-ended while still there) in force at some time from
    `start` to `end`; with start == end, on that day. `prefix` reaches them through a relation."""
    return models.Q(**{f"{prefix}start__lte": end}) & (
        models.Q(**{f"{prefix}end__isnull": True}) | models.Q(**{f"{prefix}end__gte": start})
    )


class Enrollment(SchoolScopedModel):
    """A student in a class from one date to another (open end while still there)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="enrollments")
    class_group = models.ForeignKey(ClassGroup, on_delete=models.PROTECT, related_name="enrollments")
    start = models.DateField(_("с"))
    end = models.DateField(_("по"), null=True, blank=True)

    class Meta:
        verbose_name = _("зачисление в класс")
        verbose_name_plural = _("зачисления в классы")
        indexes = [models.Index(fields=["class_group", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="enrollment_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.class_group} ({self.start}–{self.end or '…'})"


class SubgroupMembership(SchoolScopedModel):
    subgroup = models.ForeignKey(Subgroup, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="subgroup_memberships")

    class Meta:
        verbose_name = _("состав подгруппы")
        verbose_name_plural = _("составы подгрупп")
        constraints = [
            models.UniqueConstraint(fields=["subgroup", "student"], name="subgroup_membership_unique"),
        ]


class StudyGroupMembership(SchoolScopedModel):
    """A pupil in a cross-class study group from one date to another (open end while still
    there), dated like enrolments: a pupil may join or leave mid-year."""

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="study_group_memberships")
    start = models.DateField(_("с"))
    end = models.DateField(_("по"), null=True, blank=True)

    class Meta:
        verbose_name = _("состав межклассной группы")
        verbose_name_plural = _("составы межклассных групп")
        ordering = ["group", "start"]
        indexes = [
            models.Index(fields=["group", "start"]),
            models.Index(fields=["student", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="study_group_membership_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.group} ({self.start}–{self.end or '…'})"


class TeachingAssignment(SchoolScopedModel):
    """A teacher teaches a subject to a class (or one of its subgroups), or to a cross-class study
    group, for a year. Exactly one of class_group and study_group is set (decision 0036)."""

    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    class_group = models.ForeignKey(
        ClassGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments"
    )
    subgroup = models.ForeignKey(
        Subgroup, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments"
    )
    study_group = models.ForeignKey(
        StudyGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="assignments")
    hours_per_week = models.DecimalField(
        _("часов в неделю"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    # Ended before the year's end (the teacher left, the group was dissolved): the journal stays,
    # read-only for what came before; the timetable's entries end on the same day.
    ended_on = models.DateField(_("завершена"), null=True, blank=True)

    class Meta:
        verbose_name = _("педагогическая нагрузка")
        verbose_name_plural = _("педагогическая нагрузка")
        ordering = ["class_group", "subject__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["class_group", "subject", "teacher"],
                condition=models.Q(subgroup__isnull=True),
                name="teaching_assignment_unique_class",
            ),
            models.UniqueConstraint(
                fields=["subgroup", "subject", "teacher"],
                condition=models.Q(subgroup__isnull=False),
                name="teaching_assignment_unique_subgroup",
            ),
            models.UniqueConstraint(
                fields=["study_group", "subject", "teacher"],
                condition=models.Q(study_group__isnull=False),
                name="teaching_assignment_unique_study_group",
            ),
            # A class's journal (perhaps a subgroup's), or a study group's: never both, never neither.
            models.CheckConstraint(
                condition=models.Q(class_group__isnull=False, study_group__isnull=True)
                | models.Q(class_group__isnull=True, study_group__isnull=False, subgroup__isnull=True),
                name="teaching_assignment_class_or_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.unit} · {self.teacher.short_name}"

    @property
    def unit(self):
        """Who is taught: the subgroup, the class or the cross-class study group."""
        return self.subgroup or self.class_group or self.study_group

    @property
    def grade(self) -> int:
        """The grade level whose periods, holidays and grading mode the journal follows."""
        return self.class_group.grade if self.class_group_id else self.study_group.grade


class TimetableEntry(SchoolScopedModel):
    """A weekly slot of a teaching assignment, valid between two dates."""

    assignment = models.ForeignKey(TeachingAssignment, on_delete=models.CASCADE, related_name="timetable")
    weekday = models.PositiveSmallIntegerField(_("день недели"), help_text=_("1 — понедельник"))
    slot = models.PositiveSmallIntegerField(_("урок №"))
    bell_schedule = models.ForeignKey(BellSchedule, on_delete=models.PROTECT, related_name="+")
    room = models.CharField(_("кабинет"), max_length=20, blank=True)
    valid_from = models.DateField(_("действует с"))
    valid_to = models.DateField(_("действует по"), null=True, blank=True)

    class Meta:
        verbose_name = _("урок в расписании")
        verbose_name_plural = _("расписание уроков")
        ordering = ["weekday", "slot"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekday__gte=1, weekday__lte=7), name="timetable_weekday"
            ),
        ]


class Consent(SchoolScopedModel):
    """A consent under 152-ФЗ given for a pupil (by a parent, or by the pupil), with its dates and
    the signed scan. Core journal processing rests on the education law; publication of photos
    and of results needs a consent of its own (DOMAIN.md §7)."""

    class Kind(models.TextChoices):
        PROCESSING = "processing", _("обработка персональных данных")
        PHOTOS = "photos", _("публикация фотографий")
        RESULTS = "results", _("публикация результатов")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="consents")
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("кто дал согласие"),
    )
    kind = models.CharField(_("вид согласия"), max_length=20, choices=Kind.choices)
    given_on = models.DateField(_("дано"))
    withdrawn_on = models.DateField(_("отозвано"), null=True, blank=True)
    scan = models.CharField(_("скан"), max_length=300, blank=True)  # a name in the file storage
    scan_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    scan_content_type = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("согласие")
        verbose_name_plural = _("согласия")
        ordering = ["student", "kind", "-given_on"]
        indexes = [models.Index(fields=["student", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.student} ({self.given_on}–{self.withdrawn_on or '…'})"

    def in_force_on(self, day) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)
