"""Materials, portfolio entries, class resources and school documents for the cast."""

from django.core.files.base import ContentFile

from tests.cast import Cast
from zhurnal.materials.models import HomeworkMaterial, Material, MaterialFile

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def class_teacher_card(cast: Cast):
    return cast.math_a.teacher


def teacher_card(cast: Cast):
    return cast.english_a.teacher


def material_of(
    cast: Cast, owner=None, visibility=Material.Visibility.PRIVATE, classes=(), **fields
) -> Material:
    owner = owner or class_teacher_card(cast)
    defaults = {"kind": Material.Kind.TEST, "title": "Проверочная работа по дробям", "topic": "Дроби"}
    defaults.update(fields)
    material = Material.objects.create(school=cast.school_a, owner=owner, visibility=visibility, **defaults)
    material.classes.set(classes)
    return material


def private_material(cast: Cast) -> Material:
    """The class teacher's own material, shared with nobody."""
    return material_of(cast, title="Черновик контрольной")


def shared_material(cast: Cast) -> Material:
    """The subject teacher's material, shared with the school's teachers."""
    return material_of(cast, owner=teacher_card(cast), visibility=Material.Visibility.SCHOOL, title="Тест")


def file_of(material: Material, name: str = "задание.pdf") -> MaterialFile:
    return MaterialFile.objects.create(
        school_id=material.school_id,
        material=material,
        file=ContentFile(PDF, name="m.pdf"),
        name=name,
        size=len(PDF),
        content_type="application/pdf",
    )


def attached(cast: Cast, material: Material, lesson=None) -> HomeworkMaterial:
    lesson = lesson or cast.lesson_a
    return HomeworkMaterial.objects.create(school_id=lesson.school_id, lesson=lesson, material=material)


def entry_of(cast: Cast, published: bool = False, **owner):
    from django.utils import timezone

    from zhurnal.materials.models import PortfolioEntry

    owner = owner or {"student": cast.pupil_a}
    return PortfolioEntry.objects.create(
        school=cast.school_a,
        kind=PortfolioEntry.Kind.CERTIFICATE,
        title="Грамота за олимпиаду по математике",
        published_at=timezone.now() if published else None,
        **owner,
    )


def portfolio_file_of(entry):
    from zhurnal.materials.models import PortfolioFile

    return PortfolioFile.objects.create(
        school_id=entry.school_id,
        entry=entry,
        file=ContentFile(PDF, name="p.pdf"),
        name="грамота.pdf",
        size=len(PDF),
        content_type="application/pdf",
    )


def project_of(cast: Cast, members=None):
    """A project supervised by the subject teacher, with pupil A of 2А."""
    from zhurnal.materials.models import Project

    project = Project.objects.create(
        school=cast.school_a, title="Птицы нашего края", supervisor=teacher_card(cast)
    )
    project.members.set(members or [cast.pupil_a])
    return project


def results_consent(cast: Cast, student=None):
    import datetime as dt

    from zhurnal.people.models import Consent

    return Consent.objects.create(
        school=cast.school_a,
        student=student or cast.pupil_a,
        kind=Consent.Kind.RESULTS,
        given_on=dt.date(2026, 9, 1),
    )


def resource_of(cast: Cast, with_file: bool = False):
    from zhurnal.materials.models import ClassResource

    extra = {}
    if with_file:
        extra = {"file": ContentFile(PDF, name="r.pdf"), "file_name": "памятка.pdf", "size": len(PDF)}
        extra["content_type"] = "application/pdf"
    return ClassResource.objects.create(
        school=cast.school_a,
        class_group=cast.class_a,
        title="Расписание кружков",
        url="" if with_file else "https://example.org/kruzhki",
        **extra,
    )


def document_of(cast: Cast, *roles, category="regulation"):
    from zhurnal.materials.models import DocumentReader, SchoolDocument

    document = SchoolDocument.objects.create(
        school=cast.school_a,
        category=category,
        title="Положение о текущем контроле",
        file=ContentFile(PDF, name="d.pdf"),
        file_name="положение.pdf",
        size=len(PDF),
        content_type="application/pdf",
    )
    for role in roles:
        DocumentReader.objects.create(document=document, role=role)
    return document
