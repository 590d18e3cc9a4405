"""The terminal side of `zhurnal import <kind> FILE`: which school, in whose name, the plan, the
progress bar (tqdm), and the list of errors with a non-zero exit on a bad file."""

from __future__ import annotations

from django.core.management.base import CommandError

from zhurnal.accounts.models import Role, User
from zhurnal.core.errors import ServiceError
from zhurnal.core.tabular import TableError
from zhurnal.integrations.imports.base import CHANGE, CREATE, SKIP
from zhurnal.integrations.services.imports import import_apply, import_preview
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import School

ACTIONS = {CREATE: "создать", CHANGE: "изменить", SKIP: "без изменений"}


def _school(school_id: int | None) -> School:
    if school_id is not None:
        school = School.objects.filter(pk=school_id).first()
        if school is None:
            raise CommandError(f"--school: нет школы с id {school_id}.")
        return school
    schools = list(School.objects.order_by("pk")[:2])
    if not schools:
        raise CommandError("В базе данных нет ни одной школы.")
    if len(schools) > 1:
        listed = ", ".join(f"{s.pk} ({s.short_name})" for s in School.objects.order_by("pk"))
        raise CommandError(f"В базе данных несколько школ, укажите --school: {listed}.")
    return schools[0]


def _issuer(school: School, login: str | None) -> User:
    for role in (Role.SYSADMIN, Role.DIRECTOR):  # the system administrator's job first
        admins = User.objects.filter(grants__role=role, grants__school=school, is_active=True)
        if login:
            admins = admins.filter(username=login)
        user = admins.order_by("pk").first()
        if user is not None:
            return user
    where = f"«{login}» не администратор" if login else "нет системного администратора"
    raise CommandError(f"--by: {where} школы {school.short_name}.")


def run_sheet_import(command, options) -> None:
    out = command.stdout.write
    path = options["file"]
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: файл не читается ({error.strerror}).") from None
    school = _school(options["school"])
    actor = actor_for(_issuer(school, options["by"]))
    kind = options["what"]
    try:
        if options["dry_run"]:
            plan = import_preview(actor=actor, school=school, kind=kind, data=data)
        else:
            plan = _apply_with_bar(actor, school, kind, data, path.name)
    except TableError as error:
        for row_error in error.errors:
            command.stderr.write(str(row_error))
        raise CommandError(
            f"Ничего не загружено: ошибок в файле — {len(error.errors)}. Исправьте их и загрузите файл снова."
        ) from None
    except ServiceError as error:
        raise CommandError(f"Ничего не загружено: {error.message}") from None
    if plan.ignored_columns:
        out("Не используются столбцы: " + ", ".join(plan.ignored_columns))
    for item in plan.writes:
        detail = f" ({', '.join(item.changes)})" if item.changes else ""
        out(f"  строка {item.line}: {ACTIONS[item.action]} — {item.label}{detail}")
    counts = plan.counts
    summary = (
        f"создать {counts[CREATE]}, изменить {counts[CHANGE]}, без изменений {counts[SKIP]}"
        if options["dry_run"]
        else f"создано {counts[CREATE]}, изменено {counts[CHANGE]}, без изменений {counts[SKIP]}"
    )
    out(("Проверка (ничего не записано): " if options["dry_run"] else "Загружено: ") + summary)


def _apply_with_bar(actor, school, kind, data, name):
    from tqdm import tqdm

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="стр.", desc="Загрузка", leave=False)
        bar.update(done - bar.n)

    try:
        return import_apply(
            actor=actor, school=school, kind=kind, data=data, file_name=name, progress=progress
        )
    finally:
        if bar is not None:
            bar.close()
