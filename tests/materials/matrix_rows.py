"""Permission matrix rows for study materials, portfolios, class resources and school documents.

The cast's teachers are the class teacher of 2А (who teaches it mathematics) and a subject
teacher; the outsider is a teacher of another school (with a library of their own, empty).
"""

from tests.materials import data
from tests.matrix import Row, each, statuses
from zhurnal.materials.models import Material

TEACHERS = ("classteacher", "teacher", "outsider")
SHARED_READERS = ("director", "deputy", "classteacher", "teacher", "outsider")
SCHOOL_A_SHARED_READERS = ("director", "deputy", "classteacher", "teacher")


def _material_body(cast):
    return {"kind": "task", "title": "Задачи на движение", "visibility": "private"}


def _private(cast, suffix=""):
    return f"/materials/{data.private_material(cast).pk}/{suffix}"


def _shared(cast, suffix=""):
    return f"/materials/{data.shared_material(cast).pk}/{suffix}"


def _class_teachers_shared(cast):
    return data.material_of(cast, visibility=Material.Visibility.SCHOOL)


def _attach_url(cast):
    return f"/materials/{_class_teachers_shared(cast).pk}/attach/"


def _detach_url(cast):
    material = _class_teachers_shared(cast)
    data.attached(cast, material)
    return f"/materials/{material.pk}/detach/{cast.lesson_a.pk}/"


def _attached_private_file(cast):
    material = data.private_material(cast)
    data.attached(cast, material)
    return f"/materials/files/{data.file_of(material).pk}/"


def _private_file(cast):
    return f"/materials/files/{data.file_of(data.private_material(cast)).pk}/"


ROWS: list[Row] = [
    Row(
        route="materials:library",
        url=lambda cast: "/materials/",
        expect=statuses(403, anonymous=302, **each(TEACHERS, 200)),
        note="a teacher's own library; nobody else keeps one",
    ),
    Row(
        route="materials:shared",
        url=lambda cast: "/materials/shared/",
        expect=statuses(403, anonymous=302, **each(SHARED_READERS, 200)),
        note="the school's shared library: its teachers, the director and the deputy",
    ),
    Row(
        route="materials:create",
        url=lambda cast: "/materials/new/",
        expect=statuses(403, anonymous=302, **each(TEACHERS, 200)),
    ),
    Row(
        route="materials:create",
        url=lambda cast: "/materials/new/",
        method="POST",
        body=_material_body,
        expect=statuses(403, anonymous=302, **each(TEACHERS, 302)),
        audited=True,
    ),
    Row(
        route="materials:detail",
        url=_private,
        expect=statuses(404, anonymous=302, classteacher=200),
        note="a private material is the author's alone: 404 for every other teacher",
    ),
    Row(
        route="materials:detail",
        url=_shared,
        expect=statuses(404, anonymous=302, **each(SCHOOL_A_SHARED_READERS, 200)),
        note="shared with the school's teachers (and director, deputy); families do not see it",
    ),
    Row(
        route="materials:detail",
        url=lambda cast: (
            f"/materials/{data.material_of(cast, visibility='classes', classes=[cast.class_a]).pk}/"
        ),
        expect=statuses(404, anonymous=302, **each(SCHOOL_A_SHARED_READERS, 200), parent_a=200, pupil_a=200),
        note="published to 2А: its pupils and parents too",
    ),
    Row(
        route="materials:edit",
        url=lambda cast: _shared(cast, "edit/"),
        expect=statuses(404, anonymous=302, teacher=200, director=403, deputy=403, classteacher=403),
        note="only the author changes a material; other readers are refused",
    ),
    Row(
        route="materials:edit",
        url=lambda cast: _shared(cast, "edit/"),
        method="POST",
        body=lambda cast: {"kind": "test", "title": "Тест (исправлен)", "visibility": "school"},
        expect=statuses(404, anonymous=302, teacher=302, director=403, deputy=403, classteacher=403),
        audited=True,
    ),
    Row(
        route="materials:delete",
        url=lambda cast: _shared(cast, "delete/"),
        method="POST",
        expect=statuses(404, anonymous=302, teacher=302, director=403, deputy=403, classteacher=403),
        audited=True,
    ),
    Row(
        route="materials:attach",
        url=_attach_url,
        method="POST",
        body=lambda cast: {"lesson": cast.lesson_a.pk},
        expect=statuses(404, anonymous=302, classteacher=302, director=403, deputy=403, teacher=403),
        audited=True,
        note="the author attaches to a lesson they teach",
    ),
    Row(
        route="materials:detach",
        url=_detach_url,
        method="POST",
        expect=statuses(
            404,
            anonymous=302,
            classteacher=302,
            **each(("director", "deputy", "teacher", "parent_a", "pupil_a"), 403),
        ),
        audited=True,
        note="2А's family sees the material given with the homework, and may not take it away",
    ),
    Row(
        route="materials:file",
        url=_private_file,
        expect=statuses(404, anonymous=302, classteacher=200),
        note="a private material's file: its author only",
    ),
    Row(
        route="materials:file",
        url=_attached_private_file,
        expect=statuses(
            404, anonymous=302, **each(("classteacher", "director", "deputy", "parent_a", "pupil_a"), 200)
        ),
        note="given with 2А's homework: the lesson's readers and 2А's family download it",
    ),
]


