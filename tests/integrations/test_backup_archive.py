"""Archives made in-process from the test database: verify, refuse a damaged one, restore, drill."""

import datetime as dt
import gzip
import io
import tarfile
import zlib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests import factories as f
from zhurnal.core.models import AuditEvent
from zhurnal.integrations.backup import archive, databases, operations
from zhurnal.integrations.backup.errors import BackupError
from zhurnal.integrations.models import BackupRecord
from zhurnal.integrations.services import backups

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def places(tmp_path, settings):
    media = tmp_path / "media"
    (media / "homework").mkdir(parents=True)
    (media / "homework" / "задача.txt").write_bytes("Решить № 5".encode())
    (media / "homework" / "рисунок.bin").write_bytes(bytes(range(256)) * 40)
    settings.MEDIA_ROOT = media
    settings.BACKUP_DIR = tmp_path / "backups"
    return tmp_path


@pytest.fixture
def made(places):
    f.SchoolFactory(short_name="Школа № 1")
    f.UserFactory(username="teacher-1")
    return backups.backup_make()


@pytest.fixture
def scratch(tmp_path):
    """An empty database of the test database's engine: a SQLite file, or a PostgreSQL database."""
    origin = databases.Database.of_alias()
    name = (
        str(tmp_path / "target.sqlite3") if origin.vendor == "sqlite" else f"{origin.name}_restore_test"[:63]
    )
    target = databases.create_scratch(origin, name)
    yield target
    databases.drop_scratch(origin, target)


def _flip(path: Path, at: int, into: Path, *, with_sidecar: bool = True) -> Path:
    """A copy of the archive with one byte changed, moved with its .sha256 file as backups are
    (without it, only the checks inside the archive can tell)."""
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    into.write_bytes(data)
    sidecar = archive.sidecar_of(path)
    if with_sidecar and sidecar.is_file():
        archive.sidecar_of(into).write_bytes(sidecar.read_bytes())
    return into


def test_a_backup_is_recorded_checked_and_its_manifest_counts_every_table(made):
    assert made.state == BackupRecord.State.DONE
    assert made.check_status == BackupRecord.Check.OK
    manifest = archive.read(Path(made.path))
    assert manifest.tables["schools_school"] == 1
    assert manifest.tables["accounts_user"] == 1
    # The record itself is in the copy as it was at the snapshot: being made.
    assert manifest.tables["integrations_backuprecord"] == 1
    assert sorted(manifest.files) == ["media/homework/задача.txt", "media/homework/рисунок.bin"]
    assert made.size == Path(made.path).stat().st_size
    assert AuditEvent.objects.filter(action="backup.made", object_id=made.pk).exists()


@pytest.mark.parametrize("where", ["gzip header", "start", "middle", "three quarters", "last byte"])
def test_one_byte_changed_anywhere_is_refused_by_verify_and_restore(made, tmp_path, where, scratch):
    path = Path(made.path)
    size = path.stat().st_size
    at = {
        "gzip header": 5,
        "start": 40,
        "middle": size // 2,
        "three quarters": size * 3 // 4,
        "last byte": size - 1,
    }
    damaged = _flip(path, at[where], tmp_path / "damaged.tar.gz")

    with pytest.raises(CommandError, match="архив повреждён"):
        call_command("backup", "--verify", str(damaged), "--no-progress")

    target = scratch
    with pytest.raises(BackupError, match="архив повреждён"):
        operations.restore(damaged, db=target, media_root=tmp_path / "restored-media")
    assert databases.is_empty(target)
    assert not (tmp_path / "restored-media").exists()


