"""The state-portal feed: its documented shape, what it carries, and its watermark."""

import datetime as dt
import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from tests import factories as f
from tests.querycount import count_queries
from zhurnal.core.audit import audit_record
from zhurnal.core.models import AuditEvent
from zhurnal.integrations.models import PortalWatermark
from zhurnal.integrations.portal import feed as portal_feed
from zhurnal.integrations.services.portal import portal_feed_send
from zhurnal.journal.models import Attendance, Lesson, Mark, PeriodMark
from zhurnal.people.models import Staff, Student, TimetableEntry

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/integrations/portal-feed.schema.json").read_text()
)
T0 = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


def _validator():
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def _datetime(value):
        return not isinstance(value, str) or dt.datetime.fromisoformat(value).tzinfo is not None

    @checker.checks("time", raises=ValueError)
    def _time(value):
        return not isinstance(value, str) or bool(dt.time.fromisoformat(value))

    return jsonschema.Draft202012Validator(SCHEMA, format_checker=checker)


class Collect:
    """A transport that keeps what it was given, as a real one would send it."""

    name = "memory"

    def __init__(self, fail: bool = False):
        self.feeds: list[dict] = []
        self.fail = fail

    def send(self, feed: dict, *, school_id: int) -> str:
        if self.fail:
            raise ConnectionError("portal unreachable")
        self.feeds.append(json.loads(json.dumps(feed)))  # what leaves is JSON
        return f"feed-{len(self.feeds)}"


@pytest.fixture
def school(cast):
    """School A of the cast, with a deferred mark, a dictation's two marks, an absence, homework,
    a year's exam mark and pupil A's СНИЛС."""
    cast.pupil_a.snils = "112-233-445 95"
    cast.pupil_a.save()
    test = f.WorkTypeFactory(school=cast.school_a, name="Контрольная работа", short_name="К", weight=5)
    f.MarkFactory(lesson=cast.lesson_a, student=cast.pupil_a, value="2", score=2, work_type=test,
                  deferred_until=dt.date(2026, 12, 4))  # fmt: skip
    f.MarkFactory(lesson=cast.lesson_a, student=cast.pupil_a, value="5/4", score=5, score2=4)
    f.AttendanceFactory(lesson=cast.lesson_a, student=cast.pupil_a, minutes_late=None)
    cast.lesson_a.homework, cast.lesson_a.homework_due = "№ 12, 14", dt.date(2026, 11, 27)
    cast.lesson_a.save()
    f.PeriodMarkFactory(student=cast.pupil_a, value="4", kind=PeriodMark.Kind.EXAM, year=cast.class_a.year)
    # Everything was written a while ago: a feed's window ends a minute before it is made.
    for model in (Mark, PeriodMark, Attendance, Lesson, Student, Staff, TimetableEntry):
        model.objects.update(updated_at=T0 - dt.timedelta(days=1))
    return cast.school_a


def test_the_full_feed_validates_against_its_schema_and_carries_the_canonical_records(cast, school):
    data = portal_feed.build(school, since=None, until=T0 + dt.timedelta(days=3650))
    errors = sorted(_validator().iter_errors(data), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]

    deferred = next(m for m in data["marks"] if m["deferred"])
    assert (deferred["value"], deferred["weight"], deferred["control_form"]) == ("2", 5, "Контрольная работа")
    assert deferred["deadline"] == "2026-12-04"
    assert next(m for m in data["marks"] if m["value"] == "5/4")["scores"] == [5, 4]
    exam = next(m for m in data["marks"] if m["final"])
    assert (exam["exam"], exam["value"], exam["kind"]) == (True, "4", "exam")
    pupil_a = next(p for p in data["people"] if p["id"] == f"student:{cast.pupil_a.pk}")
    assert pupil_a["snils"] == "112-233-445 95"
    assert [a["student"] for a in data["attendance"]] == [f"student:{cast.pupil_a.pk}"]
    assert [(h["text"], h["due"], h["class"]) for h in data["homework"]] == [("№ 12, 14", "2026-11-27", "2А")]
    assert {t["subject"] for t in data["timetable"]} == {"Математика", "Иностранный язык (английский)"}
    # Only school A: school B's pupil and mark are not in it.
    assert f"student:{cast.pupil_other.pk}" not in {p["id"] for p in data["people"]}


