"""Reports that go by class list a cross-class study group's subject in each member's row
(decision 0036): the progress report counts the group's period marks in each member's class,
the class results judge a member with it, the final marks sheet shows it in the member's row.
Figures worked out by hand on tests/reports/data.py and the group added below."""

import pytest

from tests import factories as f
from tests.reports.data import _pm
from tests.reports.helpers import row_where, rows_of, run_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(hand):
    """«ОРКСЭ: светская этика» (grade 2): Антонов and Борисова of 2А, Зайцев of 3Б; the
    quarter's marks 5, 4 and 3; Егоров joined and then left the school (not counted)."""
    p = hand.pupils
    ethics = f.SubjectFactory(school=hand.school, name="Основы светской этики")
    study_group = f.StudyGroupFactory(year=hand.period.year, name="ОРКСЭ: светская этика", grade=2)
    for name in ("антонов", "борисова", "зайцев", "егоров"):
        f.StudyGroupMembershipFactory(group=study_group, student=p[name])
    f.GroupAssignmentFactory(
        study_group=study_group, subject=ethics, teacher=hand.assignments["english"].teacher
    )
    for name, value in (("антонов", "5"), ("борисова", "4"), ("зайцев", "3"), ("егоров", "2")):
        _pm(p[name], ethics, hand.period, value)
    return ethics


def test_the_progress_report_counts_the_group_in_each_members_class(hand, actor, group):
    data = run_json(actor("deputy"), "progress", period=hand.period.pk)

    in_2a = row_where(data, class_name="2А", subject="Основы светской этики")
    in_3b = row_where(data, class_name="3Б", subject="Основы светской этики")
    # 2А: Антонов 5, Борисова 4 (Егоров left on 10.12, before the quarter's end).
    assert (in_2a["subgroup"], in_2a["total"], in_2a["n5"], in_2a["n4"], in_2a["n"]) == (
        "ОРКСЭ: светская этика",
        2,
        1,
        1,
        2,
    )
    assert (in_2a["quality"], in_2a["average"]) == (100.0, 4.5)
    # 3Б: Зайцев 3.
    assert (in_3b["total"], in_3b["n3"], in_3b["quality"], in_3b["average"]) == (1, 1, 0.0, 3.0)


def test_the_class_total_of_2a_includes_the_groups_marks(hand, actor, group):
    data = run_json(actor("deputy"), "progress", period=hand.period.pk)
    total = row_where(data, class_name="2А", subject="Итого по классу")
    # Mathematics 6 + music 6 + the world 6 + English 2 + the group's 2 = 22 pupil-subjects.
    assert total["total"] == 22


def test_the_class_teacher_of_2a_sees_only_2as_slice_of_the_group(hand, actor, group):
    data = run_json(actor("classteacher"), "progress", period=hand.period.pk)
    slices = [r for r in rows_of(data) if r.get("subject") == "Основы светской этики"]
    assert [(r["class_name"], r["total"]) for r in slices] == [("2А", 2)]


def test_class_results_judge_a_member_with_the_groups_mark(hand, actor, group):
    data = run_json(actor("deputy"), "class-results", period=hand.period.pk)
    # Зайцев of 3Б: mathematics 5 and the group's 3 — «с одной «3»», the subject named.
    zaitsev = row_where(data, table=1, class_name="3Б")
    assert (zaitsev["category"], zaitsev["subjects"]) == ("С одной «3»", "Основы светской этики")


def test_the_final_marks_sheet_shows_the_group_subject_in_the_members_rows(hand, actor, group):
    data = run_json(actor("deputy"), "final-marks-summary", **{"class": hand.class_a.pk})
    key = f"s{group.pk}_p{hand.period.pk}"
    # The subjects are split into sheets of a few each: the group's is on one of them.
    (sheet,) = [t for t in range(len(data["tables"])) if any(key in row for row in rows_of(data, t))]
    by_name = {row["student"].split()[0]: row for row in rows_of(data, sheet) if "kind" not in row}

    assert (by_name["Антонов"][key], by_name["Борисова"][key], by_name["Васильев"][key]) == ("5", "4", "")
