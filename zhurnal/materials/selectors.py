"""Reads for this app's pages; each runs a fixed number of queries however many rows it shows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, IntegerField, Prefetch, Q, Value
from django.urls import reverse

from zhurnal.core import clock
from zhurnal.journal.models import Lesson, LessonFile
from zhurnal.materials.models import (
    ClassResource,
    DocumentReader,
    HomeworkMaterial,
    Material,
    MaterialFile,
    PortfolioEntry,
    PortfolioFile,
    Project,
    SchoolDocument,
)
from zhurnal.people.models import Enrollment, Staff, Student, enrolled_between_q
from zhurnal.policy import rules
from zhurnal.policy.actor import Actor
from zhurnal.schools.models import ClassGroup, Subject

PAGE_SIZE = 30
# Lessons offered for attaching a material: the teacher's own, a week back and three ahead.
ATTACH_DAYS_BACK = 7
ATTACH_DAYS_AHEAD = 21


def _page(queryset, number) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(number)


# --- materials -----------------------------------------------------------------------------------


@dataclass
class LibraryFilter:
    kind: str = ""
    subject: int | None = None
    grade: int | None = None
    q: str = ""

    @classmethod
    def from_query(cls, data) -> LibraryFilter:
        def number(name):
            try:
                return int(data.get(name) or "") or None
            except ValueError:
                return None

        kind = data.get("kind") or ""
        return cls(
            kind=kind if kind in Material.Kind.values else "",
            subject=number("subject"),
            grade=number("grade"),
            q=(data.get("q") or "").strip()[:100],
        )

    def apply(self, queryset):
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.subject:
            queryset = queryset.filter(subject_id=self.subject)
        if self.grade:
            queryset = queryset.filter(grade=self.grade)
        if self.q:
            queryset = queryset.filter(Q(title__icontains=self.q) | Q(topic__icontains=self.q))
        return queryset


def _listed(queryset):
    files = Prefetch("files", queryset=MaterialFile.objects.only("id", "material_id", "name", "size"))
    return queryset.select_related("subject", "owner").prefetch_related(files).order_by("-updated_at", "-id")


def my_library(actor: Actor, flt: LibraryFilter, page=None) -> Page:
    mine = Material.objects.visible_to(actor).filter(owner_id__in=actor.staff_ids)
    return _page(_listed(flt.apply(mine)), page)


def shared_library(actor: Actor, flt: LibraryFilter, page=None) -> Page:
    shared = (
        Material.objects.visible_to(actor)
        .filter(school_id__in=rules.shared_material_school_ids(actor))
        .exclude(visibility=Material.Visibility.PRIVATE)
    )
    return _page(_listed(flt.apply(shared)), page)


def author_plan_items(actor: Actor, school_ids) -> list[tuple[str, list]]:
    """The author's plans for the form's «Пункт КТП»: each plan's newest approved version (else
    its newest) with its items, labelled by the assignment. Two queries, however many plans."""
    from zhurnal.planning.models import PlanItem, PlanVersion

    staff_ids = [actor.staff_id_in(school_id) for school_id in school_ids]
    versions = (
        PlanVersion.objects.visible_to(actor)
        .filter(plan__assignment__teacher_id__in=[pk for pk in staff_ids if pk is not None])
        .select_related(
            "plan__assignment__class_group", "plan__assignment__subject", "plan__assignment__subgroup"
        )
        .order_by("plan_id", "-number")
    )
    chosen = {}
    for version in versions:
        current = chosen.get(version.plan_id)
        if current is None or (
            version.status == PlanVersion.Status.APPROVED and current.status != PlanVersion.Status.APPROVED
        ):
            chosen[version.plan_id] = version
    items = defaultdict(list)
    for item in PlanItem.objects.filter(version__in=[v.pk for v in chosen.values()]).order_by("number"):
        items[item.version_id].append(item)
    return [
        (str(version.plan.assignment), items[version.pk])
        for version in sorted(chosen.values(), key=lambda v: str(v.plan.assignment))
        if items[version.pk]
    ]


def school_subjects(school_ids) -> list[Subject]:
    return list(Subject.objects.filter(school_id__in=school_ids).order_by("name"))


def school_classes(school_ids) -> list[ClassGroup]:
    today = clock.today()
    return list(
        ClassGroup.objects.filter(
            school_id__in=school_ids, year__start__lte=today, year__end__gte=today
        ).order_by("grade", "letter")
    )


@dataclass
class MaterialPage:
    material: Material
    files: list[MaterialFile]
    class_names: list[str]
    attached: list[dict]
    lessons: list[dict] = field(default_factory=list)  # the author's lessons to attach it to
    may_edit: bool = False


def _lesson_rows(queryset) -> list[dict]:
    rows = queryset.order_by("date", "slot", "id").values(
        "id",
        "date",
        "slot",
        "topic",
        "assignment__subject__name",
        "assignment__class_group__grade",
        "assignment__class_group__letter",
        "assignment__subgroup__name",
    )
    return [
        {
            "id": row["id"],
            "date": row["date"],
            "slot": row["slot"],
            "topic": row["topic"],
            "subject": row["assignment__subject__name"],
            "class_name": f"{row['assignment__class_group__grade']}{row['assignment__class_group__letter']}",
            "subgroup": row["assignment__subgroup__name"] or "",
        }
        for row in rows
    ]


def material_page(actor: Actor, material: Material) -> MaterialPage:
    may_edit = rules.may_edit_material(actor, material)
    attached_lessons = Lesson.objects.visible_to(actor).filter(
        pk__in=HomeworkMaterial.objects.filter(material=material).values("lesson_id")
    )
    page = MaterialPage(
        material=material,
        files=list(material.files.all()),
        class_names=[str(c) for c in material.classes.order_by("grade", "letter")],
        attached=_lesson_rows(attached_lessons),
        may_edit=may_edit,
    )
    if may_edit:
        today = clock.today()
        own = Lesson.objects.filter(
            Q(teacher_id__in=actor.staff_ids) | Q(assignment__teacher_id__in=actor.staff_ids),
            school_id=material.school_id,
            date__gte=today - dt.timedelta(days=ATTACH_DAYS_BACK),
            date__lte=today + dt.timedelta(days=ATTACH_DAYS_AHEAD),
        ).exclude(status=Lesson.Status.CANCELLED)
        attached_ids = {row["id"] for row in page.attached}
        page.lessons = [row for row in _lesson_rows(own) if row["id"] not in attached_ids]
    return page


def homework_attachments(lesson_ids) -> tuple[dict[int, list[dict]], dict[int, list[dict]]]:
    """The files and the study materials given with the lessons' homework, in ONE query (a UNION
    of the journal's homework files and this app's attachments with their files joined in), so
    the diary's budget does not grow: (lesson id → files, lesson id → materials).

    The caller has already scoped the lessons; a material attached to a lesson is seen by the
    lesson's readers (materials.scopes)."""
    text, number = CharField(), IntegerField()
    files = (
        LessonFile.objects.filter(lesson_id__in=lesson_ids)
        .order_by()
        .annotate(
            a_lesson=F("lesson_id"),
            a_material=Value(None, output_field=number),
            a_title=Value("", output_field=text),
            a_url=Value("", output_field=text),
            a_file=F("id"),
            a_name=F("name"),
            a_size=F("size"),
        )
        .values_list(*_UNION_COLUMNS)
    )
    given = (
        HomeworkMaterial.objects.filter(lesson_id__in=lesson_ids)
        .order_by()
        .annotate(
            a_lesson=F("lesson_id"),
            a_material=F("material_id"),
            a_title=F("material__title"),
            a_url=F("material__url"),
            a_file=F("material__files__id"),
            a_name=F("material__files__name"),
            a_size=F("material__files__size"),
        )
        .values_list(*_UNION_COLUMNS)
    )
    rows = sorted(files.union(given, all=True), key=lambda r: (r[0], r[1] or 0, r[4] or 0))
    files_of: dict[int, list[dict]] = {}
    materials_of: dict[int, list[dict]] = {}
    seen: dict[tuple[int, int], dict] = {}
    for lesson_id, material_id, title, url, file_id, name, size in rows:
        if material_id is None:
            files_of.setdefault(lesson_id, []).append(
                {"id": file_id, "name": name, "size": size, "url": f"/journal/files/{file_id}/"}
            )
            continue
        material = seen.get((lesson_id, material_id))
        if material is None:
            material = seen[(lesson_id, material_id)] = {
                "id": material_id,
                "title": title,
                "url": url,
                "files": [],
            }
            materials_of.setdefault(lesson_id, []).append(material)
        if file_id is not None:
            material["files"].append(
                {"id": file_id, "name": name, "size": size, "url": reverse("materials:file", args=[file_id])}
            )
    return files_of, materials_of


