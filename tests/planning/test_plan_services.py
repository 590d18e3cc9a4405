"""The plan's services: import, editing, versions, approval — each write audited, refusals clean."""

import pytest

from tests.planning.data import HEADER, approved, csv_1251, imported, ktp_rows, xlsx
from zhurnal.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from zhurnal.core.models import AuditEvent
from zhurnal.core.tabular import TableError
from zhurnal.planning import services
from zhurnal.planning.models import PlanEvent, PlanItem, PlanVersion, ThematicPlan

pytestmark = pytest.mark.django_db


def topics(assignment) -> list[str]:
    version = PlanVersion.objects.filter(plan__assignment=assignment).order_by("-number").first()
    return list(version.items.order_by("number").values_list("topic", flat=True))


def test_a_teacher_imports_a_plan_of_34_items_from_xlsx(cast, actor_of):
    result = services.plan_import(
        actor=actor_of("classteacher"), assignment_id=cast.math_a.pk, data=xlsx(ktp_rows(34))
    )
    assert result.hours == 34
    assert topics(cast.math_a) == [f"Тема {i}" for i in range(1, 35)]
    item = PlanItem.objects.get(version__plan__assignment=cast.math_a, number=34)
    assert (item.section, item.homework, item.hours) == ("Раздел 2", "Д/з 34", 1)
    assert AuditEvent.objects.filter(action="plan.import").count() == 1


def test_a_csv_in_windows_1251_takes_dates_and_week_numbers(cast, actor_of):
    rows = [
        ["1", "Числа", "Сложение", "2", "01.09.2026", "урок открытия", "с. 4"],
        ["2", "Числа", "Вычитание", "1", "3", "", ""],
    ]
    services.plan_import(actor=actor_of("classteacher"), assignment_id=cast.math_a.pk, data=csv_1251(rows))
    first, second = PlanItem.objects.filter(version__plan__assignment=cast.math_a).order_by("number")
    assert (first.hours, first.planned_date.isoformat(), first.planned_week, first.lesson_type) == (
        2,
        "2026-09-01",
        None,
        "урок открытия",
    )
    assert (second.planned_date, second.planned_week) == (None, 3)


def test_a_bad_file_changes_nothing_and_names_the_bad_rows(cast, actor_of):
    imported(cast, cast.math_a, 3)
    rows = ktp_rows(5)
    rows[2][3] = "два"  # line 4: hours
    rows[3][2] = ""  # line 5: no topic
    rows[4][4] = "01.09.2020"  # line 6: outside the year
    with pytest.raises(TableError) as raised:
        services.plan_import(actor=actor_of("classteacher"), assignment_id=cast.math_a.pk, data=xlsx(rows))
    lines = {(e["line"], e["column"]) for e in raised.value.data["errors"]}
    assert lines == {(4, "Часы"), (5, "Тема"), (6, "Дата")}
    assert "Строка 4" in raised.value.message
    assert topics(cast.math_a) == ["Тема 1", "Тема 2", "Тема 3"]


def test_a_repeated_number_is_named_with_the_line_it_repeats(cast, actor_of):
    rows = ktp_rows(3)
    rows[2][0] = "1"
    with pytest.raises(TableError) as raised:
        services.plan_import(actor=actor_of("classteacher"), assignment_id=cast.math_a.pk, data=xlsx(rows))
    assert "строке 2" in raised.value.data["errors"][0]["message"]


def test_a_dry_run_reads_the_file_and_writes_nothing(cast, actor_of):
    result = services.plan_import(
        actor=actor_of("classteacher"), assignment_id=cast.math_a.pk, data=xlsx(ktp_rows(4)), dry_run=True
    )
    assert [r["topic"] for r in result.items] == ["Тема 1", "Тема 2", "Тема 3", "Тема 4"]
    assert not ThematicPlan.objects.exists()


def test_only_the_assignments_teacher_writes_its_plan(cast, actor_of):
    data = xlsx(ktp_rows(2))
    with pytest.raises(Forbidden):  # reads 2А's journals, but teaches English there
        services.plan_import(actor=actor_of("deputy"), assignment_id=cast.math_a.pk, data=data)
    with pytest.raises(NotFound):
        services.plan_import(actor=actor_of("outsider"), assignment_id=cast.math_a.pk, data=data)
    with pytest.raises(NotFound):
        services.plan_import(actor=actor_of("parent_a"), assignment_id=cast.math_a.pk, data=data)


def test_items_are_split_merged_moved_and_renumbered(cast, actor_of):
    actor = imported(cast, cast.math_a, 3)
    item = PlanItem.objects.get(version__plan__assignment=cast.math_a, number=2)
    services.plan_item_update(
        actor=actor, item_id=item.pk, data={"topic": "Тема 2", "hours": "3", "homework": "упр. 1"}
    )
    services.plan_item_split(actor=actor, item_id=item.pk)
    items = list(PlanItem.objects.filter(version__plan__assignment=cast.math_a).order_by("number"))
    assert [(i.number, i.topic, i.hours, i.homework) for i in items] == [
        (1, "Тема 1", 1, "Д/з 1"),
        (2, "Тема 2", 2, ""),
        (3, "Тема 2", 1, "упр. 1"),
        (4, "Тема 3", 1, "Д/з 3"),
    ]
    services.plan_item_merge(actor=actor, item_id=items[0].pk)
    assert topics(cast.math_a) == ["Тема 1. Тема 2", "Тема 2", "Тема 3"]
    services.plan_item_move(actor=actor, item_id=items[3].pk, step=-1)
    assert topics(cast.math_a) == ["Тема 1. Тема 2", "Тема 3", "Тема 2"]
    services.plan_items_reorder(actor=actor, assignment_id=cast.math_a.pk, order=[3, 1, 2])
    assert topics(cast.math_a) == ["Тема 2", "Тема 1. Тема 2", "Тема 3"]
    services.plan_item_delete(actor=actor, item_id=items[0].pk)
    assert topics(cast.math_a) == ["Тема 2", "Тема 3"]
    assert list(
        PlanItem.objects.filter(version__plan__assignment=cast.math_a)
        .values_list("number", flat=True)
        .order_by("number")
    ) == [1, 2]


