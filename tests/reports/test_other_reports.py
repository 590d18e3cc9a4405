"""The other reports' figures, worked out by hand for tests/reports/data.py."""

import datetime as dt
from decimal import Decimal

import pytest

from tests import factories as f
from tests.reports.helpers import row_where, rows_of, run_json
from zhurnal.accounts.models import ActivityEvent
from zhurnal.journal.models import Lesson
from zhurnal.reports import running
from zhurnal.schools import calendar

pytestmark = pytest.mark.django_db


def _pupil(name):
    return f"{name} Иван Петрович"


def test_marks_count_lists_every_pupil_at_the_end_and_those_below_the_minimum(hand, actor):
    data = run_json(actor("deputy"), "marks-count", period=hand.period.pk)
    math = [
        r
        for r in rows_of(data)
        if (r["class_name"], r["subject"]) == ("2А", "Математика") and "kind" not in r
    ]
    # Егоров left before the end; the minimum is 3 (the school's default).
    assert {r["student"]: r["marks"] for r in math} == {
        _pupil("Антонов"): 2,
        _pupil("Борисова"): 2,
        _pupil("Васильев"): 0,
        _pupil("Григорьев"): 0,
        _pupil("Дмитриева"): 0,
        _pupil("Жуков"): 1,
    }
    total = row_where(data, class_name="2А", subject="Математика", kind="subtotal")
    assert (total["marks"], total["below"]) == (5, 6)
    english = row_where(data, subject="Английский язык (Английский, гр. 1)", kind="subtotal")
    assert (english["marks"], english["below"]) == (1, 2)


def test_teacher_forecast_uses_the_weighted_average_thresholds_and_minimum(hand, actor):
    hand.school.min_marks_for_period = 2
    hand.school.save()
    data = run_json(actor("classteacher"), "teacher-forecast", period=hand.period.pk)
    math = {r["student"]: r for r in rows_of(data) if r["subject"] == "Математика"}
    # Антонов: (5×1 + 5×3) / 4 = 5.00 → «5». Борисова: (4 + 2) / 2 = 3.00 → «3» (≥ 2.50).
    assert (math[_pupil("Антонов")]["average"], math[_pupil("Антонов")]["forecast"]) == (5.0, "5")
    assert (math[_pupil("Борисова")]["average"], math[_pupil("Борисова")]["forecast"]) == (3.0, "3")
    # Жуков has one mark of the two needed, Васильев none: н/а, and that many short.
    assert (math[_pupil("Жуков")]["forecast"], math[_pupil("Жуков")]["short"]) == ("н/а", 1)
    assert (math[_pupil("Васильев")]["forecast"], math[_pupil("Васильев")]["short"]) == ("н/а", 2)
    assert _pupil("Григорьев") not in math  # exempt
    assert {r["subject"] for r in rows_of(data)} == {
        "Математика",
        "Окружающий мир",
        "Английский язык (Английский, гр. 1)",
    }


def test_class_results_puts_each_pupil_in_one_category_and_names_the_subject(hand, actor):
    data = run_json(actor("classteacher"), "class-results", period=hand.period.pk)
    people = {r["student"]: (r["category"], r["subjects"]) for r in rows_of(data, 1)}
    assert people == {
        _pupil("Антонов"): ("Отличник", ""),
        _pupil("Борисова"): ("Хорошист", ""),
        _pupil("Васильев"): ("Неуспевающий", "Музыка"),
        _pupil("Жуков"): ("Неуспевающий", "Математика"),
        _pupil("Дмитриева"): ("Не аттестован", "Математика"),
        _pupil("Григорьев"): ("Без отметок", ""),
    }
    summary = row_where(data, 0, class_name="2А")
    assert (summary["pupils"], summary["excellent"], summary["good"], summary["failing"]) == (6, 1, 1, 2)
    assert (summary["not_attested"], summary["none"]) == (1, 1)


def test_the_parent_letter_holds_one_pupils_marks_averages_period_marks_and_absences(hand, actor):
    data = run_json(actor("parent"), "parent-letter", period=hand.period.pk)
    assert [t["title"] for t in data["tables"]] == [_pupil("Антонов")]
    math = row_where(data, subject="Математика")
    assert (math["n5"], math["average"], math["period_mark"]) == (2, 5.0, "5")
    assert row_where(data, subject="Музыка")["period_mark"] == "зч"
    assert (row_where(data, kind="total")["n5"], row_where(data, kind="total")["n4"]) == (2, 1)
    assert (
        "Пропущено уроков: 2, из них по болезни: 2; опозданий: 1"
        in row_where(data, kind="subtotal")["subject"]
    )


