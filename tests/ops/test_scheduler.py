"""The scheduler runs each periodic job once per period, never twice at once, and survives failures.

Times are passed explicitly; "today" is the test settings' fixed Wednesday, 25 November 2026.
"""

import datetime as dt
import io
import logging
import os
import signal
import sys
import threading
import time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tests import factories as f
from zhurnal.journal.models import Lesson
from zhurnal.ops import gunicorn_config, scheduler
from zhurnal.ops.management.commands import serve
from zhurnal.ops.models import ScheduledJob
from zhurnal.ops.scheduler import Job

MSK = ZoneInfo("Europe/Moscow")
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=MSK)  # Wednesday noon
HOUR = dt.timedelta(hours=1)


class Counter:
    """A job body that counts its runs."""

    def __init__(self, message="готово"):
        self.runs = 0
        self.message = message

    def __call__(self) -> str:
        self.runs += 1
        return self.message


def job_named(name: str) -> Job:
    return next(job for job in scheduler.JOBS if job.name == name)


@pytest.mark.django_db
class TestClaimsAndPeriods:
    def test_a_due_job_runs_once_and_records_its_result(self):
        body = Counter("сделано: 3")
        job = Job("probe", HOUR, body)

        assert scheduler.run_due_jobs(NOW, jobs=(job,)) == [("probe", True, "сделано: 3")]

        row = ScheduledJob.objects.get(name="probe")
        assert body.runs == 1
        assert row.last_started_at == NOW
        assert row.last_finished_at >= NOW
        assert row.last_ok is True
        assert row.last_message == "сделано: 3"
        assert row.lease_until is None

    def test_a_job_waits_for_its_period_then_runs_again(self):
        body = Counter()
        job = Job("probe", HOUR, body)
        scheduler.run_due_jobs(NOW, jobs=(job,))

        assert scheduler.run_due_jobs(NOW + dt.timedelta(minutes=59), jobs=(job,)) == []
        assert body.runs == 1
        assert scheduler.run_due_jobs(NOW + HOUR, jobs=(job,)) == [("probe", True, "готово")]
        assert body.runs == 2
        assert ScheduledJob.objects.get(name="probe").last_started_at == NOW + HOUR

    def test_a_job_leased_by_another_runner_is_skipped_until_the_lease_expires(self):
        body = Counter()
        job = Job("probe", HOUR, body, lease=dt.timedelta(minutes=30))
        # Another process started it two hours ago and holds it for ten more minutes.
        ScheduledJob.objects.create(
            name="probe", last_started_at=NOW - 2 * HOUR, lease_until=NOW + dt.timedelta(minutes=10)
        )

        assert scheduler.run_due_jobs(NOW, jobs=(job,)) == []
        assert body.runs == 0

        # That runner died: once its lease has expired, the job is taken over.
        later = NOW + dt.timedelta(minutes=10)
        assert scheduler.run_due_jobs(later, jobs=(job,)) == [("probe", True, "готово")]
        row = ScheduledJob.objects.get(name="probe")
        assert (body.runs, row.last_started_at, row.lease_until) == (1, later, None)

    def test_two_claims_at_the_same_instant_only_one_wins(self):
        job = Job("probe", HOUR, Counter())

        assert scheduler.claim(job, NOW) is True
        assert scheduler.claim(job, NOW) is False

        row = ScheduledJob.objects.get(name="probe")
        assert row.lease_until == NOW + job.lease
        assert row.last_started_at == NOW

    def test_a_failing_job_records_its_error_and_the_others_still_run(self, caplog):
        def broken():
            raise RuntimeError("нет связи с почтовым сервером")

        body = Counter()
        jobs = (Job("broken", HOUR, broken), Job("probe", HOUR, body))

        with caplog.at_level(logging.ERROR, logger="zhurnal.ops.scheduler"):
            done = scheduler.run_due_jobs(NOW, jobs=jobs)

        assert done == [
            ("broken", False, "RuntimeError: нет связи с почтовым сервером"),
            ("probe", True, "готово"),
        ]
        row = ScheduledJob.objects.get(name="broken")
        assert row.last_ok is False
        assert "нет связи с почтовым сервером" in row.last_message
        assert row.lease_until is None  # a failure frees the job for its next period
        assert "Traceback" in caplog.text
        # Retried after its period, like any other run.
        assert scheduler.run_due_jobs(NOW + HOUR, jobs=jobs)[0][0] == "broken"

    def test_a_long_message_is_cut(self):
        scheduler.run_due_jobs(NOW, jobs=(Job("probe", HOUR, Counter("я" * 5000)),))
        assert len(ScheduledJob.objects.get(name="probe").last_message) == scheduler.MESSAGE_LENGTH