_UNION_COLUMNS = ("a_lesson", "a_material", "a_title", "a_url", "a_file", "a_name", "a_size")


# --- portfolios ----------------------------------------------------------------------------------


def _entries(queryset):
    files = Prefetch("files", queryset=PortfolioFile.objects.only("id", "entry_id", "name", "size"))
    return list(
        queryset.select_related("student", "teacher", "project")
        .prefetch_related(files)
        .order_by("-achieved_on", "-id")
    )


def portfolio_entries(actor: Actor, **owner) -> list[PortfolioEntry]:
    """The entries of one portfolio (student=, teacher= or project=) the actor sees, with files."""
    return _entries(PortfolioEntry.objects.visible_to(actor).filter(**owner))


def showcase(actor: Actor, page=None) -> Page:
    """Entries published to the whole school, the actor's schools."""
    files = Prefetch("files", queryset=PortfolioFile.objects.only("id", "entry_id", "name", "size"))
    published = (
        PortfolioEntry.objects.visible_to(actor)
        .filter(published_at__isnull=False, school_id__in=actor.member_school_ids)
        .select_related("student", "teacher", "project")
        .prefetch_related(files)
        .order_by("-published_at", "-id")
    )
    return _page(published, page)


@dataclass
class PortfolioIndex:
    own_pupils: list[Student]
    class_group: ClassGroup | None
    class_pupils: list[Student]
    classes: list[ClassGroup]
    own_staff: list[Staff]
    teachers: list[Staff]
    projects: list[Project]
    may_open_projects: bool
    school_pupils: list[Student] = field(default_factory=list)


