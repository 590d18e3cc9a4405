"""The calendar-thematic plan (КТП) of a teaching assignment: versions, numbered items, history.

One plan per teaching assignment (and so per school year). Its items live in versions: the
teacher edits a draft, submits it, the deputy director approves or returns it; an approved
version is frozen, and a later change starts a new draft copied from it (decision 0024).
The journal (above) links each lesson to the item it delivers (`journal.Lesson.plan_item`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.accounts.models import User
from zhurnal.people.models import TeachingAssignment
from zhurnal.schools.models import SchoolScopedModel


class ThematicPlan(SchoolScopedModel):
    assignment = models.OneToOneField(
        TeachingAssignment, on_delete=models.CASCADE, related_name="thematic_plan"
    )

    class Meta:
        verbose_name = _("календарно-тематический план")
        verbose_name_plural = _("календарно-тематические планы")

    def __str__(self) -> str:
        return str(_("КТП: %(a)s") % {"a": self.assignment})


class PlanVersion(SchoolScopedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("на согласовании")
        APPROVED = "approved", _("утверждён")
        RETURNED = "returned", _("возвращён на доработку")

    plan = models.ForeignKey(ThematicPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("версия"))
    status = models.CharField(_("состояние"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("отправлен"), null=True, blank=True)
    decided_at = models.DateTimeField(_("решение принято"), null=True, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    comment = models.CharField(_("комментарий"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("версия КТП")
        verbose_name_plural = _("версии КТП")
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]

    def __str__(self) -> str:
        return str(_("версия %(n)s") % {"n": self.number})

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class PlanItem(SchoolScopedModel):
    """One numbered line of the plan: a topic taking `hours` lessons."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("№"))
    section = models.CharField(_("раздел"), max_length=300, blank=True)
    topic = models.CharField(_("тема"), max_length=500)
    hours = models.PositiveSmallIntegerField(_("часы"), default=1)
    # The name of a journal lesson type (the directory is the journal's, a layer above).
    lesson_type = models.CharField(_("тип урока"), max_length=100, blank=True)
    planned_date = models.DateField(_("дата по плану"), null=True, blank=True)
    planned_week = models.PositiveSmallIntegerField(_("неделя по плану"), null=True, blank=True)
    homework = models.TextField(_("домашнее задание"), blank=True)

    class Meta:
        verbose_name = _("пункт КТП")
        verbose_name_plural = _("пункты КТП")
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="plan_item_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.topic}"


class PlanEvent(SchoolScopedModel):
    """The plan's history as its page shows it: created, imported, submitted, approved, returned."""

    class Action(models.TextChoices):
        CREATED = "created", _("создан")
        IMPORTED = "imported", _("загружен из файла")
        COPIED = "copied", _("скопирован")
        REVISED = "revised", _("начата новая версия")
        SUBMITTED = "submitted", _("отправлен на согласование")
        APPROVED = "approved", _("утверждён")
        RETURNED = "returned", _("возвращён на доработку")

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("событие"), max_length=12, choices=Action.choices)
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    comment = models.CharField(_("комментарий"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("событие КТП")
        verbose_name_plural = _("история КТП")
        ordering = ["created_at", "id"]
