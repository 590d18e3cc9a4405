"""Closing a period: a confirmation page shows what it locks; closing early needs a reason; an
unlock is announced to the teacher and the grid says so instead of «Период закрыт»."""

import pytest

from tests import factories as f
from zhurnal.core.errors import InvalidInput
from zhurnal.core.models import AuditEvent
from zhurnal.journal.services import journal_unlock, period_close
from zhurnal.notifications.kinds import Kind
from zhurnal.notifications.models import Notification
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import StudyPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(cast):
    return StudyPeriod.objects.get(school=cast.school_a)  # 03.11–26.12, today is 25.11


def test_the_confirmation_lists_the_journals_and_the_missing_period_marks(cast, login, period):
    page = login(cast.user("deputy")).get(f"/journal/periods/{period.pk}/close/")

    text = page.content.decode()
    assert page.status_code == 200
    # 2А has mathematics and English (pupil A in both), 3Б mathematics: three journals, none marked.
    assert "Будут закрыты журналы: 3" in text
    assert text.count("1 из 1") == 3
    period.refresh_from_db()
    assert not period.closed


def test_closing_before_the_end_without_a_reason_is_refused_and_changes_nothing(cast, login, period):
    response = login(cast.user("deputy")).post(f"/journal/periods/{period.pk}/close/", {"reason": " "})

    period.refresh_from_db()
    assert response.status_code == 400 and not period.closed
    assert "укажите причину" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_closing_early_with_a_reason_is_audited_with_it(cast, login, period):
    response = login(cast.user("deputy")).post(f"/journal/periods/{period.pk}/close/", {"reason": "Карантин"})

    period.refresh_from_db()
    assert response.status_code == 302 and period.closed
    event = AuditEvent.objects.get(action="period.close", object_id=period.pk)
    assert (event.reason, event.after["early"]) == ("Карантин", True)


def test_the_old_one_click_close_only_leads_to_the_confirmation(cast, login, period):
    response = login(cast.user("deputy")).post(f"/journal/periods/{period.pk}/", {"action": "close"})

    period.refresh_from_db()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/journal/periods/{period.pk}/close/"
    )
    assert not period.closed


def test_the_service_refuses_an_early_close_without_a_reason(cast, period):
    with pytest.raises(InvalidInput) as error:
        period_close(actor=actor_for(cast.user("deputy")), period_id=period.pk)
    assert error.value.field == "reason"


def test_the_teacher_is_notified_of_an_unlock_and_the_grid_says_so(
    cast, login, period, django_capture_on_commit_callbacks
):
    import datetime as dt

    period_close(actor=actor_for(cast.user("deputy")), period_id=period.pk, reason="Карантин")
    with django_capture_on_commit_callbacks(execute=True):
        journal_unlock(
            actor=actor_for(cast.user("deputy")),
            assignment_id=cast.math_a.pk,
            date_from=dt.date(2026, 11, 20),
            date_to=dt.date(2026, 11, 25),
            reason="Ошибка в отметке",
        )

    [notification] = Notification.objects.filter(recipient=cast.user("classteacher"), kind=Kind.UNLOCK)
    assert "20.11.2026–25.11.2026" in notification.body and "Ошибка в отметке" in notification.body
    page = login(cast.user("classteacher")).get(f"/journal/{cast.math_a.pk}/").content.decode()
    assert "Заместитель директора разрешил исправления за 20.11.2026–25.11.2026" in page
    assert "Период закрыт: изменения возможны" not in page


def test_the_confirmation_takes_the_same_queries_for_a_bigger_school(cast, login, period):
    from tests.querycount import count_queries

    client = login(cast.user("deputy"))
    url = f"/journal/periods/{period.pk}/close/"
    client.get(url)
    first, _ = count_queries(lambda: client.get(url))
    for _ in range(5):
        class_group = f.ClassGroupFactory(year=cast.math_a.year, grade=2)
        f.EnrollmentFactory(class_group=class_group)
        f.TeachingAssignmentFactory(class_group=class_group)
    second, _ = count_queries(lambda: client.get(url))

    assert first == second
