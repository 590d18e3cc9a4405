"""Fixed query counts: the pages, the API, the subscribers; the bell adds one query to a page."""

import copy

import pytest

from tests import factories as f
from tests.notifications.helpers import notification_for
from tests.querycount import assert_max_queries, count_queries
from zhurnal.accounts.tokens import token_issue
from zhurnal.journal.models import Lesson
from zhurnal.journal.services import lesson_update

pytestmark = pytest.mark.django_db

PAGES = ["/notifications/", "/notifications/settings/", "/notifications/seen/?mark={mark}"]


def many(cast, n: int) -> None:
    for name in ("parent_a", "classteacher"):
        for i in range(n):
            notification_for(
                cast, name, title=f"№ {i}", read_at=None if i % 2 else "2026-11-25T10:00:00+03:00"
            )
    for i in range(n):
        notification_for(cast, "parent_b", title=f"№ {i}")


def queries(client, cast, name: str, url: str, **kwargs) -> int:
    client.force_login(cast.user(name), backend="zhurnal.accounts.backends.UserBackend")
    count, response = count_queries(client.get, url.format(mark=cast.mark_a.pk), **kwargs)
    assert response.status_code == 200, (name, url)
    return count


@pytest.mark.parametrize("url", PAGES)
def test_a_page_takes_the_same_queries_with_more_notifications(cast, client, url):
    name = "classteacher"
    many(cast, 2)
    before = queries(client, cast, name, url)
    many(cast, 40)
    assert queries(client, cast, name, url) == before
    assert before <= 14


def test_the_api_list_takes_the_same_queries_with_more_notifications(cast, client):
    headers = {"Authorization": f"Bearer {token_issue(user=cast.user('parent_a'))}"}
    many(cast, 2)
    before, _ = count_queries(client.get, "/api/v1/notifications", headers=headers)
    many(cast, 40)
    with assert_max_queries(before, exact=True):
        client.get("/api/v1/notifications", headers=headers)
    assert before <= 8


@pytest.mark.parametrize("url", ["/", "/classes/", "/notifications/settings/", "/accounts/password/"])
def test_the_bell_adds_exactly_one_query_to_a_page(cast, client, settings, url):
    many(cast, 3)
    with_bell = {name: queries(client, cast, name, url) for name in ("parent_a", "classteacher", "director")}
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    processors.remove("zhurnal.notifications.context_processors.bell")
    settings.TEMPLATES = templates
    without = {name: queries(client, cast, name, url) for name in with_bell}
    assert {name: with_bell[name] - without[name] for name in with_bell} == dict.fromkeys(with_bell, 1)


def test_homework_to_a_bigger_class_takes_no_more_queries(
    cast, actor_of, directories, django_capture_on_commit_callbacks
):
    def homework_queries(text: str) -> int:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            lesson_update(
                actor=actor_of("classteacher"),
                lesson_id=cast.lesson_a.pk,
                changes={"homework": text},
                expected_version=Lesson.objects.get(pk=cast.lesson_a.pk).version,
            )
        count, _ = count_queries(lambda: [callback() for callback in callbacks])
        return count

    small = homework_queries("№ 1")
    for _ in range(20):
        pupil = f.EnrollmentFactory(class_group=cast.class_a).student
        f.StudentGuardianFactory(student=pupil, guardian__user=f.UserFactory())
    assert homework_queries("№ 2") == small
