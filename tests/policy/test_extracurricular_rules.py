"""The extracurricular journal's predicates: who keeps courses, who conducts, the edit window."""

import datetime as dt
from types import SimpleNamespace

import pytest

from zhurnal.policy import rules

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


def _school(cast):
    return SimpleNamespace(pk=cast.school_a.pk, edit_window_days=7)


def test_the_deputy_and_the_director_keep_the_schools_courses_and_nobody_else(cast, actor_of):
    keepers = {
        name
        for name in ("director", "deputy", "sysadmin", "secretary", "classteacher", "teacher", "parent_a")
        if rules.may_keep_extracurricular(actor_of(name), cast.school_a.pk)
    }
    assert keepers == {"director", "deputy"}
    assert not rules.may_keep_extracurricular(actor_of("deputy"), cast.school_b.pk)


def test_only_the_courses_own_teachers_conduct_it(cast, actor_of):
    teacher = actor_of("teacher")
    (card,) = teacher.staff_ids
    assert rules.may_conduct_course(teacher, {card})
    assert not rules.may_conduct_course(actor_of("classteacher"), {card})
    assert not rules.may_conduct_course(actor_of("parent_a"), {card})


def test_the_teacher_records_attendance_within_the_window_and_not_ahead(cast, actor_of):
    teacher = actor_of("teacher")
    mine = teacher.staff_ids
    record = rules.may_record_session_attendance
    assert record(teacher, _school(cast), mine, TODAY - dt.timedelta(days=7), TODAY)
    assert not record(teacher, _school(cast), mine, TODAY - dt.timedelta(days=8), TODAY)
    assert not record(teacher, _school(cast), mine, TODAY + dt.timedelta(days=1), TODAY)


def test_the_deputy_corrects_attendance_after_the_window(cast, actor_of):
    assert rules.may_record_session_attendance(
        actor_of("deputy"), _school(cast), frozenset(), TODAY - dt.timedelta(days=60), TODAY
    )


def test_the_authority_has_no_extracurricular_pages(cast, actor_of):
    assert not rules.may_open_extracurricular(actor_of("authority"))
    assert rules.may_open_extracurricular(actor_of("parent_b"))
