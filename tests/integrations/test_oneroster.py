"""OneRoster 1.1 CSV: the package's shape, its stable ids, the import's refusals, the round trip."""

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests import factories as f
from tests.querycount import count_queries
from zhurnal.core.models import AuditEvent
from zhurnal.demo.builder import build_school
from zhurnal.demo.management.commands.generate import school_spec
from zhurnal.diary.models import Change, ChangePause
from zhurnal.integrations.oneroster import csvfiles, export
from zhurnal.integrations.oneroster.csvfiles import OneRosterError
from zhurnal.integrations.oneroster.importer import import_directory
from zhurnal.journal.models import Mark, PeriodMark
from zhurnal.people.models import Student
from zhurnal.schools.models import School, StudyPeriod

FILES = ["orgs", "academicSessions", "categories", "courses", "classes", "users", "demographics",
         "enrollments", "lineItems", "results"]  # fmt: skip


def _read(directory: Path, name: str) -> list[dict]:
    with open(directory / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.django_db(transaction=True)
def test_a_generated_school_goes_out_and_back_into_an_empty_database_and_out_again_identical(tmp_path):
    build_school(school_spec(0, students=120, seed=3, today=dt.date(2026, 11, 25)))
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export", "oneroster", str(first), stdout=io.StringIO())
    marks, pupils = Mark.objects.count(), Student.objects.count()
    period_marks = sorted(
        PeriodMark.objects.values_list(
            "student__last_name", "student__first_name", "subject__name", "period__name", "kind", "value"
        )
    )
    assert len(period_marks) > 100  # the generated first quarter is over: its marks are set

    call_command("flush", "--no-input", verbosity=0)  # an empty database, as on a second machine
    assert not School.objects.exists()
    # SQLite's flush deletes table by table, and the triggers log the marks deleted after the
    # log's own table was emptied (the tables' order varies from run to run): what counts is
    # that the import adds no row.
    logged_before = Change.objects.count()
    out = io.StringIO()
    call_command("import", "oneroster", str(first), stdout=out)
    assert (Mark.objects.count(), Student.objects.count()) == (marks, pupils)
    assert period_marks == sorted(
        PeriodMark.objects.values_list(
            "student__last_name", "student__first_name", "subject__name", "period__name", "kind", "value"
        )
    )
    assert AuditEvent.objects.filter(action="oneroster.imported").count() == 1
    # The import paused the diary's change log: its rows were all new (decision 0043).
    assert Change.objects.count() == logged_before and not ChangePause.objects.exists()
    call_command("export", "oneroster", str(second), stdout=io.StringIO())

    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert len(names) == 11  # manifest.csv and the ten data files
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), (
            f"{name} differs after a round trip"
        )
    assert marks > 1000 and len(_read(first, "results")) == marks + len(period_marks)


@pytest.fixture
def package(cast, tmp_path):
    cast.pupil_a.snils = "112-233-445 95"
    cast.pupil_a.save()
    f.MarkFactory(
        lesson=cast.lesson_a, student=cast.pupil_a, value="5/4", score=5, score2=4, comment="диктант"
    )
    directory = tmp_path / "package"
    export.export_directory(directory, school_id=cast.school_a.pk)
    return directory


