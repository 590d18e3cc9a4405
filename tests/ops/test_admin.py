"""The admin is the system administrator's directories: scoped to their school and audited."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.querycount import assert_max_queries
from zhurnal.core.models import AuditEvent
from zhurnal.schools.models import Subject

pytestmark = pytest.mark.django_db


def test_a_parent_or_teacher_cannot_open_the_admin(cast, login):
    for name in ("parent_a", "pupil_a", "teacher", "classteacher", "authority"):
        client = login(cast.user(name))
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302, name
        assert "/admin/login/" in response["Location"]


def test_the_system_administrator_sees_only_their_schools_directories(cast, login):
    f.SubjectFactory(school=cast.school_b, name="Предмет чужой школы")
    client = login(cast.user("sysadmin"))
    response = client.get(reverse("admin:schools_subject_changelist"))
    assert response.status_code == 200
    names = {s.name for s in response.context["cl"].result_list}
    assert "Математика" in names
    assert "Предмет чужой школы" not in names


def test_another_schools_record_is_not_found_in_the_admin(cast, login):
    foreign = f.SubjectFactory(school=cast.school_b, name="Чужой")
    client = login(cast.user("director"))
    response = client.get(reverse("admin:schools_subject_change", args=[foreign.pk]))
    # Django's admin answers a missing object with a redirect to the index and a message.
    assert response.status_code == 302
    assert Subject.objects.get(pk=foreign.pk).name == "Чужой"


def test_a_change_in_the_admin_writes_an_audit_row(cast, login):
    subject = Subject.objects.get(school=cast.school_a, name="Математика")
    client = login(cast.user("sysadmin"))
    url = reverse("admin:schools_subject_change", args=[subject.pk])
    response = client.post(url, {"school": cast.school_a.pk, "name": "Математика", "short_name": "Мат"})
    assert response.status_code == 302, response.content[:500]
    event = AuditEvent.objects.get(action="admin.change", object_id=subject.pk)
    assert event.before["short_name"] == ""
    assert event.after["short_name"] == "Мат"
    assert event.actor_repr == "sysadmin"
    assert event.school_id == cast.school_a.pk


def test_the_admin_changelist_runs_a_fixed_number_of_queries(cast, login):
    client = login(cast.user("sysadmin"))
    url = reverse("admin:people_student_changelist")
    client.get(url)
    with assert_max_queries(12) as first:
        client.get(url)
    for _ in range(20):
        f.EnrollmentFactory(class_group=cast.class_a)
    with assert_max_queries(len(first.captured_queries), exact=True):
        client.get(url)
