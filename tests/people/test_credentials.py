"""The credentials chain: logins from names, one-time passwords by the administrator and by the
class teacher for their own class, slips, the issuance log, blocking."""

import io
import re

import pdfplumber
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests import factories as f
from zhurnal.accounts.logins import login_base, login_make
from zhurnal.accounts.models import CredentialIssue, Role, RoleGrant, SecurityEvent, User
from zhurnal.accounts.tokens import token_issue
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.core.models import AuditEvent
from zhurnal.people.services.credentials import (
    account_block,
    account_unblock,
    credentials_issue,
    credentials_issue_class,
)
from zhurnal.people.slips import slips_pdf
from zhurnal.policy.actor import actor_for
from zhurnal.policy.sessions import bearer_user

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def slips_in(content: bytes) -> dict[str, str]:
    """login → password, read off the slips' labelled lines."""
    # Two slips stand side by side, so one line of text may hold two logins: read them in order.
    text = pdf_text(content)
    logins = re.findall(r"Логин:\s*(\S+)", text)
    passwords = re.findall(r"Пароль:\s*(\S+)", text)
    assert len(logins) == len(passwords)
    return dict(zip(logins, passwords, strict=True))


# --- logins ------------------------------------------------------------------------------------


def test_a_login_is_the_transliterated_surname_and_initials():
    assert login_base("Иванов", "Иван", "Андреевич") == "ivanov.ia"
    assert login_base("Щукина", "Юлия", "") == "shchukina.i"
    assert (
        login_base("Хабибуллина-Ёлкина", "Жанна", "Цезаревна") == "khabibullinaelkina.zt"
    )  # one letter per initial


def test_a_taken_login_gets_the_next_free_number(db):
    f.UserFactory(username="ivanov.ia")
    f.UserFactory(username="ivanov.ia2")
    f.UserFactory(username="ivanov.iab")  # another name's login is not a clash

    assert login_make("Иванов", "Илья", "Алексеевич") == "ivanov.ia3"
    assert login_make("Петров", "Пётр", "") == "petrov.p"


# --- who issues --------------------------------------------------------------------------------


def test_the_class_teacher_issues_to_the_parents_of_their_class_and_nobody_else(cast):
    classteacher = actor_for(cast.user("classteacher"))

    password = credentials_issue(actor=classteacher, user=cast.user("parent_a"))

    assert cast.user("parent_a").__class__.objects.get(pk=cast.user("parent_a").pk).check_password(password)
    for other in ("parent_b", "teacher", "director", "outsider"):
        with pytest.raises(Forbidden):
            credentials_issue(actor=classteacher, user=cast.user(other))
    assert CredentialIssue.objects.filter(issued_by=cast.user("classteacher")).count() == 1


def test_the_class_teacher_cannot_issue_to_a_parent_who_also_works_at_the_school(cast):
    f.RoleGrantFactory(user=cast.user("parent_a"), role=Role.TEACHER, school=cast.school_a)

    with pytest.raises(Forbidden):
        credentials_issue(actor=actor_for(cast.user("classteacher")), user=cast.user("parent_a"))


def test_a_whole_class_gets_logins_made_and_one_slip_per_parent(cast):
    second_child = f.EnrollmentFactory(class_group=cast.class_a).student
    guardian_a = cast.pupil_a.guardian_links.get().guardian
    f.StudentGuardianFactory(student=second_child, guardian=guardian_a)  # one parent of two pupils
    loginless = f.StudentGuardianFactory(student=second_child, guardian__user=None).guardian
    loginless.last_name, loginless.first_name, loginless.middle_name = "Сидорова", "Анна", "Петровна"
    loginless.save()

    issued = credentials_issue_class(
        actor=actor_for(cast.user("classteacher")), class_group=cast.class_a, students=False
    )

    assert sorted(i.full_name for i in issued) == sorted([guardian_a.full_name, loginless.full_name])
    loginless.refresh_from_db()
    assert loginless.user.username == "sidorova.ap"
    assert RoleGrant.objects.filter(user=loginless.user, role=Role.PARENT, school=cast.school_a).exists()
    slips = slips_in(slips_pdf(issued))
    assert set(slips) == {"parent_a", "sidorova.ap"}
    for username, password in slips.items():
        user = User.objects.get(username=username)
        assert user.check_password(password) and user.must_change_password


