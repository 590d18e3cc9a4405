"""`zhurnal import students FILE [--school ID] [--dry-run]`: the plan, the errors, the exit."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests import factories as f
from tests.integrations.imports_data import csv_file
from zhurnal.accounts.models import Role
from zhurnal.people.models import Student

pytestmark = pytest.mark.django_db

LINES = ["Фамилия;Имя;Отчество;Дата рождения;Класс", "Кузнецов;Илья;;01.02.2018;2А"]


@pytest.fixture
def school():
    school = f.SchoolFactory()
    year = f.AcademicYearFactory(school=school)
    f.ClassGroupFactory(year=year, grade=2, letter="А")
    f.RoleGrantFactory(user=f.UserFactory(username="root-admin"), role=Role.SYSADMIN, school=school)
    return school


def _file(tmp_path, lines, name="pupils.csv", encoding="cp1251"):
    path = tmp_path / name
    path.write_bytes(csv_file(lines, encoding=encoding))
    return path


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_school_may_be_left_out_when_the_database_holds_one(school, tmp_path):
    out, _ = _call("students", _file(tmp_path, LINES))
    assert "Загружено: создано 1, изменено 0, без изменений 0" in out
    assert Student.objects.get().last_name == "Кузнецов"
    out, _ = _call("students", _file(tmp_path, LINES))
    assert "создано 0, изменено 0, без изменений 1" in out


def test_a_dry_run_shows_the_plan_and_writes_nothing(school, tmp_path):
    out, _ = _call("students", _file(tmp_path, LINES), "--dry-run")
    assert "строка 2: создать — Кузнецов Илья, 01.02.2018, 2А" in out
    assert "Проверка (ничего не записано): создать 1" in out
    assert not Student.objects.exists()


def test_a_bad_file_lists_every_error_and_exits_non_zero(school, tmp_path):
    path = _file(tmp_path, [*LINES, ";Анна;;01.02.2018;2А", "Попов;Олег;;01.02.2018;9Я"])
    with pytest.raises(CommandError, match="ошибок в файле — 2") as failed:
        _call("students", path)
    assert failed.value.returncode == 1  # the exit status of `zhurnal import`
    assert not Student.objects.exists()


def test_the_errors_go_to_stderr_by_line_and_column(school, tmp_path):
    path = _file(tmp_path, [*LINES, ";Анна;;01.02.2018;2А"])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "students", str(path), stdout=io.StringIO(), stderr=err)
    assert "Строка 3, столбец «Фамилия»: не указана фамилия" in err.getvalue()


def test_with_several_schools_the_school_must_be_named(school, tmp_path):
    f.SchoolFactory(short_name="Другая")
    with pytest.raises(CommandError, match="несколько школ, укажите --school"):
        _call("students", _file(tmp_path, LINES))
    out, _ = _call("students", _file(tmp_path, LINES), "--school", school.pk)
    assert "создано 1" in out


def test_the_command_runs_as_a_named_system_administrator_only(school, tmp_path):
    with pytest.raises(CommandError, match="«nobody» не администратор"):
        _call("students", _file(tmp_path, LINES), "--by", "nobody")
