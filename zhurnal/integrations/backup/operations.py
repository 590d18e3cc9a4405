"""Restore and the restore drill, and which archives the retention rule keeps.

These work on the database and the files as a whole, below any school or actor; the services
(integrations.services.backups) record them in `BackupRecord` and the audit log.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connections

from zhurnal.integrations.backup import archive, databases
from zhurnal.integrations.backup.errors import BackupError


def _media_has_files(media_root: Path) -> bool:
    return media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*"))


def compare(manifest: archive.Manifest, db: databases.Database, media_root: Path) -> list[str]:
    """What differs between the restored database and files and the manifest (empty: equal)."""
    problems = []
    counts = databases.table_counts(db)
    for table, expected in sorted(manifest.tables.items()):
        got = counts.get(table)
        if got != expected:
            problems.append(f"таблица {table}: строк {got if got is not None else 'нет'}, в описи {expected}")
    for table in sorted(set(counts) - set(manifest.tables)):
        problems.append(f"таблица {table}: её нет в описи")
    problems.extend(
        f"файл {name} отсутствует или отличается" for name in archive.files_equal(manifest, media_root)
    )
    return problems


def restore(
    path: Path,
    *,
    db: databases.Database,
    media_root: Path,
    force: bool = False,
    progress: archive.Progress = archive._quiet,
) -> archive.Manifest:
    """Check the archive, bring it back into `db` and `media_root`, and compare the result.

    Refuses a damaged archive before touching anything, and a database that already holds
    tables (or a files folder that holds files) unless `force`.
    """
    if not force:
        if not databases.is_empty(db):
            raise BackupError(
                "база данных не пуста: восстановление заменит всё, что в ней есть; "
                "укажите --force, если это и нужно"
            )
        if _media_has_files(media_root):
            raise BackupError(
                f"в папке файлов {media_root} уже есть файлы; укажите --force, если их нужно заменить"
            )
    with tempfile.TemporaryDirectory(prefix="zhurnal-restore-", dir=_scratch_parent(path)) as tmp:
        unpacked = Path(tmp)
        manifest = archive.read(path, into=unpacked, progress=progress)
        if manifest.engine != db.vendor:
            raise BackupError(
                f"архив сделан на СУБД {manifest.engine}, а восстановить его просят в {db.vendor}"
            )
        if db == databases.Database.of_alias():
            # Our own connections to the database being replaced must not hold it open.
            connections.close_all()
        progress("restore", 0, 1)
        databases.restore(db, unpacked / manifest.database_part)
        if media_root.exists():
            shutil.rmtree(media_root)
        media_root.mkdir(parents=True, exist_ok=True)
        if (unpacked / archive.MEDIA).is_dir():
            shutil.copytree(unpacked / archive.MEDIA, media_root, dirs_exist_ok=True)
        progress("restore", 1, 1)
    problems = compare(manifest, db, media_root)
    if problems:
        raise BackupError("восстановленные данные не совпадают с описью: " + "; ".join(problems[:10]))
    return manifest


def _scratch_parent(path: Path) -> str:
    """Unpack beside the archive: the same disk, which has room for it."""
    return str(path.parent)


@dataclass(frozen=True)
class DrillResult:
    ok: bool
    message: str
    tables: int = 0
    rows: int = 0
    files: int = 0


def drill(
    path: Path, *, origin: databases.Database, progress: archive.Progress = archive._quiet
) -> DrillResult:
    """Restore `path` into a scratch database and a scratch files folder, compare, and clean up."""
    workdir = Path(tempfile.mkdtemp(prefix="zhurnal-drill-", dir=_scratch_parent(path)))
    if origin.vendor == "sqlite":
        scratch_name = str(workdir / "drill.sqlite3")
    else:
        scratch_name = f"{origin.name}_drill"[:63]
    scratch = None
    try:
        scratch = databases.create_scratch(origin, scratch_name)
        manifest = restore(path, db=scratch, media_root=workdir / "media", progress=progress)
        rows = sum(manifest.tables.values())
        return DrillResult(
            ok=True,
            message=(
                f"восстановлено и сверено: таблиц {len(manifest.tables)}, строк {rows}, "
                f"файлов {len(manifest.files)}"
            ),
            tables=len(manifest.tables),
            rows=rows,
            files=len(manifest.files),
        )
    except BackupError as exc:
        return DrillResult(ok=False, message=str(exc))
    finally:
        if scratch is not None:
            databases.drop_scratch(origin, scratch)
        shutil.rmtree(workdir, ignore_errors=True)


# --- retention ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retention:
    daily_days: int = 30
    weekly_weeks: int = 12
    monthly_months: int = 12

    def keeps(self, kind: str, made_at: dt.datetime, now: dt.datetime) -> bool:
        """Daily (and manual) archives for `daily_days`, weekly for `weekly_weeks`, monthly for
        `monthly_months` (a month counted as 31 days, so a year's twelve are all kept)."""
        age = now - made_at
        if kind == "monthly":
            return age <= dt.timedelta(days=31 * self.monthly_months)
        if kind == "weekly":
            return age <= dt.timedelta(weeks=self.weekly_weeks)
        return age <= dt.timedelta(days=self.daily_days)


def nightly_kind(local_day: dt.date, made: list[tuple[str, dt.date]]) -> str:
    """The kind of tonight's archive: the month's first is monthly, else the ISO week's first is
    weekly, else daily. `made` lists the (kind, local day) of archives kept so far, so a missed
    night moves the promotion to the next one instead of losing it."""
    if not any(
        kind == "monthly" and (d.year, d.month) == (local_day.year, local_day.month) for kind, d in made
    ):
        return "monthly"
    week = local_day.isocalendar()[:2]
    if not any(kind in ("weekly", "monthly") and d.isocalendar()[:2] == week for kind, d in made):
        return "weekly"
    return "daily"
