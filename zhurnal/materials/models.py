"""Study materials, portfolios, the class's resources and the school's documents (issue 12 items 4–6).

Above the journal (a material is attached to a lesson's homework), below the diary (which shows
it). Every file is stored through `core.uploads` under a random name and served by a view that
asks the row's scope first (decision 0025).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.accounts.models import Role, User
from zhurnal.journal.models import Lesson
from zhurnal.people.models import Staff, Student
from zhurnal.schools.models import ClassGroup, SchoolScopedModel, Subject


class StoredFile(SchoolScopedModel):
    """A checked upload: its name in the storage, the user's name for it, size and our type."""

    file = models.FileField(_("файл"), max_length=300)
    name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveIntegerField(_("размер"))
    content_type = models.CharField(max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


# --- study materials -------------------------------------------------------------------------------


class Material(SchoolScopedModel):
    """A teacher's study material: files or a link, kept private, shared with the school's
    teachers, or published to the pupils (and parents) of chosen classes."""

    class Kind(models.TextChoices):
        TEST = "test", _("тест")
        TASK = "task", _("задание")
        EXERCISE = "exercise", _("упражнение")
        PRESENTATION = "presentation", _("презентация")
        METHODICAL = "methodical", _("методический материал")
        ANALYTIC = "analytic", _("аналитический материал")

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("только мне")
        SCHOOL = "school", _("учителям школы")
        CLASSES = "classes", _("учителям школы и ученикам выбранных классов")

    owner = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+", verbose_name=_("автор"))
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    subject = models.ForeignKey(
        Subject, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("предмет")
    )
    grade = models.PositiveSmallIntegerField(_("класс (параллель)"), null=True, blank=True)
    topic = models.CharField(_("тема"), max_length=500, blank=True)
    # The item of the author's calendar-thematic plan the material serves (the approved version's
    # row at the time; a later version of the plan keeps its own rows, the link stays put).
    plan_item = models.ForeignKey(
        "planning.PlanItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("пункт КТП"),
    )
    url = models.URLField(_("ссылка"), max_length=500, blank=True)
    visibility = models.CharField(
        _("кому видно"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    classes = models.ManyToManyField(ClassGroup, blank=True, related_name="+", verbose_name=_("классы"))

    class Meta:
        verbose_name = _("учебный материал")
        verbose_name_plural = _("учебные материалы")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["school", "visibility"]), models.Index(fields=["owner"])]

    def __str__(self) -> str:
        return self.title


class MaterialFile(StoredFile):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = _("файл материала")
        verbose_name_plural = _("файлы материалов")
        ordering = ["material", "id"]


class HomeworkMaterial(SchoolScopedModel):
    """A material given with a lesson's homework: the diary shows it under the homework."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="attachments")
    attached_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("материал к домашнему заданию")
        verbose_name_plural = _("материалы к домашним заданиям")
        ordering = ["lesson", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "material"], name="homework_material_once"),
        ]

    def __str__(self) -> str:
        return f"{self.lesson} — {self.material}"


# --- portfolios ----------------------------------------------------------------------------------


class Project(SchoolScopedModel):
    """A project of a group of pupils (of any classes) with a supervising teacher."""

    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    supervisor = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="+", verbose_name=_("руководитель")
    )
    members = models.ManyToManyField(Student, related_name="+", verbose_name=_("участники"))

    class Meta:
        verbose_name = _("проект")
        verbose_name_plural = _("проекты")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PortfolioEntry(SchoolScopedModel):
    """One entry of a portfolio: a pupil's, a teacher's, or a project's (exactly one of them)."""

    class Kind(models.TextChoices):
        ACHIEVEMENT = "achievement", _("достижение")
        CERTIFICATE = "certificate", _("грамота, сертификат, диплом")
        PROJECT_WORK = "project_work", _("проектная работа")
        TRAINING = "training", _("обучение, повышение квалификации")
        OTHER = "other", _("другое")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    teacher = models.ForeignKey(Staff, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="entries"
    )
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    achieved_on = models.DateField(_("дата"), null=True, blank=True)
    # Shown to the whole school on the showcase page; a pupil's entry only with consent.
    published_at = models.DateTimeField(_("опубликовано"), null=True, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("запись портфолио")
        verbose_name_plural = _("записи портфолио")
        ordering = ["-achieved_on", "-id"]
        indexes = [models.Index(fields=["school", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(student__isnull=False, teacher__isnull=True, project__isnull=True)
                    | models.Q(student__isnull=True, teacher__isnull=False, project__isnull=True)
                    | models.Q(student__isnull=True, teacher__isnull=True, project__isnull=False)
                ),
                name="portfolio_entry_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PortfolioFile(StoredFile):
    entry = models.ForeignKey(PortfolioEntry, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = _("файл портфолио")
        verbose_name_plural = _("файлы портфолио")
        ordering = ["entry", "id"]


# --- the class's resources and the school's documents ---------------------------------------------


class ClassResource(SchoolScopedModel):
    """A link or a file in a class's resource catalogue, kept by its class teacher."""

    class_group = models.ForeignKey(ClassGroup, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    url = models.URLField(_("ссылка"), max_length=500, blank=True)
    file = models.FileField(_("файл"), max_length=300, blank=True)
    file_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("размер"), default=0)
    content_type = models.CharField(max_length=120, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("ресурс класса")
        verbose_name_plural = _("ресурсы класса")
        ordering = ["class_group", "title", "id"]

    def __str__(self) -> str:
        return self.title


class SchoolDocument(SchoolScopedModel):
    """A document of the school (a regulation, a plan, a local act, a methodical document) with
    the roles that may read it."""

    class Category(models.TextChoices):
        REGULATION = "regulation", _("положения и правила")
        PLAN = "plan", _("планы")
        LOCAL_ACT = "local_act", _("локальные акты")
        METHODICAL = "methodical", _("методические документы")
        OTHER = "other", _("прочие документы")

    category = models.CharField(_("раздел"), max_length=20, choices=Category.choices)
    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    number = models.CharField(_("номер"), max_length=50, blank=True)
    dated = models.DateField(_("дата документа"), null=True, blank=True)
    file = models.FileField(_("файл"), max_length=300)
    file_name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveIntegerField(_("размер"))
    content_type = models.CharField(max_length=120)
    added_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("документ школы")
        verbose_name_plural = _("документы школы")
        ordering = ["category", "-dated", "title", "id"]

    def __str__(self) -> str:
        return self.title


class DocumentReader(models.Model):
    """A role that may read a school document (its keepers always may)."""

    document = models.ForeignKey(SchoolDocument, on_delete=models.CASCADE, related_name="readers")
    role = models.CharField(_("роль"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("кто читает документ")
        verbose_name_plural = _("кто читает документы")
        constraints = [models.UniqueConstraint(fields=["document", "role"], name="document_reader_once")]

    def __str__(self) -> str:
        return self.role
