"""The journal's records: lessons, attendance, marks, period marks, and their directories.

Their behaviour (services with rules, the grid, the API) belongs to the journal issue; the
foundation defines the records so that the demo school and the generator can fill them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.core.models import ScopedManager
from zhurnal.people.models import Staff, Student, TeachingAssignment
from zhurnal.planning.models import PlanItem
from zhurnal.schools.models import AcademicYear, SchoolScopedModel, StudyPeriod, Subject


class LessonType(SchoolScopedModel):
    name = models.CharField(_("название"), max_length=100)
    # Lessons of such a type are the control works counted in curriculum delivery (К/р).
    is_control_work = models.BooleanField(_("контрольная работа"), default=False)
    # Deactivated instead of deleted once used: no longer offered for new entries, kept on old ones.
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("тип урока")
        verbose_name_plural = _("типы уроков")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkType(SchoolScopedModel):
    """A kind of work a mark is given for, with the school's weight for the weighted average."""

    name = models.CharField(_("название"), max_length=100)
    short_name = models.CharField(_("сокращение"), max_length=10)
    weight = models.PositiveSmallIntegerField(_("вес"), default=1)
    # Deactivated instead of deleted once used: no longer offered for new entries, kept on old ones.
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("вид работы")
        verbose_name_plural = _("виды работ")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} (×{self.weight})"


