"""The journal shows which lessons depart from the plan: the API gives the lesson's own topic
beside the item it was planned to deliver (the grid's script marks the difference «≠КТП»)."""

import datetime as dt

import pytest

from tests import factories as f
from tests.planning.data import approved
from zhurnal.journal import services
from zhurnal.journal.models import Lesson

pytestmark = pytest.mark.django_db


def test_a_lesson_with_its_own_topic_keeps_the_planned_item_beside_it(cast, actor_of, call_as_teacher):
    lesson = f.LessonFactory(assignment=cast.math_a, date=dt.date(2026, 11, 26), slot=1, topic="")
    approved(cast, cast.math_a, 3)
    lesson.refresh_from_db()
    services.lesson_update(
        actor=actor_of("classteacher"),
        lesson_id=lesson.pk,
        changes={"topic": "Экскурсия"},
        expected_version=lesson.version,
    )
    body = call_as_teacher(f"/api/v1/journal?assignment={cast.math_a.pk}").json()
    shown = next(x for x in body["lessons"] if x["id"] == lesson.pk)
    assert (shown["topic"], shown["plan_item"]["number"], shown["plan_item"]["topic"]) == (
        "Экскурсия",
        1,
        "Тема 1",
    )
    assert Lesson.objects.get(pk=lesson.pk).plan_item.number == 1


@pytest.fixture
def call_as_teacher(cast, client):
    from zhurnal.accounts.tokens import token_issue

    token = token_issue(user=cast.user("classteacher"))
    return lambda url: client.get(url, headers={"Authorization": f"Bearer {token}"})