# --- portfolios ---------------------------------------------------------------------------------

PUPIL_A_READERS = ("pupil_a", "parent_a", "classteacher", "director", "deputy")
PUPIL_A_ADDERS = ("pupil_a", "parent_a", "classteacher")
PORTFOLIO_ADMIN = ("director", "deputy")
SCHOOL_A_MEMBERS = (
    "director",
    "deputy",
    "sysadmin",
    "secretary",
    "classteacher",
    "teacher",
    "parent_a",
    "parent_b",
    "pupil_a",
)


def _entry_body(cast):
    return {"kind": "achievement", "title": "Победа в конкурсе чтецов", "achieved_on": "20.11.2026"}


def _published_entry(cast, suffix):
    return f"/materials/portfolios/entries/{data.entry_of(cast, published=True).pk}/{suffix}/"


def _publishable_entry(cast):
    data.results_consent(cast)
    return f"/materials/portfolios/entries/{data.entry_of(cast).pk}/publish/"


ROWS += [
    Row(
        route="materials:portfolios",
        url=lambda cast: "/materials/portfolios/",
        expect=statuses(200, anonymous=302, authority=403),
        note="everyone of a school has portfolios to open",
    ),
    Row(
        route="materials:showcase",
        url=lambda cast: "/materials/portfolios/showcase/",
        expect=statuses(200, anonymous=302, authority=403),
        note="the school's showcase of published entries, for its members",
    ),
    Row(
        route="materials:pupil_portfolio",
        url=lambda cast: f"/materials/portfolios/pupil/{cast.pupil_a.pk}/",
        expect=statuses(404, anonymous=302, **each(PUPIL_A_READERS, 200)),
        note="the pupil, their parents, their class teacher, the director and the deputy",
    ),
    Row(
        route="materials:pupil_entry_add",
        url=lambda cast: f"/materials/portfolios/pupil/{cast.pupil_a.pk}/add/",
        method="POST",
        body=_entry_body,
        expect=statuses(404, anonymous=302, **each(PUPIL_A_ADDERS, 302), **each(PORTFOLIO_ADMIN, 403)),
        audited=True,
        note="the pupil, their parents and the class teacher add; the administration only reads",
    ),
    Row(
        route="materials:teacher_portfolio",
        url=lambda cast: f"/materials/portfolios/teacher/{data.teacher_card(cast).pk}/",
        expect=statuses(404, anonymous=302, teacher=200, **each(PORTFOLIO_ADMIN, 200)),
    ),
    Row(
        route="materials:teacher_entry_add",
        url=lambda cast: f"/materials/portfolios/teacher/{data.teacher_card(cast).pk}/add/",
        method="POST",
        body=_entry_body,
        expect=statuses(404, anonymous=302, teacher=302, **each(PORTFOLIO_ADMIN, 403)),
        audited=True,
    ),
    Row(
        route="materials:project_create",
        url=lambda cast: "/materials/portfolios/projects/new/",
        method="POST",
        body=lambda cast: {"title": "Птицы", "members": [cast.pupil_a.pk]},
        expect=statuses(403, anonymous=302, classteacher=302, teacher=302, outsider=400),
        audited=True,
        note="a teacher opens a project of their school's pupils (another school's pupil is refused)",
    ),
    Row(
        route="materials:project",
        url=lambda cast: f"/materials/portfolios/projects/{data.project_of(cast).pk}/",
        expect=statuses(404, anonymous=302, teacher=200, **each(PUPIL_A_READERS, 200)),
        note="the supervisor, the members and their families and class teachers, the administration",
    ),
    Row(
        route="materials:project_entry_add",
        url=lambda cast: f"/materials/portfolios/projects/{data.project_of(cast).pk}/add/",
        method="POST",
        body=_entry_body,
        expect=statuses(404, anonymous=302, teacher=302, **each(PUPIL_A_READERS, 403)),
        audited=True,
    ),
    Row(
        route="materials:entry_publish",
        url=_publishable_entry,
        method="POST",
        expect=statuses(
            404, anonymous=302, **each(("classteacher", *PORTFOLIO_ADMIN), 302), pupil_a=403, parent_a=403
        ),
        audited=True,
        note="with the consent in force the class teacher or the administration publishes",
    ),
    Row(
        route="materials:entry_unpublish",
        url=lambda cast: _published_entry(cast, "unpublish"),
        method="POST",
        expect=statuses(
            403,
            anonymous=302,
            **each(PUPIL_A_READERS, 302),
            outsider=404,
            authority=404,
        ),
        audited=True,
        note="a published entry is seen by the whole school; the family and the publishers withdraw it",
    ),
    Row(
        route="materials:entry_delete",
        url=lambda cast: f"/materials/portfolios/entries/{data.entry_of(cast).pk}/delete/",
        method="POST",
        expect=statuses(404, anonymous=302, **each(PUPIL_A_ADDERS, 302), **each(PORTFOLIO_ADMIN, 403)),
        audited=True,
    ),
    Row(
        route="materials:portfolio_file",
        url=lambda cast: f"/materials/portfolios/files/{data.portfolio_file_of(data.entry_of(cast)).pk}/",
        expect=statuses(404, anonymous=302, **each(PUPIL_A_READERS, 200)),
        note="an unpublished entry's file: the pupil's readers only",
    ),
]