class AttendanceCode(SchoolScopedModel):
    """Н, Б, У, П, ОП… — a directory, so a school can add its own codes."""

    code = models.CharField(_("код"), max_length=4)
    name = models.CharField(_("значение"), max_length=100)
    is_absence = models.BooleanField(_("пропуск урока"), default=True)
    is_illness = models.BooleanField(_("по болезни"), default=False)
    is_excused = models.BooleanField(_("по уважительной причине"), default=False)
    is_late = models.BooleanField(_("опоздание"), default=False)
    # Deactivated instead of deleted once used: no longer offered for new entries, kept on old ones.
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("код посещаемости")
        verbose_name_plural = _("коды посещаемости")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="attendance_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Lesson(SchoolScopedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("по расписанию")
        CANCELLED = "cancelled", _("отменён")

    assignment = models.ForeignKey(TeachingAssignment, on_delete=models.PROTECT, related_name="lessons")
    date = models.DateField(_("дата"))
    slot = models.PositiveSmallIntegerField(_("урок №"), null=True, blank=True)
    topic = models.CharField(_("тема"), max_length=500, blank=True)
    lesson_type = models.ForeignKey(
        LessonType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    homework = models.TextField(_("домашнее задание"), blank=True)
    homework_due = models.DateField(_("срок выполнения"), null=True, blank=True)
    # The teacher who conducted it: the assignment's teacher or a substitute.
    teacher = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="conducted_lessons")
    status = models.CharField(_("состояние"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    # Set when attendance was taken (even if everyone was present), so gaps can be found.
    attendance_taken_at = models.DateTimeField(_("посещаемость отмечена"), null=True, blank=True)
    # The item of the approved КТП this lesson delivers (journal.services.plan, decision 0024).
    plan_item = models.ForeignKey(
        PlanItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="lessons"
    )
    version = models.PositiveIntegerField(default=1)
    # As for marks: a retried creation (API `Idempotency-Key`) finds the lesson it already made.
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)
    idempotency_digest = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        verbose_name = _("урок")
        verbose_name_plural = _("уроки")
        ordering = ["date", "slot"]
        indexes = [
            models.Index(fields=["assignment", "date"]),
            models.Index(fields=["school", "date"]),
            models.Index(fields=["teacher", "date"]),
        ]
        constraints = [
            # One live lesson per journal, day and bell slot; cancelled ones and lessons without a
            # slot (ad-hoc) do not count. A partial unique index on SQLite and PostgreSQL alike.
            models.UniqueConstraint(
                fields=["assignment", "date", "slot"],
                condition=models.Q(slot__isnull=False) & ~models.Q(status="cancelled"),
                name="lesson_live_slot_unique",
            ),
            models.UniqueConstraint(
                fields=["school", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="lesson_idempotency_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} №{self.slot or '–'}"


class Attendance(SchoolScopedModel):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="attendance")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="attendance")
    code = models.ForeignKey(AttendanceCode, on_delete=models.PROTECT, related_name="+")
    minutes_late = models.PositiveSmallIntegerField(_("опоздание, мин"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("отметка посещаемости")
        verbose_name_plural = _("посещаемость")
        constraints = [models.UniqueConstraint(fields=["lesson", "student"], name="attendance_unique")]
        indexes = [models.Index(fields=["student", "lesson"])]


class Mark(SchoolScopedModel):
    """A mark for a lesson. Several per lesson and student are allowed.

    `value` is what the journal shows ("5", "5/4", "н/а", "осв", "зч", "."); `score` and
    `score2` are the numbers that count in averages (the two halves of a double mark).
    """

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="marks")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="marks")
    value = models.CharField(_("отметка"), max_length=8)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    score2 = models.PositiveSmallIntegerField(null=True, blank=True)
    work_type = models.ForeignKey(WorkType, on_delete=models.PROTECT, related_name="+")
    comment = models.CharField(_("комментарий"), max_length=500, blank=True)
    deferred_until = models.DateField(_("долг до"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # The client's Idempotency-Key: a retried save finds the mark it already made; the digest of
    # the request it came with tells a retry from a key reused for another mark.
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)
    idempotency_digest = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        verbose_name = _("отметка")
        verbose_name_plural = _("отметки")
        indexes = [
            models.Index(fields=["lesson", "student"]),
            models.Index(fields=["student", "lesson"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="mark_idempotency_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.value


class PeriodMark(SchoolScopedModel):
    """A quarter / half-year / year / exam / final mark of a student in a subject."""

    class Kind(models.TextChoices):
        PERIOD = "period", _("за период")
        YEAR = "year", _("годовая")
        EXAM = "exam", _("экзаменационная")
        FINAL = "final", _("итоговая")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="period_marks")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(StudyPeriod, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("вид"), max_length=8, choices=Kind.choices, default=Kind.PERIOD)
    value = models.CharField(_("отметка"), max_length=8)
    # When the teacher departs from the suggested mark, the reason is kept.
    suggested = models.CharField(_("предложенная"), max_length=8, blank=True)
    reason = models.CharField(_("причина"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("отметка за период")
        verbose_name_plural = _("отметки за периоды")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "subject", "period", "kind"],
                condition=models.Q(period__isnull=False),
                name="period_mark_unique_period",
            ),
            models.UniqueConstraint(
                fields=["student", "subject", "year", "kind"],
                condition=models.Q(period__isnull=True),
                name="period_mark_unique_year",
            ),
        ]


class JournalUnlock(SchoolScopedModel):
    """The deputy director's permission to change a journal's closed or locked dates, with a reason."""

    assignment = models.ForeignKey(TeachingAssignment, on_delete=models.CASCADE, related_name="unlocks")
    date_from = models.DateField(_("с"))
    date_to = models.DateField(_("по"))
    reason = models.CharField(_("причина"), max_length=500)
    granted_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField(_("действует до"))

    class Meta:
        verbose_name = _("разрешение на исправление")
        verbose_name_plural = _("разрешения на исправление")
        indexes = [models.Index(fields=["assignment", "expires_at"])]


class LessonFile(SchoolScopedModel):
    """A file given with the homework (a worksheet, a picture). Served only through an access check."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("файл"), upload_to="homework/", max_length=300)
    name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveIntegerField(_("размер"))
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("файл к домашнему заданию")
        verbose_name_plural = _("файлы к домашним заданиям")
        ordering = ["lesson", "id"]

    def __str__(self) -> str:
        return self.name


class CellBatch(models.Model):
    """A batch of cell changes sent with an Idempotency-Key (`POST /api/v1/journal/cells`): the
    answer it got, so that a retry of a batch that landed answers the same results and writes
    nothing twice. Keyed per user; the digest refuses the key reused for another body."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    idempotency_key = models.CharField(max_length=80)
    idempotency_digest = models.CharField(max_length=64)
    results = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("пакет изменений журнала")
        verbose_name_plural = _("пакеты изменений журнала")
        constraints = [
            models.UniqueConstraint(fields=["user", "idempotency_key"], name="cell_batch_key_unique")
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.idempotency_key}"