def test_a_reorder_must_name_every_item_once(cast, actor_of):
    actor = imported(cast, cast.math_a, 3)
    with pytest.raises(InvalidInput):
        services.plan_items_reorder(actor=actor, assignment_id=cast.math_a.pk, order=[1, 1, 2])
    assert topics(cast.math_a) == ["Тема 1", "Тема 2", "Тема 3"]


def test_an_item_without_a_topic_is_refused_naming_the_field(cast, actor_of):
    with pytest.raises(InvalidInput) as raised:
        services.plan_item_add(
            actor=actor_of("classteacher"), assignment_id=cast.math_a.pk, data={"topic": " ", "hours": "1"}
        )
    assert raised.value.field == "topic"
    assert not PlanItem.objects.exists()


def test_a_submitted_plan_is_approved_or_returned_by_the_deputy_only(cast, actor_of):
    actor = imported(cast, cast.math_a, 2)
    services.plan_submit(actor=actor, assignment_id=cast.math_a.pk)
    item = PlanItem.objects.filter(version__plan__assignment=cast.math_a).first()
    with pytest.raises(Conflict):  # frozen while the deputy decides
        services.plan_item_delete(actor=actor, item_id=item.pk)
    with pytest.raises(Forbidden):
        services.plan_decide(actor=actor, assignment_id=cast.math_a.pk, approve=True)
    with pytest.raises(InvalidInput):  # a return needs its comment
        services.plan_decide(actor=actor_of("deputy"), assignment_id=cast.math_a.pk, approve=False)
    version = services.plan_decide(
        actor=actor_of("deputy"), assignment_id=cast.math_a.pk, approve=False, comment="Добавьте контрольные"
    )
    assert (version.status, version.comment) == (PlanVersion.Status.RETURNED, "Добавьте контрольные")
    services.plan_item_delete(actor=actor, item_id=item.pk)  # a returned plan is edited again
    services.plan_submit(actor=actor, assignment_id=cast.math_a.pk)
    version = services.plan_decide(actor=actor_of("deputy"), assignment_id=cast.math_a.pk, approve=True)
    assert version.status == PlanVersion.Status.APPROVED and version.decided_by == cast.user("deputy")
    actions = list(PlanEvent.objects.filter(version=version).values_list("action", flat=True))
    assert actions == ["created", "imported", "submitted", "returned", "submitted", "approved"]


def test_a_change_after_approval_makes_a_new_version_and_keeps_the_approved_one(cast, actor_of):
    approved(cast, cast.math_a, 3)
    actor = actor_of("classteacher")
    first = PlanItem.objects.get(version__number=1, version__plan__assignment=cast.math_a, number=1)
    services.plan_item_update(actor=actor, item_id=first.pk, data={"topic": "Новая тема", "hours": "1"})
    versions = {v.number: v for v in PlanVersion.objects.filter(plan__assignment=cast.math_a)}
    assert versions[1].status == PlanVersion.Status.APPROVED
    assert versions[2].status == PlanVersion.Status.DRAFT
    assert list(versions[1].items.values_list("topic", flat=True).order_by("number")) == [
        "Тема 1",
        "Тема 2",
        "Тема 3",
    ]
    assert list(versions[2].items.values_list("topic", flat=True).order_by("number")) == [
        "Новая тема",
        "Тема 2",
        "Тема 3",
    ]


def test_a_teacher_copies_a_colleagues_plan_of_the_same_subject_and_grade(cast, actor_of):
    from tests import factories as f

    # Another 2nd-grade class whose mathematics the subject teacher also teaches; 2А's is the
    # class teacher's. The subject teacher's 3Б mathematics is another grade: nothing to copy there.
    other_2nd = f.ClassGroupFactory(year=cast.class_a.year, grade=2)
    colleague = f.TeachingAssignmentFactory(
        class_group=other_2nd, subject=cast.math_a.subject, teacher=cast.math_b.teacher
    )
    imported(cast, cast.math_a, 4)
    target_actor = actor_of("teacher")
    assert services.copy_sources(target_actor, cast.math_b) == []
    source = ThematicPlan.objects.get(assignment=cast.math_a)
    assert services.plan_copy(actor=target_actor, assignment_id=colleague.pk, source_plan_id=source.pk) == 4
    assert topics(colleague) == ["Тема 1", "Тема 2", "Тема 3", "Тема 4"]
    with pytest.raises(InvalidInput):
        services.plan_copy(actor=target_actor, assignment_id=cast.math_b.pk, source_plan_id=source.pk)


def test_the_template_columns_are_the_common_layout():
    assert [c.title for c in services.COLUMNS] == HEADER
