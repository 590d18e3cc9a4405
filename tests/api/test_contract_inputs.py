"""The contract's small print: dates are dates, ids are numbers, times carry their offset, and
each shape is described once, with the fields the answer really has."""

import datetime as dt
import re

import ninja
import pytest

from tests import factories as f
from tests.api.conftest import API
from zhurnal.journal.models import Lesson, Mark
from zhurnal.schools.models import ClassGroup

pytestmark = pytest.mark.django_db


def fields_of(response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


@pytest.mark.parametrize("query", ["to=0", "from=0", "from=1764000000", "to=2026-11-25T00:00:00"])
def test_a_number_or_a_time_is_not_taken_for_a_date(cast, call_as, query):
    response = call_as("parent_a", f"/students/{cast.pupil_a.pk}/diary?{query}")

    assert response.status_code == 400
    assert fields_of(response) == {query.split("=")[0]}


def test_true_is_not_taken_for_an_id(cast, call_as):
    work_type = f.WorkTypeFactory(school=cast.school_a)
    body = {"lesson": True, "student": cast.pupil_a.pk, "value": "5", "work_type": work_type.pk}
    marks_before = Mark.objects.count()

    response = call_as("classteacher", "/marks", method="post", body=body)

    assert response.status_code == 400
    assert fields_of(response) == {"lesson"}
    assert Mark.objects.count() == marks_before


def test_a_number_is_not_taken_for_a_lessons_date(cast, call_as):
    body = {"assignment": cast.math_a.pk, "date": 0, "topic": "Дроби"}

    response = call_as("classteacher", "/lessons", method="post", body=body)

    assert response.status_code == 400
    assert fields_of(response) == {"date"}


def test_the_journals_periods_are_described_with_the_journals_fields(client):
    schemas = client.get(f"{API}/openapi.json").json()["components"]["schemas"]

    journal_periods = schemas["JournalOut"]["properties"]["periods"]["items"]["$ref"].rsplit("/", 1)[1]
    diary_periods = schemas["MarksOut"]["properties"]["periods"]["items"]["$ref"].rsplit("/", 1)[1]
    assert set(schemas[journal_periods]["properties"]) == {"id", "name", "closed"}
    assert {"kind", "start", "end", "year"} <= set(schemas[diary_periods]["properties"])


def all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from all_subclasses(sub)


def test_no_two_shapes_of_the_api_share_a_name():
    # The document names a shape by its class name: two classes of one name become one entry,
    # and one of them is then described with the other's fields.
    names = [c.__name__ for c in all_subclasses(ninja.Schema) if c.__module__.startswith("zhurnal.api")]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_bell_times_in_the_diary_carry_the_schools_offset(cast, call_as):
    schedule = f.BellScheduleFactory(school=cast.school_a)
    f.BellSlotFactory(schedule=schedule, number=1, starts=dt.time(8, 30), ends=dt.time(9, 10))
    ClassGroup.objects.filter(pk=cast.class_a.pk).update(bell_schedule=schedule)
    Lesson.objects.filter(pk=cast.lesson_a.pk).update(slot=1)

    body = call_as("parent_a", f"/students/{cast.pupil_a.pk}/diary").json()

    [lesson] = [les for day in body["days"] for les in day["lessons"] if les["id"] == cast.lesson_a.pk]
    # Moscow keeps UTC+3 all year.
    assert (lesson["starts"], lesson["ends"]) == ("08:30:00+03:00", "09:10:00+03:00")


def test_moments_carry_their_offset(cast, call_as):
    body = call_as(
        "parent_a",
        "/messages",
        method="post",
        body={"recipients": [cast.user("classteacher").pk], "subject": "Вопрос", "body": "Здравствуйте!"},
    )

    assert body.status_code == 201, body.content
    assert re.search(r"T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", body.json()["created_at"])