def portfolio_index(actor: Actor, class_id=None) -> PortfolioIndex:
    """Whose portfolios the actor opens: themself or their children, their class (or, for the
    director and deputy, a chosen class), their own and — for the administration — the school's
    teachers', and the projects they see."""
    today = clock.today()
    admin = rules.portfolio_admin_school_ids(actor)
    classes = []
    if admin or actor.led_class_ids:
        classes = list(
            ClassGroup.objects.visible_to(actor)
            .filter(Q(school_id__in=admin) | Q(pk__in=actor.led_class_ids))
            .filter(year__start__lte=today, year__end__gte=today)
            .order_by("grade", "letter")
        )
    chosen = None
    try:
        wanted = int(class_id) if class_id else None
    except ValueError:
        wanted = None
    for class_group in classes:
        if class_group.pk == wanted or (
            wanted is None and class_group.pk in actor.led_class_ids and chosen is None
        ):
            chosen = class_group
    class_pupils = []
    if chosen is not None:
        class_pupils = list(
            Student.objects.visible_to(actor).filter(
                pk__in=Enrollment.objects.filter(enrolled_between_q(today, today), class_group=chosen).values(
                    "student_id"
                )
            )
        )
    return PortfolioIndex(
        own_pupils=list(Student.objects.visible_to(actor).filter(pk__in=actor.own_student_ids))
        if actor.own_student_ids
        else [],
        class_group=chosen,
        class_pupils=class_pupils,
        classes=classes,
        own_staff=list(Staff.objects.filter(pk__in=actor.staff_ids))
        if rules.may_keep_materials(actor)
        else [],
        teachers=list(Staff.objects.visible_to(actor).filter(school_id__in=admin).order_by("last_name"))
        if admin
        else [],
        projects=list(Project.objects.visible_to(actor).select_related("supervisor").order_by("-created_at")),
        may_open_projects=rules.may_lead_projects(actor),
    )


# --- the class's resources and the school's documents --------------------------------------------


def resource_classes(actor: Actor) -> list[ClassGroup]:
    """The classes whose catalogue the actor reads, this year's first."""
    from zhurnal.materials.scopes import resource_class_q

    return list(
        ClassGroup.objects.visible_to(actor)
        .filter(resource_class_q(actor))
        .select_related("year")
        .order_by("-year__start", "grade", "letter")
    )


def class_resources(actor: Actor, class_group: ClassGroup) -> list[ClassResource]:
    return list(
        ClassResource.objects.visible_to(actor).filter(class_group=class_group).order_by("title", "id")
    )


@dataclass
class DocumentsPage:
    page: Page
    category: str
    readers_of: dict[int, list[str]]


def school_documents(actor: Actor, category: str = "", number=None) -> DocumentsPage:
    """The documents the actor reads, by section; for their keepers, who reads each one."""
    documents = SchoolDocument.objects.visible_to(actor).order_by("category", "-dated", "title", "id")
    if category in SchoolDocument.Category.values:
        documents = documents.filter(category=category)
    else:
        category = ""
    page = _page(documents, number)
    readers_of: dict[int, list[str]] = {}
    keepers = rules.document_keeper_school_ids(actor)
    ids = [d.pk for d in page if d.school_id in keepers]
    if ids:
        labels = dict(DocumentReader._meta.get_field("role").choices)
        for document_id, role in DocumentReader.objects.filter(document_id__in=ids).values_list(
            "document_id", "role"
        ):
            readers_of.setdefault(document_id, []).append(str(labels.get(role, role)))
    for document in page:
        document.reader_labels = readers_of.get(document.pk, [])
    return DocumentsPage(page=page, category=category, readers_of=readers_of)