# --- the class's resources and the school's documents ------------------------------------------

CLASS_A_READERS = ("director", "deputy", "sysadmin", "classteacher", "teacher", "parent_a", "pupil_a")
CLASS_A_NON_KEEPERS = ("director", "deputy", "sysadmin", "teacher", "parent_a", "pupil_a")
DOCUMENT_KEEPERS = ("director", "deputy", "sysadmin", "secretary")


def _document_body(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "category": "local_act",
        "title": "Правила внутреннего распорядка обучающихся",
        "reader_roles": ["parent", "student"],
        "file": SimpleUploadedFile("правила.pdf", data.PDF, "application/pdf"),
    }


ROWS += [
    Row(
        route="materials:resource_index",
        url=lambda cast: "/materials/classes/",
        expect=statuses(
            302,
            anonymous=302,
            **each(("director", "deputy", "sysadmin", "teacher"), 200),
            secretary=403,
            authority=403,
        ),
        note="a list when several classes are read; one class opens straight away (302)",
    ),
    Row(
        route="materials:class_resources",
        url=lambda cast: f"/materials/classes/{cast.class_a.pk}/resources/",
        expect=statuses(404, anonymous=302, **each(CLASS_A_READERS, 200)),
        note="the class's teachers, class teacher, pupils, parents and the administration",
    ),
    Row(
        route="materials:class_resource_add",
        url=lambda cast: f"/materials/classes/{cast.class_a.pk}/resources/add/",
        method="POST",
        body=lambda cast: {"title": "Олимпиады", "url": "https://olimpiada.ru"},
        expect=statuses(404, anonymous=302, classteacher=302, **each(CLASS_A_NON_KEEPERS, 403)),
        audited=True,
        note="kept by the class teacher",
    ),
    Row(
        route="materials:class_resource_delete",
        url=lambda cast: f"/materials/resources/{data.resource_of(cast).pk}/delete/",
        method="POST",
        expect=statuses(404, anonymous=302, classteacher=302, **each(CLASS_A_NON_KEEPERS, 403)),
        audited=True,
    ),
    Row(
        route="materials:resource_file",
        url=lambda cast: f"/materials/resources/{data.resource_of(cast, with_file=True).pk}/file/",
        expect=statuses(404, anonymous=302, **each(CLASS_A_READERS, 200)),
    ),
    Row(
        route="materials:documents",
        url=lambda cast: "/materials/documents/",
        expect=statuses(200, anonymous=302, authority=403),
        note="every member of a school reads the documents opened to their role",
    ),
    Row(
        route="materials:document_add",
        url=lambda cast: "/materials/documents/add/",
        method="POST",
        body=_document_body,
        expect=statuses(403, anonymous=302, **each(DOCUMENT_KEEPERS, 302)),
        audited=True,
        note="kept by the administration (the deputy keeps the methodical documents too)",
    ),
    Row(
        route="materials:document_delete",
        url=lambda cast: f"/materials/documents/{data.document_of(cast, 'teacher').pk}/delete/",
        method="POST",
        expect=statuses(404, anonymous=302, **each(DOCUMENT_KEEPERS, 302), teacher=403, classteacher=403),
        audited=True,
        note="a document opened to teachers: they read it, may not remove it",
    ),
    Row(
        route="materials:document_file",
        url=lambda cast: f"/materials/documents/{data.document_of(cast, 'parent').pk}/file/",
        expect=statuses(404, anonymous=302, **each(DOCUMENT_KEEPERS, 200), parent_a=200, parent_b=200),
        note="opened to parents only: teachers and pupils do not see it",
    ),
]
