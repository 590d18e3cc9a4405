"""Study materials: a teacher's library, sharing, publication, and homework in the diary."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories as f
from tests.materials import data
from zhurnal.core.models import AuditEvent
from zhurnal.journal.models import Lesson
from zhurnal.materials import services
from zhurnal.materials.models import HomeworkMaterial, Material, MaterialFile

pytestmark = pytest.mark.django_db


def create(client, **fields):
    body = {"kind": "task", "title": "Задачи на движение", "visibility": "private", **fields}
    return client.post("/materials/new/", body)


def test_a_teacher_creates_a_material_with_a_file_and_finds_it_in_their_library(cast, login):
    client = login(cast.user("classteacher"))
    response = create(
        client,
        topic="Скорость, время, расстояние",
        subject=cast.math_a.subject.pk,
        grade="2",
        files=[SimpleUploadedFile("Задачи.pdf", data.PDF, "application/pdf")],
    )
    material = Material.objects.get()
    assert response.status_code == 302
    assert material.owner == cast.math_a.teacher
    assert material.files.get().name == "Задачи.pdf"
    assert AuditEvent.objects.filter(action="material.create", object_id=material.pk).exists()
    page = client.get("/materials/?kind=task&grade=2").content.decode()
    assert "Задачи на движение" in page
    assert "Задачи на движение" not in client.get("/materials/?kind=test").content.decode()


def test_a_file_of_a_forbidden_type_is_refused_with_its_name_and_nothing_is_saved(cast, login):
    client = login(cast.user("classteacher"))
    response = create(client, files=[SimpleUploadedFile("программа.exe", b"MZ\x90\x00", "application/pdf")])
    assert response.status_code == 400
    assert "Файл «программа.exe»: такой тип файла не принимается" in response.content.decode()
    assert not Material.objects.exists()
    assert not MaterialFile.objects.exists()


def test_a_pdf_that_is_not_a_pdf_is_refused(cast, login):
    client = login(cast.user("classteacher"))
    response = create(client, files=[SimpleUploadedFile("задание.pdf", b"MZ not a pdf", "application/pdf")])
    assert response.status_code == 400
    assert "содержимое не похоже на файл .pdf" in response.content.decode()
    assert not Material.objects.exists()


def test_a_file_over_the_limit_is_refused(cast, login, settings):
    settings.MATERIAL_FILE_MAX_BYTES = 10
    client = login(cast.user("classteacher"))
    response = create(client, files=[SimpleUploadedFile("big.pdf", data.PDF, "application/pdf")])
    assert response.status_code == 400
    assert "файл больше" in response.content.decode()
    assert not Material.objects.exists()


def test_a_link_that_is_not_a_web_address_is_refused_naming_the_field(cast, login):
    response = create(login(cast.user("classteacher")), url="javascript:alert(1)")
    assert response.status_code == 400
    assert "Ссылка должна быть адресом в интернете" in response.content.decode()
    assert not Material.objects.exists()


def test_publishing_to_classes_needs_the_classes(cast, login):
    response = create(login(cast.user("classteacher")), visibility="classes")
    assert response.status_code == 400
    assert "Выберите классы" in response.content.decode()


def test_a_private_material_is_invisible_to_other_teachers(cast, login):
    material = data.private_material(cast)
    file = data.file_of(material)
    client = login(cast.user("teacher"))
    assert client.get(f"/materials/{material.pk}/").status_code == 404
    assert client.get(f"/materials/files/{file.pk}/").status_code == 404
    assert "Черновик контрольной" not in client.get("/materials/shared/").content.decode()


def test_a_shared_material_is_in_the_schools_library_but_not_in_another_schools(cast, login):
    data.shared_material(cast)
    assert "Тест" in login(cast.user("classteacher")).get("/materials/shared/").content.decode()
    outsider_page = login(cast.user("outsider")).get("/materials/shared/").content.decode()
    assert "Материалов нет." in outsider_page


def test_only_the_author_changes_a_material(cast, login):
    material = data.shared_material(cast)
    response = login(cast.user("classteacher")).post(
        f"/materials/{material.pk}/edit/", {"kind": "test", "title": "Чужое", "visibility": "school"}
    )
    assert response.status_code == 403
    material.refresh_from_db()
    assert material.title == "Тест"


def test_attaching_a_material_touches_the_lesson_and_shows_it_in_the_parents_diary(cast, login):
    material = data.material_of(cast, title="Карточки с задачами", url="https://example.org/cards")
    file = data.file_of(material, name="карточки.pdf")
    Lesson.objects.filter(pk=cast.lesson_a.pk).update(updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    teacher = login(cast.user("classteacher"))
    response = teacher.post(f"/materials/{material.pk}/attach/", {"lesson": cast.lesson_a.pk})
    assert response.status_code == 302
    cast.lesson_a.refresh_from_db()
    assert cast.lesson_a.updated_at.year == 2026 and cast.lesson_a.updated_at.month != 1
    assert AuditEvent.objects.filter(action="material.attach", object_id=material.pk).exists()

    parent = login(cast.user("parent_a"))
    diary = parent.get(f"/diary/{cast.pupil_a.pk}/?week=2026-11-25").content.decode()
    assert "Карточки с задачами" in diary
    assert f"/materials/files/{file.pk}/" in diary
    assert "https://example.org/cards" in diary
    download = parent.get(f"/materials/files/{file.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == data.PDF


def test_the_parent_of_another_class_cannot_download_a_material_given_to_2a(cast, login):
    material = data.private_material(cast)
    data.attached(cast, material)
    file = data.file_of(material)
    assert login(cast.user("parent_b")).get(f"/materials/files/{file.pk}/").status_code == 404


def test_changing_an_attached_material_touches_its_lessons(cast, actor_of):
    material = data.private_material(cast)
    data.attached(cast, material)
    Lesson.objects.filter(pk=cast.lesson_a.pk).update(updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    services.material_update(
        actor=actor_of("classteacher"),
        material_id=material.pk,
        kind="test",
        title="Новое",
        visibility="private",
    )
    cast.lesson_a.refresh_from_db()
    assert cast.lesson_a.updated_at.month != 1


def test_a_teacher_cannot_attach_to_a_lesson_they_do_not_teach(cast, actor_of):
    material = data.private_material(cast)
    other = f.LessonFactory(assignment=cast.math_b, date=dt.date(2026, 11, 25), slot=3)
    from zhurnal.core.errors import NotFound

    with pytest.raises(NotFound):
        services.material_attach(actor=actor_of("classteacher"), material_id=material.pk, lesson_id=other.pk)
    assert not HomeworkMaterial.objects.exists()


def test_a_material_published_to_2a_is_seen_by_its_pupil_but_not_by_3b(cast, login):
    material = data.material_of(cast, visibility="classes", classes=[cast.class_a])
    assert login(cast.user("pupil_a")).get(f"/materials/{material.pk}/").status_code == 200
    assert login(cast.user("parent_b")).get(f"/materials/{material.pk}/").status_code == 404


def test_a_material_is_linked_to_an_item_of_the_authors_own_plan_and_takes_its_topic(cast, login):
    from tests.planning import data as plans
    from zhurnal.planning.models import PlanItem

    plans.approved(cast, cast.math_a, n=5)  # the class teacher's mathematics in 2А
    plans.approved(cast, cast.math_b, n=3, teacher="teacher")  # a colleague's plan
    mine = PlanItem.objects.get(version__plan__assignment=cast.math_a, number=3)
    theirs = PlanItem.objects.get(version__plan__assignment=cast.math_b, number=1)
    client = login(cast.user("classteacher"))

    form = client.get("/materials/new/").content.decode()
    assert f'<option value="{mine.pk}">3. Тема 3</option>' in form
    offered = form.split('id="m-plan-item"')[1].split("</select>")[0]
    assert f'value="{mine.pk}"' in offered
    assert f'value="{theirs.pk}"' not in offered  # only the author's own plans are offered
    assert offered.count("<optgroup") == 1

    refused = create(client, plan_item=theirs.pk)
    assert refused.status_code == 400
    assert "Выберите пункт своего КТП из списка." in refused.content.decode()
    assert not Material.objects.exists()

    assert create(client, plan_item=mine.pk).status_code == 302
    material = Material.objects.get()
    assert (material.plan_item, material.topic) == (mine, "Тема 3")  # no topic typed: the item's
    page = client.get(f"/materials/{material.pk}/").content.decode()
    assert "№3 «Тема 3»" in page