class TestTheDigestsDay:
    digest = job_named("notifications_digest")

    @pytest.mark.parametrize(
        "moment",
        [
            dt.datetime(2026, 11, 27, 12, 0, tzinfo=MSK),  # Friday
            dt.datetime(2026, 11, 28, 9, 59, tzinfo=MSK),  # Saturday, before ten
            dt.datetime(2026, 11, 28, 6, 59, tzinfo=dt.UTC),  # the same in UTC
            dt.datetime(2026, 11, 28, 22, 0, tzinfo=dt.UTC),  # Sunday 01:00 in Moscow
        ],
    )
    def test_not_due(self, moment):
        assert self.digest.is_due(moment) is False

    @pytest.mark.parametrize(
        "moment",
        [
            dt.datetime(2026, 11, 28, 10, 0, tzinfo=MSK),
            dt.datetime(2026, 11, 28, 7, 0, tzinfo=dt.UTC),  # 10:00 in Moscow
            dt.datetime(2026, 11, 28, 23, 30, tzinfo=MSK),
        ],
    )
    def test_due_on_saturday_from_ten_moscow_time(self, moment):
        assert self.digest.is_due(moment) is True

    def test_the_next_run_is_saturday_ten(self):
        assert scheduler.next_due(self.digest, None, NOW) == dt.datetime(2026, 11, 28, 10, 0, tzinfo=MSK)

    @pytest.mark.django_db
    def test_on_friday_the_scheduler_leaves_the_digest_alone(self):
        friday = dt.datetime(2026, 11, 27, 12, 0, tzinfo=MSK)
        assert scheduler.run_due_jobs(friday, jobs=(self.digest,)) == []
        assert not ScheduledJob.objects.filter(name="notifications_digest").exists()

    @pytest.mark.django_db
    def test_on_saturday_each_parent_gets_the_digest_once(self, cast):
        parent = cast.user("parent_a")
        parent.email = "parent_a@example.ru"
        parent.save(update_fields=["email"])
        saturday = dt.datetime(2026, 11, 28, 10, 5, tzinfo=MSK)

        [(name, ok, message)] = scheduler.run_due_jobs(saturday, jobs=(self.digest,))
        assert (name, ok) == ("notifications_digest", True)
        assert message == "сводок поставлено в очередь: 1"
        assert [m.to for m in mail.outbox] == [["parent_a@example.ru"]]

        # An hour later it runs again and finds nobody left to write to.
        assert scheduler.run_due_jobs(saturday + HOUR, jobs=(self.digest,)) == [
            ("notifications_digest", True, "сводок поставлено в очередь: 0")
        ]
        assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_lessons_for_the_next_fourteen_days_come_from_the_timetable_once():
    monday = f.TimetableEntryFactory(weekday=1, slot=2)
    wednesday = f.TimetableEntryFactory(assignment=monday.assignment, weekday=3, slot=1)
    job = job_named("lessons_generate")

    [(name, ok, message)] = scheduler.run_due_jobs(NOW, jobs=(job,))

    assert (name, ok) == ("lessons_generate", True)
    assert message == "уроков создано: 5 (25.11.2026–09.12.2026)"
    made = set(Lesson.objects.values_list("date", "slot"))
    assert made == {
        (dt.date(2026, 11, 25), wednesday.slot),
        (dt.date(2026, 11, 30), monday.slot),
        (dt.date(2026, 12, 2), wednesday.slot),
        (dt.date(2026, 12, 7), monday.slot),
        (dt.date(2026, 12, 9), wednesday.slot),
    }
    assert scheduler.run_due_jobs(NOW + job.every, jobs=(job,)) == [
        ("lessons_generate", True, "уроков создано: 0 (25.11.2026–09.12.2026)")
    ]
    assert Lesson.objects.count() == 5


