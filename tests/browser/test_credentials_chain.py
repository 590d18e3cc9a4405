"""Issue 10's acceptance for the credentials chain, in a browser: the system administrator
creates a class teacher and issues their credentials; the class teacher signs in, is made to
change the password, prints the slips of their class's parents; a parent signs in with one and
sees their child."""

import io
import re

import pdfplumber
import pytest
from django.core.management import call_command

from tests.browser.test_teacher_home import sign_in
from zhurnal.core import clock
from zhurnal.people.models import Enrollment, StudentGuardian, enrolled_between_q
from zhurnal.schools.models import ClassGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_school(transactional_db):
    call_command("demo", today="2026-11-25", verbosity=0)


def slips_of(download) -> dict[str, str]:
    with pdfplumber.open(io.BytesIO(open(download.path(), "rb").read())) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    logins = re.findall(r"Логин:\s*(\S+)", text)
    passwords = re.findall(r"Пароль:\s*(\S+)", text)
    return dict(zip(logins, passwords, strict=True))


def change_password(page, old: str, new: str) -> None:
    assert page.url.endswith("/accounts/password/"), page.url
    page.fill("#id_old_password", old)
    page.fill("#id_new_password1", new)
    page.fill("#id_new_password2", new)
    page.get_by_role("button", name="Сменить пароль").click()
    page.wait_for_url(re.compile(r"/accounts/password/done/"))


def new_page(browser, width: int = 1280):
    context = browser.new_context(
        locale="ru-RU", viewport={"width": width, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def test_the_credentials_chain_from_the_administrator_to_a_parent(live_server, browser, demo_school):
    today = clock.today()
    class_group = ClassGroup.objects.filter(grade=3, year__start__lte=today, year__end__gte=today).first()
    roster = Enrollment.objects.filter(enrolled_between_q(today, today), class_group=class_group).values(
        "student_id"
    )
    parents_expected = (
        StudentGuardian.objects.filter(student__in=roster).values("guardian_id").distinct().count()
    )
    assert parents_expected > 1

    # The system administrator creates the class teacher: staff record, login, roles.
    admin = new_page(browser)
    sign_in(admin, live_server.url, "admin")
    admin.goto(f"{live_server.url}/people/staff/new/")
    admin.fill("#id_last_name", "Кузнецова")
    admin.fill("#id_first_name", "Мария")
    admin.fill("#id_middle_name", "Ивановна")
    admin.fill("#id_position", "учитель начальных классов")
    admin.check("#id_role_teacher")
    admin.check("#id_role_class_teacher")
    admin.select_option("#id_class_group", str(class_group.pk))
    admin.click("#staff-form button[type=submit]")
    admin.wait_for_url(re.compile(r"/people/staff/\d+/$"))
    assert "kuznetsova.mi" in admin.content()
    with admin.expect_download() as issued:
        admin.click("#issue-credentials")
    ((login, password),) = slips_of(issued.value).items()
    assert login == "kuznetsova.mi"

    # The class teacher signs in with the one-time password and must choose their own.
    teacher = new_page(browser)
    sign_in(teacher, live_server.url, login, password)
    teacher.wait_for_url(re.compile(r"/accounts/password/"))
    change_password(teacher, password, "Tetrad-Sinyaya-7391")

    # …and prints the slips for the parents of their class.
    teacher.goto(f"{live_server.url}/people/credentials/")
    teacher.click(f"text={class_group}")
    teacher.wait_for_url(re.compile(rf"/people/classes/{class_group.pk}/credentials/"))
    with teacher.expect_download() as printed:
        teacher.click("button[value=parents]")
    slips = slips_of(printed.value)
    assert len(slips) == parents_expected

    # A parent signs in with a slip, changes the password, and sees their child.
    parent_login, parent_password = next(iter(slips.items()))
    link = StudentGuardian.objects.filter(guardian__user__username=parent_login, student__in=roster).first()
    parent = new_page(browser, width=390)
    sign_in(parent, live_server.url, parent_login, parent_password)
    parent.wait_for_url(re.compile(r"/accounts/password/"))
    change_password(parent, parent_password, "Dnevnik-Krasny-4820")
    parent.goto(f"{live_server.url}/")
    assert link.student.last_name in parent.content()
