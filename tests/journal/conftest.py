import pytest

from tests import factories as f


@pytest.fixture
def directories(cast):
    school = cast.school_a
    return {
        "lesson_work": f.WorkTypeFactory(school=school, name="Работа на уроке", short_name="Р", weight=1),
        "test": f.WorkTypeFactory(school=school, name="Контрольная работа", short_name="К", weight=5),
        "homework": f.WorkTypeFactory(school=school, name="Домашняя работа", short_name="Д", weight=1),
        "Н": f.AttendanceCodeFactory(school=school, code="Н", name="отсутствовал"),
        "Б": f.AttendanceCodeFactory(school=school, code="Б", name="по болезни", is_illness=True),
        "ОП": f.AttendanceCodeFactory(
            school=school, code="ОП", name="опоздал", is_absence=False, is_late=True
        ),
    }


@pytest.fixture
def bearer_for(cast):
    """A test client that calls the API with a member's bearer token."""
    from django.test import Client

    from zhurnal.accounts.tokens import token_issue

    def _client(name: str) -> Client:
        return Client(headers={"Authorization": f"Bearer {token_issue(user=cast.user(name))}"})

    return _client