@pytest.mark.django_db
def test_once_runs_the_due_jobs_and_status_shows_them(monkeypatch):
    monkeypatch.setattr(
        scheduler,
        "JOBS",
        tuple(j for j in scheduler.JOBS if j.name in ("lessons_generate", "notifications_send")),
    )
    out = io.StringIO()

    call_command("scheduler", "--status", stdout=out)
    assert out.getvalue().count("ещё не запускалось") == 2
    assert out.getvalue().count("следующий запуск: сейчас") == 2

    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("lessons_generate: ок — уроков создано: 0 (25.11.2026–09.12.2026)")
    assert lines[1].endswith("notifications_send: ок — писем отправлено: 0")

    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert out.getvalue() == ""  # nothing is due again yet

    out = io.StringIO()
    call_command("scheduler", "--status", stdout=out)
    text = out.getvalue()
    assert "lessons_generate (раз в 6 ч)" in text
    assert "notifications_send (раз в 5 мин)" in text
    assert "итог: ок — уроков создано: 0 (25.11.2026–09.12.2026)" in text
    assert "итог: ок — писем отправлено: 0" in text
    assert "следующий запуск: сейчас" not in text
    assert text.count("следующий запуск: ") == 2


@pytest.mark.django_db(transaction=True)
def test_the_loop_runs_the_jobs_and_stops_on_sigterm(monkeypatch):
    body = Counter()
    monkeypatch.setattr(scheduler, "JOBS", (Job("probe", HOUR, body),))
    monkeypatch.delenv(gunicorn_config.PARENT_ENV, raising=False)
    original = signal.getsignal(signal.SIGTERM)

    def terminate_once_running():
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (signal.getsignal(signal.SIGTERM) is original or not body.runs):
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=terminate_once_running, daemon=True).start()
    out = io.StringIO()
    call_command("scheduler", "--interval", "0.1", stdout=out)

    assert body.runs == 1  # checked every 0.1 s, but due once an hour
    assert "probe: ок — готово" in out.getvalue()
    assert out.getvalue().splitlines()[-1] == "Планировщик остановлен"
    assert signal.getsignal(signal.SIGTERM) is original


def test_the_loop_stops_when_the_web_server_that_started_it_is_gone(monkeypatch):
    monkeypatch.setenv(gunicorn_config.PARENT_ENV, str(os.getppid() + 1_000_000))
    out = io.StringIO()
    call_command("scheduler", stdout=out)
    assert "веб-сервер остановлен" in out.getvalue()


