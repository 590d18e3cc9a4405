"""The class's resource catalogue and the school's documents store."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.materials import data
from zhurnal.materials.models import ClassResource, DocumentReader, SchoolDocument

pytestmark = pytest.mark.django_db


def test_the_class_teacher_adds_a_file_that_the_classs_parents_download(cast, login):
    teacher = login(cast.user("classteacher"))
    response = teacher.post(
        f"/materials/classes/{cast.class_a.pk}/resources/add/",
        {
            "title": "Памятка о каникулах",
            "file": SimpleUploadedFile("памятка.pdf", data.PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    resource = ClassResource.objects.get()
    parent = login(cast.user("parent_a"))
    assert (
        "Памятка о каникулах"
        in parent.get(f"/materials/classes/{cast.class_a.pk}/resources/").content.decode()
    )
    download = parent.get(f"/materials/resources/{resource.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data.PDF
    assert login(cast.user("parent_b")).get(f"/materials/resources/{resource.pk}/file/").status_code == 404


def test_a_resource_needs_a_link_or_a_file(cast, login):
    response = login(cast.user("classteacher")).post(
        f"/materials/classes/{cast.class_a.pk}/resources/add/", {"title": "Пусто"}
    )
    assert response.status_code == 400
    assert "Укажите ссылку или приложите файл." in response.content.decode()
    assert not ClassResource.objects.exists()


def test_a_resource_file_of_a_forbidden_type_is_refused(cast, login):
    response = login(cast.user("classteacher")).post(
        f"/materials/classes/{cast.class_a.pk}/resources/add/",
        {"title": "Игра", "file": SimpleUploadedFile("game.exe", b"MZ\x90", "application/octet-stream")},
    )
    assert response.status_code == 400
    assert "Файл «game.exe»" in response.content.decode()
    assert not ClassResource.objects.exists()


def add_document(client, **fields):
    body = {
        "category": "local_act",
        "title": "Правила внутреннего распорядка",
        "reader_roles": ["parent"],
        "file": SimpleUploadedFile("правила.pdf", data.PDF, "application/pdf"),
        **fields,
    }
    return client.post("/materials/documents/add/", body)


def test_a_document_opened_to_parents_is_read_by_parents_and_not_by_pupils(cast, login):
    assert add_document(login(cast.user("secretary"))).status_code == 302
    document = SchoolDocument.objects.get()
    assert list(DocumentReader.objects.values_list("role", flat=True)) == ["parent"]
    assert (
        "Правила внутреннего распорядка"
        in login(cast.user("parent_b")).get("/materials/documents/").content.decode()
    )
    pupil = login(cast.user("pupil_a"))
    assert "Правила внутреннего распорядка" not in pupil.get("/materials/documents/").content.decode()
    assert pupil.get(f"/materials/documents/{document.pk}/file/").status_code == 404


def test_the_deputy_keeps_methodical_documents_for_teachers(cast, login):
    add_document(
        login(cast.user("deputy")),
        category="methodical",
        title="Методические рекомендации",
        reader_roles=["teacher"],
    )
    page = login(cast.user("teacher")).get("/materials/documents/?category=methodical").content.decode()
    assert "Методические рекомендации" in page
    assert (
        "Методические рекомендации"
        not in login(cast.user("parent_a")).get("/materials/documents/").content.decode()
    )


def test_a_document_without_a_file_is_refused_naming_the_field(cast, login):
    response = add_document(login(cast.user("director")), file="")
    assert response.status_code == 400
    assert "Приложите файл документа." in response.content.decode()
    assert not SchoolDocument.objects.exists()


def test_a_document_for_an_unknown_role_is_refused(cast, login):
    response = add_document(login(cast.user("director")), reader_roles=["authority"])
    assert response.status_code == 400
    assert not SchoolDocument.objects.exists()


def test_another_schools_member_never_sees_school_as_documents(cast, login):
    data.document_of(cast, "teacher", "parent", "student")
    page = login(cast.user("outsider")).get("/materials/documents/").content.decode()
    assert "Документов нет." in page
