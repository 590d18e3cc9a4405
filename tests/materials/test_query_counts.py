"""Each page of materials, portfolios, resources and documents runs a fixed number of queries
however many rows it shows."""

import pytest

from tests.materials import data
from tests.querycount import assert_max_queries, count_queries
from zhurnal.materials.models import Material

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    count, response = count_queries(client.get, url)
    assert response.status_code == 200, url
    return count


def same_queries_with_more(client, url, grow, budget: int) -> None:
    few = queries_for(client, url)
    grow()
    with assert_max_queries(few, exact=True):
        assert client.get(url).status_code == 200
    assert few <= budget


def add_materials(cast, n: int, **fields) -> None:
    for i in range(n):
        material = data.material_of(cast, title=f"Материал {i}", **fields)
        data.file_of(material)
        data.file_of(material, name="второй.pdf")


def test_my_library_does_not_grow_with_materials(cast, login):
    client = login(cast.user("classteacher"))
    add_materials(cast, 1)
    same_queries_with_more(client, "/materials/", lambda: add_materials(cast, 25), budget=12)


def test_the_shared_library_does_not_grow_with_materials(cast, login):
    client = login(cast.user("teacher"))
    add_materials(cast, 1, visibility=Material.Visibility.SCHOOL)
    grow = lambda: add_materials(cast, 25, visibility=Material.Visibility.SCHOOL)  # noqa: E731
    same_queries_with_more(client, "/materials/shared/", grow, budget=12)


def test_a_material_page_does_not_grow_with_files_and_lessons(cast, login):
    from tests import factories as f

    material = data.material_of(cast)
    data.file_of(material)
    client = login(cast.user("classteacher"))

    def grow():
        for i in range(10):
            data.file_of(material, name=f"{i}.pdf")
        for slot in range(2, 8):
            lesson = f.LessonFactory(assignment=cast.math_a, date=cast.lesson_a.date, slot=slot)
            data.attached(cast, material, lesson)

    same_queries_with_more(client, f"/materials/{material.pk}/", grow, budget=14)


def add_entries(cast, n: int, **owner) -> None:
    for _ in range(n):
        data.portfolio_file_of(data.entry_of(cast, **owner))


@pytest.mark.parametrize("member", ["pupil_a", "classteacher", "director"])
def test_a_pupils_portfolio_does_not_grow_with_entries(cast, login, member):
    client = login(cast.user(member))
    add_entries(cast, 1)
    url = f"/materials/portfolios/pupil/{cast.pupil_a.pk}/"
    same_queries_with_more(client, url, lambda: add_entries(cast, 20), budget=14)


def test_a_project_and_the_showcase_do_not_grow_with_entries(cast, login):
    project = data.project_of(cast)
    client = login(cast.user("teacher"))
    add_entries(cast, 1, project=project)
    url = f"/materials/portfolios/projects/{project.pk}/"
    same_queries_with_more(client, url, lambda: add_entries(cast, 20, project=project), budget=14)
    add_entries(cast, 1, published=True)
    same_queries_with_more(
        client, "/materials/portfolios/showcase/", lambda: add_entries(cast, 20, published=True), 14
    )


@pytest.mark.parametrize("member", ["parent_a", "classteacher", "director"])
def test_the_portfolio_index_does_not_grow_with_pupils_and_projects(cast, login, member):
    from tests import factories as f

    client = login(cast.user(member))

    def grow():
        for _ in range(10):
            f.EnrollmentFactory(class_group=cast.class_a)
            data.project_of(cast)

    same_queries_with_more(client, "/materials/portfolios/", grow, budget=16)


@pytest.mark.parametrize("member", ["classteacher", "parent_a"])
def test_the_class_resources_do_not_grow_with_resources(cast, login, member):
    client = login(cast.user(member))
    data.resource_of(cast)

    def grow():
        for _ in range(10):
            data.resource_of(cast)
            data.resource_of(cast, with_file=True)

    same_queries_with_more(client, f"/materials/classes/{cast.class_a.pk}/resources/", grow, budget=12)


@pytest.mark.parametrize("member", ["director", "parent_a"])
def test_the_documents_page_does_not_grow_with_documents(cast, login, member):
    client = login(cast.user(member))
    data.document_of(cast, "parent", "teacher")

    def grow():
        for _ in range(15):
            data.document_of(cast, "parent", "teacher", "student")

    same_queries_with_more(client, "/materials/documents/", grow, budget=13)
