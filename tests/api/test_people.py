"""The people API (issue 10 item 9): lists of pupils, staff and parents with filters and a cursor,
records with only the fields the caller's role may see, each view logged; the issuance log."""

import pytest

from tests import factories as f
from zhurnal.accounts.models import SecurityEvent
from zhurnal.people.services.credentials import credentials_issue
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db

PERSONAL = {"birth_date", "address", "snils", "document_type", "document_series", "document_number"}


@pytest.fixture
def pupil_a_with_papers(cast):
    pupil = cast.pupil_a
    pupil.address = "г. Тверь, ул. Советская, д. 5, кв. 12"
    pupil.document_type = "birth_certificate"
    pupil.document_series = "I-ОН"
    pupil.document_number = "123456"
    pupil.snils = "112-233-445 95"
    pupil.save()
    return pupil


def parent_a_card(cast):
    return cast.pupil_a.guardian_links.get().guardian


# --- a pupil's record ---------------------------------------------------------------------------


def test_a_subject_teacher_gets_a_pupils_name_and_class_but_not_the_address_or_documents(
    call_as, cast, pupil_a_with_papers
):
    body = call_as("teacher", f"/students/{cast.pupil_a.pk}").json()

    assert body["full_name"] == cast.pupil_a.full_name
    assert body["class_id"] == cast.class_a.pk
    assert PERSONAL.isdisjoint(body)
    assert "г. Тверь" not in str(body)
    assert body["guardians"] == []


def test_the_class_teacher_gets_the_pupils_personal_data_and_parents(call_as, cast, pupil_a_with_papers):
    body = call_as("classteacher", f"/students/{cast.pupil_a.pk}").json()

    assert body["address"] == "г. Тверь, ул. Советская, д. 5, кв. 12"
    assert body["document_number"] == "123456"
    assert body["snils"] == "112-233-445 95"
    assert body["birth_date"] == "2018-05-17"
    assert [g["guardian_id"] for g in body["guardians"]] == [parent_a_card(cast).pk]
    assert "health_group" not in body  # the school does not keep it


def test_the_health_group_is_answered_only_where_the_school_keeps_it(call_as, cast):
    cast.pupil_a.health_group = "2"
    cast.pupil_a.save()
    assert "health_group" not in call_as("sysadmin", f"/students/{cast.pupil_a.pk}").json()

    cast.school_a.keeps_health_group = True
    cast.school_a.save()

    assert call_as("sysadmin", f"/students/{cast.pupil_a.pk}").json()["health_group"] == "2"


def test_every_view_of_a_record_writes_a_row_in_the_security_log(call_as, cast):
    guardian = parent_a_card(cast)
    staff = cast.math_b.teacher

    for path in (f"/students/{cast.pupil_a.pk}", f"/guardians/{guardian.pk}", f"/staff/{staff.pk}"):
        assert call_as("sysadmin", path).status_code == 200

    rows = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.RECORD_VIEWED).order_by("pk")
    assert [(r.username, r.subject_type, r.subject_id) for r in rows] == [
        ("sysadmin", "people.student", cast.pupil_a.pk),
        ("sysadmin", "people.guardian", guardian.pk),
        ("sysadmin", "people.staff", staff.pk),
    ]


def test_a_record_the_caller_may_not_see_is_a_404_and_is_not_logged(call_as, cast):
    assert call_as("outsider", f"/students/{cast.pupil_a.pk}").status_code == 404
    assert call_as("teacher", f"/guardians/{parent_a_card(cast).pk}").status_code == 404

    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.RECORD_VIEWED).exists()


# --- staff and parents' records -----------------------------------------------------------------


def test_a_parent_sees_a_teachers_name_and_position_but_not_their_contacts(call_as, cast):
    teacher = cast.math_b.teacher
    teacher.phone = "+7 900 111-22-33"
    teacher.save()

    as_parent = call_as("parent_a", f"/staff/{teacher.pk}").json()
    as_colleague = call_as("classteacher", f"/staff/{teacher.pk}").json()

    assert as_parent["position"] == "учитель"
    assert "phone" not in as_parent and "subjects" not in as_parent
    assert as_colleague["phone"] == "+7 900 111-22-33"
    assert as_colleague["subjects"] == []


