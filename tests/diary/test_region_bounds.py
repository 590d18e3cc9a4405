"""A family's 304 reads only the pupil's own rows and the change log's rows of the pupil and their
journals, each through its index: never the region's rows (docs/performance/region-50.md)."""

import datetime as dt

import pytest

from tests.diary.conftest import MONDAY
from tests.plans import whole_reads
from zhurnal.core import rawsql
from zhurnal.diary import freshness
from zhurnal.policy.actor import actor_for

pytestmark = pytest.mark.django_db


def _statement(cast, monkeypatch, **days) -> tuple[str, list]:
    seen = {}
    real = rawsql.fetch

    def fetch(sql, params):
        seen.update(sql=sql, params=params)
        return real(sql, params)

    monkeypatch.setattr(rawsql, "fetch", fetch)
    actor = actor_for(cast.user("parent_a"))
    freshness.family_figures(actor, cast.pupil_a.pk, MONDAY - dt.timedelta(days=62), MONDAY, **days)
    return seen["sql"], seen["params"]


@pytest.mark.parametrize(
    "days", [{"finals": False}, {"finals": True, "period_id": 1}], ids=["week", "period"]
)
def test_the_familys_figures_read_the_log_and_the_pupils_rows_through_their_indexes(cast, monkeypatch, days):
    sql, params = _statement(cast, monkeypatch, **days)

    assert whole_reads(sql, "diary_change", ("scope",), params) == []
    assert whole_reads(sql, "people_subgroupmembership", ("student_id",), params) == []
    assert whole_reads(sql, "people_enrollment", ("student_id",), params) == []
    assert whole_reads(sql, "people_studygroupmembership", ("student_id",), params) == []
    assert whole_reads(sql, "people_teachingassignment", ("class_group_id", "study_group_id"), params) == []


def test_a_read_of_the_log_by_its_days_alone_is_found_whole(db):
    # The check above can fail: the log read by the day only is every pupil's and journal's.
    sql = "SELECT SUM(cj.weight) FROM diary_change cj WHERE cj.day >= %s"

    assert whole_reads(sql, "diary_change", ("scope",), [MONDAY]) != []