def test_any_changed_byte_is_refused_by_the_archives_own_checksum(made, tmp_path):
    # Whatever the byte (deflate may decode a changed bit to the same bytes), the file no longer
    # matches the SHA-256 written beside it when it was made.
    path = Path(made.path)
    assert archive.sidecar_of(path).read_text().split()[0] == made.sha256
    damaged = _flip(path, path.stat().st_size // 2, tmp_path / "moved.tar.gz")
    with pytest.raises(BackupError, match="SHA-256 не совпадает с записанным"):
        archive.read(damaged)


def _rewritten(path: Path, into: Path, *, part: str) -> Path:
    """A copy of the archive, compressed anew, whose `part` has one byte changed in its middle:
    the tar structure and gzip's own checks stay whole, so only the manifest can tell."""
    with (
        tarfile.open(path, mode="r:gz") as source,
        open(into, "wb") as raw,
        gzip.GzipFile(
            filename="", mode="wb", fileobj=raw, compresslevel=archive.COMPRESS_LEVEL, mtime=0
        ) as gz,
        tarfile.open(fileobj=gz, mode="w|") as target,
    ):
        for member in source.getmembers():
            data = bytearray(source.extractfile(member).read())
            if member.name == part:
                data[len(data) // 2] ^= 0x01
            target.addfile(member, io.BytesIO(bytes(data)))
    return into


@pytest.mark.parametrize("which", ["database", "file"])
def test_a_damaged_part_is_named(made, tmp_path, which):
    part = databases.Database.of_alias().part_name if which == "database" else "media/homework/рисунок.bin"
    damaged = _rewritten(Path(made.path), tmp_path / "damaged.tar.gz", part=part)
    with pytest.raises(BackupError) as refused:
        archive.read(damaged)
    assert str(refused.value) == f"архив повреждён: часть «{part}» не совпадает с описью (SHA-256 или размер)"


def _first_flip(path: Path, start: int, does, what: str) -> int:
    """The first byte from `start` on whose changed low bit `does` what is asked of the archive."""
    data = path.read_bytes()
    for at in range(start, len(data)):
        changed = bytearray(data)
        changed[at] ^= 0x01
        if does(bytes(changed)):
            return at
    raise AssertionError(f"no byte of the archive {what}")


def _first_telling_byte(path: Path, start: int) -> int:
    """The first byte from `start` on whose changed low bit changes what the archive holds. Some
    bits of a deflate stream are padding that decoding ignores: flipped, the archive still holds
    the same bytes and passes gzip's CRC, so there is no damage to find (which byte that is moves
    with the database's contents)."""
    held = gzip.decompress(path.read_bytes())

    def changes_what_it_holds(changed: bytes) -> bool:
        try:
            return gzip.decompress(changed) != held
        except (OSError, EOFError, zlib.error):  # a CRC or length found wrong, a cut stream, bad codes
            return True

    return _first_flip(path, start, changes_what_it_holds, "changes what it holds")


def test_a_changed_compressed_byte_names_where_reading_stopped(made, tmp_path):
    # A changed compressed byte may decode to other bytes of the same length (the manifest names
    # the part), to another length (the next header breaks: the message names the part before
    # it), or be caught by gzip's CRC at the end. Whichever, the message says where.
    path = Path(made.path)
    at = _first_telling_byte(path, path.stat().st_size // 3)
    damaged = _flip(path, at, tmp_path / "damaged.tar.gz", with_sidecar=False)
    with pytest.raises(BackupError) as refused:
        archive.read(damaged)
    message = str(refused.value)
    parts = [
        databases.Database.of_alias().part_name,
        "media/homework/задача.txt",
        "media/homework/рисунок.bin",
        archive.MANIFEST,  # the damage shows in the inventory when it is the next part read
        archive.MANIFEST_SUM,
    ]
    assert message.startswith("архив повреждён: ")
    assert (
        any(f"«{name}»" in message for name in parts) or "сжатых данных" in message or "с начала" in message
    )


def _first_byte_breaking_the_codes(path: Path, start: int) -> int:
    """The first byte from `start` on whose changed low bit makes zlib itself refuse the deflate
    stream (an invalid code or block length), not a CRC or a length found wrong at its end."""

    def breaks_the_codes(changed: bytes) -> bool:
        try:
            gzip.decompress(changed)
        except zlib.error:
            return True
        except (OSError, EOFError):
            pass
        return False

    return _first_flip(path, start, breaks_the_codes, "breaks its deflate stream")


def test_a_byte_that_breaks_the_deflate_streams_codes_is_refused_with_the_part_it_broke(made, tmp_path):
    # zlib.error is not an OSError: it once left the reader as a traceback, not a refusal.
    path = Path(made.path)
    at = _first_byte_breaking_the_codes(path, path.stat().st_size // 3)
    damaged = _flip(path, at, tmp_path / "damaged.tar.gz", with_sidecar=False)
    with pytest.raises(BackupError) as refused:
        archive.read(damaged)
    message = str(refused.value)
    assert message.startswith("архив повреждён: ")
    assert "«" in message or "с начала" in message
    with pytest.raises(CommandError, match="архив повреждён"):
        call_command("backup", "--verify", str(damaged), "--no-progress")


def test_verify_keeps_the_result_on_the_record(made, tmp_path):
    out = io.StringIO()
    call_command("backup", "--verify", made.path, "--no-progress", stdout=out)
    assert out.getvalue().startswith("Архив цел")
    _flip(Path(made.path), 100, Path(made.path))
    with pytest.raises(CommandError):
        call_command("backup", "--verify", made.path, "--no-progress")
    made.refresh_from_db()
    assert made.check_status == BackupRecord.Check.DAMAGED
    assert "повреждён" in made.check_message


def test_restore_brings_back_every_table_and_file_into_an_empty_database(made, tmp_path, scratch):
    target = scratch
    media = tmp_path / "restored-media"
    manifest = operations.restore(Path(made.path), db=target, media_root=media)
    assert databases.table_counts(target) == manifest.tables
    assert (media / "homework" / "задача.txt").read_bytes() == "Решить № 5".encode()
    assert (media / "homework" / "рисунок.bin").read_bytes() == bytes(range(256)) * 40


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(made, tmp_path, scratch):
    target = scratch
    operations.restore(Path(made.path), db=target, media_root=tmp_path / "m1")
    with pytest.raises(BackupError, match="база данных не пуста.*--force"):
        operations.restore(Path(made.path), db=target, media_root=tmp_path / "m2")
    operations.restore(Path(made.path), db=target, media_root=tmp_path / "m1", force=True)


def test_the_drill_restores_the_latest_archive_into_a_scratch_database_and_records_it(made):
    out = io.StringIO()
    call_command("backup", "--drill", "--no-progress", stdout=out)
    assert "Учебное восстановление удалось" in out.getvalue()
    made.refresh_from_db()
    assert made.drill_ok is True
    assert "файлов 2" in made.drill_message


def test_a_drill_of_a_damaged_archive_fails_and_says_so(made):
    _flip(Path(made.path), 200, Path(made.path))
    with pytest.raises(CommandError, match="Учебное восстановление не удалось"):
        call_command("backup", "--drill", "--no-progress")
    made.refresh_from_db()
    assert made.drill_ok is False
    assert made.check_status == BackupRecord.Check.DAMAGED


def test_the_command_writes_the_archive_where_it_is_told(places):
    out = io.StringIO()
    call_command("backup", "--output", str(places / "elsewhere"), "--no-progress", stdout=out)
    written = Path(out.getvalue().split("\t")[0])
    assert written.parent == places / "elsewhere"
    assert written.name.startswith("zhurnal-backup-") and written.name.endswith(".tar.gz")


# --- retention ---------------------------------------------------------------------------------

NOW = dt.datetime(2026, 11, 25, 3, 0, tzinfo=dt.UTC)


def _record(tmp_path, kind, days_old):
    path = tmp_path / f"{kind}-{days_old}.tar.gz"
    path.write_bytes(b"x")
    return BackupRecord.objects.create(
        kind=kind,
        state=BackupRecord.State.DONE,
        path=str(path),
        size=1,
        made_at=NOW - dt.timedelta(days=days_old),
    )


@override_settings(BACKUP_KEEP_DAILY_DAYS=30, BACKUP_KEEP_WEEKLY_WEEKS=12, BACKUP_KEEP_MONTHLY_MONTHS=12)
def test_retention_keeps_daily_for_30_days_weekly_for_12_weeks_monthly_for_a_year(tmp_path):
    kept = [
        _record(tmp_path, "daily", 30),
        _record(tmp_path, "weekly", 84),
        _record(tmp_path, "monthly", 360),
    ]
    gone = [
        _record(tmp_path, "daily", 31),
        _record(tmp_path, "manual", 31),
        _record(tmp_path, "weekly", 85),
        _record(tmp_path, "monthly", 373),
    ]
    assert backups.backups_prune(now=NOW) == 4
    for record in kept:
        record.refresh_from_db()
        assert record.deleted_at is None and Path(record.path).exists()
    for record in gone:
        record.refresh_from_db()
        assert record.deleted_at == NOW and not Path(record.path).exists()


def test_tonights_archive_is_monthly_then_weekly_then_daily():
    nov_30, dec_1, dec_2, dec_7, dec_8 = (
        dt.date(2026, 11, 30),
        *(dt.date(2026, 12, d) for d in (1, 2, 7, 8)),
    )
    assert operations.nightly_kind(dec_1, [("monthly", nov_30)]) == "monthly"
    assert operations.nightly_kind(dec_2, [("monthly", dec_1)]) == "daily"  # Tuesday 1st: its week has one
    assert operations.nightly_kind(dec_7, [("monthly", dec_1), ("daily", dec_2)]) == "weekly"  # Monday
    assert operations.nightly_kind(dec_8, [("monthly", dec_1), ("weekly", dec_7)]) == "daily"


def test_the_pages_task_makes_the_queued_backup(places):
    from zhurnal.integrations.tasks import make_backup

    record = BackupRecord.objects.create(state=BackupRecord.State.QUEUED)
    make_backup.call(record.pk)
    record.refresh_from_db()
    assert record.state == BackupRecord.State.DONE
    assert record.check_status == BackupRecord.Check.OK
    assert Path(record.path).is_file()


def test_the_scheduler_makes_the_nightly_backup_at_night_and_not_by_day(places):
    from zhurnal.ops import scheduler

    job = next(job for job in scheduler.JOBS if job.name == "backup_nightly")
    noon = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)  # 12:00 in Moscow
    night = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)  # 02:30 in Moscow, 2 December
    assert scheduler.run_due_jobs(noon, jobs=(job,)) == []
    [(name, ok, message)] = scheduler.run_due_jobs(night, jobs=(job,))
    assert (name, ok) == ("backup_nightly", True)
    record = BackupRecord.objects.get()
    assert record.kind == BackupRecord.Kind.MONTHLY  # the month's first
    assert "ежемесячная" in message
    assert scheduler.run_due_jobs(night + dt.timedelta(hours=2), jobs=(job,)) == []  # once a night