def test_a_parent_cannot_make_the_letter_of_another_child(hand, actor):
    from zhurnal.core.errors import NotFound

    with pytest.raises(NotFound):
        run_json(actor("parent"), "parent-letter", student=hand.pupils["борисова"].pk)


def test_the_class_teacher_makes_the_whole_classs_letters_at_once(hand, actor):
    data = run_json(actor("classteacher"), "parent-letter", period=hand.period.pk)
    # Everyone enrolled at some time in the quarter, Егоров (left) and Жуков (joined) too.
    assert len(data["tables"]) == 7


def test_study_weeks_leave_out_weekends_and_the_grades_holidays():
    holidays = [
        type(
            "H",
            (),
            {"start": dt.date(2026, 11, 9), "end": dt.date(2026, 11, 13), "grade_from": 2, "grade_to": 2},
        )
    ]
    # 03.11 (Tue) – 26.12 (Sat): 4 + 7 × 5 = 39 weekdays; grade 2 loses the 5 of 09–13.11.
    assert calendar.study_days(dt.date(2026, 11, 3), dt.date(2026, 12, 26), holidays, 2) == 34
    assert calendar.study_weeks(dt.date(2026, 11, 3), dt.date(2026, 12, 26), holidays, 2) == Decimal("6.8")
    assert calendar.study_days(dt.date(2026, 11, 3), dt.date(2026, 12, 26), holidays, 3) == 39


def test_curriculum_delivery_compares_planned_hours_with_lessons_given_and_scheduled(hand, actor, settings):
    settings.ZHURNAL_TODAY = "2026-12-01"
    f.LessonFactory(assignment=hand.assignments["math"], date=dt.date(2026, 12, 15), slot=1)
    math = row_where(
        run_json(actor("deputy"), "curriculum-delivery", period=hand.period.pk),
        subject="Математика",
        class_name="2А",
    )
    # 4 h/week × 6.8 weeks = 27.2; to 01.12: 16 study days = 3.2 weeks → 12.8.
    assert (math["planned"], math["planned_to_date"]) == (27.2, 12.8)
    # Given: 24.11 and 25.11 (the cancelled one does not count); one more on 15.12.
    assert (math["given"], math["ahead"], math["lag"], math["gap"]) == (2, 1, 10.8, 24.2)


def test_curriculum_delivery_counts_the_control_works_given(hand, actor, settings):
    settings.ZHURNAL_TODAY = "2026-12-01"
    control = f.LessonTypeFactory(school=hand.school, name="Контрольный урок", is_control_work=True)
    ordinary = f.LessonTypeFactory(school=hand.school, name="Комбинированный урок")
    math = hand.assignments["math"]
    f.LessonFactory(assignment=math, date=dt.date(2026, 11, 26), slot=1, lesson_type=control)
    f.LessonFactory(assignment=math, date=dt.date(2026, 11, 27), slot=1, lesson_type=ordinary)
    f.LessonFactory(assignment=math, date=dt.date(2026, 12, 15), slot=1, lesson_type=control)  # not yet
    f.LessonFactory(
        assignment=math,
        date=dt.date(2026, 11, 30),
        slot=1,
        lesson_type=control,
        status=Lesson.Status.CANCELLED,
    )
    f.LessonFactory(assignment=math, date=dt.date(2026, 10, 20), slot=1, lesson_type=control)  # quarter I
    data = run_json(actor("deputy"), "curriculum-delivery", period=hand.period.pk)
    # One control work given in the quarter by 01.12: 26.11 (15.12 is ahead, 30.11 cancelled).
    assert row_where(data, subject="Математика", class_name="2А")["control"] == 1
    assert row_where(data, subject="Музыка", class_name="2А")["control"] == 0


def test_lesson_types_named_as_control_lessons_become_control_works_on_migration():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("zhurnal.journal.migrations.0007_lesson_type_is_control_work")
    school = f.SchoolFactory()
    named = f.LessonTypeFactory(school=school, name="Контрольный урок")
    other = f.LessonTypeFactory(school=school, name="Урок-практикум")
    migration.mark_control_works(apps, None)
    named.refresh_from_db()
    other.refresh_from_db()
    assert named.is_control_work and not other.is_control_work


