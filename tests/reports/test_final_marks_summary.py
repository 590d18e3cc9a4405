"""`final-marks-summary`: the class's summary sheet as a report — figures worked out by hand on
the archive's small class (tests/archive/data.py), who may run it, and every format the same."""

import io

import openpyxl
import pytest

from tests import factories as f
from tests.archive.data import small_class
from tests.querycount import count_queries
from tests.reports.helpers import run_json
from zhurnal.accounts.models import Role
from zhurnal.core.errors import Forbidden
from zhurnal.policy.actor import actor_for
from zhurnal.reports import registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return small_class()


def _user(c, role, **grant):
    user = f.UserFactory()
    f.RoleGrantFactory(user=user, role=role, school=c.school, **grant)
    return actor_for(user)


def _by_name(data):
    return {row["student"].split()[0]: row for row in data["tables"][0]["rows"] if "kind" not in row}


def _totals(data):
    return {row["student"]: row for row in data["tables"][0]["rows"] if row.get("kind") == "total"}


def test_it_is_registered_among_the_final_documents_for_the_class_teacher_and_the_administration():
    report = registry.get("final-marks-summary")
    assert report is not None and report.group == registry.Group.FINAL
    assert report.params == ("school", "class")


def test_the_deputy_gets_each_pupils_marks_and_the_class_totals_worked_out_by_hand(c):
    data = run_json(_user(c, Role.DEPUTY), "final-marks-summary", **{"class": c.class_group.pk})
    q1_math, year_math = f"s{c.math.pk}_p{c.q1.pk}", f"s{c.math.pk}_year"
    pupils = _by_name(data)
    assert list(pupils) == [
        "Антонов",
        "Борисова",
        "Власов",
        "Гусева",
        "Дмитриев",
        "Ершов",
        "Жуков",
        "Зайцева",
    ]
    assert pupils["Антонов"][q1_math] == "5" and pupils["Антонов"][year_math] == "5"
    assert pupils["Ершов"][q1_math] == ""
    assert pupils["Жуков"]["left"] == "2026-10-10" and pupils["Антонов"]["left"] is None
    totals = _totals(data)
    # N: Антонов 5, Борисова 4, Власов 3, Гусева н/а, Зайцева 2 — not Дмитриев (осв), Ершов (no
    # mark) nor Жуков (left on 10.10, before the quarter ended on 25.10).
    assert totals["N"][q1_math] == 5
    assert totals["5"][q1_math] == 1 and totals["2"][q1_math] == 1 and totals["осв"][q1_math] == 1
    assert totals["% успеваемости"][q1_math] == 60.0  # 3 × 100 / 5
    assert totals["% качества"][q1_math] == 40.0  # 2 × 100 / 5
    q1_pe = f"s{c.pe.pk}_p{c.q1.pk}"
    assert totals["% успеваемости"][q1_pe] == 66.7  # 2 зч × 100 / 3
    assert totals["% качества"][q1_pe] is None  # a pass/fail subject has no quality figure
    assert data["period"] == f"{c.year.name} учебный год"


def test_column_titles_name_the_subject_and_the_period(c):
    data = run_json(_user(c, Role.DEPUTY), "final-marks-summary", **{"class": c.class_group.pk})
    titles = [column["title"] for column in data["tables"][0]["columns"]]
    assert titles[:5] == ["№", "Фамилия, имя обучающегося", "Выбыл", "Математика: I", "Математика: II"]
    assert "Физическая культура: Итог" in titles and titles[-1] == "Пропущено уроков"


def test_the_class_teacher_runs_it_for_their_class_by_default(c):
    actor = _user(c, Role.CLASS_TEACHER, class_group=c.class_group)
    data = run_json(actor, "final-marks-summary")
    assert data["params"]["class"] == str(c.class_group.pk)
    assert len(_by_name(data)) == 8


def test_a_class_teacher_may_not_read_another_classs_summary(c):
    other = f.ClassGroupFactory(year=c.year, grade=3, letter="Б")
    actor = _user(c, Role.CLASS_TEACHER, class_group=other)
    f.RoleGrantFactory(user=actor.user, role=Role.TEACHER, school=c.school)
    f.TeachingAssignmentFactory(
        class_group=c.class_group, subject=c.math, teacher=f.StaffFactory(school=c.school, user=actor.user)
    )
    with pytest.raises(Forbidden):
        run_json(actor_for(actor.user), "final-marks-summary", **{"class": c.class_group.pk})


def test_a_subject_teacher_and_the_family_may_not_run_it(c):
    for role in (Role.TEACHER, Role.PARENT, Role.SYSADMIN):
        with pytest.raises(Forbidden):
            run_json(_user(c, role), "final-marks-summary")


def test_the_xlsx_holds_the_same_marks_and_totals_as_the_json(c, client):
    user = _user(c, Role.DEPUTY).user
    client.force_login(user, backend="zhurnal.accounts.backends.UserBackend")
    query = f"?class={c.class_group.pk}"
    data = client.get(f"/reports/final-marks-summary/download/json/{query}").json()
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/reports/final-marks-summary/download/xlsx/{query}").content)
    )
    sheet = book.worksheets[0]
    keys = [column["key"] for column in data["tables"][0]["columns"]]
    rows = [dict(zip(keys, (cell.value for cell in row), strict=True)) for row in sheet.iter_rows(min_row=7)]
    q1_math = f"s{c.math.pk}_p{c.q1.pk}"
    assert [r[q1_math] for r in rows[:8]] == [r[q1_math] or None for r in data["tables"][0]["rows"][:8]]
    n_row = next(r for r in rows if r["student"] == "N")
    assert n_row[q1_math] == 5
    assert next(r for r in rows if r["student"] == "% успеваемости")[q1_math] == 60.0


def test_its_query_count_does_not_grow_with_the_class(c):
    actor = _user(c, Role.DEPUTY)
    small, _data = count_queries(run_json, actor, "final-marks-summary", **{"class": c.class_group.pk})
    for _i in range(15):
        pupil = f.EnrollmentFactory(class_group=c.class_group).student
        f.PeriodMarkFactory(student=pupil, subject=c.math, year=c.year, period=c.q1, value="4")
    large, _data = count_queries(run_json, actor, "final-marks-summary", **{"class": c.class_group.pk})
    assert large == small