def test_another_class_is_refused_whole(cast):
    with pytest.raises(Forbidden):
        credentials_issue_class(actor=actor_for(cast.user("classteacher")), class_group=cast.class_b)
    with pytest.raises(InvalidInput) as refusal:
        credentials_issue_class(
            actor=actor_for(cast.user("sysadmin")), class_group=cast.class_b, parents=False, students=False
        )
    assert refusal.value.field == "who"
    assert not CredentialIssue.objects.exists()


def test_the_slips_carry_the_site_the_law_and_fit_eight_on_a_sheet(cast, settings):
    settings.SITE_URL = "https://school12.example.ru"
    for _ in range(8):
        f.EnrollmentFactory(class_group=cast.class_a)
    issued = credentials_issue_class(
        actor=actor_for(cast.user("sysadmin")), class_group=cast.class_a, parents=False
    )
    assert len(issued) == 9

    content = slips_pdf(issued)

    with pdfplumber.open(io.BytesIO(content)) as pdf:
        assert len(pdf.pages) == 2
        assert round(pdf.pages[0].width) == 595 and round(pdf.pages[0].height) == 842  # A4 in points
        assert pdf_text(content).count("Логин:") == 9
        assert (pdf.pages[0].extract_text() or "").count("Логин:") == 8
    text = pdf_text(content)
    assert "https://school12.example.ru" in text and "152-ФЗ" in text


# --- the pages ---------------------------------------------------------------------------------


def test_the_class_teacher_prints_the_parents_slips_from_the_class_page(cast, login):
    client = login(cast.user("classteacher"))
    url = reverse("people:class_credentials", args=[cast.class_a.pk])
    page = client.get(url)
    assert page.status_code == 200 and cast.pupil_a.full_name in page.content.decode()

    response = client.post(url, {"who": "parents"})

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    ((username, password),) = slips_in(response.content).items()
    assert username == "parent_a" and User.objects.get(username="parent_a").check_password(password)


def test_the_issuance_log_shows_who_issued_to_whom_and_the_first_use(cast, login, client):
    credentials_issue(actor=actor_for(cast.user("sysadmin")), user=cast.user("teacher"))
    password = credentials_issue(actor=actor_for(cast.user("classteacher")), user=cast.user("parent_a"))
    client.post(reverse("accounts:login"), {"username": "parent_a", "password": password})
    client.logout()

    sysadmin_page = login(cast.user("sysadmin")).get(reverse("people:credential_issues")).content.decode()
    assert "parent_a" in sysadmin_page and "<code>teacher</code>" in sysadmin_page
    assert "ещё не входил" in sysadmin_page  # the teacher's
    classteacher_page = (
        login(cast.user("classteacher")).get(reverse("people:credential_issues")).content.decode()
    )
    assert "parent_a" in classteacher_page and "<code>teacher</code>" not in classteacher_page