def test_user_activity_counts_logins_and_actions_and_names_who_never_signed_in(hand, actor, settings):
    settings.ZHURNAL_TODAY = "2026-11-25"
    director = hand.users["director"]
    at = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    for kind in ("login", "login", "page", "page", "api"):
        ActivityEvent.objects.create(
            user_id=director.pk,
            username=director.username,
            role="director",
            school_id=hand.school.pk,
            kind=kind,
        )
    ActivityEvent.objects.update(at=at)
    ActivityEvent.objects.create(
        user_id=director.pk,
        username=director.username,
        role="director",
        school_id=hand.school.pk,
        kind="login",
    )
    data = run_json(actor("director"), "user-activity", date="2026-11-25")
    row = row_where(data, username=director.username)
    assert (row["logins"], row["actions"]) == (2, 3)
    assert hand.users["parent"].username in {r["username"] for r in rows_of(data, 1)}


def test_authority_summary_counts_every_journal_of_its_schools(hand, actor, settings):
    settings.ZHURNAL_TODAY = "2026-12-01"
    data = run_json(actor("authority"), "authority-summary")
    school = row_where(data, school="Школа № 7")
    # The same as the school total of `progress`: 21 pupil-subjects, three «5».
    assert (school["total"], school["n5"], school["n"]) == (21, 3, 11)
    # Absences in the quarter: Антонов 2, Борисова 2, Васильев 1 (not the cancelled lesson), Егоров 1.
    assert (school["missed"], school["ill"], school["late"]) == (6, 2, 1)


def _first_quarter_marks(hand, marks):
    q1 = type(hand.period).objects.get(year=hand.period.year, number=1)
    subjects = {a.subject.name: a.subject for a in hand.assignments.values()}
    for name, subject, value in marks:
        f.PeriodMarkFactory(
            student=hand.pupils[name],
            subject=subjects[subject],
            year=q1.year,
            period=q1,
            kind="period",
            value=value,
        )


def test_teacher_forecast_gives_the_year_mark_from_earlier_periods_and_this_one(hand, actor):
    hand.school.min_marks_for_period = 2
    hand.school.save()
    _first_quarter_marks(
        hand,
        [
            ("антонов", "Математика", "4"),
            ("борисова", "Математика", "3"),
            ("васильев", "Окружающий мир", "4"),
        ],
    )
    data = run_json(actor("classteacher"), "teacher-forecast", period=hand.period.pk)
    math = {r["student"]: r for r in rows_of(data) if r["subject"] == "Математика"}
    world = {r["student"]: r for r in rows_of(data) if r["subject"] == "Окружающий мир"}
    # Антонов: I «4», II given «5» → (4 + 5) / 2 = 4.5, rounded half up → «5».
    assert (math[_pupil("Антонов")]["earlier"], math[_pupil("Антонов")]["year_forecast"]) == ("4", "5")
    # Борисова: I «3», II given «4» → 3.5 → «4».
    assert math[_pupil("Борисова")]["year_forecast"] == "4"
    # Жуков joined in November: no earlier period; II given «2» → «2», at risk.
    assert math[_pupil("Жуков")]["year_forecast"] == "2"
    # Васильев in the world around us: I «4», II not given and forecast н/а (no marks) → н/а.
    assert world[_pupil("Васильев")]["forecast"] == "н/а"
    assert world[_pupil("Васильев")]["year_forecast"] == "н/а"
    report = running.report_for_runner(actor("classteacher"), "teacher-forecast")
    rows = running.run(actor("classteacher"), report, {"period": str(hand.period.pk)}).tables[0].rows
    at_risk = {(r["subject"], r["student"]) for r in rows if r["highlight"]}
    assert ("Математика", _pupil("Жуков")) in at_risk and ("Окружающий мир", _pupil("Васильев")) in at_risk
    assert ("Математика", _pupil("Борисова")) not in at_risk


def test_the_year_forecast_follows_the_schools_rule(hand, actor):
    hand.school.year_mark_rule = "last"
    hand.school.save()
    _first_quarter_marks(hand, [("антонов", "Математика", "3")])
    data = run_json(actor("classteacher"), "teacher-forecast", period=hand.period.pk)
    math = {r["student"]: r for r in rows_of(data) if r["subject"] == "Математика"}
    assert math[_pupil("Антонов")]["year_forecast"] == "5"  # the last period's: II «5»
