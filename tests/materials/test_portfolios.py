"""Portfolios: who adds, who sees, and publication only with the pupil's consent."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories as f
from tests.materials import data
from zhurnal.core.errors import InvalidInput
from zhurnal.materials import services
from zhurnal.materials.models import PortfolioEntry

pytestmark = pytest.mark.django_db


def test_a_pupil_sees_their_own_portfolio_and_not_another_pupils(cast, login):
    data.entry_of(cast)
    other = data.entry_of(cast, student=cast.pupil_b)
    other_file = data.portfolio_file_of(other)
    client = login(cast.user("pupil_a"))
    own = client.get(f"/materials/portfolios/pupil/{cast.pupil_a.pk}/")
    assert own.status_code == 200
    assert "Грамота за олимпиаду" in own.content.decode()
    assert client.get(f"/materials/portfolios/pupil/{cast.pupil_b.pk}/").status_code == 404
    assert client.get(f"/materials/portfolios/files/{other_file.pk}/").status_code == 404


def test_a_parent_adds_a_certificate_with_its_scan_to_their_childs_portfolio(cast, login):
    client = login(cast.user("parent_a"))
    response = client.post(
        f"/materials/portfolios/pupil/{cast.pupil_a.pk}/add/",
        {
            "kind": "certificate",
            "title": "Диплом конкурса рисунков",
            "achieved_on": "15.11.2026",
            "files": [SimpleUploadedFile("диплом.pdf", data.PDF, "application/pdf")],
        },
    )
    assert response.status_code == 302
    entry = PortfolioEntry.objects.get()
    assert (entry.student, entry.achieved_on, entry.added_by) == (
        cast.pupil_a,
        dt.date(2026, 11, 15),
        cast.user("parent_a"),
    )
    assert entry.files.get().name == "диплом.pdf"
    classteacher_page = login(cast.user("classteacher")).get(
        f"/materials/portfolios/pupil/{cast.pupil_a.pk}/"
    )
    assert "Диплом конкурса рисунков" in classteacher_page.content.decode()


def test_a_bad_date_is_refused_naming_the_field_and_nothing_is_added(cast, actor_of):
    with pytest.raises(InvalidInput) as refused:
        services.pupil_entry_add(
            actor=actor_of("parent_a"),
            student_id=cast.pupil_a.pk,
            kind="other",
            title="X",
            achieved_on="32.13.2026",
        )
    assert refused.value.field == "achieved_on"
    assert "Дата" in refused.value.message
    assert not PortfolioEntry.objects.exists()


def test_a_publication_without_consent_is_refused_with_a_russian_message(cast, login):
    entry = data.entry_of(cast)
    client = login(cast.user("classteacher"))
    response = client.post(f"/materials/portfolios/entries/{entry.pk}/publish/", follow=True)
    assert "нет согласия законного представителя на публикацию результатов" in response.content.decode()
    entry.refresh_from_db()
    assert entry.published_at is None


def test_with_the_consent_in_force_the_entry_is_published_to_the_whole_school(cast, login):
    data.results_consent(cast)
    entry = data.entry_of(cast)
    login(cast.user("classteacher")).post(f"/materials/portfolios/entries/{entry.pk}/publish/")
    entry.refresh_from_db()
    assert entry.published_at is not None
    showcase = login(cast.user("parent_b")).get("/materials/portfolios/showcase/").content.decode()
    assert "Грамота за олимпиаду по математике" in showcase
    assert (
        "Опубликованных записей нет."
        in login(cast.user("outsider")).get("/materials/portfolios/showcase/").content.decode()
    )


def test_a_withdrawn_consent_no_longer_allows_publication(cast, actor_of):
    consent = data.results_consent(cast)
    consent.withdrawn_on = dt.date(2026, 10, 1)
    consent.save()
    entry = data.entry_of(cast)
    with pytest.raises(InvalidInput):
        services.portfolio_entry_publish(actor=actor_of("director"), entry_id=entry.pk)


def test_a_project_entry_needs_every_members_consent(cast, actor_of):
    other = f.EnrollmentFactory(class_group=cast.class_a).student
    data.results_consent(cast)  # pupil A has it, the other member has not
    project = data.project_of(cast, members=[cast.pupil_a, other])
    entry = data.entry_of(cast, project=project)
    with pytest.raises(InvalidInput) as refused:
        services.portfolio_entry_publish(actor=actor_of("teacher"), entry_id=entry.pk)
    assert other.short_name in refused.value.message
    assert cast.pupil_a.short_name not in refused.value.message


def test_a_teacher_publishes_their_own_entry_without_any_pupils_consent(cast, actor_of):
    entry = data.entry_of(cast, teacher=data.teacher_card(cast))
    services.portfolio_entry_publish(actor=actor_of("teacher"), entry_id=entry.pk)
    entry.refresh_from_db()
    assert entry.published_at is not None


def test_the_subject_teacher_does_not_see_a_pupils_unpublished_portfolio(cast, login):
    data.entry_of(cast)
    assert (
        login(cast.user("teacher")).get(f"/materials/portfolios/pupil/{cast.pupil_a.pk}/").status_code == 404
    )


def test_the_class_teachers_view_of_a_pupils_portfolio_is_in_the_security_log_and_the_parents_is_not(
    cast, login
):
    from zhurnal.accounts.models import SecurityEvent

    file = data.portfolio_file_of(data.entry_of(cast))
    login(cast.user("parent_a")).get(f"/materials/portfolios/pupil/{cast.pupil_a.pk}/")
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.RECORD_VIEWED).exists()
    teacher = login(cast.user("classteacher"))
    teacher.get(f"/materials/portfolios/pupil/{cast.pupil_a.pk}/")
    teacher.get(f"/materials/portfolios/files/{file.pk}/")
    logged = SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.RECORD_VIEWED, user_id=cast.user("classteacher").pk
    )
    assert logged.count() == 2