def test_every_file_has_the_standards_columns_in_their_order_and_no_bom(package):
    for name in FILES:
        raw = (package / f"{name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), name
        header = raw.split(b"\r\n", 1)[0].decode().split(",")
        defined = [c for c in header if not c.startswith("metadata.")]
        assert header[: len(defined)] == defined, f"{name}: extension columns come after the defined ones"
        assert header[:3] == ["sourcedId", "status", "dateLastModified"]
    assert _read(package, "results")[0].keys() >= {
        "lineItemSourcedId",
        "studentSourcedId",
        "scoreStatus",
        "score",
    }


def test_the_manifest_names_every_file_as_bulk_and_the_versions_as_text(package):
    manifest = dict(csv.reader(io.StringIO((package / "manifest.csv").read_text())))
    assert manifest.pop("propertyName") == "value"
    assert (manifest["manifest.version"], manifest["oneroster.version"]) == ("1.0", "1.1")
    assert {k for k, v in manifest.items() if v == "bulk"} == {f"file.{name}" for name in FILES}
    assert manifest["file.resources"] == "absent"


def test_every_reference_in_the_package_is_defined_in_it(package):
    defined = {name: {r["sourcedId"] for r in _read(package, name)} for name in FILES}
    edges = [
        ("orgs", "parentSourcedId", "orgs"),
        ("academicSessions", "parentSourcedId", "academicSessions"),
        ("courses", "schoolYearSourcedId", "academicSessions"),
        ("courses", "orgSourcedId", "orgs"),
        ("classes", "courseSourcedId", "courses"),
        ("classes", "schoolSourcedId", "orgs"),
        ("classes", "termSourcedIds", "academicSessions"),
        ("users", "orgSourcedIds", "orgs"),
        ("users", "agentSourcedIds", "users"),
        ("enrollments", "classSourcedId", "classes"),
        ("enrollments", "userSourcedId", "users"),
        ("demographics", "sourcedId", "users"),
        ("lineItems", "classSourcedId", "classes"),
        ("lineItems", "categorySourcedId", "categories"),
        ("lineItems", "gradingPeriodSourcedId", "academicSessions"),
        ("results", "lineItemSourcedId", "lineItems"),
        ("results", "studentSourcedId", "users"),
    ]
    for name, column, target in edges:
        for row in _read(package, name):
            for sid in csvfiles.split(row[column]):
                assert sid in defined[target], f"{name}.{column} → {target}: {sid} is not defined"


def test_a_mark_becomes_a_result_of_its_lessons_line_item_with_its_value_kept(cast, package):
    results = {r["metadata.zhurnal.value"]: r for r in _read(package, "results")}
    dictation = results["5/4"]
    assert (dictation["score"], dictation["scoreStatus"], dictation["comment"]) == (
        "5.0",
        "fully graded",
        "диктант",
    )
    assert dictation["metadata.zhurnal.score2"] == "4"
    item = next(i for i in _read(package, "lineItems") if i["sourcedId"] == dictation["lineItemSourcedId"])
    assert item["assignDate"] == item["dueDate"] == "2026-11-25"
    assert (item["resultValueMin"], item["resultValueMax"]) == ("1.0", "5.0")
    pupil = next(u for u in _read(package, "users") if u["sourcedId"] == dictation["studentSourcedId"])
    assert (pupil["familyName"], pupil["identifier"], pupil["role"]) == (
        cast.pupil_a.last_name,
        "112-233-445 95",
        "student",
    )
    assert pupil["grades"] == "02"


def test_sourced_ids_stay_the_same_across_exports(cast, package, tmp_path):
    f.MarkFactory(lesson=cast.lesson_a, student=cast.pupil_a, value="3", score=3)
    again = tmp_path / "again"
    export.export_directory(again, school_id=cast.school_a.pk)
    before = {r["sourcedId"] for r in _read(package, "results")}
    after = {r["sourcedId"] for r in _read(again, "results")}
    assert before < after and len(after - before) == 1
    assert _read(package, "users") == _read(again, "users")


def test_the_import_refuses_a_database_that_holds_a_school(package):
    with pytest.raises(CommandError, match="Ничего не загружено: база данных не пуста"):
        call_command("import", "oneroster", str(package))


@pytest.mark.django_db(transaction=True)
def test_a_broken_reference_names_its_file_line_and_column_and_imports_nothing(cast, tmp_path):
    directory = tmp_path / "package"
    export.export_directory(directory, school_id=cast.school_a.pk)
    broken = tmp_path / "broken"
    shutil.copytree(directory, broken)
    rows = (broken / "results.csv").read_bytes().decode().split("\r\n")
    cells = rows[1].split(",")
    cells[4] = "zh-nobody"  # studentSourcedId of the first result
    rows[1] = ",".join(cells)
    (broken / "results.csv").write_bytes("\r\n".join(rows).encode())
    call_command("flush", "--no-input", verbosity=0)

    with pytest.raises(OneRosterError, match=r"results\.csv, строка 2, столбец studentSourcedId.*zh-nobody"):
        import_directory(broken)
    assert not School.objects.exists() and not Student.objects.exists()
    import_directory(directory)
    assert School.objects.count() == 1


def test_the_export_runs_a_fixed_number_of_queries_however_many_marks(cast):
    export.build(school_id=cast.school_a.pk)  # the first export tags the database once
    few, _ = count_queries(export.build, school_id=cast.school_a.pk)
    for _ in range(20):
        pupil = f.EnrollmentFactory(class_group=cast.class_a).student
        f.MarkFactory(lesson=f.LessonFactory(assignment=cast.math_a), student=pupil)
    many, files = count_queries(export.build, school_id=cast.school_a.pk)
    assert many == few
    assert len(files["results"]) == 22


def test_a_period_mark_and_a_year_mark_become_results_of_the_final_category_on_the_subjects_class(
    cast, tmp_path
):
    quarter = StudyPeriod.objects.filter(year=cast.class_a.year).exclude(kind="year").earliest("start")
    f.PeriodMarkFactory(
        student=cast.pupil_a, subject=cast.math_a.subject, year=cast.class_a.year, period=quarter, kind="period",
        value="4", suggested="5", reason="пропуски контрольных",
    )  # fmt: skip
    f.PeriodMarkFactory(
        student=cast.pupil_a, subject=cast.math_a.subject, year=cast.class_a.year, kind="year", value="н/а"
    )
    directory = tmp_path / "package"
    export.export_directory(directory, school_id=cast.school_a.pk)

    final = [c for c in _read(directory, "categories") if c["metadata.zhurnal.final"] == "true"]
    assert [c["title"] for c in final] == ["Итоговая"]
    items = [i for i in _read(directory, "lineItems") if i["categorySourcedId"] == final[0]["sourcedId"]]
    by_kind = {i["metadata.zhurnal.kind"]: i for i in items}
    assert set(by_kind) == {"period", "year"}
    math_class = next(
        c for c in _read(directory, "classes") if c["title"] == f"{cast.math_a.subject.name}, 2А"
    )
    assert {i["classSourcedId"] for i in items} == {math_class["sourcedId"]}
    assert by_kind["period"]["title"] == f"Отметка за период: {quarter.name}"
    assert by_kind["period"]["dueDate"] == quarter.end.isoformat()
    assert by_kind["year"]["dueDate"] == cast.class_a.year.end.isoformat()
    results = {r["lineItemSourcedId"]: r for r in _read(directory, "results")}
    quarter_mark, year_mark = results[by_kind["period"]["sourcedId"]], results[by_kind["year"]["sourcedId"]]
    assert (quarter_mark["score"], quarter_mark["scoreStatus"]) == ("4.0", "fully graded")
    assert (quarter_mark["metadata.zhurnal.suggested"], quarter_mark["metadata.zhurnal.reason"]) == (
        "5",
        "пропуски контрольных",
    )
    assert (year_mark["score"], year_mark["scoreStatus"], year_mark["metadata.zhurnal.value"]) == (
        "",
        "not submitted",
        "н/а",
    )


def test_the_export_reports_each_step_once_in_order_up_to_its_total(cast, tmp_path):
    seen = []
    export.export_directory(
        tmp_path / "p", school_id=cast.school_a.pk, zip_too=True, progress=lambda *step: seen.append(step)
    )
    assert [done for _, done, _ in seen] == list(range(1, 20))
    assert {total for _, _, total in seen} == {19}
    assert seen[0][0] == "orgs" and seen[-1][0] == "zip"
    assert (tmp_path / "p.zip").is_file()
