"""The diary's change log is merged at night into a row per pupil or journal and day, and no sum
a family's ETag reads moves (decision 0042)."""

import datetime as dt

import pytest

from tests import factories as f
from tests.diary.conftest import MONDAY
from zhurnal.diary import freshness
from zhurnal.diary.models import Change
from zhurnal.diary.services import diary_changes_merge
from zhurnal.ops import scheduler
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db


def _etag_figures(cast):
    actor = actor_for(cast.user("parent_a"))
    week = freshness.family_figures(
        actor, cast.pupil_a.pk, MONDAY - dt.timedelta(days=62), MONDAY, finals=False
    )
    period = freshness.family_figures(
        actor, cast.pupil_a.pk, dt.date(1, 1, 1), dt.date(9999, 12, 31), finals=True
    )
    return week, period


def test_merging_leaves_one_row_per_scope_and_day_and_every_sum_as_it_was(cast):
    Change.objects.all().delete()  # the fixtures' own rows: this test counts from none
    lesson, pupil = cast.lesson_a, cast.pupil_a
    mark = f.MarkFactory(lesson=lesson, student=pupil, value="3", score=3)  # (p, pupil, day): 1
    for value in ("4", "5"):  # each update: the old row's and the new one's, 2 + 2
        mark.value = value
        mark.save()
    lesson.topic = "Дроби"
    lesson.save()  # (j, journal, day): 2
    f.LessonFactory(assignment=cast.math_a, date=MONDAY, slot=6)  # (j, journal, Monday): 1, alone
    pupil_day = ("p", pupil.pk, lesson.date)
    journal_day = ("j", cast.math_a.pk, lesson.date)
    journal_rows = Change.objects.filter(scope="j", scope_id=cast.math_a.pk, day=lesson.date).count()
    before = _etag_figures(cast)

    assert diary_changes_merge() == (5 - 1) + (journal_rows - 1)

    rows = sorted(Change.objects.values_list("scope", "scope_id", "day", "weight"))
    assert (*pupil_day, 5) in rows and (*journal_day, journal_rows) in rows
    assert ("j", cast.math_a.pk, MONDAY, 1) in rows
    assert len(rows) == len({row[:3] for row in rows})  # one row per scope and day
    assert _etag_figures(cast) == before
    assert diary_changes_merge() == 0  # nothing left to merge

    mark.value = "2"
    mark.save()  # a change after the merge still moves the sums

    assert _etag_figures(cast) != before


def test_an_empty_log_merges_to_nothing(db):
    Change.objects.all().delete()

    assert diary_changes_merge() == 0


def test_the_merge_is_a_nightly_job():
    job = next(job for job in scheduler.JOBS if job.name == "diary_changes_merge")

    assert job.run.__name__ == "merge_diary_changes" and job.due is scheduler.nightly