def test_a_broken_feed_does_not_validate(cast, school):
    data = portal_feed.build(school, since=None, until=T0 + dt.timedelta(days=3650))
    data["marks"][0]["weight"] = "heavy"
    data["marks"][0].pop("deadline")
    assert len(list(_validator().iter_errors(data))) == 2


def test_the_second_feed_carries_only_what_changed_since_the_watermark(cast, school):
    transport = Collect()
    first = portal_feed_send(school_id=school.pk, transport=transport, now=T0 + dt.timedelta(days=3650))
    # The cast's marks of pupils A and B, the deferred one, the dictation, the exam.
    assert first.counts["marks"] == 5
    assert PortalWatermark.objects.get(school=school).exported_to == first.until

    later = first.until + dt.timedelta(hours=1)
    Mark.objects.filter(pk=cast.mark_a.pk).update(value="4", score=4, updated_at=later)
    audit_record(
        actor=None, action="mark.delete", object_type="journal.mark", object_id=999, school_id=school.pk
    )
    AuditEvent.objects.filter(object_id=999).update(created_at=later)
    second = portal_feed_send(school_id=school.pk, transport=transport, now=later + dt.timedelta(hours=1))

    feed = transport.feeds[1]
    assert feed["since"] == first.until.isoformat()
    assert [m["id"] for m in feed["marks"]] == [f"mark:{cast.mark_a.pk}"]
    assert feed["marks"][0]["value"] == "4"
    assert [p["id"] for p in feed["people"]] == [f"student:{cast.pupil_a.pk}"]  # whom the mark names
    assert feed["deleted"] == [{"kind": "mark", "id": 999, "at": later.isoformat()}]
    assert feed["attendance"] == feed["homework"] == feed["timetable"] == []
    assert not list(_validator().iter_errors(feed))
    assert second.since == first.until


def test_a_failed_delivery_leaves_the_watermark_where_it_was(cast, school):
    with pytest.raises(ConnectionError):
        portal_feed_send(school_id=school.pk, transport=Collect(fail=True), now=T0)
    assert not PortalWatermark.objects.exists()


def test_the_feed_is_audited(cast, school):
    portal_feed_send(school_id=school.pk, transport=Collect(), now=T0 + dt.timedelta(days=3650))
    event = AuditEvent.objects.get(action="portal.feed_sent")
    assert event.school_id == school.pk and event.after["transport"] == "memory"


def test_the_command_writes_the_documented_json_to_a_file(cast, school, tmp_path):
    out = io.StringIO()
    target = tmp_path / "feed.json"
    call_command(
        "export", "portal", "--school", str(school.pk), "--full", "--output", str(target), stdout=out
    )
    data = json.loads(target.read_text())
    assert not list(_validator().iter_errors(data))
    assert "marks 5" in out.getvalue()


def test_the_command_takes_since_as_a_date(cast, school, tmp_path):
    target = tmp_path / "feed.json"
    call_command(
        "export", "portal", "--school", str(school.pk), "--since", "2020-01-01", "--output", str(target)
    )
    assert json.loads(target.read_text())["since"].startswith("2020-01-01T00:00:00")


def test_the_command_refuses_an_unknown_school_and_a_bad_date(cast):
    with pytest.raises(CommandError, match="Школа не найдена"):
        call_command("export", "portal", "--school", "999999")
    with pytest.raises(CommandError, match="--since"):
        call_command("export", "portal", "--school", str(cast.school_a.pk), "--since", "вчера")


def test_the_feed_runs_a_fixed_number_of_queries_however_many_marks(cast, school):
    until = T0 + dt.timedelta(days=3650)
    few, _ = count_queries(portal_feed.build, school, since=None, until=until)
    for _ in range(20):
        pupil = f.EnrollmentFactory(class_group=cast.class_a).student
        f.MarkFactory(lesson=cast.lesson_a, student=pupil)
        f.AttendanceFactory(lesson=cast.lesson_a, student=pupil)
    many, data = count_queries(portal_feed.build, school, since=None, until=until)
    assert many == few
    assert len(data["marks"]) == 25


def test_a_study_groups_homework_is_named_by_the_group_and_validates(cast, school):
    from tests.people.groups_setup import build_group

    group = build_group(cast)
    group.lesson.homework = "Прочитать § 2"
    group.lesson.save()
    data = portal_feed.build(school, since=None, until=T0 + dt.timedelta(days=3650))

    errors = sorted(_validator().iter_errors(data), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert ("Прочитать § 2", "ОРКСЭ: светская этика") in {(h["text"], h["class"]) for h in data["homework"]}
