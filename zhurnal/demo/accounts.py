"""The demo school and its fixed logins (password "demo"), made only by `zhurnal demo`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from zhurnal.accounts.models import Role, RoleGrant, User
from zhurnal.demo.builder import BuiltSchool, SchoolSpec, build_school
from zhurnal.schools.models import School

DEMO_PASSWORD = "demo"
DEMO_LOGINS = (
    "admin",
    "director",
    "deputy",
    "secretary",
    "teacher",
    "classteacher",
    "parent",
    "student",
    "authority",
)


def demo_spec(today: dt.date | None = None) -> SchoolSpec:
    return SchoolSpec(
        seed=12,
        short_name="МКОУ НШДС № 12 ст. Александровской",
        name=(
            "Муниципальное казённое общеобразовательное учреждение «Начальная школа — детский сад № 12» "
            "ст. Александровской"
        ),
        authority_name=(
            "Управление образования местной администрации Майского муниципального района "
            "Кабардино-Балкарской Республики"
        ),
        region_code="07",
        address="ст. Александровская, ул. Ленина, д. 12",
        grades=(1, 2, 3, 4),
        classes_per_grade=2,
        students=200,
        today=today,
        sibling_pairs=(("2А", "4Б"),),
    )


@dataclass
class DemoLogin:
    username: str
    role: str
    who: str


def build_demo(today: dt.date | None = None) -> tuple[BuiltSchool, list[DemoLogin]]:
    with transaction.atomic():
        built = build_school(demo_spec(today))
        # Every demo role signs in with the password alone (issue 8 item 12): a visitor has no
        # authenticator app enrolled for the director.
        School.objects.filter(pk=built.school.pk).update(two_factor_required=False)
        logins = _fixed_accounts(built)
        _family_news(built)
        _extracurricular(built, today)
        return built, logins


def _extracurricular(built: BuiltSchool, today: dt.date | None) -> None:
    from zhurnal.core import clock
    from zhurnal.demo.extracurricular import build_extracurricular

    teacher, games_teacher = built.staff["native:0", 0], built.class_teachers["2А"]
    build_extracurricular(built, teacher, games_teacher, today or clock.today())


def _family_news(built: BuiltSchool) -> None:
    """So that the demo family's first visit has a bell and a conversation: the last marks of both
    children are announced the way the journal announces them, and the class teacher writes."""
    from zhurnal.journal.models import Mark
    from zhurnal.messaging.services import thread_start
    from zhurnal.notifications.subscribers import on_mark_saved
    from zhurnal.policy.actor import actor_for

    guardian, children = built.forced_families[0]
    for child in children:
        recent = (
            Mark.objects.filter(student=child).select_related("lesson").order_by("-lesson__date", "-pk")[:3]
        )
        for mark in reversed(list(recent)):
            on_mark_saved("mark.saved", {"mark_id": mark.pk, "created": True, "actor_user_id": None})
    classteacher = User.objects.get(pk=built.class_teachers["2А"].user_id)
    thread_start(
        actor=actor_for(classteacher),
        recipients=[guardian.user_id],
        subject="Родительское собрание",
        body="Здравствуйте! Родительское собрание 2А — в пятницу в 18:00, кабинет 102. "
        "Будем обсуждать итоги первого полугодия.",
    )


def _fixed_accounts(built: BuiltSchool) -> list[DemoLogin]:
    password = make_password(DEMO_PASSWORD)  # hashed once, shared by every demo login
    guardian, (pupil, sibling) = built.forced_families[0]
    classteacher = built.class_teachers["2А"]
    teacher = built.staff["native:0", 0]
    people = [
        ("admin", built.staff["sysadmin"], "системный администратор (и суперпользователь Django)"),
        ("director", built.staff["director"], "директор"),
        ("deputy", built.staff["deputy"], "заместитель директора по УВР"),
        ("secretary", built.staff["secretary"], "секретарь"),
        ("teacher", teacher, "учитель кабардино-черкесского языка, 1–4 классы"),
        ("classteacher", classteacher, "классный руководитель 2А"),
        ("parent", guardian, f"родитель: {pupil.first_name} (2А) и {sibling.first_name} (4Б)"),
        ("student", pupil, "обучающийся 2А"),
    ]
    logins = []
    for username, person, who in people:
        fields = {"username": username, "password": password}
        if username == "admin":
            fields |= {"is_staff": True, "is_superuser": True}
        User.objects.filter(pk=person.user_id).update(**fields)
        grants = RoleGrant.objects.filter(user_id=person.user_id).values_list("role", flat=True)
        logins.append(DemoLogin(username, ", ".join(sorted(set(grants))), f"{person.full_name} — {who}"))

    authority = User.objects.create(
        username="authority",
        password=password,
        last_name="Хашхожева",
        first_name="Марина",
        middle_name="Анатольевна",
    )
    RoleGrant.objects.create(user=authority, role=Role.AUTHORITY, authority=built.school.authority)
    logins.append(DemoLogin("authority", Role.AUTHORITY, f"{authority.full_name} — {built.school.authority}"))
    return logins