def test_the_system_administrator_makes_a_class_teacher_with_a_login(cast, login):
    client = login(cast.user("sysadmin"))
    response = client.post(
        reverse("people:staff_new"),
        {
            "last_name": "Кузнецова",
            "first_name": "Мария",
            "middle_name": "Ивановна",
            "position": "учитель начальных классов",
            "roles": [Role.TEACHER, Role.CLASS_TEACHER],
            "class_group": cast.class_b.pk,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="kuznetsova.mi")
    assert set(RoleGrant.objects.filter(user=user).values_list("role", "class_group_id")) == {
        (Role.TEACHER, None),
        (Role.CLASS_TEACHER, cast.class_b.pk),
    }
    assert not user.has_usable_password()
    assert SecurityEvent.objects.filter(kind="role_granted", subject_id=user.pk).count() == 2
    assert AuditEvent.objects.filter(action="staff.create").exists()


def test_a_class_teacher_without_a_class_is_refused_by_the_field(cast, login):
    response = login(cast.user("sysadmin")).post(
        reverse("people:staff_new"),
        {"last_name": "Кузнецова", "first_name": "Мария", "roles": ["class_teacher"]},
    )
    assert response.status_code == 400
    assert "Выберите класс классного руководителя" in response.content.decode()
    assert not User.objects.filter(last_name="Кузнецова").exists()


def test_the_secretary_keeps_staff_records_but_grants_no_roles(cast, login):
    client = login(cast.user("secretary"))
    assert (
        client.post(reverse("people:staff_new"), {"last_name": "Орлов", "first_name": "Олег"}).status_code
        == 302
    )
    refused = client.post(
        reverse("people:staff_new"), {"last_name": "Орлов", "first_name": "Олег", "roles": ["teacher"]}
    )
    assert refused.status_code == 403


def test_a_nameless_staff_record_is_refused_naming_the_field(cast, login):
    response = login(cast.user("secretary")).post(reverse("people:staff_new"), {"first_name": "Олег"})
    assert response.status_code == 400 and "Укажите фамилию" in response.content.decode()


# --- blocking ----------------------------------------------------------------------------------


def test_a_blocked_login_is_told_why_and_its_sessions_and_tokens_end(cast, client, login):
    teacher = cast.user("teacher")
    teacher.set_password("секрет-123")
    teacher.save()
    token = token_issue(user=teacher)
    session = login(teacher)
    assert session.get(reverse("web:home")).status_code == 200

    account_block(actor=actor_for(cast.user("sysadmin")), user=teacher, reason="увольнение")

    assert session.get(reverse("web:home")).status_code == 302  # the session no longer signs in
    assert bearer_user(token) is None
    session.logout()
    answer = client.post(reverse("accounts:login"), {"username": "teacher", "password": "секрет-123"})
    assert "Учётная запись заблокирована: увольнение" in answer.content.decode()
    wrong = client.post(reverse("accounts:login"), {"username": "teacher", "password": "не тот"})
    assert "заблокирована" not in wrong.content.decode()  # no news for whoever lacks the password
    event = SecurityEvent.objects.get(kind="account_blocked")
    assert event.subject_id == teacher.pk and event.detail == {"reason": "увольнение"}
    assert AuditEvent.objects.get(action="account.block").reason == "увольнение"

    account_unblock(actor=actor_for(cast.user("sysadmin")), user=teacher)
    assert (
        client.post(reverse("accounts:login"), {"username": "teacher", "password": "секрет-123"}).status_code
        == 302
    )


def test_blocking_needs_a_reason_and_an_administrator(cast):
    with pytest.raises(InvalidInput) as refusal:
        account_block(actor=actor_for(cast.user("sysadmin")), user=cast.user("teacher"), reason="  ")
    assert refusal.value.field == "reason"
    for who in ("classteacher", "secretary", "outsider"):
        with pytest.raises(Forbidden):
            account_block(actor=actor_for(cast.user(who)), user=cast.user("teacher"), reason="так")
    assert User.objects.get(username="teacher").is_active


# --- the command ---------------------------------------------------------------------------------


def test_the_command_writes_the_slips_of_a_class(cast, tmp_path):
    output = tmp_path / "2a.pdf"

    call_command(
        "credentials", "slips", "--class", "2А", "--school", str(cast.school_a.pk), "--output", str(output)
    )

    slips = slips_in(output.read_bytes())
    assert set(slips) == {"parent_a", "pupil_a"}
    assert User.objects.get(username="pupil_a").check_password(slips["pupil_a"])
    assert CredentialIssue.objects.filter(issued_by=cast.user("sysadmin")).count() == 2


def test_the_command_names_a_class_it_cannot_find(cast, tmp_path):
    with pytest.raises(CommandError, match="--class"):
        call_command("credentials", "slips", "--class", "9Я", "--output", str(tmp_path / "x.pdf"))
