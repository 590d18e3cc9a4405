"""The journal's rules (edit window, minimum marks, thresholds, the year mark) and the
curriculum's grading scales kept on the directories pages (issue 10 item 8): audited, refused
whole in Russian naming the field, holding for what is entered afterwards."""

from decimal import Decimal

import pytest

from tests import factories as f
from tests.people.test_query_counts import measure
from zhurnal.core.audit import AuditEvent
from zhurnal.core.errors import Forbidden, InvalidInput
from zhurnal.directories.services import directory_entry_create, school_rules_update
from zhurnal.policy.actor import actor_for
from zhurnal.schools.models import CurriculumPlan, GradingMode, School

pytestmark = pytest.mark.django_db

RULES = {
    "edit_window_days": "10",
    "edit_window_covers": ["marks", "attendance"],
    "min_marks_for_period": "4",
    "threshold_5": "4,6",
    "threshold_4": "3.6",
    "threshold_3": "2.6",
    "year_mark_rule": "last",
    "keeps_health_group": "1",
}


def as_(cast, name):
    return actor_for(cast.user(name))


def test_the_system_administrator_sets_the_journal_rules_with_one_audit_row_of_the_changes(cast):
    school_rules_update(actor=as_(cast, "sysadmin"), school_id=cast.school_a.pk, data=RULES)

    school = School.objects.get(pk=cast.school_a.pk)
    assert (school.edit_window_days, school.edit_window_covers, school.min_marks_for_period) == (
        10,
        "marks,attendance",
        4,
    )
    assert (school.threshold_5, school.threshold_4, school.threshold_3) == (
        Decimal("4.60"),
        Decimal("3.60"),
        Decimal("2.60"),
    )
    assert school.year_mark_rule == "last" and school.keeps_health_group
    assert not school.attendance_taken_by_topic  # the box left unticked
    event = AuditEvent.objects.get(action="school.rules")
    assert event.before["edit_window_days"] == 7 and event.after["edit_window_days"] == 10
    assert event.before["threshold_5"] == "4.50" and event.after["threshold_5"] == "4.60"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"threshold_4": "4.7"}, "threshold_5"),
        ({"threshold_3": "1.5"}, "threshold_5"),
        ({"threshold_5": "пять"}, "threshold_5"),
        ({"edit_window_days": "400"}, "edit_window_days"),
        ({"edit_window_days": "-1"}, "edit_window_days"),
        ({"year_mark_rule": "median"}, "year_mark_rule"),
    ],
)
def test_wrong_rules_are_refused_naming_the_field_and_nothing_changes(cast, changes, field):
    with pytest.raises(InvalidInput) as refused:
        school_rules_update(
            actor=as_(cast, "sysadmin"), school_id=cast.school_a.pk, data={**RULES, **changes}
        )

    assert refused.value.field == field
    school = School.objects.get(pk=cast.school_a.pk)
    assert (school.edit_window_days, school.threshold_5) == (7, Decimal("4.50"))
    assert not AuditEvent.objects.filter(action="school.rules").exists()


def test_the_secretary_and_the_deputy_may_not_change_the_rules(cast):
    for name in ("secretary", "deputy", "classteacher"):
        with pytest.raises(Forbidden):
            school_rules_update(actor=as_(cast, name), school_id=cast.school_a.pk, data=RULES)


def test_the_rules_page_shows_the_school_values_and_saves_them(cast, login):
    client = login(cast.user("director"))
    url = f"/directories/rules/?school={cast.school_a.pk}"
    page = client.get(url).content.decode()
    assert 'value="4.50"' in page and 'name="edit_window_days"' in page

    answer = client.post(url, {**RULES, "threshold_4": "5"})
    assert answer.status_code == 400 and "Пороги шкалы" in answer.content.decode()

    assert client.post(url, RULES).status_code == 302
    assert School.objects.get(pk=cast.school_a.pk).edit_window_days == 10


def test_a_curriculum_line_sets_the_grading_scale_and_grade_1_is_taught_without_marks(cast):
    admin = as_(cast, "sysadmin")
    subject = f.SubjectFactory(school=cast.school_a, name="Музыка")
    year = cast.class_a.year

    line = directory_entry_create(
        actor=admin,
        slug="curriculum",
        school_id=cast.school_a.pk,
        data={
            "year": year.pk,
            "grade": "2",
            "subject": subject.pk,
            "hours_per_week": "1",
            "grading_mode": "pass_fail",
        },
    )
    assert line.grading_mode == GradingMode.PASS_FAIL

    with pytest.raises(InvalidInput) as refused:
        directory_entry_create(
            actor=admin,
            slug="curriculum",
            school_id=cast.school_a.pk,
            data={
                "year": year.pk,
                "grade": "1",
                "subject": subject.pk,
                "hours_per_week": "1",
                "grading_mode": "marks",
            },
        )
    assert refused.value.field == "grading_mode" and "безотметочное" in refused.value.message
    assert CurriculumPlan.objects.filter(grade=1).count() == 0


def test_a_deactivated_subject_is_refused_for_a_new_curriculum_line(cast):
    admin = as_(cast, "sysadmin")
    subject = f.SubjectFactory(school=cast.school_a, name="Черчение", is_active=False)
    with pytest.raises(InvalidInput) as refused:
        directory_entry_create(
            actor=admin,
            slug="curriculum",
            school_id=cast.school_a.pk,
            data={"year": cast.class_a.year.pk, "grade": "7", "subject": subject.pk, "hours_per_week": "1"},
        )
    assert refused.value.field == "subject" and "отключено" in refused.value.message


def test_an_academic_year_is_added_and_never_deleted(cast):
    admin = as_(cast, "sysadmin")
    year = directory_entry_create(
        actor=admin,
        slug="years",
        school_id=cast.school_a.pk,
        data={"name": "2027/2028", "start": "2027-09-01", "end": "2028-05-31"},
    )
    assert AuditEvent.objects.filter(action="directory.years.create", object_id=year.pk).exists()
    with pytest.raises(InvalidInput) as refused:
        directory_entry_create(
            actor=admin,
            slug="years",
            school_id=cast.school_a.pk,
            data={"name": "2028/2029", "start": "2029-09-01", "end": "2028-05-31"},
        )
    assert refused.value.message


@pytest.mark.parametrize("slug", ["years", "curriculum"])
def test_the_new_directory_pages_do_not_grow_with_the_data(client, cast, slug):
    small = measure(client, cast, "sysadmin", f"/directories/{slug}/")
    for i in range(6):
        subject = f.SubjectFactory(school=cast.school_a, name=f"Предмет {i}")
        CurriculumPlan.objects.create(
            school=cast.school_a, year=cast.class_a.year, grade=2, subject=subject, hours_per_week=1
        )
        f.AcademicYearFactory(school=cast.school_a, name=f"20{10 + i}/20{11 + i}")
    large = measure(client, cast, "sysadmin", f"/directories/{slug}/")
    assert large == small and small <= 15, (small, large)


def test_the_rules_page_does_not_grow_with_the_data(client, cast):
    small = measure(client, cast, "sysadmin", "/directories/rules/")
    for i in range(6):
        f.AcademicYearFactory(school=cast.school_a, name=f"20{10 + i}/20{11 + i}")
    assert measure(client, cast, "sysadmin", "/directories/rules/") == small <= 15


def test_the_curriculum_page_names_its_columns_in_russian(cast, login):
    page = login(cast.user("sysadmin")).get("/directories/curriculum/").content.decode()
    assert "Предмет" in page and "Subject" not in page