class TestGunicorn:
    def test_serve_passes_gunicorn_the_config_with_the_scheduler_hooks(self):
        argv = serve.gunicorn_argv("/venv/bin/gunicorn", host="127.0.0.1", port=8765, workers=2, threads=4)
        at = argv.index("--config")
        assert argv[at + 1] == "python:zhurnal.ops.gunicorn_config"
        assert argv[:2] == ["/venv/bin/gunicorn", "zhurnal.wsgi:application"]
        for flag, value in (("--bind", "127.0.0.1:8765"), ("--workers", "2"), ("--threads", "4")):
            assert argv[argv.index(flag) + 1] == value
        assert argv[argv.index("--access-logfile") + 1] == "-"
        assert "--no-control-socket" in argv

    def test_serve_execs_gunicorn_with_that_argv(self, monkeypatch):
        seen = []
        monkeypatch.setattr(os, "execv", lambda path, argv: seen.append((path, argv)))
        out = io.StringIO()
        call_command("serve", "--port", "8765", "--workers", "3", stdout=out)
        [(path, argv)] = seen
        assert argv == serve.gunicorn_argv(path, host="127.0.0.1", port=8765, workers=3, threads=4)
        assert "http://127.0.0.1:8765/" in out.getvalue()

    def test_serve_refuses_a_malformed_switch(self, monkeypatch):
        monkeypatch.setenv("ZHURNAL_SCHEDULER", "может быть")
        monkeypatch.setattr(os, "execv", lambda path, argv: pytest.fail("gunicorn started"))
        with pytest.raises(SystemExit):
            call_command("serve", stdout=io.StringIO(), stderr=io.StringIO())

    def test_the_config_exposes_only_the_hooks_to_gunicorn(self):
        from gunicorn.config import Config

        settings = Config().settings
        names = {name for name in vars(gunicorn_config) if name in settings}
        assert names == {"when_ready", "on_exit", "worker_exit", "post_worker_init"}
        assert gunicorn_config.scheduler_argv() == [sys.executable, "-m", "zhurnal", "scheduler"]

    @pytest.mark.parametrize(
        ("value", "enabled"), [(None, True), ("", True), ("1", True), ("0", False), ("off", False)]
    )
    def test_the_switch(self, monkeypatch, value, enabled):
        if value is None:
            monkeypatch.delenv("ZHURNAL_SCHEDULER", raising=False)
        else:
            monkeypatch.setenv("ZHURNAL_SCHEDULER", value)
        assert gunicorn_config.scheduler_enabled() is enabled

    def test_the_master_starts_one_scheduler_and_stops_it_on_exit(self, monkeypatch, tmp_path):
        server = FakeServer()
        monkeypatch.delenv("ZHURNAL_SCHEDULER", raising=False)
        monkeypatch.setattr(gunicorn_config, "_scheduler", None)
        # Stands in for `zhurnal scheduler`: notes the parent it was given, then waits for SIGTERM.
        note = tmp_path / "parent"
        stand_in = (
            "import os, pathlib, sys, time;"
            "pathlib.Path(sys.argv[1]).write_text(os.environ['ZHURNAL_SCHEDULER_PARENT']);"
            "time.sleep(60)"
        )
        monkeypatch.setattr(
            gunicorn_config, "scheduler_argv", lambda: [sys.executable, "-c", stand_in, str(note)]
        )

        gunicorn_config.when_ready(server)
        process = gunicorn_config._scheduler
        gunicorn_config.when_ready(server)  # a second call while it runs starts no other
        assert gunicorn_config._scheduler is process
        deadline = time.monotonic() + 10
        while not note.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert note.read_text() == str(os.getpid())
        assert process.poll() is None

        gunicorn_config.on_exit(server)
        assert process.returncode == -signal.SIGTERM
        assert gunicorn_config._scheduler is None
        gunicorn_config.on_exit(server)  # nothing left to stop

    def test_no_scheduler_when_switched_off(self, monkeypatch):
        monkeypatch.setenv("ZHURNAL_SCHEDULER", "0")
        monkeypatch.setattr(gunicorn_config, "_scheduler", None)
        monkeypatch.setattr(gunicorn_config, "scheduler_argv", lambda: pytest.fail("started"))
        gunicorn_config.when_ready(FakeServer())
        assert gunicorn_config._scheduler is None


class FakeServer:
    """What the hooks use of gunicorn's Arbiter: its logger."""

    log = logging.getLogger("tests.gunicorn")


@pytest.mark.django_db
class TestLessonsGenerateByHand:
    """`zhurnal lessons_generate` takes the scheduler's lease, so it never runs beside it."""

    def test_it_refuses_while_the_scheduler_holds_the_lease(self):
        now = dt.datetime.now(dt.UTC)
        ScheduledJob.objects.create(name="lessons_generate", lease_until=now + dt.timedelta(minutes=5))

        with pytest.raises(CommandError) as error:
            call_command("lessons_generate", "--days", "1", stdout=io.StringIO())

        assert "планировщик" in str(error.value)

    def test_it_frees_the_lease_after_its_run_and_leaves_the_period_alone(self):
        out = io.StringIO()

        call_command("lessons_generate", "--days", "1", stdout=out)

        row = ScheduledJob.objects.get(name="lessons_generate")
        assert (row.lease_until, row.last_started_at) == (None, None)
        assert "Создано уроков" in out.getvalue()
