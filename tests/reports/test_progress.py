"""`progress`: figures worked out by hand for tests/reports/data.py (DOMAIN.md §5)."""

import pytest

from tests.reports.helpers import row_where, rows_of, run_json

pytestmark = pytest.mark.django_db


def test_mathematics_counts_the_late_joiner_not_the_leaver_and_keeps_na_in_n(hand, actor):
    data = run_json(actor("deputy"), "progress", period=hand.period.pk)
    math = row_where(data, class_name="2А", subject="Математика")
    # At the quarter's end: Антонов 5, Борисова 4, Васильев 3, Григорьев осв., Дмитриева н/а,
    # Жуков 2 (joined late). Егоров (2) left on 10.12 and is not counted.
    assert (math["total"], math["n5"], math["n4"], math["n3"], math["n2"]) == (6, 1, 1, 1, 1)
    assert (math["na"], math["exempt"], math["without_mark"]) == (1, 1, 0)
    # N = 6 − 1 exempt = 5 (н/а stays in N).
    assert math["n"] == 5
    assert math["success"] == 60.0  # 3 × 100 / 5
    assert math["quality"] == 40.0  # 2 × 100 / 5
    assert math["sou"] == 44.6  # (100 + 64 + 36 + 16 + 7) / 5 = 223 / 5
    assert math["average"] == 3.5  # (5 + 4 + 3 + 2) / 4
    assert math["teacher"] == "Классова А.И."


def test_a_pass_fail_subject_counts_passes_as_success_and_has_no_quality(hand, actor):
    music = row_where(run_json(actor("deputy"), "progress", period=hand.period.pk), subject="Музыка")
    # зч, зч, нз; three pupils have no mark.
    assert (music["passed"], music["failed"], music["without_mark"], music["n"]) == (2, 1, 3, 3)
    assert music["success"] == 66.7  # 2 × 100 / 3
    assert music["quality"] is None and music["sou"] is None and music["average"] is None


def test_a_subject_without_marks_has_no_indicators_rather_than_a_division_by_zero(hand, actor):
    world = row_where(run_json(actor("deputy"), "progress", period=hand.period.pk), subject="Окружающий мир")
    assert (world["total"], world["without_mark"], world["n"]) == (6, 6, 0)
    assert world["success"] is None and world["quality"] is None and world["sou"] is None


def test_a_subgroup_journal_counts_only_its_members(hand, actor):
    english = row_where(
        run_json(actor("deputy"), "progress", period=hand.period.pk), subject="Английский язык"
    )
    assert (english["subgroup"], english["total"], english["n5"], english["n4"], english["n"]) == (
        "Английский, гр. 1",
        2,
        1,
        1,
        2,
    )
    assert (english["success"], english["quality"], english["sou"], english["average"]) == (
        100.0,
        100.0,
        82.0,
        4.5,
    )


def test_the_class_total_sums_the_subjects(hand, actor):
    total = row_where(
        run_json(actor("deputy"), "progress", period=hand.period.pk),
        class_name="2А",
        subject="Итого по классу",
    )
    # Rows: mathematics 6, music 6, world 6, English 2 pupils.
    assert total["total"] == 20
    assert (total["n5"], total["n4"], total["n3"], total["n2"], total["na"]) == (2, 2, 1, 1, 1)
    assert (total["exempt"], total["passed"], total["failed"]) == (1, 2, 1)
    assert total["n"] == 10  # 5 + 3 + 0 + 2
    assert total["success"] == 70.0  # (2 + 2 + 1 + 2 passes) × 100 / 10
    assert total["quality"] == 57.1  # 4 × 100 / 7 marked on the 2–5 scale (with н/а)
    assert total["sou"] == 55.3  # (200 + 128 + 36 + 16 + 7) / 7 = 387 / 7
    assert total["average"] == 3.83  # 23 / 6


def test_the_school_total_includes_the_other_class(hand, actor):
    data = run_json(actor("deputy"), "progress", period=hand.period.pk)
    school = row_where(data, kind="total")
    assert school["total"] == 21 and school["n5"] == 3


def test_a_subject_teacher_sees_only_their_own_journal(hand, actor):
    rows = rows_of(run_json(actor("english"), "progress", period=hand.period.pk))
    assert {r["subject"] for r in rows if "kind" not in r} == {"Английский язык"}


def test_a_class_teacher_sees_their_class_and_not_the_other(hand, actor):
    rows = rows_of(run_json(actor("classteacher"), "progress", period=hand.period.pk))
    assert {r["class_name"] for r in rows if "kind" not in r} == {"2А"}
    assert {r["subject"] for r in rows if "kind" not in r} == {
        "Математика",
        "Музыка",
        "Окружающий мир",
        "Английский язык",
    }


def test_the_default_period_is_the_one_going_on(hand, actor, settings):
    settings.ZHURNAL_TODAY = "2026-12-01"
    data = run_json(actor("deputy"), "progress")
    assert data["params"]["period"] == str(hand.period.pk)
    settings.ZHURNAL_TODAY = "2026-10-30"  # between quarters: the last finished one
    assert run_json(actor("deputy"), "progress")["period"].startswith("1 четверть")
