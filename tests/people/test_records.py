"""People records: who sees which fields, every view logged, edits through the services."""

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories as f
from zhurnal.accounts.models import SecurityEvent
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.core.models import AuditEvent
from zhurnal.people.models import Student, StudentGuardian
from zhurnal.people.services.records import guardian_create, student_create, student_update
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db

ADDRESS = "ст. Александровская, ул. Школьная, 12"


@pytest.fixture
def pupil(cast):
    student = cast.pupil_a
    Student.objects.filter(pk=student.pk).update(
        address=ADDRESS,
        document_type="birth_certificate",
        document_series="I-ВЕ",
        document_number="712345",
        snils="112-233-445 95",
        birth_date=dt.date(2018, 3, 2),
    )
    return student


def test_a_subject_teacher_sees_the_pupils_name_but_not_their_address_or_documents(cast, pupil, login):
    page = login(cast.user("teacher")).get(reverse("people:student_detail", args=[pupil.pk])).content.decode()

    assert pupil.last_name in page
    for secret in (ADDRESS, "712345", "112-233-445 95", "02.03.2018"):
        assert secret not in page


def test_the_class_teacher_and_the_parent_see_the_personal_data(cast, pupil, login, client):
    for who in ("classteacher", "parent_a", "secretary"):
        page = login(cast.user(who)).get(reverse("people:student_detail", args=[pupil.pk])).content.decode()
        assert ADDRESS in page and "712345" in page and "112-233-445 95" in page, who
        client.logout()


def test_a_subject_teacher_may_not_open_the_edit_form_of_personal_data(cast, pupil, login):
    url = reverse("people:student_edit", args=[pupil.pk])
    assert login(cast.user("teacher")).get(url).status_code == 403
    assert login(cast.user("outsider")).get(url).status_code == 404


def test_a_parents_contacts_are_hidden_from_staff_without_their_child(cast, login):
    guardian = cast.pupil_a.guardian_links.get().guardian
    guardian.phone = "+7 928 111-22-33"
    guardian.save()
    url = reverse("people:guardian_detail", args=[guardian.pk])

    assert "+7 928 111-22-33" in login(cast.user("classteacher")).get(url).content.decode()
    assert login(cast.user("teacher")).get(url).status_code == 404


def test_every_view_of_a_record_is_logged_and_shown_to_the_system_administrator(cast, pupil, login, client):
    url = reverse("people:student_detail", args=[pupil.pk])
    login(cast.user("teacher")).get(url)
    client.logout()
    login(cast.user("classteacher")).get(url)
    client.logout()

    views = SecurityEvent.objects.filter(
        kind="record_viewed", subject_type="people.student", subject_id=pupil.pk
    )
    assert sorted(views.values_list("username", flat=True)) == ["classteacher", "teacher"]
    page = login(cast.user("sysadmin")).get(url).content.decode()
    assert "Кто просматривал запись" in page and "classteacher" in page
    client.logout()
    assert "Кто просматривал запись" not in login(cast.user("secretary")).get(url).content.decode()


def test_the_view_history_shows_who_opened_the_pupils_personal_file_too(cast, pupil, login, client):
    from tests.office.data import personal_file

    personal_file(cast)
    login(cast.user("secretary")).get(reverse("office:personal_file", args=[pupil.pk]))
    client.logout()

    page = (
        login(cast.user("sysadmin")).get(reverse("people:student_detail", args=[pupil.pk])).content.decode()
    )

    assert "просмотр документа личного дела" in page and "secretary" in page


def test_a_staff_pages_title_is_the_name_alone_even_when_it_has_been_viewed(cast, login, client):
    card = cast.math_b.teacher
    url = reverse("people:staff_detail", args=[card.pk])
    login(cast.user("secretary")).get(url)
    client.logout()

    page = login(cast.user("sysadmin")).get(url).content.decode()

    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert card.full_name in title and "<table" not in title


def test_the_class_teacher_edits_their_pupil_and_the_change_is_audited(cast, pupil):
    student_update(actor=actor_for(cast.user("classteacher")), student=pupil, data={"address": "новый адрес"})

    event = AuditEvent.objects.get(action="student.update")
    assert event.before == {"address": ADDRESS} and event.after == {"address": "новый адрес"}
    with pytest.raises(Forbidden):
        student_update(actor=actor_for(cast.user("teacher")), student=pupil, data={"address": "x"})


def test_bad_input_names_the_field_and_changes_nothing(cast, pupil):
    classteacher = actor_for(cast.user("classteacher"))
    for data, field in (
        ({"birth_date": "32.13.2018"}, "birth_date"),
        ({"snils": "112-233-445 96"}, "snils"),
        ({"sex": "x"}, "sex"),
        ({"last_name": ""}, "last_name"),
    ):
        with pytest.raises(InvalidInput) as refusal:
            student_update(actor=classteacher, student=pupil, data=data)
        assert refusal.value.field == field, data
    assert Student.objects.get(pk=pupil.pk).address == ADDRESS
    assert not AuditEvent.objects.filter(action="student.update").exists()


def test_health_group_is_kept_only_where_the_school_enables_it(cast, pupil):
    admin = actor_for(cast.user("sysadmin"))
    student_update(actor=admin, student=pupil, data={"health_group": "2"})
    assert Student.objects.get(pk=pupil.pk).health_group == ""
    cast.school_a.keeps_health_group = True
    cast.school_a.save()
    pupil.refresh_from_db()
    student_update(actor=admin, student=pupil, data={"health_group": "2"})
    assert Student.objects.get(pk=pupil.pk).health_group == "2"


def test_a_parent_is_created_and_linked_both_ways(cast, login):
    admin = actor_for(cast.user("sysadmin"))
    student = student_create(
        actor=admin, school=cast.school_a, data={"last_name": "Новикова", "first_name": "Анна", "sex": "f"}
    )
    guardian = guardian_create(
        actor=admin,
        student=student,
        data={
            "last_name": "Новиков",
            "first_name": "Пётр",
            "relation": "father",
            "is_legal_representative": "on",
        },
    )

    link = StudentGuardian.objects.get(student=student, guardian=guardian)
    assert link.relation == "father" and link.is_legal_representative
    client = login(cast.user("sysadmin"))
    assert "Новиков Пётр" in client.get(reverse("people:student_detail", args=[student.pk])).content.decode()
    assert (
        "Новикова Анна" in client.get(reverse("people:guardian_detail", args=[guardian.pk])).content.decode()
    )
    with pytest.raises(InvalidInput) as refusal:
        guardian_create(
            actor=admin, student=student, data={"last_name": "А", "first_name": "Б", "relation": "?"}
        )
    assert refusal.value.field == "relation"


def test_search_finds_by_name_within_the_actors_scope(cast, login):
    other = f.EnrollmentFactory(class_group=cast.class_other, student__last_name="Чужаков").student
    mine = f.EnrollmentFactory(class_group=cast.class_a, student__last_name="Чужакова").student

    page = login(cast.user("classteacher")).get("/people/?kind=students&q=Чужаков").content.decode()

    assert mine.full_name in page and other.full_name not in page