def test_a_parents_contacts_go_to_the_class_teacher_and_their_children_are_listed(call_as, cast):
    guardian = parent_a_card(cast)
    guardian.phone = "+7 900 444-55-66"
    guardian.save()

    body = call_as("classteacher", f"/guardians/{guardian.pk}").json()

    assert body["phone"] == "+7 900 444-55-66"
    assert [c["student_id"] for c in body["children"]] == [cast.pupil_a.pk]
    assert body["children"][0]["full_name"] == cast.pupil_a.full_name


# --- lists ----------------------------------------------------------------------------------------


def test_lists_are_for_staff_families_get_403(call_as, cast):
    for path in ("/students", "/staff", "/guardians"):
        assert call_as("parent_a", path).status_code == 403, path
        assert call_as("pupil_a", path).status_code == 403, path


def test_the_pupils_list_holds_names_and_class_only_and_the_pupils_the_caller_sees(call_as, cast):
    body = call_as("classteacher", "/students").json()

    assert [item["id"] for item in body["items"]] == [cast.pupil_a.pk]
    assert set(body["items"][0]) == {
        "id",
        "school_id",
        "full_name",
        "last_name",
        "first_name",
        "middle_name",
        "class_id",
    }
    assert body["next_cursor"] is None


def test_the_pupils_list_filters_by_class_and_by_name(call_as, cast):
    by_class = call_as("director", f"/students?class_id={cast.class_b.pk}").json()
    by_name = call_as("director", f"/students?q={cast.pupil_a.last_name}").json()

    assert [item["id"] for item in by_class["items"]] == [cast.pupil_b.pk]
    assert cast.pupil_a.pk in [item["id"] for item in by_name["items"]]
    assert all(cast.pupil_a.last_name in item["full_name"] for item in by_name["items"])


def test_the_cursor_walks_the_list_without_repeating_or_skipping_anyone(call_as, cast):
    for _ in range(3):
        f.EnrollmentFactory(class_group=cast.class_a)
    everyone = [item["id"] for item in call_as("director", "/students?limit=200").json()["items"]]
    assert len(everyone) == 5  # pupils A and B and three more

    walked, cursor = [], None
    for _ in range(5):
        page = call_as("director", "/students?limit=2" + (f"&cursor={cursor}" if cursor else "")).json()
        walked += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert walked == everyone
    assert len(walked) == len(set(walked))


def test_the_parents_list_of_a_class_holds_its_pupils_parents(call_as, cast):
    body = call_as("director", f"/guardians?class_id={cast.class_a.pk}").json()

    assert [item["id"] for item in body["items"]] == [parent_a_card(cast).pk]


def test_a_subject_teacher_lists_no_parents(call_as, cast):
    assert call_as("teacher", "/guardians").json()["items"] == []


def test_the_staff_list_names_positions(call_as, cast):
    body = call_as("teacher", "/staff?q=" + cast.math_b.teacher.last_name).json()

    assert cast.math_b.teacher_id in [item["id"] for item in body["items"]]
    assert "phone" not in body["items"][0]


def test_a_too_big_limit_is_400_naming_the_field(call_as, cast):
    response = call_as("director", "/students?limit=1000")

    assert response.status_code == 400
    assert "limit" in response.json()["detail"]


# --- the issuance log ---------------------------------------------------------------------------


def test_the_issuance_log_tells_who_issued_what_to_whom_and_never_the_password(call_as, cast):
    password = credentials_issue(actor=actor_for(cast.user("sysadmin")), user=cast.user("teacher"))

    response = call_as("sysadmin", "/credential-issues")

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["username"] == "teacher"
    assert item["issued_by_id"] == cast.user("sysadmin").pk
    assert item["first_used_at"] is None
    assert password not in response.content.decode()


def test_a_class_teacher_sees_only_the_issues_they_made(call_as, cast):
    credentials_issue(actor=actor_for(cast.user("sysadmin")), user=cast.user("teacher"))
    credentials_issue(actor=actor_for(cast.user("classteacher")), user=cast.user("parent_a"))

    items = call_as("classteacher", "/credential-issues").json()["items"]

    assert [item["username"] for item in items] == ["parent_a"]


def test_the_issuance_log_is_refused_to_a_subject_teacher_and_families(call_as, cast):
    for name in ("teacher", "parent_a", "pupil_a", "secretary"):
        assert call_as(name, "/credential-issues").status_code == 403, name
