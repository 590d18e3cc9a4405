"""The extracurricular journal (журнал внеурочной деятельности, Приказ № 582): courses of a school
year, their groups (pupils from any classes, joining and leaving on dates), the course's own plan
of topics, sessions and their attendance (present or absent, never marks). Decision 0026.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.people.models import Staff, Student
from zhurnal.schools.models import AcademicYear, SchoolScopedModel


class Direction(models.TextChoices):
    """The five directions of extracurricular activity the ФГОС НОО/ООО name (decision 0026)."""

    SPORTS = "sports", _("спортивно-оздоровительное")
    SPIRITUAL = "spiritual", _("духовно-нравственное")
    INTELLECTUAL = "intellectual", _("общеинтеллектуальное")
    CULTURAL = "cultural", _("общекультурное")
    SOCIAL = "social", _("социальное")


class Course(SchoolScopedModel):
    """A course (программа курса внеурочной деятельности) of one school year."""

    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("название"), max_length=200)
    direction = models.CharField(_("направление"), max_length=20, choices=Direction.choices)
    hours = models.PositiveSmallIntegerField(_("часов по программе"))
    teachers = models.ManyToManyField(
        Staff, related_name="extracurricular_courses", verbose_name=_("педагоги")
    )

    class Meta:
        verbose_name = _("курс внеурочной деятельности")
        verbose_name_plural = _("курсы внеурочной деятельности")
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "name"], name="xcourse_unique_name"),
            models.CheckConstraint(condition=models.Q(hours__gte=1), name="xcourse_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class PlanTopic(SchoolScopedModel):
    """One topic of a course's own thematic plan, in order (`number` 1, 2, …), with its hours."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="plan_topics")
    number = models.PositiveSmallIntegerField(_("№"))
    title = models.CharField(_("тема"), max_length=300)
    hours = models.PositiveSmallIntegerField(_("часов"), default=1)

    class Meta:
        verbose_name = _("тема плана курса")
        verbose_name_plural = _("план курса")
        ordering = ["course", "number", "pk"]
        # No unique (course, number): renumbering after a deletion is one UPDATE, which a
        # non-deferrable unique index on PostgreSQL would refuse halfway.
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gte=1), name="xplan_topic_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class CourseGroup(SchoolScopedModel):
    """A group that follows a course; its pupils may come from several classes."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("название группы"), max_length=100)

    class Meta:
        verbose_name = _("группа внеурочной деятельности")
        verbose_name_plural = _("группы внеурочной деятельности")
        constraints = [models.UniqueConstraint(fields=["course", "name"], name="xgroup_unique_name")]

    def __str__(self) -> str:
        return f"{self.course.name}, {self.name}"


class GroupMembership(SchoolScopedModel):
    """A pupil in a group from one date to another (open end while still there)."""

    group = models.ForeignKey(CourseGroup, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="extracurricular_memberships")
    start = models.DateField(_("с"))
    end = models.DateField(_("по"), null=True, blank=True)

    class Meta:
        verbose_name = _("участник группы")
        verbose_name_plural = _("участники групп")
        indexes = [models.Index(fields=["group", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="xmembership_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} in group {self.group_id} ({self.start}–{self.end or '…'})"

    def covers(self, day) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Session(SchoolScopedModel):
    """One session (занятие) of a group: one academic hour of its course."""

    group = models.ForeignKey(CourseGroup, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("дата"))
    time = models.TimeField(_("время"), null=True, blank=True)
    plan_topic = models.ForeignKey(
        PlanTopic, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    topic = models.CharField(_("тема"), max_length=300)
    notes = models.CharField(_("примечание"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("занятие")
        verbose_name_plural = _("занятия")
        indexes = [models.Index(fields=["group", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.topic}"


class SessionAttendance(SchoolScopedModel):
    """Whether a pupil was at a session. No row: not recorded yet."""

    class Code(models.TextChoices):
        PRESENT = "present", _("присутствовал")
        ABSENT = "absent", _("отсутствовал")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("отметка"), max_length=10, choices=Code.choices)

    class Meta:
        verbose_name = _("посещение занятия")
        verbose_name_plural = _("посещаемость занятий")
        constraints = [
            models.UniqueConstraint(fields=["session", "student"], name="xattendance_one_per_pupil"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} at session {self.session_id}: {self.code}"
